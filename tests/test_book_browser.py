"""The built book (``make book`` -> ``_build/html/``) in a real browser, with no network: every page
loads without console errors, every image is displayed, maths is typeset by the MathJax copy in
the build, the language switch lands on the same page, search finds an English and a Chinese
term, and every glossary term (``book/glossary.yaml``: its English in the English edition, the
paper's Chinese word in the Chinese one) on a page of its paper; and every internal link of the build resolves (checked on the files, without a browser).

Skipped, with the reason in the test summary, when the book is not built or Chromium is missing
(``apt-get install chromium``; ``.ci/run`` installs it)."""

from __future__ import annotations

import functools
import os
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
import yaml

from clustermodels.paths import repo_root

SITE = repo_root() / "_build" / "html"
CHROMIUM = Path(os.environ.get("CLUSTERMODELS_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EDITIONS = {"en": "en", "zh": "zh-CN"}
PAPERS = ["01_eco_cluster_supernetwork", "02_innovation_network_dynamics",
          "03_industrial_structure_goal_programming", "04_water_allocation_fuzzy_coalitions"]
SEARCHES = {"en": "equilibrium", "zh": "集群"}  # Sphinx splits a query at spaces only; jieba splits the pages
GLOSSARY = yaml.safe_load((repo_root() / "book" / "glossary.yaml").read_text(encoding="utf-8"))
TERMS = [*GLOSSARY["terms"], *GLOSSARY.get("book_terms", [])]
BUILT = (SITE / "en" / "index.html").is_file() and (SITE / "zh" / "index.html").is_file()
needs_book = pytest.mark.skipif(not BUILT, reason=f"browser tests skipped: the book is not built in {SITE} "
                                                  f"(run `make book`; `make test` does)")


def pages() -> list[str]:
    """Every HTML page of both editions, relative to the site root."""
    if not BUILT:
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                  if "_static" not in p.parts and "_downloads" not in p.parts)


@pytest.fixture(scope="module")
def site():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (Debian package `chromium`; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: the Python package playwright is not installed (pip install -e '.[browser]')")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every external request refused and every error recorded."""

    def __init__(self, browser, site: str):
        self.site, self.errors = site, []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._only_local)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # a request the browser itself abandons when the page navigates on is not a failure
        self.page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                     and self.errors.append(f"failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))

    def _only_local(self, route):
        if route.request.url.startswith(self.site) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.errors.append(f"external request: {route.request.url}")
            route.abort()

    def open(self, path: str):
        self.page.goto(self.site + path, wait_until="load")
        return self.page

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site):
    opened = Visit(browser, site)
    yield opened
    opened.close()


ALL_IMAGES_LOADED = """async () => {
  const images = Array.from(document.images);
  images.forEach(i => { i.loading = "eager"; });
  await Promise.all(images.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return images.filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src);
}"""


@needs_book
@pytest.mark.parametrize("path", pages())
def test_page_loads_without_errors_and_shows_every_image(visit, path):
    page = visit.open(path)
    broken = page.evaluate(ALL_IMAGES_LOADED)
    page.wait_for_load_state("networkidle")
    assert not broken, f"images not displayed on {path}: {broken}"
    assert not visit.errors, f"{path}: {visit.errors}"


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
def test_figures_and_tables_are_numbered_and_captioned(visit, edition):
    """Each with the number of book/captions.yaml (the paper's own, or an appendix number), in the
    caption and in the claims map's links to it."""
    page = visit.open(f"{edition}/papers/{PAPERS[1]}.html")
    captions = page.locator("figure figcaption").all_inner_texts()
    listed = yaml.safe_load((repo_root() / "book" / "captions.yaml").read_text(encoding="utf-8"))[PAPERS[1]]
    assert len(captions) == len(listed["figures"]) + len(listed["tables"]) and all(len(c) > 15 for c in captions)
    fig4, fig_a1, table_a1 = (("Fig. 4. ", "Fig. A1. ", "Table A1. ") if edition == "en" else ("图4 ", "附图A1 ", "附表A1 "))
    assert any(c.startswith(fig4) for c in captions) and any(c.startswith(fig_a1) for c in captions), captions
    assert any(c.startswith(table_a1) for c in captions), captions
    claims = visit.open(f"{edition}/claims.html")
    assert claims.get_by_role("link", name=fig4.rstrip(". ")).count() >= 1


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("paper", PAPERS)
def test_maths_is_typeset_by_the_mathjax_of_the_build(visit, edition, paper):
    page = visit.open(f"{edition}/papers/{paper}.html")
    page.wait_for_selector("mjx-container", state="attached", timeout=20_000)  # some sit in collapsed cells
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    assert page.locator("mjx-container").count() >= 5
    errors = page.locator("mjx-merror")
    assert errors.count() == 0, [errors.nth(i).get_attribute("data-mjx-error") for i in range(errors.count())]
    sources = page.evaluate("() => Array.from(document.scripts).map(s => s.src).filter(s => s.includes('mathjax'))")
    assert sources and all(s.startswith(visit.site) for s in sources), sources
    assert not visit.errors


@needs_book
@pytest.mark.parametrize("path", ["index.html", "claims.html", "data.html", "execution.html", "glossary.html"]
                         + [f"papers/{p}.html" for p in PAPERS])
def test_language_switch_lands_on_the_same_page(visit, path):
    page = visit.open(f"en/{path}")
    page.wait_for_load_state("networkidle")
    page.locator(".bd-sidebar-primary .lang-switch a[hreflang=zh]").click()
    page.wait_for_load_state("networkidle")
    assert page.url == visit.site + f"zh/{path}"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.locator(".bd-sidebar-primary .lang-switch a[hreflang=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.url == visit.site + f"en/{path}"
    assert not visit.errors


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
def test_search_finds_a_term(visit, edition):
    page = visit.open(f"{edition}/search.html?q={SEARCHES[edition]}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=20_000)
    assert results.count() >= 1
    assert not visit.errors


SEARCH_DONE = "() => (document.querySelector('#search-results p.search-summary') || {}).innerText"


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("term", TERMS, ids=[t["id"] for t in TERMS])
def test_search_finds_each_glossary_term_on_its_papers_page(visit, edition, term):
    """A page of the term's paper is among the results, not only the glossary page (which lists
    every term). In the Chinese edition this needs jieba to index the term whole (conf.py)."""
    query = term["en"] if edition == "en" else term["zh"]
    page = visit.open(f"{edition}/search.html?q={quote(query)}")
    page.wait_for_function(SEARCH_DONE, timeout=20_000)
    found = page.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.href)")
    pages = [GLOSSARY["paper_pages"][n] for n in term["papers"]]
    assert any(f"/{edition}/{p}.html" in href for href in found for p in pages), \
        f"{edition}: searching {query!r} finds {found}, none of {pages}"
    assert not visit.errors


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(attrs[key])


def _parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@needs_book
def test_every_internal_link_resolves():
    parsed = {p: _parse(p) for p in SITE.rglob("*.html") if "_static" not in p.parts}
    broken, checked = [], 0
    for page, found in parsed.items():
        for link in found.links:
            url = urlparse(link)
            if url.scheme or url.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue  # external: not checked offline
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or SITE.resolve() not in target.parents:
                broken.append(f"{page.relative_to(SITE)}: {link}")
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(SITE)}: {link} (no such anchor)")
    assert checked > 500
    assert not broken, f"{len(broken)} broken internal link(s): {broken[:20]}"


def _read(edition: str, page: str) -> str:
    return (SITE / edition / page).read_text(encoding="utf-8")


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
def test_execution_facts_are_recorded_for_every_edition_of_every_notebook(edition):
    """Each of the eight executed notebooks (four papers, two editions) has its row with the
    commit its outputs were made at and the Python and packages it ran with, read from its
    'Ran with' output; the page says how the book's commit relates to it."""
    import re

    text = _read(edition, "execution.html")
    table = text[text.index('<table class="execution-facts">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td><code>(\d\d_\w+)</code></td><td>([^<]+)</td><td><code>([^<]*)</code></td>"
                      r"<td[^>]*>(.*?)</td><td>(.*?)</td></tr>", table, re.DOTALL)
    assert sorted((r[0], r[1]) for r in rows) == sorted({(r[0], r[1]) for r in rows}) and len(rows) == 8, rows
    assert {r[0] for r in rows} == set(PAPERS)
    for stem, which, commit, seconds, packages in rows:
        assert re.fullmatch(r"[0-9a-f]{12}( \(with uncommitted changes\))?", commit), (stem, which, commit)
        assert "<pre" in packages and "python 3." in packages and "numpy " in packages, (stem, which, packages)
        assert re.search(r"requirements\.lock sha256 [0-9a-f]{12}", packages), (stem, which, packages)
        assert re.fullmatch(r"\d+\.\d", seconds.strip()), (stem, which, seconds)  # recorded by reproduce
    assert 'class="execution-commit"' in text and re.search(r"[0-9a-f]{12}", text.split('class="execution-commit"')[1][:400])


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("paper", PAPERS)
def test_every_figure_is_described_by_its_caption(edition, paper):
    import re

    text = _read(edition, f"papers/{paper}.html")
    figures = [f for f in re.findall(r"<figure.*?</figure>", text, re.DOTALL) if "<img" in f]  # not the tables
    assert figures
    for figure in figures:
        alt = re.search(r'<img alt="([^"]*)"', figure).group(1)
        caption = " ".join(re.sub(r"<[^>]+>", "", re.search(r'<span class="caption-text">(.*?)</span>', figure,
                                                             re.DOTALL).group(1)).split())
        assert len(alt) > 30 and not alt.endswith((".png", ".svg")), alt
        assert __import__("html").unescape(alt) == __import__("html").unescape(caption), (alt, caption)


@needs_book
def test_outputs_in_the_other_language_are_marked():
    """Run-time outputs in English on the Chinese pages carry lang="en"; Chinese table cells on
    English pages carry lang="zh-CN"."""
    zh = _read("zh", f"papers/{PAPERS[0]}.html")
    en = _read("en", f"papers/{PAPERS[0]}.html")
    assert zh.count('lang="en"') >= 20 and '<div class="output stream highlight-myst-ansi notranslate" lang="en">' in zh
    assert 'lang="zh-CN"' in en
    # the glossary's column in the other language
    assert '<span lang="zh-CN">超网络</span>' in _read("en", "glossary.html")
    assert _read("zh", "glossary.html").count('<span lang="en">') >= 20


ENGLISH_ONLY_LABELS = ["Color mode", "System Settings", "© Copyright", "Toggle primary sidebar", "Toggle secondary sidebar",
                       "Toggle hidden content", "Print to PDF", "Search the docs", 'aria-label="Main"', "列印"]


@needs_book
@pytest.mark.parametrize("path", ["index.html", f"papers/{PAPERS[2]}.html"])
def test_the_chinese_edition_has_the_themes_labels_in_chinese(path):
    text = _read("zh", path)
    assert [label for label in ENGLISH_ONLY_LABELS if label in text] == []
    # a paper's page offers its PDF (book/build.py pdf), another page the browser's print of it
    assert "配色模式" in text and ("下载本论文的 PDF" if path.startswith("papers/") else "打印为 PDF") in text


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
def test_numbers_in_result_tables_are_right_aligned_with_tabular_digits(visit, edition):
    page = visit.open(f"{edition}/papers/{PAPERS[2]}.html")
    cells = page.locator(".output.text_html td.numeric")
    assert cells.count() >= 50
    style = cells.first.evaluate("c => [getComputedStyle(c).textAlign, getComputedStyle(c).fontVariantNumeric]")
    assert style == ["right", "tabular-nums"], style
    texts = cells.all_inner_texts()
    assert all(any(ch.isdigit() for ch in t) or t.strip().lower() in ("nan", "inf", "-inf") for t in texts), \
        [t for t in texts if not any(ch.isdigit() for ch in t)][:5]


def axe_script() -> Path | None:
    """axe-core's axe.min.js: CLUSTERMODELS_AXE if set, else the copy the PyPI package
    axe-playwright-python ships (the browser extra installs it; axe-core is MPL-2.0)."""
    if os.environ.get("CLUSTERMODELS_AXE"):
        return Path(os.environ["CLUSTERMODELS_AXE"])
    try:
        from importlib.resources import files

        return Path(str(files("axe_playwright_python") / "axe.min.js"))
    except ModuleNotFoundError:
        return None


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", ["index.html", "claims.html", "data.html", "execution.html", "glossary.html"]
                         + [f"papers/{p}.html" for p in PAPERS])
def test_axe_finds_no_violation(visit, edition, path):
    """axe-core on each page of each edition: no violation of any impact (serious ones were fixed
    first; the last moderate and minor ones, a logo outside landmarks and pandas' empty header
    cells, by book/_templates/sidebar-logo.html and book/pagefixes.py)."""
    axe = axe_script()
    if axe is None or not axe.is_file():
        pytest.skip(f"axe test skipped: no axe.min.js ({axe or 'axe-playwright-python not installed'}; "
                    f"pip install -e '.[browser]')")
    page = visit.open(f"{edition}/{path}")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    page.add_script_tag(content=axe.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => `${v.impact} ${v.id}: ${v.nodes.length} node(s), e.g. ${v.nodes[0].target.join(' ')}`)""")
    assert found == [], found
