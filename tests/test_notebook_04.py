"""Notebook 04: its parameters, bad input, and that it stays in sync and clean."""

import json

import pytest

from clustermodels.parameters import ParameterError
from clustermodels.paths import repo_root
from clustermodels.water.notebook import DEFAULTS, resolve

import notebook_checks as checks  # tests/notebook_checks.py

NB = repo_root() / "notebooks" / "04_water_allocation_fuzzy_coalitions.ipynb"


def test_parameters_cell_matches_the_library_defaults():
    checks.parameters_cell_matches(NB, DEFAULTS)


def test_defaults_resolve_to_the_paper_case():
    s = resolve({})
    assert s.lang == "en" and s.solver == "lp"
    assert len(s.model.coalitions) == 9 and s.supply_points == 33 and s.efficiency_points == 41


def test_new_parameters_are_used():
    s = resolve({"shared_supply": 45.0, "coalitions": [[1], [2], [3], [4], [2, 3]],
                 "efficiencies": [1000, 2000, 500, 800], "sweep_points": 5})
    assert s.model.stage1.shared_capacity.sum() == 45.0
    assert s.model.coalitions == ((0,), (1,), (2,), (3,), (1, 2))
    assert s.model.efficiency.tolist() == [1000, 2000, 500, 800] and s.supply_points == 5


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lang": "fr"}, r"'lang' = 'fr'.*'zh', 'en'"),
        ({"solver": "brute"}, r"'solver' = 'brute'.*'lp', 'enumeration'"),
        ({"efficiencies": [1, 2, 3]}, r"'efficiencies'.*exactly 4"),
        ({"efficiencies": [1000, -2, 3, 4]}, r"'efficiencies'"),
        ({"demands": [[1, 2, 3, 4]]}, r"'demands'.*3 lists"),
        ({"demands": [[1, 2, 3, 4], [1, 2, -3, 4], [1, 2, 3, 4]]}, r"'demands'.*\[0, 10000\]"),
        ({"local_supply": [21, -5.5, 38]}, r"'local_supply'.*\[0, 10000\]"),
        ({"shared_supply": -1}, r"'shared_supply' = -1"),
        ({"shared_supply": 0, "local_supply": [1, 1, 1]}, r"infeasible stage 1.*domestic demand of beijing"),
        ({"coalitions": [[1], [2], [3], [4], [2, 5]]}, r"'coalitions'.*unknown player\(s\) \[5\]"),
        ({"coalitions": [[1], [2], [3]]}, r"'coalitions'.*\[4\] belong to no candidate"),
        ({"coalitions": "1,2"}, r"'coalitions'"),
        ({"evaluate_rates": [[[2, 3], [1, 1.5]], [[1], [1]], [[4], [1]]]}, r"'evaluate_rates'.*\[0, 1\]"),
        ({"evaluate_rates": [[[2, 9], [1, 0.5]]]}, r"'evaluate_rates'.*unknown player"),
        ({"evaluate_rates": [[[1], [1]], [[2, 3], [1, 0.5]], [[3], [0.43]], [[4], [1]]]}, r"player 3's rates add up to 0.93"),
        ({"sweep_points": 1}, r"'sweep_points'"),
        ({"solver": "enumeration", "coalitions": [[1], [2], [3], [4], [1, 2], [1, 3], [1, 4], [2, 3], [2, 4],
                                                  [3, 4], [1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4], [1, 2, 3, 4]]},
         r"'solver' = 'enumeration' is too slow"),
        ({"colour": "red"}, r"unknown parameter.*'colour'"),
    ],
)
def test_bad_input_names_the_parameter_and_the_allowed_values(params, message):
    with pytest.raises(ParameterError, match=message):
        resolve(params)


def test_bad_parameter_stops_the_notebook_before_anything_is_written(tmp_path):
    checks.bad_parameter_stops_before_writing(NB, tmp_path, {"local_supply": [21, -5.5, 38]},
                                              "parameter 'local_supply' = [21, -5.5, 38] is invalid")


def test_paired_script_is_in_sync_with_the_notebook():
    checks.paired_script_in_sync(NB)


def test_committed_notebook_is_executed_and_clean():
    code = checks.executed_and_clean(NB)
    checked = [c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]
    assert len(checked) >= 10, "every cell that prints a reproduced number is checked by nbval"


def test_committed_results_json_holds_the_paper_numbers():
    results = json.loads((repo_root() / "figures" / NB.stem / "results.json").read_text())
    assert results["total_after_yuan"] == pytest.approx(19.57282e11, rel=1e-9)
    assert results["total_alone_yuan"] == pytest.approx(15.35276e11, rel=1e-9)
    assert sorted(map(tuple, results["formed"])) == [(1,), (2, 3), (3,), (4,)]
    assert results["rates"]["{2,3}"] == pytest.approx({"2": 1.0, "3": 0.57})
    assert results["rates"]["{3}"] == pytest.approx({"3": 0.43})


def test_every_committed_figure_and_table_exists():
    folder = repo_root() / "figures" / NB.stem
    for name in ("figA1", "figA2", "figA3", "figA4"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
        assert (folder / f"{name}.svg").stat().st_size > 10_000
    for name in ("table1", "table2", "table3", "table4", "table5", "tableA1", "tableA2", "tableA3", "tableA4",
                 "tableA5", "comparison"):
        assert (folder / f"{name}.csv").stat().st_size > 100


# The paper's own printed values (and fixed facts of its case) may appear anywhere in the prose:
# they are quoted from the paper, not produced by the run.
PAPER_VALUES = {
    "0.57", "0.43",                      # player 3's printed rates in {2,3} and {3}
    "19.57282", "15.35276",              # the printed totals, 1e11 yuan
    "19,572.82", "15,352.76",            # the same totals in 10⁸ yuan
    "0.05",                              # the precision the sensitivity sentence needs (sensitivity.PRECISION)
}


def test_prose_follows_the_run(tmp_path):
    """Less middle-route water changes stage 1, the players, T and the sweeps: no paragraph may
    state the default run's numbers as this run's."""
    checks.prose_follows_the_run(NB, tmp_path, {"shared_supply": 45}, allowed=PAPER_VALUES)
