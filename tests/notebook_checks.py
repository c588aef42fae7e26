"""Checks every executable paper must pass; each notebook's test module calls them."""

import ast
import math
import re
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


def papermill(nb: Path, tmp_path: Path, parameters: dict) -> subprocess.CompletedProcess:
    """Execute ``nb`` with plain papermill into ``tmp_path/nb.ipynb``, outputs to ``tmp_path/out``."""
    env = {**os.environ, "CLUSTERMODELS_OUTPUT_DIR": str(tmp_path / "out")}
    code = (
        "import papermill as pm\n"
        f"pm.execute_notebook({str(nb)!r}, {str(tmp_path / 'nb.ipynb')!r}, "
        f"parameters={parameters!r}, kernel_name='python3', progress_bar=False)\n"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def bad_parameter_stops_before_writing(nb: Path, tmp_path: Path, parameters: dict, message: str) -> None:
    """Run papermill with a bad parameter: the validation cell fails and no output folder appears."""
    out = tmp_path / "out"
    result = papermill(nb, tmp_path, parameters)
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


# --- prose that follows the run -------------------------------------------------------------

# A paragraph carrying one of these markers says explicitly that it describes the default run.
DEFAULT_RUN_MARKERS = ("default run", "默认运行", "默认参数")
_NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|\.\d)")


def _leaves(obj, path=()):
    """(path, number) for every number in a nested results mapping."""
    if isinstance(obj, bool):
        return
    if isinstance(obj, (int, float)):
        yield path, float(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, path + (str(k),))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _leaves(v, path + (i,))


def changed_results(default: dict, rerun: dict) -> list[float]:
    """The default run's numbers that a rerun with other parameters changed."""
    new = dict(_leaves(rerun))
    return [v for p, v in _leaves(default) if p not in new or not math.isclose(new[p], v, rel_tol=1e-9, abs_tol=1e-12)]


def _states(token_value: float, decimals: int, values) -> bool:
    return any(round(abs(v), decimals) == token_value and (decimals or float(v).is_integer()) for v in values)


def stale_statements(texts: list[str], values: list[float], allowed: set[str] = frozenset(),
                     current: list[float] = ()) -> list[str]:
    """Numbers in ``texts`` that state one of ``values`` (at the precision written), in
    paragraphs not marked as describing the default run. ``allowed`` lists tokens that are the
    paper's own printed values (or fixed facts) and may appear anywhere. A number that also
    states one of ``current`` (this run's own results) is this run's, and zero states nothing."""
    found = []
    for text in texts:
        text = re.sub(r"`[^`]*`", "", text)  # inline code is a command to run, not a statement
        for paragraph in re.split(r"\n\s*\n", text):
            if any(m in paragraph.lower() for m in DEFAULT_RUN_MARKERS):
                continue
            for token in _NUMBER.findall(paragraph):
                if token.lstrip("+-−") in allowed or token in allowed:
                    continue
                digits = token.lstrip("+-−").replace(",", "")
                decimals = len(digits.split(".")[1]) if "." in digits else 0
                if decimals == 0 and float(digits) < 10:
                    continue  # small integers are counts of things the notebook names
                stated = float(digits)
                if stated == 0 or _states(stated, decimals, current):
                    continue
                if _states(stated, decimals, values):
                    found.append(f"{token!r} in: {paragraph.strip()[:160]}")
    return found


def prose_texts(notebook) -> list[str]:
    """Markdown cells plus Markdown generated by code cells."""
    texts = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    for c in notebook.cells:
        for o in c.get("outputs", []):
            if "text/markdown" in o.get("data", {}):
                texts.append(o["data"]["text/markdown"])
    return texts


def rerun(nb: Path, tmp_path: Path, parameters: dict):
    """Execute ``nb`` with ``parameters`` into ``tmp_path``; returns (notebook, results)."""
    import json

    result = papermill(nb, tmp_path, parameters)
    assert result.returncode == 0, result.stderr[-3000:]
    return nbformat.read(tmp_path / "nb.ipynb", as_version=4), json.loads((tmp_path / "out" / "results.json").read_text())


def prose_follows_the_run(nb: Path, tmp_path: Path, parameters: dict, allowed: set[str] = frozenset()) -> None:
    """Rerun with other parameters: no paragraph states, unmarked, a default-run number the
    rerun changed (static Markdown and generated Markdown alike)."""
    import json

    default = json.loads((nb.parents[1] / "figures" / nb.stem / "results.json").read_text())
    executed, results = rerun(nb, tmp_path, parameters)
    values = changed_results(default, results)
    assert values, "the changed parameters must change some result, or the test proves nothing"
    stale = stale_statements(prose_texts(executed), values, allowed, [v for _, v in _leaves(results)])
    assert not stale, "prose states default-run numbers as this run's:\n" + "\n".join(stale)
