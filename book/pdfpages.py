"""A paper's staged page finished for its PDF (Sphinx's LaTeX builder, book/build.py ``pdf``): each
table the notebook showed as HTML becomes a real table (a MyST ``list-table`` with the numbered
caption of book/captions.yaml, numbers right-aligned), an image embedded in HTML becomes the image,
and the front matter says where the code is. LaTeX cannot show HTML; MyST-NB would fall back to
the outputs' plain text."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from staging import NUMBER, edition_paths

MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation, each escapable in CommonMark
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
LINE_MM = 170  # the text width of an A4 page with 2 cm margins
CELL_PADDING_MM = 4.3  # \tabcolsep on both sides
BREAK = re.compile(r"\s+|(?<=_)")  # where a cell's text may break: spaces, and after _ (breakable_underscore)
VERBATIM_COLUMNS = 92  # a printed line of the PDF's output blocks, in Latin characters
FONT_SIZES = ((r"\footnotesize", 1.6), (r"\scriptsize", 1.4))  # and about how wide a Latin character is set
CELL_SLACK_CHARS = 1.0  # digits and % are set wider than an average character: "10 %" must not wrap
HEADER_LINES = 3  # a Chinese header wraps to at most this many lines (xeCJK may break it between any two characters)
FRONT_MATTER = {
    "en": ("This PDF shows the executed notebook as the book does, without its code.\n\n"
           "* The notebook, with its code: `{notebook}`\n* Its source: `{source}`\n"
           "* Every figure and table as a file: `{figures}`\n* The paper: {paper}\n"),
    "zh": ("本PDF按本书的页面呈现执行后的笔记本，未收录代码。\n\n"
           "* 笔记本（含代码）：`{notebook}`\n* 源文件：`{source}`\n"
           "* 每个图和表的文件：`{figures}`\n* 论文：{paper}\n"),
}


def escape(text: str) -> str:
    """A table cell's text as Markdown that reads as the same text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def table_markdown(html: str, caption: str = "", name: str = "") -> str:
    """The first HTML table as a ``list-table`` (captioned, and numbered by its ``:name:``: conf.py;
    neither for a table without a number), with what the HTML says after the table (a shortened
    table's "Full table: file.csv") below it."""
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table")
    # a row's own cells only: pandas may leave out the optional </tr>, and html.parser then nests the rows
    rows = [[" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"], recursive=False)]
            for tr in table.find_all("tr")]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header = len(table.thead.find_all("tr")) if table.thead else 0
    body = rows[header:]
    numeric = [bool(body) and all(NUMBER.match(row[i]) or row[i] in ("", "—", "-") for row in body)
               and any(row[i] for row in body) for i in range(width)]
    size, columns = layout([[row[i] for row in rows] for i in range(width)], numeric, header)
    keep = min(len(rows), 12) + 4  # lines kept on one page with the caption (Sphinx's LaTeX loads needspace)
    lines = ["```{raw} latex", rf"\begingroup{size}\let\_\breakableunderscore\needspace{{{keep}\baselineskip}}", "```", "",
             f"```{{tabularcolumns}} {columns}", "```", "",
             f"```{{list-table}} {caption}".rstrip(), *([f":name: {name}"] if name else []), f":header-rows: {header}", ""]
    for row in rows:
        lines.extend(f"{'*' if i == 0 else ' '} - {escape(cell)}" for i, cell in enumerate(row))
    lines += ["```", "", "```{raw} latex", r"\endgroup", "```"]
    table.decompose()
    for link in soup.find_all("a"):  # a relative link to a file of the repository: its path
        link.replace_with(f"`{link.get('href', '').lstrip('./')}`")
    after = " ".join(soup.get_text(" ").split())
    return "\n".join(lines) + (f"\n\n{after}\n" if after else "\n")


def text_mm(text: str, char_mm: float) -> float:
    """About how wide a text is set: a Chinese character is two Latin ones wide."""
    return char_mm * (len(text) + len(CJK.findall(text)))


def layout(columns: list[list[str]], numeric: list[bool], header: int = 0) -> tuple[str, str]:
    """The font size and LaTeX column types of a table (``header``: its header rows, which may wrap):
    each column as wide as its longest cell in the larger font that fits the page; else the smallest
    font and the columns wrapped at one width (the widest cut first, never below a column's longest
    word). Numbers right-aligned."""
    def longest_word(cells: list[str], char_mm: float) -> float:
        return max([text_mm(word, char_mm) for cell in cells for word in BREAK.split(CJK.sub(" 字 ", cell))] or [0.0])

    def narrowest_header(cells: list[str], char_mm: float) -> float:
        """Its longest word; a Chinese header at most HEADER_LINES lines, of at least two characters."""
        return max([longest_word(cells, char_mm)]
                   + [max(text_mm(cell, char_mm) / HEADER_LINES, min(text_mm(cell, char_mm), text_mm("字字", char_mm)))
                      for cell in cells if CJK.search(cell)])

    def natural(char_mm: float) -> list[float]:  # a header may wrap
        return [max([text_mm(cell, char_mm) + CELL_SLACK_CHARS * char_mm for cell in column[header:]]
                    + [narrowest_header(column[:header], char_mm)])
                for column in columns]

    def spec(widths: list[float]) -> str:  # explicit widths: Sphinx squeezes l and r cells into 1/n of the line
        return "".join((r">{\raggedleft\arraybackslash}" if n else r">{\raggedright\arraybackslash}") + f"p{{{w:.1f}mm}}"
                       for w, n in zip(widths, numeric))

    room = LINE_MM - CELL_PADDING_MM * len(columns)
    for size, char_mm in FONT_SIZES:
        if sum(natural(char_mm)) <= room:
            return size, spec(natural(char_mm))
    size, char_mm = FONT_SIZES[-1]
    widths = natural(char_mm)
    words = [max(longest_word(column[header:], char_mm), narrowest_header(column[:header], char_mm))
             for column in columns]  # xeCJK breaks body text between any two Chinese characters
    low, high = 0.0, max(widths)
    for _ in range(40):  # the width at which the columns, cut to it, fill the room
        cut = (low + high) / 2
        low, high = (cut, high) if sum(min(w, cut) for w in widths) < room else (low, cut)
    return size, spec([max(min(w, low), word) for w, word in zip(widths, words)])


