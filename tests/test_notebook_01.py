"""Notebook 01: its parameters, bad input, and that it stays in sync and clean."""

import json

import pytest

from clustermodels.parameters import ParameterError
from clustermodels.paths import repo_root
from clustermodels.supernetwork.notebook import DEFAULTS, resolve

import notebook_checks as checks  # tests/notebook_checks.py

NB = repo_root() / "notebooks" / "01_eco_cluster_supernetwork.ipynb"


def test_parameters_cell_matches_the_library_defaults():
    checks.parameters_cell_matches(NB, DEFAULTS)


def test_defaults_resolve_to_a_certified_instance():
    s = resolve({})
    assert s.lang == "zh" and s.method == "extragradient" and s.certificate["exact"] > 0
    assert s.instance.m == 9 and s.instance.n_edges == 13


def test_levers_change_the_instance():
    s = resolve({"green_subsidy": 0.5, "discard_tax": 0.2, "rd_saving": 0.5, "weights": [0.2, 0.4, 0.4]})
    assert (s.instance.c == s.base.c * 0.5).all() and s.instance.discount.max() == pytest.approx(0.2)
    assert (s.instance.weights == [0.2, 0.4, 0.4]).all()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lang": "fr"}, r"'lang' = 'fr'.*'zh', 'en'"),
        ({"weights": [0.5, 0.5, 0.5]}, r"'weights'.*sum to 1"),
        ({"weights": [0.5, 0.5]}, r"'weights'.*exactly 3"),
        ({"green_subsidy": 1.0}, r"'green_subsidy' = 1.0.*\[0, 1\)"),
        ({"discard_tax": -0.1}, r"'discard_tax' = -0.1"),
        ({"rd_saving": -1}, r"'rd_saving'"),
        ({"tolerance": 0}, r"'tolerance' = 0"),
        ({"method": "newton"}, r"'method' = 'newton'.*'extragradient', 'euler'"),
        ({"sweep_points": 1}, r"'sweep_points'"),
        ({"instance_file": "nope.yaml"}, r"'instance_file' = 'nope.yaml'.*no such file"),
        ({"weights": [0.0, 1.0, 0.0]}, r"without a unique equilibrium.*not strongly monotone"),
        ({"colour": "red"}, r"unknown parameter.*'colour'"),
    ],
)
def test_bad_input_names_the_parameter_and_the_allowed_values(params, message):
    with pytest.raises(ParameterError, match=message):
        resolve(params)


def test_an_instance_file_with_negative_costs_is_rejected(tmp_path):
    text = (repo_root() / "data" / "01_eco_cluster_supernetwork" / "instance.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("c: 1.2,", "c: -1.2,"), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"'instance_file' is invalid.*'c' must be"):
        resolve({"instance_file": str(bad)})


def test_bad_parameter_stops_the_notebook_before_anything_is_written(tmp_path):
    checks.bad_parameter_stops_before_writing(NB, tmp_path, {"weights": [0.5, 0.5, 0.5]},
                                              "parameter 'weights' = [0.5, 0.5, 0.5] is invalid")


def test_paired_script_is_in_sync_with_the_notebook():
    checks.paired_script_in_sync(NB)


def test_committed_notebook_is_executed_and_clean():
    code = checks.executed_and_clean(NB)
    checked = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert len(checked) >= 8


def test_committed_results_json_holds_the_headline_numbers():
    results = json.loads((repo_root() / "figures" / NB.stem / "results.json").read_text())
    for key in ("ecological_value", "economic_value", "cost", "residual", "smallest_eigenvalue"):
        assert key in results
    assert results["residual"] <= 1e-10 and results["smallest_eigenvalue"] > 0


def test_every_committed_figure_and_table_exists():
    folder = repo_root() / "figures" / NB.stem
    for name in ("fig1", "fig2", "fig3", "figA1", "figA2", "figA3"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
        assert (folder / f"{name}.svg").stat().st_size > 10_000
    for name in ("table_flows", "table_agents", "table_coupling", "table_policies"):
        assert (folder / f"{name}.csv").stat().st_size > 100
