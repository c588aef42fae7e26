"""The papers' PDFs (``python book/build.py pdf`` → ``_build/pdf/{en,zh}/<notebook>.pdf``), read
back with poppler's tools: each opens and has a sane number of pages, carries its title in its
edition's language, every figure's and table's numbered caption of book/captions.yaml, no
unresolved reference ("??"), only embedded fonts, and, in the Chinese edition, no run of English
prose outside code and file names (set in the monospaced font). ``make test`` builds the PDFs
first; skipped only where xelatex or poppler is not installed (CI installs both: .ci/run)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clustermodels import citation
from clustermodels.paths import repo_root

ROOT = repo_root()
sys.path.insert(0, str(ROOT / "book"))

import numbering  # noqa: E402 - book/numbering.py
import pdfpages  # noqa: E402 - book/pdfpages.py
import staging  # noqa: E402 - book/staging.py

needs_tex = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xelatex", "pdftotext", "pdfinfo", "pdffonts", "pdftohtml")),
    reason="xelatex or poppler-utils is not installed (Debian packages; .ci/run installs them)")

EDITIONS = ("en", "zh")
STEMS = staging.notebook_stems(ROOT)
CASES = [(edition, stem) for edition in EDITIONS for stem in STEMS]
CAPTIONS = numbering.load()
ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z][a-z’'-]+\b[ ,;:]+){5}\b[A-Za-z][a-z’'-]+\b")  # six words or more


def pdf_path(edition: str, stem: str) -> Path:
    path = ROOT / "_build" / "pdf" / edition / f"{stem}.pdf"
    assert path.is_file(), f"{path} is missing: run `python book/build.py pdf` (make test does)"
    return path


@lru_cache(maxsize=None)
def text_of(edition: str, stem: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path(edition, stem)), "-"],
                          capture_output=True, text=True, check=True).stdout


def squeezed(text: str) -> str:
    """Without any white space: a title broken over lines, "附图 A1" spaced by xeCJK, read as written;
    LaTeX's typographic apostrophe as the plain one."""
    return re.sub(r"\s+", "", text).replace("’", "'")


def heading(edition: str, stem: str) -> str:
    """The notebook's title (its first heading), as the edition's catalogue translates it."""
    source = (ROOT / "notebooks" / f"{stem}.py").read_text(encoding="utf-8")
    english = next(line[len("# # "):].strip() for line in source.splitlines() if line.startswith("# # "))
    if edition == "en":
        return english
    with (ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "papers" / f"{stem}.po").open("rb") as po:
        message = read_po(po).get(english)
    assert message is not None and message.string, f"no translation of the title {english!r}"
    return message.string


def paper_title(edition: str, stem: str) -> str | None:
    """The original paper's title in the edition's language (CITATION.cff: "中文 (English)"), where known."""
    both = re.fullmatch(r"(.*[\u3400-\u9fff].*?) \((.*)\)", citation.paper(stem[:2])["title"])
    return None if both is None else both.group(1 if edition == "zh" else 2)


