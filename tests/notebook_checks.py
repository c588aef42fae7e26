"""Checks every executable paper must pass; each notebook's test module calls them."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm


def parameters_cell_matches(nb: Path, defaults: dict) -> None:
    cell = pm.inspect_notebook(str(nb))
    assert set(cell) == set(defaults)
    assert {k: ast.literal_eval(v["default"]) for k, v in cell.items()} == defaults
    assert all(v["help"] for v in cell.values()), "every parameter needs a comment"


def bad_parameter_stops_before_writing(nb: Path, tmp_path: Path, parameters: dict, message: str) -> None:
    """Run papermill with a bad parameter: the validation cell fails and no output folder appears."""
    out = tmp_path / "out"
    env = {**os.environ, "CLUSTERMODELS_OUTPUT_DIR": str(out)}
    code = (
        "import papermill as pm\n"
        f"pm.execute_notebook({str(nb)!r}, {str(tmp_path / 'nb.ipynb')!r}, "
        f"parameters={parameters!r}, kernel_name='python3', progress_bar=False)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    assert not out.exists(), "nothing may be written after a parameter error"
    executed = nbformat.read(tmp_path / "nb.ipynb", as_version=4)
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    failed = [i for i, c in enumerate(code_cells) if any(o.output_type == "error" for o in c.outputs)]
    assert failed == [2], "the validation cell (after parameters and injected parameters) fails"


def paired_script_in_sync(nb: Path) -> None:
    import jupytext

    script = jupytext.read(nb.with_suffix(".py"))
    notebook = nbformat.read(nb, as_version=4)
    assert [c.source for c in script.cells] == [c.source for c in notebook.cells]


def executed_and_clean(nb: Path) -> list:
    """The committed notebook ran every cell without errors or stderr; returns its code cells."""
    notebook = nbformat.read(nb, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    assert "papermill" not in notebook.metadata
    return code
