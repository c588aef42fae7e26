"""Take the still images of the explore panels that the static book shows:
``figures/explore/<lang>/<notebook>.png``, each paper in each language, screenshots of the panel in
JupyterLab after one control was moved (so "this run" differs from the default run).

    .venv/bin/python book/explore_stills.py [--out DIR]

Rerun after changing ``clustermodels.explore`` or a paper's explored parameters. It needs
Chromium and the ``lab`` and ``browser`` extras (``make`` installs them).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from clustermodels import labsession
from clustermodels.explore import still_path
from clustermodels.runapi import PAPERS

# The control each still moves, and to what (paper 3: a band of 0.05 moves the reference point
# its figure draws; wider bands leave it where it is).
MOVES = {"01": ("green_subsidy", 0.5), "02": ("effect", 0.002), "03": ("band", 0.05), "04": ("shared_supply", 45)}


def take(paper: str, lang: str, page, url: str, folder: Path, out: Path) -> Path:
    stem = still_path(paper, lang).stem
    labsession.explore_notebook(stem, lang, folder)
    page.goto(f"{url}lab/tree/{stem}.ipynb?reset")  # reset: no tab of the previous still
    labsession.run_all(page)
    name, value = MOVES[paper]
    labsession.set_slider(page, name, value, timeout_ms=40_000)
    page.locator(".cm-status-done").first.wait_for(timeout=120_000)
    page.wait_for_timeout(500)  # the image widget's new PNG
    target = out / lang / f"{stem}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    labsession.panel(page).screenshot(path=str(target))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=still_path("01", "en").parents[1],
                        help="folder of <lang>/<notebook>.png (default figures/explore)")
    parser.add_argument("--papers", nargs="*", default=list(PAPERS))
    parser.add_argument("--langs", nargs="*", default=["en", "zh"])
    args = parser.parse_args()
    reason = labsession.missing()
    if reason:
        print(f"cannot take the stills: {reason}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="explore-stills-"))
    try:
        with labsession.lab_server(folder) as url, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(labsession.CHROMIUM), args=labsession.FLAGS)
            for paper in args.papers:
                for lang in args.langs:
                    page = browser.new_page(viewport={"width": 1400, "height": 1600})
                    try:
                        print(take(paper, lang, page, url, folder, args.out))
                    except Exception:
                        page.screenshot(path=str(folder.parent / "explore-stills-failed.png"))
                        raise
                    page.close()
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
