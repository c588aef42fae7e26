"""nbval must fail when a printed headline number no longer matches the committed output."""

import os
import subprocess
import sys

import nbformat
import pytest

from clustermodels.paths import repo_root

CASES = [  # notebook, headline as printed, the number in it, that number with one digit changed
    ("02_innovation_network_dynamics", "baseline capability in year 20: 3.8682", "3.8682", "3.8782"),
    ("04_water_allocation_fuzzy_coalitions", "total after 19,572.82 × 10⁸ yuan", "19,572.82", "19,572.83"),
]


@pytest.mark.parametrize("name, headline, number, changed", CASES)
def test_nbval_fails_on_a_changed_headline_number(tmp_path, name, headline, number, changed):
    path = repo_root() / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    edited = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and headline in out.text:
                out.text = out.text.replace(headline, headline.replace(number, changed))
                edited += 1
    assert edited == 1, "the headline line must be printed exactly once"
    copy = tmp_path / path.name
    nbformat.write(nb, copy)
    env = {**os.environ, "CLUSTERMODELS_OUTPUT_DIR": str(tmp_path / "out")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-q", "--rootdir", str(tmp_path), "-c", os.devnull, str(copy)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert changed in result.stdout and number in result.stdout
    assert "1 failed" in result.stdout


@pytest.mark.parametrize("name, headline, number, changed", CASES)
def test_the_headline_cell_is_checked_by_nbval(name, headline, number, changed):
    # guard against a vacuous pass: the checked cell really is tagged for comparison
    nb = nbformat.read(repo_root() / "notebooks" / f"{name}.ipynb", as_version=4)
    cells = [c for c in nb.cells if headline in "".join(o.get("text", "") for o in c.get("outputs", []))]
    assert cells and "nbval-check-output" in cells[0].metadata.get("tags", [])
