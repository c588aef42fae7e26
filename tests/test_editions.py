"""The Chinese edition (notebooks/zh/, figures/zh/) is the English notebook run with lang = "zh":
the same cells, executed clean, the same figure and table files, and the same numbers."""

import ast
import json

import nbformat
import pytest

from clustermodels.cli import notebook_paths
from clustermodels.paths import edition_figures, edition_notebook

import notebook_checks as checks  # tests/notebook_checks.py

STEMS = [p.stem for p in notebook_paths()]


def test_there_are_four_notebooks():
    assert len(STEMS) == 4


@pytest.mark.parametrize("stem", STEMS)
def test_zh_edition_has_the_same_cells_with_lang_zh_injected(stem):
    en = nbformat.read(edition_notebook(stem, "en"), as_version=4)
    zh = nbformat.read(edition_notebook(stem, "zh"), as_version=4)
    injected = [c for c in zh.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'lang = "zh"' in injected[0].source
    cells = [c for c in zh.cells if c is not injected[0]]
    assert [c.cell_type for c in cells] == [c.cell_type for c in en.cells]
    # the code is the same; the markdown is its translation (tests/test_markdown_zh.py), and the
    # parameters cell's comments too (tests/test_declaration.py): its code, without comments, is the same
    code = lambda nb: [ast.dump(ast.parse(c.source)) if "parameters" in c.metadata.get("tags", []) else c.source  # noqa: E731
                       for c in nb.cells if c.cell_type == "code" and c is not injected[0]]
    assert code(zh) == code(en)
    assert "jupytext" not in zh.metadata  # an output, not paired with a .py twin
    checks.executed_and_clean(edition_notebook(stem, "zh"))


@pytest.mark.parametrize("stem", STEMS)
def test_zh_edition_has_the_same_files_and_numbers(stem):
    en, zh = edition_figures(stem, "en"), edition_figures(stem, "zh")
    assert sorted(p.name for p in en.iterdir()) == sorted(p.name for p in zh.iterdir())
    en_results = json.loads((en / "results.json").read_text(encoding="utf-8"))
    zh_results = json.loads((zh / "results.json").read_text(encoding="utf-8"))
    numbers = lambda r: sorted(_numbers(r))  # noqa: E731 - labels differ by language, numbers must not
    assert numbers(en_results) == numbers(zh_results)


def _numbers(value):
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield round(float(value), 9)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v)