def wrap_wide_lines(text: str) -> str:
    """Printed output with its lines cut to the PDF's width where they hold Chinese, which LaTeX's
    verbatim does not break (it breaks Latin lines itself, marking the continuation)."""
    def cut(line: str) -> list[str]:
        if not CJK.search(line) or text_mm(line, 1) <= VERBATIM_COLUMNS:
            return [line]
        indent = line[:len(line) - len(line.lstrip())] + "  "
        pieces, current = [], ""
        for char in line:
            if text_mm(current + char, 1) > VERBATIM_COLUMNS:
                pieces.append(current)
                current = indent
            current += char
        return pieces + [current]

    return "\n".join(piece for line in text.split("\n") for piece in cut(line))


def embedded_image(html: str) -> dict | None:
    """An output that is only an ``<img>`` with the PNG inside (the interactive panel's still) as
    that PNG, for LaTeX, which cannot show HTML."""
    soup = BeautifulSoup(html, "html.parser")
    image = soup.find("img")
    if image is None or soup.find("table") or not image.get("src", "").startswith("data:image/png;base64,"):
        return None
    data = image["src"].split(",", 1)[1]
    base64.b64decode(data, validate=True)
    return {"image/png": data, "text/plain": image.get("alt", "")}


def html_of(out) -> str:
    value = out.get("data", {}).get("text/html", "")
    return "".join(value) if isinstance(value, list) else value


def front_matter(root: Path, stem: str, edition: str, paper: str) -> str:
    notebook, figures = (path.relative_to(root).as_posix() for path in edition_paths(root, stem, edition))
    return FRONT_MATTER[edition].format(notebook=notebook, source=f"notebooks/{stem}.py", figures=f"{figures}/",
                                        paper=paper)


def finish(root: Path, page: Path, stem: str, edition: str, paper: str) -> None:
    """The staged page (book/staging.py, ``pdf=True``) with real tables, plain images and the front
    matter, rewritten in place."""
    nb = nbformat.read(page, as_version=4)
    cells = [nbformat.v4.new_markdown_cell(front_matter(root, stem, edition, paper))]
    for cell in nb.cells:
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if cell.cell_type == "code" and figure.get("classes") == "numbered-table":
            name = figure["name"]
            cells.append(nbformat.v4.new_markdown_cell(table_markdown(html_of(cell.outputs[0]), figure["caption"], name)))
            continue
        for out in cell.get("outputs", []):
            if pipe_table(out):
                continue
            if out.get("output_type") == "stream":
                text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
                out["text"] = wrap_wide_lines(text)
                continue
            html = html_of(out)
            image = embedded_image(html) if html else None
            if image is not None:
                out["data"] = image
            elif html:
                raise ValueError(f"{stem}: an HTML output the PDF cannot show: {html[:120]!r}")
        cells.extend(tables_apart(cell))
    nb.cells = cells
    nbformat.write(nb, page)


def pipe_table(out) -> str | None:
    """The Markdown of an output that is only a pipe table (the parameters' table), else None."""
    text = out.get("data", {}).get("text/markdown")
    text = "".join(text) if isinstance(text, list) else text
    lines = [line for line in (text or "").strip().splitlines()]
    if len(lines) >= 2 and all(line.lstrip().startswith("|") for line in lines) and re.fullmatch(r"[|:\- ]+", lines[1]):
        return text
    return None


def tables_apart(cell) -> list:
    """``cell``, with each output that is a pipe table taken out into a Markdown cell of its own as
    a laid-out ``list-table``: MyST-NB would set it with equal columns, cutting the parameters'
    names short."""
    if not any(pipe_table(out) for out in cell.get("outputs", [])):
        return [cell]
    from staging import _markdown_to_html

    pieces, kept = [], []
    for out in cell.outputs:
        table = pipe_table(out)
        if table is None:
            kept.append(out)
            continue
        if kept:
            part = nbformat.v4.new_code_cell(cell.source if not pieces else "# (continued)", metadata=cell.metadata)
            part.outputs = kept
            pieces.append(part)
            kept = []
        pieces.append(nbformat.v4.new_markdown_cell(table_markdown(_markdown_to_html(table))))
    if kept:
        part = nbformat.v4.new_code_cell("# (continued)", metadata=cell.metadata)
        part.outputs = kept
        pieces.append(part)
    return pieces


def paper_title(stem: str, edition: str) -> str:
    """The original paper's title as CITATION.cff gives it ("中文标题 (English title)"): the Chinese
    one in the Chinese edition, the English one with the Chinese in the English edition; its DOI
    where the title is not known."""
    from clustermodels import citation

    reference = citation.paper(stem[:2])
    both = re.fullmatch(r"(.*[\u3400-\u9fff].*?) \((.*)\)", reference["title"])
    if both:
        chinese, english = both.groups()
        return f"《{chinese}》" if edition == "zh" else f"*{english}* ({chinese})"
    unknown = {"en": "its title is not printed in our copy of the text", "zh": "我们所据的文本中未印出标题"}[edition]
    return f"{unknown}, DOI {reference['doi']}" if edition == "en" else f"{unknown}，DOI {reference['doi']}"