def prose_outside_code(edition: str, stem: str) -> str:
    """The PDF's text without what is set in the monospaced font (code, printed output, file names)
    and without the citation of the compendium (its English title, as CITATION.cff spells it), words
    broken at a line's end joined again."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf_path(edition, stem))],
                         capture_output=True, text=True, check=True).stdout
    tree = ET.fromstring(xml)
    mono = {spec.get("id") for spec in tree.iter("fontspec") if "mono" in spec.get("family", "").lower()}
    text = " ".join("".join(text.itertext()) for text in tree.iter("text") if text.get("font") not in mono)
    text = re.sub(r" ([,.;:)])", r"\1", re.sub(r"(\w)- (\w)", r"\1\2", " ".join(text.split())))
    return text.replace(citation.metadata()["title"], "")


@needs_tex
@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_pdf_opens_and_has_a_sane_number_of_pages(edition, stem):
    info = subprocess.run(["pdfinfo", str(pdf_path(edition, stem))], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert 8 <= pages <= 60, f"{stem} ({edition}): {pages} pages"


@needs_tex
@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_pdf_has_the_papers_title_in_its_language(edition, stem):
    text = squeezed(text_of(edition, stem))
    assert squeezed(heading(edition, stem)) in text
    title = paper_title(edition, stem)
    if title is not None:
        assert squeezed(title) in text


@needs_tex
@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_pdf_has_every_numbered_figure_and_table(edition, stem):
    text = squeezed(text_of(edition, stem))
    items = [(kind, name, str(item["number"])) for kind in numbering.KINDS
             for name, item in (CAPTIONS[stem].get(kind) or {}).items()]
    assert items
    missing = [f"{kind} {name}: {numbering.label(kind, number, edition)}" for kind, name, number in items
               if not re.search(re.escape(squeezed(numbering.label(kind, number, edition))) + r"(?![0-9])", text)]
    assert not missing, f"{stem} ({edition}): not in the PDF: {missing}"


@needs_tex
def test_the_english_captions_follow_their_labels():
    """A caption reads "Fig. A1. <caption>": the label belongs to that caption, not only to a reference."""
    for stem in STEMS:
        text = squeezed(text_of("en", stem))
        for kind in numbering.KINDS:
            for item in (CAPTIONS[stem].get(kind) or {}).values():
                start = " ".join(item["caption"].replace("$", "").split()[:3])
                assert squeezed(f"{numbering.label(kind, str(item['number']), 'en')}. {start}") in text, (stem, start)


@needs_tex
@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_pdf_has_no_unresolved_reference(edition, stem):
    assert "??" not in text_of(edition, stem)


@needs_tex
@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_pdf_embeds_its_fonts(edition, stem):
    listing = subprocess.run(["pdffonts", str(pdf_path(edition, stem))], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    not_embedded = [line for line in listing if line.split()[-5] != "yes"]
    assert not not_embedded, not_embedded


@needs_tex
@pytest.mark.parametrize("stem", STEMS)
def test_the_chinese_pdf_has_no_english_prose(stem):
    runs = ENGLISH_RUN.findall(prose_outside_code("zh", stem))
    assert not runs, f"{stem}: English prose in the Chinese PDF: {runs[:10]}"


def test_english_prose_is_a_run_of_six_words():
    assert ENGLISH_RUN.search("每个数字 The third stage is slow again here。")
    assert not ENGLISH_RUN.search("模型 theta phi psi lambda S1 w3 A B C D E F G H")


def test_an_html_table_becomes_a_captioned_table_with_its_rows_and_numbers_right_aligned():
    html = ('<table><thead><tr><th>edge</th><th>b*</th></thead><tbody><tr><th>A→B</th><td>1.5</td>'
            '<tr><th>- B_1</th><td>-0.25</td></tbody></table>'  # pandas may leave out </tr>
            '<p>Full table: <a href="../../figures/zh/01_x/flows.csv">flows.csv</a></p>')
    markdown = pdfpages.table_markdown(html, "The flows.", "01-table_flows")
    assert "```{list-table} The flows.\n:name: 01-table_flows\n:header-rows: 1\n" in markdown
    assert "* - edge\n  - b\\*\n* - A→B\n  - 1\\.5\n* - \\- B\\_1\n  - \\-0\\.25\n" in markdown
    assert re.search(r"```\{tabularcolumns\} >\{\\raggedright\\arraybackslash\}p\{[\d.]+mm\}"
                     r">\{\\raggedleft\\arraybackslash\}p\{[\d.]+mm\}\n", markdown)
    assert markdown.rstrip().endswith("Full table: `figures/zh/01_x/flows.csv`")


def test_a_table_too_wide_for_the_page_is_wrapped_in_the_smallest_font():
    size, spec = pdfpages.layout([["a long text column " * 6], ["another long text " * 6], ["12.5"]], [False, False, True])
    assert size == r"\scriptsize"
    widths = [float(w) for w in re.findall(r"p\{([\d.]+)mm\}", spec)]
    assert len(widths) == 3 and sum(widths) <= pdfpages.LINE_MM
    assert spec.count(r"\raggedleft") == 1


@pytest.mark.parametrize(("edition", "stem"), CASES)
def test_the_papers_page_links_its_pdf(edition, stem):
    page = ROOT / "_build" / "html" / edition / "papers" / f"{stem}.html"
    if not page.is_file():
        pytest.skip("the book is not built (python book/build.py)")
    assert f'href="../pdf/{stem}.pdf"' in page.read_text(encoding="utf-8")
    assert (page.parent.parent / "pdf" / f"{stem}.pdf").is_file(), "run `python book/build.py pdf` after the book"


def test_a_chinese_header_wraps_to_at_most_three_lines_and_a_short_cell_not_at_all():
    """A narrow number column under a long Chinese header was one character wide, the header one
    character per line; and a cell like "10 %" wrapped because digits are set wider than average."""
    header = "增加值增量最小值"
    size, spec = pdfpages.layout([[header, "0.0", "10 %"], ["code", "7", "8"]], [True, False], header=1)
    char_mm = dict(pdfpages.FONT_SIZES)[size]
    first = float(re.findall(r"p\{([\d.]+)mm\}", spec)[0])
    assert first + 0.05 >= pdfpages.text_mm(header, char_mm) / pdfpages.HEADER_LINES  # the spec rounds to 0.1 mm
    assert first > pdfpages.text_mm("10 %", char_mm)


def test_a_pipe_table_a_cell_writes_becomes_a_laid_out_list_table():
    """The parameters' table (``display(Markdown(...))``) was set by MyST-NB with equal columns,
    cutting the names short; taken out of its cell, it is laid out like the numbered tables."""
    import nbformat

    cell = nbformat.v4.new_code_cell("display(...)", metadata={"tags": ["remove-input"]})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="before\n"),
                    nbformat.v4.new_output("display_data", data={"text/markdown": (
                        "| parameter | allowed |\n|---|---|\n| `sweep_spread` | a number in [0, 1) |\n")}),
                    nbformat.v4.new_output("display_data", data={"text/markdown": "Some **prose**, $x$."})]
    pieces = pdfpages.tables_apart(cell)
    assert [p.cell_type for p in pieces] == ["code", "markdown", "code"]
    assert [o.get("text") for o in pieces[0].outputs] == ["before\n"]
    assert "```{list-table}\n:header-rows: 1" in pieces[1].source and "sweep\\_spread" in pieces[1].source
    assert ":name:" not in pieces[1].source  # not numbered
    assert pieces[2].outputs[0]["data"]["text/markdown"] == "Some **prose**, $x$."
    assert all("remove-input" in p.metadata.get("tags", []) for p in pieces if p.cell_type == "code")
    assert pdfpages.tables_apart(pieces[2]) == [pieces[2]]  # prose alone stays where it is
