"""The built book on a phone (390 px wide, the width of a common phone) and its weight: no page is
wider than the screen, every table that does not fit scrolls inside a visible frame, every figure
opens full size on a tap, figure images after the first load lazily, and the theme's 1.5 MB icon
script is not loaded. Skipped like test_book_browser.py when the book is not built or Chromium
is missing.

Figures on a phone: a figure drawn for a 1280 px page shows its labels at about a quarter of their
size at 390 px, too small to read in place; the check here is that each figure image is a link
to its full-size file, at least ``FULL_SIZE_SCALE`` times the width the page shows it at, which the
phone's viewer opens and zooms (one tap away)."""

from __future__ import annotations

import pytest

from test_book_browser import EDITIONS, PAPERS, browser, needs_book, pages, site, visit  # noqa: F401 - fixtures

PHONE = {"width": 390, "height": 844}
FULL_SIZE_SCALE = 2.5  # the full-size file against the width shown at 390 px


@pytest.fixture
def phone(browser, site):  # noqa: F811 - the fixtures imported above
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    yield page
    page.close()


@needs_book
@pytest.mark.parametrize("path", pages())
def test_no_page_is_wider_than_a_phone(phone, site, path):  # noqa: F811
    phone.goto(site + path, wait_until="load")
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    wide = phone.evaluate("""() => Array.from(document.querySelectorAll('.bd-article *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent !== null
                     && !e.closest('.pst-scrollable-table-container, pre, .highlight, mjx-container, div.math'))
        .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60))""")
    assert width <= PHONE["width"] + 1, f"{path} is {width} px wide at {PHONE['width']} px; too wide: {wide}"


TABLES = """() => Array.from(document.querySelectorAll('.bd-article table')).map(t => {
  const frame = t.closest('.pst-scrollable-table-container');
  const style = frame && getComputedStyle(frame);
  return {framed: !!frame, scrolls: !!frame && ['auto', 'scroll'].includes(style.overflowX),
          border: !!frame && parseFloat(style.borderLeftWidth) > 0 && style.borderLeftStyle !== 'none',
          fits: !!frame && frame.getBoundingClientRect().right <= window.innerWidth + 1,
          overflows: !!frame && frame.scrollWidth > frame.clientWidth + 1, cue: !!frame && style.backgroundImage.includes('gradient'),
          text: t.innerText.slice(0, 40)};
})"""


@needs_book
@pytest.mark.parametrize("path", ["claims.html", "data.html", "execution.html", "glossary.html"]
                         + [f"papers/{p}.html" for p in PAPERS])
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_table_sits_in_a_frame_that_scrolls_with_a_visible_edge(phone, site, edition, path):  # noqa: F811
    phone.goto(site + f"{edition}/{path}", wait_until="load")
    tables = phone.evaluate(TABLES)
    assert tables, f"no table on {edition}/{path}"
    unframed = [t["text"] for t in tables if not (t["framed"] and t["scrolls"] and t["border"] and t["fits"] and t["cue"])]
    assert unframed == [], f"{edition}/{path}: tables outside a visible scroll frame: {unframed}"
    if path.startswith("papers/"):  # a paper's wide result tables do scroll at this width
        assert any(t["overflows"] for t in tables), tables


FIGURES = """() => Array.from(document.querySelectorAll('.bd-article figure img')).map(img => {
  const link = img.closest('a');
  return {src: img.currentSrc || img.src, href: link ? link.href : null, shown: img.getBoundingClientRect().width,
          natural: img.naturalWidth, lazy: img.loading};
})"""


@needs_book
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_figure_opens_full_size_on_a_tap(phone, site, edition, paper):  # noqa: F811
    phone.goto(site + f"{edition}/papers/{paper}.html", wait_until="load")
    phone.evaluate("async () => { for (const i of document.images) { i.loading = 'eager'; if (!i.complete) await i.decode().catch(() => null); } }")
    figures = phone.evaluate(FIGURES)
    assert figures, paper
    for figure in figures:
        assert figure["href"] and figure["href"].endswith((".png", ".svg")), figure
        response = phone.request.get(figure["href"])
        assert response.ok and response.headers["content-type"].startswith("image/"), (figure, response.status)
        assert 0 < figure["shown"] <= PHONE["width"], figure
        # the linked file is the image itself (Sphinx's link to a scaled image) or a larger rendering
        assert figure["href"] == figure["src"] or figure["href"].endswith(".svg"), figure
        assert figure["natural"] >= FULL_SIZE_SCALE * figure["shown"], \
            f"{figure['href']}: {figure['natural']} px, shown at {figure['shown']:.0f} px; full size is not larger"


@needs_book
@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_are_light(visit, edition):  # noqa: F811 - visit is the fixture of test_book_browser.py
    """Figures after the first load lazily and the theme's icon script (fontawesome.js, 1.5 MB) is
    not loaded: the icons come from the theme's CSS and its web font."""
    loaded = []
    visit.page.on("response", lambda r: loaded.append(r.url))
    page = visit.open(f"{edition}/papers/{PAPERS[1]}.html")
    lazy = page.evaluate("Array.from(document.querySelectorAll('.bd-article img')).map(i => i.loading)")
    assert len(lazy) >= 5 and lazy[0] != "lazy" and set(lazy[1:]) == {"lazy"}, lazy
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "fontawesome.js" in u], loaded
    # the theme's icons are drawn: the search button's magnifying glass has a glyph from the web font
    glyph = page.locator(".bd-header-article .fa-magnifying-glass, .search-button .fa-magnifying-glass").first
    assert glyph.evaluate("i => getComputedStyle(i, '::before').content") not in ("", "none", "normal")
    assert page.evaluate("""async () => { await document.fonts.ready;
        return Array.from(document.fonts).some(f => f.family.includes('Font Awesome') && f.status === 'loaded'); }""")
    assert not visit.errors
