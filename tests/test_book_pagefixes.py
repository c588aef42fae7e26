"""book/pagefixes.py on small pieces of HTML: tables framed once, empty header cells made plain,
images after the first lazy."""

from __future__ import annotations

import re
import sys

import pytest

from clustermodels.paths import repo_root

sys.path.insert(0, str(repo_root() / "book"))
import pagefixes  # noqa: E402 - book/pagefixes.py


def test_a_table_is_framed_once_and_the_themes_frame_is_kept():
    themed = '<div class="pst-scrollable-table-container"><table class="table"><tr><td>1</td></tr></table></div>'
    bare = '<div class="output text_html"><table class="dataframe"><tr><td>2</td></tr></table></div>'
    framed = pagefixes.frame_tables(themed + bare)
    assert framed.count("pst-scrollable-table-container") == 2 and framed.startswith(themed)
    assert '<div class="pst-scrollable-table-container table-frame"><table class="dataframe">' in framed
    assert framed.count("<table") == 2 and framed.count("</table></div>") == 2


def test_empty_header_cells_become_plain_cells_and_others_stay():
    html = '<tr><th></th><th class="x"> </th><th>name</th></tr>'
    assert pagefixes.plain_empty_headers(html) == '<tr><td></td><td class="x"> </td><th>name</th></tr>'


def test_every_image_but_the_first_loads_lazily():
    html = '<img src="a.png"><p>text</p><img alt="b" src="b.png" /><img loading="eager" src="c.png"><img src="d.png">'
    assert pagefixes.lazy_images(html) == ('<img src="a.png"><p>text</p><img alt="b" src="b.png" loading="lazy" />'
                                           '<img loading="eager" src="c.png"><img src="d.png" loading="lazy">')
    assert pagefixes.lazy_images("<p>no image</p>") == "<p>no image</p>"


def test_chinese_runs_are_marked_outside_code_and_marked_elements():
    html = ('<p>The paper. 超网络视角下产业集群生态化发展研究——以山东新汶产业集群为例 [Study] (主体j拥有的资源), '
            '<code>代码</code> <td lang="zh-CN">煤炭开采</td><img alt="图"><br>中文 2 号</p><pre>不动</pre>')
    assert pagefixes.mark_chinese(html) == (
        '<p>The paper. <span lang="zh-CN">超网络视角下产业集群生态化发展研究——以山东新汶产业集群为例</span> [Study] '
        '(<span lang="zh-CN">主体j拥有的资源</span>), <code>代码</code> <td lang="zh-CN">煤炭开采</td><img alt="图"><br>'
        '<span lang="zh-CN">中文 2 号</span></p><pre>不动</pre>')
    assert pagefixes.mark_chinese("<p>English only</p>") == "<p>English only</p>"


BUILT_EN = sorted((repo_root() / "_build" / "html" / "en").glob("**/*.html"))


@pytest.mark.skipif(not BUILT_EN, reason="the book is not built (make book)")
def test_no_chinese_text_on_an_english_page_is_left_unmarked():
    """Read with the standard library's parser, not the function under test: every text with
    Chinese characters on the built English pages sits in an element marked Chinese or in code."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.unmarked = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                lang = dict(attrs).get("lang") or ""
                self.stack.append((tag, lang.startswith("zh") or tag in {"code", "pre", "script", "style"}))

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop()[0] != tag:
                pass

        def handle_data(self, data):
            if re.search(r"[\u4e00-\u9fff]", data) and not any(ok for _, ok in self.stack):
                self.unmarked.append(data.strip()[:40])

    unmarked = {}
    for page in BUILT_EN:
        finder = Finder()
        finder.feed(page.read_text(encoding="utf-8"))
        if finder.unmarked:
            unmarked[str(page.relative_to(repo_root()))] = finder.unmarked[:3]
    assert unmarked == {}
