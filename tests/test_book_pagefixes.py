"""book/pagefixes.py on small pieces of HTML: tables framed once, empty header cells made plain,
images after the first lazy."""

from __future__ import annotations

import sys

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
