"""An executed notebook as a book page: code collapsed, each figure and table in its own numbered
and captioned cell, prose in the other language labelled, and the notebook's figure and table
files linked for download. Outputs are copied as they are, never re-run. The Chinese page is made
from the Chinese notebook's outputs and the English notebook's markdown, which Sphinx translates
with the book's catalogues (the one source of the Chinese text; see ``english_markdown``)."""

from __future__ import annotations

import copy
from html import escape
import re
import shutil
from pathlib import Path

import nbformat

import numbering  # book/numbering.py

FIGURE_NAME_AT_END = re.compile(r"""["'](\w+)["']\s*(?:,\s*width\s*=\s*\d+\s*)?$""")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
LANG = {"en": "en", "zh": "zh-CN"}  # the editions' html lang
TAG = re.compile(r"<[^>]+>")
CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.DOTALL)
NUMBER = re.compile(r"^[+\-\u2212]?(\d[\d,\u2009]*(\.\d+)?|\.\d+)([eE][+\-]?\d+)?\s*%?$|^(nan|inf|-inf|NaN)$")
FILES_HEADING = "Files of this paper"


def language_of(text: str) -> str | None:
    """``"zh"`` when a text is mostly Chinese, ``"en"`` when it has Latin letters and at most a few
    Chinese characters, ``None`` when it has neither (numbers, symbols). A Chinese character
    counts as three letters (about a word)."""
    text = TAG.sub(" ", text)
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    if not cjk and not latin:
        return None
    return "zh" if 3 * cjk >= latin else "en"


IDENTIFIER_CELL = re.compile(r"[A-Za-z_]\w*(\([^()]*\))?")   # euler, band, theta, gamma({2,3})
SNAKE_CASE = re.compile(r"(?<![\w.])[A-Za-z]\w*_\w+")          # total_input, S1_conf


def _identifiers_as_code(content: str, plain: str) -> str:
    """In the Chinese edition, a table cell that is a value a reader types (a parameter value, a
    key, a symbol) or the snake_case keys inside a cell are shown as code: they stay English on
    purpose, as code does. Only text between tags changes."""
    if "<code>" in content:
        return content
    if IDENTIFIER_CELL.fullmatch(plain):
        return f"<code>{content}</code>" if not TAG.search(content) else content
    parts = re.split(r"(<[^>]+>)", content)
    return "".join(part if part.startswith("<") else SNAKE_CASE.sub(r"<code>\g<0></code>", part) for part in parts)


def mark_html(text: str, edition: str) -> str:
    """HTML a notebook's code wrote, for the edition's page: a block wholly in the other language
    carries ``lang`` (screen readers switch voice), and otherwise each table cell in the other
    language does; a table cell that holds a number is marked ``numeric`` (right-aligned, tabular
    digits: book.css)."""
    page = "zh" if edition == "zh" else "en"

    def cell(match: re.Match) -> str:
        tag, attrs, content = match.groups()
        plain = " ".join(TAG.sub(" ", content).split())
        extra = ""
        if tag == "td" and NUMBER.match(plain):
            extra += ' class="numeric"' if "class=" not in attrs else ""
        if page == "zh" and not NUMBER.match(plain):
            content = _identifiers_as_code(content, plain)
        lang = language_of(content)
        if lang and lang != page and not whole:
            extra += f' lang="{LANG[lang]}"'
        return f"<{tag}{attrs}{extra}>{content}</{tag}>"

    whole = language_of(text) if page == "zh" and not CJK.search(TAG.sub(" ", text)) else None
    text = CELL.sub(cell, text)
    return f'<div lang="{LANG[whole]}">\n{text}\n</div>' if whole and whole != page else text


