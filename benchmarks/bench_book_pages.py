"""The built book's main pages as a reader gets them: page width at 390 px (a phone), the bytes the
browser received on opening the page and after scrolling to its end (figures load lazily), and
axe-core's violations by rule and impact.

    python benchmarks/bench_book_pages.py                 # the book in _build/html (make book)
    python benchmarks/bench_book_pages.py OTHER/html      # another build, e.g. to compare before/after

Needs Debian's chromium and the browser extra (playwright, axe-playwright-python). Prints a
Markdown table; the bytes are the response bodies Chromium received (no compression: the test
server sends files as they are)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from importlib.resources import files
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ["01_eco_cluster_supernetwork", "02_innovation_network_dynamics",
          "03_industrial_structure_goal_programming", "04_water_allocation_fuzzy_coalitions"]
PAGES = [f"{edition}/{page}.html" for edition in ("en", "zh")
         for page in ["index", "claims", "data", "execution", "glossary"] + [f"papers/{p}" for p in PAPERS]]
SCROLL_TO_END = """async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {
  window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map(v => `${v.id} (${v.impact}) ${v.nodes.length}`)"""


def measure(site: Path) -> None:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    axe = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    print("| page | width at 390 px | MB on opening | MB after scrolling to the end | axe violations |")
    print("|---|---|---|---|---|")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for path in PAGES:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sizes: dict[str, int] = {}
            page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
            page.goto(base + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            opening = sum(sizes.values())
            page.evaluate(SCROLL_TO_END)
            page.wait_for_load_state("networkidle")
            scrolled = sum(sizes.values())
            page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
            page.add_script_tag(content=axe)
            violations = ", ".join(page.evaluate(AXE_RUN)) or "0"
            page.close()
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(base + path, wait_until="load")
            width = phone.evaluate("document.documentElement.scrollWidth")
            phone.close()
            print(f"| {path} | {width} | {opening / 1e6:.2f} | {scrolled / 1e6:.2f} | {violations} |", flush=True)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    measure(Path(sys.argv[1]) if sys.argv[1:] else ROOT / "_build" / "html")
