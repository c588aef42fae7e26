"""The notebooks' jupytext sources: cell markers and what nbval is asked to compare."""

import re

import nbformat
import pytest

from clustermodels.paths import notebooks_dir

SOURCES = sorted(notebooks_dir().glob("[0-9][0-9]_*.py"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem[:2])
def test_every_cell_marker_has_both_percent_signs(source):
    # "# %" is a comment to jupytext: the cells after it would be glued to the cell before
    broken = [n for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
              if re.match(r"# %( |$)", line) and not line.startswith("# %%")]
    assert not broken, f"{source.name}: lines {broken} start with '# %' instead of '# %%'"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem[:2])
def test_nbval_never_compares_the_commit_or_versions(source):
    notebook = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    checked = [c.source for c in notebook.cells
               if c.cell_type == "code" and "nbval-check-output" in c.metadata.get("tags", [])]
    assert not [s for s in checked if "provenance.report" in s]
