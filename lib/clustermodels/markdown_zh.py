"""The Chinese notebook's markdown cells in Chinese, translated with the book's catalogues.

The English markdown of ``notebooks/NN_*.py`` is the one source of the notebooks' text; the book
translates it at build time with ``book/locales/zh_CN/LC_MESSAGES/papers/NN_*.po``. The committed
Chinese notebook (``notebooks/zh/``, which ``clustermodels reproduce`` makes by running the
English one with ``lang = "zh"``) gets its markdown from the same catalogue, message by message,
so the download says what the Chinese page says; its ``parameters`` cell gets its comments in
Chinese from the declaration (:mod:`.paramtable`; the code is the same). The book itself keeps
building from the English markdown (book/staging.py swaps it back), so a changed translation
shows there without a rerun; tests/test_markdown_zh.py fails while a committed Chinese notebook
is behind the catalogue.

How MyST splits a cell into messages, and how they are put back: every paragraph (also inside a
list item or a quote) and every heading is one message, its source lines joined by spaces; every
table cell is one message; formulas (``$$``) and code are left as they are. A translated block is
written on one line after the original's prefix (``## ``, ``* ``, indentation).
"""

from __future__ import annotations

import re
from pathlib import Path

from .paths import repo_root

CATALOGUES = Path("book") / "locales" / "zh_CN" / "LC_MESSAGES" / "papers"  # under the repository root
ROW_SPLIT = re.compile(r"(?<!\\)\|")


def _parser():
    """The block structure MyST-Parser sees (its plugins, from mdit-py-plugins, which jupytext needs too)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin

    return (MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(myst_block_plugin)
            .use(footnote_plugin).use(dollarmath_plugin).use(amsmath_plugin).use(colon_fence_plugin))


def message(text: str) -> str:
    """A block's text as Sphinx's gettext writes it: lines joined by spaces."""
    return text.replace("\n", " ").strip()


def catalogue(stem: str, root: Path | None = None) -> dict[str, str]:
    """msgid -> msgstr of the notebook's page, translated and not fuzzy entries only."""
    from babel.messages.pofile import read_po

    with ((root or repo_root()) / CATALOGUES / f"{stem}.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and m.string and not m.fuzzy}


def translate(source: str, translations: dict[str, str], missing: list[str] | None = None) -> str:
    """A markdown cell's source with each message replaced by its translation; a message the
    catalogue lacks stays English (and is appended to ``missing``)."""
    lines = source.split("\n")
    replaced: dict[int, str] = {}  # first line -> new line; the block's other lines are dropped
    dropped: set[int] = set()
    tokens = _parser().parse(source)
    table_rows = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            table_rows.append(range(*token.map))
        if token.type != "inline" or token.map is None or any(token.map[0] in rows for rows in table_rows):
            continue
        text = translations.get(message(token.content))
        if text is None:
            if missing is not None:
                missing.append(message(token.content))
            continue
        start, end = token.map
        first, content = lines[start].rstrip(), token.content.split("\n")[0].rstrip()
        if not first.endswith(content):
            raise ValueError(f"cannot place the translation of {content[:60]!r} in {first[:60]!r}")
        replaced[start] = first[:len(first) - len(content)] + text.replace("\n", " ")
        dropped.update(range(start + 1, end))
    for rows in table_rows:
        for number in rows:
            if number == rows.start + 1:  # the |---| line
                continue
            cells = ROW_SPLIT.split(lines[number].strip())
            inner = cells[1:-1] if lines[number].strip().startswith("|") else cells
            out = []
            for cell in inner:
                text = cell.strip()
                if text and text not in translations and missing is not None:
                    missing.append(text)
                out.append(translations.get(text, text).replace("|", "\\|") if text else "")
            replaced[number] = "| " + " | ".join(out) + " |"
    result = [replaced.get(i, line) for i, line in enumerate(lines) if i not in dropped or i in replaced]
    return "\n".join(result)


def translate_notebook(nb, stem: str, root: Path | None = None) -> list[str]:
    """Every markdown cell of ``nb`` (an executed notebook, nbformat) translated in place; returns
    the messages the catalogue lacks (they stay English)."""
    translations, missing = catalogue(stem, root), []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate(cell.source, translations, missing)
    return missing


def translate_file(path: Path, stem: str, lang: str = "zh") -> list[str]:
    """``translate_notebook`` on a notebook file, and its ``parameters`` cell's comments in
    ``lang`` (:func:`clustermodels.paramtable.translate_parameters_cells`), rewritten in place
    (what reproduce calls)."""
    import nbformat

    from .paramtable import translate_parameters_cells

    nb = nbformat.read(path, as_version=4)
    missing = translate_notebook(nb, stem)
    translate_parameters_cells(nb, stem[:2], lang)
    nbformat.write(nb, path)
    return missing
