"""nbval must fail when a printed headline number no longer matches the committed output."""

import os
import shutil
import subprocess
import sys

import nbformat

from clustermodels.paths import repo_root

NB = repo_root() / "notebooks" / "02_innovation_network_dynamics.ipynb"
HEADLINE = "baseline capability in year 20: 4.8300"


def test_nbval_fails_on_a_changed_headline_number(tmp_path):
    nb = nbformat.read(NB, as_version=4)
    edited = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and HEADLINE in out.text:
                out.text = out.text.replace(HEADLINE, "baseline capability in year 20: 4.8400")
                edited += 1
    assert edited == 1, "the headline line must be printed exactly once"
    copy = tmp_path / NB.name
    nbformat.write(nb, copy)
    env = {**os.environ, "CLUSTERMODELS_OUTPUT_DIR": str(tmp_path / "out")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-q", "--rootdir", str(tmp_path), "-c", os.devnull, str(copy)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "4.8400" in result.stdout and "4.8300" in result.stdout
    assert "1 failed" in result.stdout


def test_the_untouched_copy_would_differ_only_in_that_cell():
    # guard against a vacuous pass: the checked cell really is tagged for comparison
    nb = nbformat.read(NB, as_version=4)
    cells = [c for c in nb.cells if HEADLINE in "".join(o.get("text", "") for o in c.get("outputs", []))]
    assert cells and "nbval-check-output" in cells[0].metadata.get("tags", [])
