"""One number per figure and table (book/captions.yaml, book/numbering.py): the number in each
committed image's title is its caption's, in both editions; no two figures or tables of a paper
share one; every table and figure shown on a paper page has a caption, and every caption belongs
to something shown."""

from __future__ import annotations

import re
import sys

import nbformat
import pytest

from clustermodels.cli import notebook_paths
from clustermodels.paths import edition_figures, edition_notebook, repo_root

sys.path.insert(0, str(repo_root() / "book"))

import numbering  # noqa: E402 - book/numbering.py
import staging  # noqa: E402 - book/staging.py

STEMS = [p.stem for p in notebook_paths()]
CAPTIONS = numbering.load()
SVG_TEXT = re.compile(r"<!-- (.*?) -->", re.DOTALL)  # matplotlib writes each text of the figure as a comment
TITLE = re.compile(r"^(?:Fig\. |附图|图)(A?\d+)\b|^Appendix figure\b|^附图 ")


def image_title_number(svg: str) -> str | None:
    """The number in the first text of the image that reads like a figure title; ``""`` for a
    title without a number, ``None`` when there is no title."""
    for text in SVG_TEXT.findall(svg):
        match = TITLE.match(text.strip())
        if match:
            return match.group(1) or ""
    return None


def test_the_numbers_follow_the_rule():
    assert numbering.problems(CAPTIONS) == []


def test_the_rule_catches_a_shared_number_and_a_file_numbered_otherwise():
    bad = {"01_x": {"figures": {"figA1": {"number": "A2", "caption": "a caption long enough to count"},
                                "fig_other": {"number": "A2", "caption": "another caption long enough"}},
                    "tables": {"table1": {"number": "1", "caption": "short"}}}}
    found = numbering.problems(bad)
    assert any("both have number A2" in p for p in found)
    assert any("the file says A1" in p for p in found)
    assert any("no caption" in p for p in found)


def test_labels_are_the_papers_number_or_a_marked_appendix_number():
    assert [numbering.label("figures", n, "en") for n in ("4", "A1")] == ["Fig. 4", "Fig. A1"]
    assert [numbering.label("figures", n, "zh") for n in ("4", "A1")] == ["图4", "附图A1"]
    assert [numbering.label("tables", n, "zh_CN") for n in ("1", "A1")] == ["表1", "附表A1"]


@pytest.mark.parametrize("edition", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_each_image_title_shows_its_captions_number(stem, edition):
    wrong = {}
    for name, item in CAPTIONS[stem]["figures"].items():
        svg = (edition_figures(stem, edition) / f"{name}.svg").read_text(encoding="utf-8")
        shown = image_title_number(svg)
        if shown != item["number"]:
            wrong[name] = (shown, item["number"])
    assert wrong == {}, f"{stem} ({edition}): image title's number vs caption's: {wrong}"


def test_a_title_without_a_number_is_caught():
    assert image_title_number("<!-- Appendix figure  What the result depends on -->") == ""
    assert image_title_number("<!-- 0.5 --><!-- 附图A4  结果 -->") == "A4"


@pytest.mark.parametrize("edition", ["en", "zh"])
@pytest.mark.parametrize("stem", STEMS)
def test_every_table_and_figure_on_a_paper_page_has_a_caption(stem, edition):
    nb = nbformat.read(edition_notebook(stem, edition), as_version=4)
    tables, figures = [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown, named = staging.table_outputs(cell), list(cell.metadata.get("tables", []))
        assert len(shown) == len(named), (f"{stem}: a cell shows {len(shown)} table(s) and names {named} "
                                          f"(metadata \"tables\"): {cell.source[:80]!r}")
        tables += named
        figures += staging.shown_figures(cell.source)
    captions = CAPTIONS[stem]
    assert sorted(tables) == sorted(captions["tables"]), "tables shown vs tables captioned in book/captions.yaml"
    assert sorted(figures) == sorted(captions["figures"]), "figures shown vs figures captioned in book/captions.yaml"