def _markdown_to_html(text: str) -> str:
    """Markdown written by the code as HTML, its maths left for MathJax as \\( \\) and \\[ \\]."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env:
                       f'<span class="math notranslate nohighlight">\\({escape(tokens[idx].content)}\\)</span>')
    md.add_render_rule("math_block", lambda self, tokens, idx, options, env:
                       f'<div class="math notranslate nohighlight">\\[{escape(tokens[idx].content)}\\]</div>')
    return md.render(text)


def notebook_stems(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def edition_paths(root: Path, stem: str, edition: str) -> tuple[Path, Path]:
    sub = "" if edition == "en" else edition
    return root / "notebooks" / sub / f"{stem}.ipynb", root / "figures" / sub / stem


def stage_notebook(root: Path, stem: str, edition: str, captions: dict[str, str], target_dir: Path,
                   summary: str | None = None, pdf: bool = False) -> Path:
    """The notebook as a book page; ``summary`` (Markdown: the claims map's numbers for this paper)
    goes right after the first cell (the title and the paper). ``pdf``: for the paper's PDF
    (book/pdfpages.py finishes it): code cells removed, outputs left as the notebook has them,
    no file links."""
    source, figures = edition_paths(root, stem, edition)
    nb = nbformat.read(source, as_version=4)
    if edition != "en":
        english_markdown(nb, nbformat.read(edition_paths(root, stem, "en")[0], as_version=4), stem)
    cells = []
    for index, cell in enumerate(nb.cells):
        if index == 1 and summary:
            cells.append(nbformat.v4.new_markdown_cell(summary))
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.extend(_split_figures(cell, stem, captions, edition, pdf))
    if pdf:
        nb.cells = cells
        target_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target_dir / f"{stem}.ipynb")
        return target_dir / f"{stem}.ipynb"
    files = target_dir / "files" / stem
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    names = sorted(p.name for p in figures.iterdir() if p.is_file())
    for name in names:
        shutil.copy(figures / name, files / name)
    # the same files beside the page, for the links the notebook's HTML tables carry (html_extra_path;
    # not under files/, which exclude_patterns also keeps out of the extra files)
    beside = target_dir.parent / "_extra" / target_dir.name / "tables" / stem
    shutil.rmtree(beside, ignore_errors=True)
    shutil.copytree(files, beside)
    _relink_tables(nb, stem)
    links = "\n".join(f"* {{download}}`{name} <files/{stem}/{name}>`" for name in names)
    cells.append(nbformat.v4.new_markdown_cell(f"## {FILES_HEADING}\n\n{links}\n"))
    nb.cells = cells
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{stem}.ipynb"
    nbformat.write(nb, target)
    return target


def english_markdown(nb, english, stem: str) -> None:
    """The markdown cells of a Chinese notebook replaced by the English notebook's, cell by cell:
    Sphinx translates them with the book's catalogues, so a changed translation shows in the book
    without running the notebook again (the committed Chinese notebook carries the same
    translation, made by ``clustermodels reproduce``: clustermodels.markdown_zh)."""
    cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]  # papermill's
    if [c.cell_type for c in cells] != [c.cell_type for c in english.cells]:
        raise ValueError(f"notebooks/zh/{stem}.ipynb does not have the English notebook's cells: "
                         f"run `clustermodels reproduce {stem[:2]}`")
    for cell, english_cell in zip(cells, english.cells):
        if cell.cell_type == "markdown":
            cell.source = english_cell.source


def _relink_tables(nb, stem: str) -> None:
    """A shortened table links its full CSV relative to the notebook (``../figures/<stem>/`` or
    ``../../figures/zh/<stem>/``); on the page the file sits in ``tables/<stem>/``."""
    pattern = re.compile(rf'href="(?:\.\./)+figures/(?:[a-z]{{2}}/)?{re.escape(stem)}/([^"/]+)"')
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                text = "".join(html) if isinstance(html, list) else html
                out["data"]["text/html"] = pattern.sub(rf'href="tables/{stem}/\1"', text)


def shown_figures(source: str) -> list[str]:
    """The file names given to ``out.show_figure(figure, "name"[, width=...])`` calls, in order."""
    names, start = [], 0
    while (start := source.find("show_figure(", start)) >= 0:
        depth, end = 0, start + len("show_figure")
        for end in range(end, len(source)):
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            if depth == 0:
                break
        match = FIGURE_NAME_AT_END.search(source[start + len("show_figure("):end])
        if match is None:
            raise ValueError(f"cannot read the figure name of {source[start:end + 1]!r}")
        names.append(match.group(1))
        start = end
    return names


def table_outputs(cell) -> list:
    """The outputs of a code cell that show a table (HTML with a ``<table>``), in order."""
    def html(out) -> str:
        value = out.get("data", {}).get("text/html", "")
        return "".join(value) if isinstance(value, list) else value
    return [out for out in cell.get("outputs", []) if "<table" in html(out)]


def _split_figures(cell, stem: str, captions: dict, edition: str, pdf: bool = False) -> list:
    """The code cell collapsed (removed for the PDF); each figure and each table it shows moved into
    a cell of its own that carries the numbered caption (book/captions.yaml; conf.py numbers it) — a
    table's above it; markdown written by the code labelled in the other language (HTML only)."""
    shown = shown_figures(cell.source)
    tags = set(cell.metadata.get("tags", []))
    tags.add("remove-input" if pdf else "hide-input")
    cell.metadata["tags"] = sorted(tags)
    images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
    if len(images) != len(shown):
        raise ValueError(f"{stem}: a cell shows {len(images)} image(s) but names {shown}: {cell.source[:80]!r}")
    tables, named = table_outputs(cell), list(cell.metadata.get("tables", []))
    if len(tables) != len(named):
        raise ValueError(f"{stem}: a cell shows {len(tables)} table(s) but its metadata names {named} "
                         f"(\"tables\" in the cell's header line of notebooks/{stem}.py): {cell.source[:80]!r}")
    for out in [] if pdf else cell.outputs:
        data = out.get("data", {})
        if "text/markdown" in data:
            # as HTML: gettext then leaves it alone (its numbers change with every rerun)
            prose = data.pop("text/markdown")
            english = edition != "en" and language_of(prose) == "en"
            if english:  # its few Chinese words (titles) marked as such inside
                data["text/html"] = f'<div lang="en">\n{mark_html(_markdown_to_html(prose), "en")}\n</div>'
            else:
                data["text/html"] = mark_html(_markdown_to_html(prose), edition)
        elif "text/html" in data:
            html = data["text/html"]
            data["text/html"] = mark_html("".join(html) if isinstance(html, list) else html, edition)
    result, current = [], copy.deepcopy(cell)
    current.outputs = []
    name_of = {**{id(o): ("figures", n) for o, n in zip(images, shown)},
               **{id(o): ("tables", n) for o, n in zip(tables, named)}}
    for out in cell.outputs:
        if id(out) not in name_of:
            current.outputs.append(out)
            continue
        kind, name = name_of[id(out)]
        item = (captions.get(kind) or {}).get(name)
        if item is None:
            raise KeyError(f"book/captions.yaml has no caption for {stem} {kind} {name}")
        result.append(current)
        figure = {"caption": item["caption"], "name": numbering.target(stem, name)}
        if kind == "tables":
            figure.update(caption_before=True, classes="numbered-table")
        numbered = nbformat.v4.new_code_cell(f"# {name}", metadata={  # MyST-NB skips an empty cell
            "tags": ["remove-input"], "mystnb": {"figure": figure}})
        numbered.outputs = [out]
        numbered.execution_count = cell.execution_count
        result.append(numbered)
        current = nbformat.v4.new_code_cell("# (continued)", metadata={"tags": ["remove-input"]})
        current.outputs = []
    if current.outputs or not result:
        result.append(current)
    return [c for c in result if c.outputs or c.source != "# (continued)"]
