"""The Chinese edition's run-time text is Chinese: every text block that a notebook's code writes
(a printed line, a generated paragraph, a table cell) reads as Chinese by the book's own measure
(book/staging.language_of), once code, file names, formulas and identifiers are set aside; and
the papers' generated paragraphs are in the edition's language with the same numbers. Papers whose
run-time text is translated are listed in TRANSLATED."""

import html
import re
import sys

import nbformat
import pandas as pd
import pytest

from clustermodels.innovation import narrative as innovation
from clustermodels.paths import edition_notebook, repo_root
from clustermodels.supernetwork import narrative as supernetwork

sys.path.insert(0, str(repo_root() / "book"))
from staging import language_of  # noqa: E402 - book/staging.py

TRANSLATED = ["01_eco_cluster_supernetwork", "02_innovation_network_dynamics"]
# Cells whose output stays as the metadata and the environment spell it: the citation (BibTeX) and
# the provenance report (package names and versions).
VERBATIM = ("provenance.report()", "citation.how_to_cite(")
SET_ASIDE = re.compile(
    r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$"                             # code and formulas
    r"|results\.json.*"                                           # the results file's keys
    r"|[\w./-]+\.(?:csv|json|yaml|py|png|svg|ipynb)\b|\b(?:figures|runs|data)/\S*"  # file names
    r"|\b\w*_\w*\b"                                               # snake_case names (parameters, keys)
    r"|\b(?:theta|phi|psi|lambda|euler|extragradient|rk4|PySD|numpy|KKT|Nash)\b"  # symbols, methods
    r"|\b[A-Za-z]{1,2}\d*\b", re.S)                               # labels and symbols: A→B, a1, w1, S1


def text_blocks(output) -> list[str]:
    """An output's pieces a reader reads one at a time: lines, paragraphs, table cells."""
    if output.output_type == "stream":
        return output.text.splitlines()
    data = output.get("data", {})
    if "text/html" in data:
        page = re.sub(r"<code>.*?</code>", " ", data["text/html"], flags=re.S)
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, flags=re.S)
        rest = re.split(r"</p>|<br\s*/?>", re.sub(r"<table.*?</table>", " ", page, flags=re.S))
        return [html.unescape(re.sub(r"<[^>]+>", " ", piece)) for piece in cells + rest]
    if "text/markdown" in data:
        return re.split(r"\n\s*\n|\n(?=[*-] )", data["text/markdown"])
    return []


def english_blocks(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or any(v in cell.source for v in VERBATIM):
            continue
        for output in cell.get("outputs", []):
            for block in text_blocks(output):
                if language_of(SET_ASIDE.sub(" ", block)) == "en":
                    found.append(" ".join(block.split())[:120])
    return found


@pytest.mark.parametrize("stem", TRANSLATED)
def test_the_chinese_edition_prints_no_english_prose(stem):
    nb = nbformat.read(edition_notebook(stem, "zh"), as_version=4)
    assert english_blocks(nb) == []


def test_an_english_line_is_found():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(x)", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="方法 extragradient：迭代 223 次\nevery supplier within its stock: True\n"),
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><th>供给者</th><th>holds b_j</th></tr></table>"}),
    ])])
    assert english_blocks(nb) == ["every supplier within its stock: True", "holds b_j"]


def test_paper_01_paragraphs_are_in_the_edition_language_with_the_same_numbers(lang):
    suppliers = pd.DataFrame({"supplier": ["A", "B", "C"], "holds b_j": [6.0, 5.0, 3.0],
                              "utilisation": [1.0, 1.0, 0.8947], "multiplier mu_j": [0.0165, 0.0223, 0.0],
                              "shadow price mu_j/w3": [0.0549, 0.0742, 0.0],
                              "delivered without caps": [6.3717, 5.3658, 2.6842]})
    policies = pd.DataFrame([{"lever": "discard_tax", "from": 0.0, "to": 0.4, "green_flow change %": 1.02,
                              "ecological_value change %": 1.25, "economic_flow change %": 2.45,
                              "economic_value change %": -0.58}])
    text = supernetwork.caps_markdown(suppliers) + supernetwork.policy_markdown(policies)
    assert language_of(SET_ASIDE.sub(" ", text)) == lang
    for number in ("0.0165", "0.0742", "6.37", "5.00", "0.4", "2.5 %", "0.6 %"):
        assert number in text
    assert ("lowers economic value by 0.6 %" in text) == (lang == "en")


def test_paper_02_paragraphs_are_in_the_edition_language_with_the_same_numbers(lang):
    steps = pd.DataFrame({"time_step": [2.5, 1.0], "euler": [3.8771, 3.8682], "rk4": [3.8701, 3.8682]})
    text = innovation.time_step_reading(steps, 3.8682) + innovation.relative_gain("x", 0.5, 20, 70)
    assert language_of(SET_ASIDE.sub(" ", text)) == lang
    for number in ("3.8682", "0.23 %", "0.5 x 20/70 = 14.3 %"):
        assert number in text
