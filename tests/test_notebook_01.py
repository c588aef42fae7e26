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
    assert s.lang == "en" and s.method == "extragradient" and s.certificate["exact"] > 0
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
        ({"weights": [0.0, 1.0, 0.0]}, r"without a unique variational equilibrium.*not strongly monotone"),
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
    with pytest.raises(ParameterError, match=r"'instance_file' = .* is invalid.*defaults\.c = -1\.2 must be"):
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
    for name in ("table_flows", "table_agents", "table_suppliers", "table_coupling", "table_policies"):
        assert (folder / f"{name}.csv").stat().st_size > 100


def test_committed_results_respect_every_supplier_cap():
    results = json.loads((repo_root() / "figures" / NB.stem / "results.json").read_text())
    assert 0 < results["max_supplier_utilisation"] <= 1 + 1e-9
    assert max(results["supplier_utilisation"].values()) == results["max_supplier_utilisation"]
    assert all(u <= 1 + 1e-9 for u in results["max_supplier_utilisation_by_case"].values())
    assert all(mu >= 0 for mu in results["supplier_multiplier"].values())
    # a multiplier is positive only where the cap binds (complementary slackness)
    for name, mu in results["supplier_multiplier"].items():
        assert mu == 0 or results["supplier_utilisation"][name] > 1 - 1e-6
    assert results["kkt_violation"] < 1e-8


def test_unequal_cost_weights_among_a_suppliers_buyers_are_rejected():
    """Per-agent weights are allowed in an Instance, but the buyers of a supplier must share w3."""
    import numpy as np

    s = resolve({})
    w = np.tile([0.3, 0.4, 0.3], (s.base.m, 1))
    w[s.base.agents.index("B")] = [0.3, 0.5, 0.2]
    with pytest.raises(ValueError, match=r"weights: the buyers of supplier A .* must share the cost weight w3"):
        s.base.with_(weights=w)


# Tokens that are fixed facts, not results, written at one or two decimals and so liable to equal a
# changed default-run result by rounding (e.g. a supplier's utilisation 0.8947 -> "0.9"):
FIXED_FACTS = {
    "0.9",   # the extragradient step t = 0.9/L (a constant of the method)
    "0.1",   # the first value of the w1 sweep (data file, policies.w1.low)
    "0.6",   # the last value of the R&D and w1 sweeps (data file, policies.*.high)
    "0.10",  # the lowest list price of a waste edge (data file, agents' price)
    "0.05",  # the precision to which the sensitivity sentence needs the top two indices (sensitivity.PRECISION)
}


@pytest.mark.parametrize("parameters", [{"green_subsidy": 0.5}, {"weights": [0.4, 0.3, 0.3], "discard_tax": 0.3}])
def test_prose_follows_the_run(tmp_path, parameters):
    checks.prose_follows_the_run(NB, tmp_path, parameters, FIXED_FACTS)
