"""The committed Chinese notebooks' markdown is the English notebooks' markdown translated with the
book's current catalogues (clustermodels.markdown_zh), message by message as MyST splits it: a
stale one (a catalogue or an English cell changed since ``clustermodels reproduce``) fails."""

from __future__ import annotations

import nbformat
import pytest

from clustermodels import markdown_zh
from clustermodels.cli import notebook_paths
from clustermodels.paths import edition_notebook

STEMS = [p.stem for p in notebook_paths()]


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("stem", STEMS)
def test_committed_chinese_markdown_is_the_current_translation(stem):
    english = nbformat.read(edition_notebook(stem, "en"), as_version=4)
    chinese = nbformat.read(edition_notebook(stem, "zh"), as_version=4)
    translations = markdown_zh.catalogue(stem)
    missing: list[str] = []
    expected = [markdown_zh.translate(source, translations, missing) for source in _markdown(english)]
    assert missing == [], f"messages of {stem} without a translation in book/locales/zh_CN/LC_MESSAGES/papers/"
    stale = [i for i, (want, have) in enumerate(zip(expected, _markdown(chinese))) if want != have]
    assert len(expected) == len(_markdown(chinese)) and stale == [], (
        f"notebooks/zh/{stem}.ipynb: markdown cells {stale} are not the current translation; "
        f"run `clustermodels reproduce {stem[:2]}`")


CELL = """## 2  The model

First line of a paragraph
and its second line, with $x_k$ and {numref}`02-fig4`.

* **An item.** It says so.
  1. *Nested:* a point.

  A second paragraph of the item.

$$E(t) = c_k$$

| status | claims |
|---|---|
| reproduced | 0 |
"""

TRANSLATIONS = {
    "2  The model": "2  模型",
    "First line of a paragraph and its second line, with $x_k$ and {numref}`02-fig4`.":
        "段落的第一行和第二行，含 $x_k$ 和 {numref}`02-fig4`。",
    "**An item.** It says so.": "**一项。** 它这样说。",
    "*Nested:* a point.": "*嵌套：* 一点。",
    "A second paragraph of the item.": "该项的第二段。",
    "status": "状态", "claims": "论断数", "reproduced": "复现", "0": "0",
}


def test_each_message_is_put_back_where_myst_found_it():
    assert markdown_zh.translate(CELL, TRANSLATIONS) == """## 2  模型

段落的第一行和第二行，含 $x_k$ 和 {numref}`02-fig4`。

* **一项。** 它这样说。
  1. *嵌套：* 一点。

  该项的第二段。

$$E(t) = c_k$$

| 状态 | 论断数 |
|---|---|
| 复现 | 0 |
"""


def test_a_message_the_catalogue_lacks_stays_english_and_is_reported():
    missing: list[str] = []
    partial = {k: v for k, v in TRANSLATIONS.items() if k != "*Nested:* a point."}
    out = markdown_zh.translate(CELL, partial, missing)
    assert "  1. *Nested:* a point." in out and missing == ["*Nested:* a point."]
