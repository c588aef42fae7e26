"""The rendered pages' HTML adjusted where the theme and the notebooks' tables fall short: on a
phone (every table in a frame that scrolls sideways; book.css draws the frame), for screen
readers (no empty header cells) and for weight (figure images after the first load lazily).
Called by conf.py on each page's body (Sphinx's html-page-context)."""

from __future__ import annotations

import re

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
THEME_FRAME = '<div class="pst-scrollable-table-container">'  # the theme's own, around Markdown tables
EMPTY_HEADER = re.compile(r"<th\b([^>]*)>(\s*)</th>")
IMAGE = re.compile(r"<img\b(?![^>]*\bloading=)([^>]*?)(\s*/?>)")


def adjust_page(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = lazy_images(frame_tables(plain_empty_headers(context["body"])))


def frame_tables(body: str) -> str:
    """Each table the theme has not framed (the notebooks' tables, the execution facts) in a frame
    like the theme's: it scrolls sideways on a narrow screen instead of widening the page, and the
    theme's script makes it keyboard-focusable while it scrolls (axe: scrollable-region-focusable)."""
    def frame(match: re.Match) -> str:
        if body[max(0, match.start() - len(THEME_FRAME)):match.start()].endswith(THEME_FRAME):
            return match.group(0)
        return f'<div class="pst-scrollable-table-container table-frame">{match.group(0)}</div>'

    return TABLE.sub(frame, body)


def plain_empty_headers(body: str) -> str:
    """An empty header cell (the corner and blank index cells of pandas tables) as a plain cell:
    a header with nothing in it names nothing (axe: empty-table-header)."""
    return EMPTY_HEADER.sub(r"<td\1>\2</td>", body)


def lazy_images(body: str) -> str:
    """Every image but the first loads when scrolled near (``loading="lazy"``): a paper's page
    then fetches its figures as the reader reaches them."""
    first = IMAGE.search(body)
    if first is None:
        return body
    return body[:first.end()] + IMAGE.sub(r'<img\1 loading="lazy"\2', body[first.end():])
