"""The book's generated pages: the claims map (from ``book/claims.yaml``), the data page (from
``data/``) and the execution facts (from the executed notebooks and this checkout, at build time).

Text that a reader reads goes through gettext like every page; facts that change from run to run
(versions, commit, seconds) are written as raw HTML tables, which gettext leaves alone, with the few
column labels in the edition's language."""

from __future__ import annotations

import html
import json
import platform
import shutil
import subprocess
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import nbformat
import yaml

from staging import edition_paths, notebook_stems

STATUSES = ("reproduced exactly", "calibrated to match", "on proxy data", "not reproducible")
LABELS = {
    "en": {"notebook": "notebook", "python": "Python", "packages": "Python, packages and commit it ran with (its last cell)",
           "seconds": "seconds to execute",
           "seconds_note": "Seconds to execute: the last <code>clustermodels reproduce</code> on the machine that built "
                           "this book (a shared machine: a rough guide, not a benchmark).",
           "unknown": "not recorded on the machine that built this book", "built": "built", "commit": "commit",
           "sphinx": "Sphinx", "myst_nb": "MyST-NB", "theme": "Sphinx Book Theme", "build_python": "Python"},
    "zh": {"notebook": "笔记本", "python": "Python", "packages": "执行时的 Python、软件包版本与提交（笔记本最后一格的输出）",
           "seconds": "执行秒数",
           "seconds_note": "执行秒数：构建本书的机器上最近一次 <code>clustermodels reproduce</code> 的耗时"
                           "（共享机器，仅供粗略参考，并非基准测试）。",
           "unknown": "构建本书的机器上没有记录", "built": "构建时间", "commit": "提交",
           "sphinx": "Sphinx", "myst_nb": "MyST-NB", "theme": "Sphinx Book Theme", "build_python": "Python"},
}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def write_claims(root: Path, source: Path, target: Path) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    lines = [f"# {data['title']}", "", data["intro"].strip(), ""]
    for status in STATUSES:
        lines.append(f"* **{status}**: {_cell(data['statuses'][status])}")
    lines.append("")
    for paper in data["papers"]:
        stem = paper["notebook"]
        lines += [f"## {paper['title']}", "", f"Notebook: {{doc}}`papers/{stem}`.", "",
                  "| claim in the paper | reproduced in | status | why |", "|---|---|---|---|"]
        for claim in paper["claims"]:
            if claim["status"] not in STATUSES:
                raise ValueError(f"claims.yaml: {stem}: unknown status {claim['status']!r}; allowed {STATUSES}")
            where = claim["where"]
            where = f"{{numref}}`{stem[:2]}-{where}`" if where.startswith("fig") else _cell(where)
            lines.append(f"| {_cell(claim['claim'])} | {where} | {claim['status']} | {_cell(claim['why'])} |")
        lines.append("")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_data(root: Path, target: Path, files_dir: Path) -> None:
    """data/README.md as the page, then every input file of every folder, downloadable."""
    text = (root / "data" / "README.md").read_text(encoding="utf-8")
    lines = [text.rstrip(), "", "## Every input file", "",
             "Each folder's `README.md` (in English) gives every file's source, unit and licence.", ""]
    shutil.rmtree(files_dir, ignore_errors=True)
    for folder in sorted(p for p in (root / "data").iterdir() if p.is_dir()):
        lines += [f"### `{folder.name}/`", ""]
        (files_dir / folder.name).mkdir(parents=True)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            shutil.copy(path, files_dir / folder.name / path.name)
            lines.append(f"* {{download}}`{path.name} <data/{folder.name}/{path.name}>`")
        lines.append("")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write_execution(root: Path, edition: str, target: Path) -> None:
    labels = LABELS[edition]
    try:
        seconds = json.loads((root / "runs" / ".cache" / "reproduce-seconds.json").read_text())
    except (OSError, ValueError):
        seconds = {}
    rows = []
    for stem in notebook_stems(root):
        nb = nbformat.read(edition_paths(root, stem, edition)[0], as_version=4)
        last = [c for c in nb.cells if c.cell_type == "code"][-1]
        report = "".join(o.get("text", "") for o in last.outputs if o.output_type == "stream").strip()
        key = stem if edition == "en" else f"{edition}/{stem}"
        took = f"{seconds[key]:.1f}" if key in seconds else labels["unknown"]
        rows.append(f"<tr><td><code>{html.escape(stem)}</code></td><td>{html.escape(took)}</td>"
                    f"<td><pre>{html.escape(report)}</pre></td></tr>")
    commit = _git(root, "rev-parse", "--short=12", "HEAD") or "unknown"
    if _git(root, "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    build = [(labels["built"], datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
             (labels["commit"], commit), (labels["build_python"], platform.python_version()),
             (labels["sphinx"], version("sphinx")), (labels["myst_nb"], version("myst-nb")),
             (labels["theme"], version("sphinx-book-theme"))]
    text = f"""# Execution facts

Generated when this book was built, from the executed notebooks it shows and from the checkout
it was built from. Nothing on this page is written by hand.

## How each notebook was executed

The book shows the notebooks as `clustermodels reproduce` executed them; the test suite
re-executes them with nbval and compares every checked output.

<table class="execution-facts">
<thead><tr><th>{labels['notebook']}</th><th>{labels['seconds']}</th><th>{labels['packages']}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="execution-note">{labels['seconds_note']}</p>

## How this book was built

<table class="execution-facts">
<tbody>
{chr(10).join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in build)}
</tbody>
</table>
"""
    target.write_text(text, encoding="utf-8")
