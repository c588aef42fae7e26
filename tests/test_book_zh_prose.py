"""The Chinese edition's paper pages have no English prose: every paragraph, list item, table cell,
caption and heading of the built page (``_build/html/zh/papers/*.html``) that is mostly English
(book/staging.py, ``language_of``) is listed. Not prose: code and printed output (``code``,
``pre``), formulas (MathJax), file names (download links are code), and what a page marks
``lang="en"`` on purpose in its own text (an English title, the glossary's second column); the
``lang="en"`` that marks English written by the code at run time is no excuse, it is what this
test finds. Skipped when the book is not built (``python book/build.py``)."""

from __future__ import annotations

import re
import sys

import pytest

from clustermodels.paths import repo_root

sys.path.insert(0, str(repo_root() / "book"))

from staging import language_of  # noqa: E402 - book/staging.py

bs4 = pytest.importorskip("bs4")

PAGES = sorted((repo_root() / "_build" / "html" / "zh" / "papers").glob("*.html"))
PROSE = ["p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dt", "dd"]
NOT_PROSE = ["code", "cite", "pre", "kbd", "samp", "script", "style", "mjx-container", ".math", ".headerlink"]
OUTPUT = "cell_output"  # MyST-NB's class of a code cell's outputs: text there is written at run time
WORD = re.compile(r"[A-Za-z]{3,}")


def _has_a_word(text: str) -> bool:
    """An English word: three letters or more, two of them lower case ("S1", "w3", "A→B", "{1,2}",
    "SO2、NOx、COD" are symbols, not English)."""
    return any(sum(c.islower() for c in word) >= 2 for word in WORD.findall(text))


def _on_purpose(element) -> bool:
    """Marked ``lang="en"`` by the page's own text, not by staging's marking of run-time output."""
    return element.get("lang") == "en" and element.find_parent(class_=OUTPUT) is None


def english_blocks(html: str) -> list[str]:
    """The text of every prose block of the page's article that is mostly English, in page order."""
    soup = bs4.BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for selector in NOT_PROSE:
        for element in article.select(selector):
            element.decompose()
    for element in article.select('[lang="en"]'):
        if _on_purpose(element):
            element.decompose()
    found = []
    for block in article.find_all(PROSE):  # its own text: what no inner block holds
        text = " ".join("".join(s for s in block.find_all(string=True) if s.find_parent(PROSE) is block).split())
        if _has_a_word(text) and language_of(text) == "en":
            found.append(text)
    return found


def test_english_prose_is_found_and_marked_text_is_not():
    page = """<article>
      <h2>1  模型<a class="headerlink">#</a></h2>
      <p>每个数字都来自 <code>model.yaml</code>，公式 <span class="math">\\(x_k = c_k E(t)\\)</span>。</p>
      <p>论文题目 <span lang="en">Research on Collaboration Mechanism of Clusters</span>。</p>
      <ul><li><p>The third stage is slow again.</p></li><li>S1</li><li>SO2、NOx、COD</li></ul>
      <div class="cell_output"><div lang="en"><p>In this run the equilibrium is unique.</p></div>
        <table><tr><th lang="en">quantity</th><td>4.6</td></tr></table><pre>printed text</pre></div>
    </article>"""
    assert english_blocks(page) == ["The third stage is slow again.", "In this run the equilibrium is unique.",
                                    "quantity"]


@pytest.mark.skipif(not PAGES, reason="the Chinese edition is not built (python book/build.py)")
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_the_chinese_paper_pages_have_no_english_prose(page):
    found = english_blocks(page.read_text(encoding="utf-8"))
    listing = "\n".join(f"  {i + 1}. {text[:160]}" for i, text in enumerate(found))
    assert not found, f"{page.name}: {len(found)} English prose block(s) on the Chinese page:\n{listing}"
