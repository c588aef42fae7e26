"""The rendered pages' HTML adjusted where the theme and the notebooks' tables fall short: on a
phone (every table in a frame that scrolls sideways; book.css draws the frame), for screen
readers (no empty header cells) and for weight (figure images after the first load lazily).
On the English pages, Chinese words (the papers' titles and terms) are marked ``lang="zh-CN"``, so
a screen reader reads them as Chinese and book.css gives them a Chinese face.
Called by conf.py on each page's body (Sphinx's html-page-context)."""

from __future__ import annotations

import re

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
THEME_FRAME = '<div class="pst-scrollable-table-container">'  # the theme's own, around Markdown tables
EMPTY_HEADER = re.compile(r"<th\b([^>]*)>(\s*)</th>")
IMAGE = re.compile(r"<img\b(?![^>]*\bloading=)([^>]*?)(\s*/?>)")
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VERBATIM = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}  # shown as they are: never marked
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+"
                         r"(?:[\s\d\w·—–-]*[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+)*")


def adjust_page(app, pagename, templatename, context, doctree):
    if "body" in context:
        body = lazy_images(frame_tables(plain_empty_headers(context["body"])))
        if not (app.config.language or "en").startswith("zh"):
            body = mark_chinese(body)
        context["body"] = body


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


def mark_chinese(body: str) -> str:
    """Each run of Chinese text outside code and outside an element already marked Chinese, in a
    ``<span lang="zh-CN">`` (axe and WCAG 3.1.2: the language of parts)."""
    out, stack = [], []  # stack: (tag, verbatim or already Chinese)
    for piece in TAG.split(body):
        if piece.startswith("<"):
            out.append(piece)
            match = TAG_NAME.match(piece)
            if not match or piece.startswith("<!"):
                continue
            closing, name = match.group(1) == "/", match.group(2).lower()
            if closing:
                while stack:
                    if stack.pop()[0] == name:
                        break
            elif name not in VOID and not piece.endswith("/>"):
                marked = name in VERBATIM or re.search(r"""\blang=["']?zh""", piece) is not None
                stack.append((name, marked))
        elif piece and not any(marked for _, marked in stack):
            out.append(CHINESE_RUN.sub(lambda m: f'<span lang="zh-CN">{m.group(0)}</span>', piece))
        else:
            out.append(piece)
    return "".join(out)
