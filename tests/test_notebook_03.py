"""Notebook 03: its parameters, bad input, and that it stays in sync and clean."""

import json

import pytest

from clustermodels.industry.notebook import DEFAULTS, resolve
from clustermodels.parameters import ParameterError
from clustermodels.paths import repo_root

import notebook_checks as checks  # tests/notebook_checks.py

NB = repo_root() / "notebooks" / "03_industrial_structure_goal_programming.ipynb"


def test_parameters_cell_matches_the_library_defaults():
    checks.parameters_cell_matches(NB, DEFAULTS)


def test_defaults_resolve_to_the_paper_scenarios():
    s = resolve({})
    assert [c["r"] for c in s.scenarios.values()] == [0.05, 0.03, 0.02, 0.05]
    assert s.satellite_is_proxy and s.table.n == 42
    assert (s.range_reading, s.band, s.nexus_reading, s.final_demand_floor) == ("band", 0.10, "double", False)
    assert "energy_tj_per_wan_yuan" in s.intensity.columns


def test_new_parameters_are_used():
    s = resolve({"ranges": [0.1, 0.05, 0.03, 0.1], "group_changes": {"33": "encouraged"},
                 "priorities": {"water": 2}, "target_changes": {"water": -0.01}, "active_goals": ["total_input", "water"]})
    assert s.scenarios["1"]["r"] == 0.1 and s.priorities["water"] == 2
    assert s.sectors.set_index("code").loc["33", "policy_group"] == "encouraged"
    assert s.target_changes == {"water": -0.01} and s.active == ("total_input", "water")


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lang": "fr"}, r"'lang' = 'fr'"),
        ({"ranges": [0.05, -0.1, 0.02, 0.05]}, r"'ranges'.*\[0.001, 0.99\]"),
        ({"ranges": [0.05]}, r"'ranges'.*exactly 4"),
        ({"group_changes": {"99": "encouraged"}}, r"'group_changes' names unknown key\(s\) \['99'\]"),
        ({"group_changes": {"06": "banned"}}, r"'group_changes\[06\]' = 'banned'"),
        ({"priorities": {"water": 0}}, r"'priorities\[water\]' = 0"),
        ({"active_goals": ["growth"]}, r"'active_goals' names unknown goal"),
        ({"target_changes": {"total_input": 0.5}}, r"goal set is infeasible.*level 1 \(total_input"),
        ({"satellite_file": "nope.csv"}, r"'satellite_file' = 'nope.csv'.*no such file"),
        ({"sweep_points": 1}, r"'sweep_points'"),
        ({"years": ["2030"]}, r"'years' = '2030'"),
        ({"colour": "red"}, r"unknown parameter.*'colour'"),
        ({"range_reading": "each"}, r"'range_reading' = 'each'.*'band', 'sector', 'group'"),
        ({"band": 0.8}, r"'band' = 0.8"),
        ({"nexus_reading": "wide"}, r"'nexus_reading' = 'wide'.*'narrow', 'double'"),
        ({"final_demand_floor": "yes"}, r"'final_demand_floor' = 'yes'.*True or False"),
        ({"energy_data": "nbs"}, r"'energy_data' = 'nbs'.*'wiod_tj', 'wiod_tj_fuels', 'ceads_co2'"),
        ({"fixed_sectors": ["99"]}, r"'fixed_sectors'.*codes from 01 to 42"),
        ({"reference_point": "vertex"}, r"'reference_point' = 'vertex'.*'least_change'"),
        ({"targets_2022": "2020"}, r"'targets_2022' = '2020'"),
    ],
)
def test_bad_input_names_the_parameter_and_the_allowed_values(params, message):
    with pytest.raises(ParameterError, match=message):
        resolve(params)


def test_a_satellite_file_with_missing_sectors_is_refused(tmp_path):
    text = (repo_root() / "data" / "03_industrial_structure_goal_programming" / "satellite_proxy_2012.csv").read_text()
    bad = tmp_path / "sat.csv"
    bad.write_text("\n".join(line for line in text.splitlines() if not line.startswith("06,")) + "\n")
    with pytest.raises(ParameterError, match=r"'satellite_file' = .* is invalid.*missing \['06'\]"):
        resolve({"satellite_file": str(bad)})


def test_bad_parameter_stops_the_notebook_before_anything_is_written(tmp_path):
    checks.bad_parameter_stops_before_writing(NB, tmp_path, {"ranges": [0.05, -0.1, 0.02, 0.05]},
                                              "parameter 'ranges' = [0.05, -0.1, 0.02, 0.05] is invalid")


def test_paired_script_is_in_sync_with_the_notebook():
    checks.paired_script_in_sync(NB)


def test_committed_notebook_is_executed_and_clean():
    code = checks.executed_and_clean(NB)
    assert len([c for c in code if "nbval-check-output" in c.metadata.get("tags", [])]) >= 9


def test_committed_results_json_and_files():
    folder = repo_root() / "figures" / NB.stem
    results = json.loads((folder / "results.json").read_text())
    assert results["satellite"].startswith("built-in")
    s1 = results["2012_s1"]
    assert s1["value_added_change_min_trillion"] <= s1["value_added_change_max_trillion"]
    assert s1["energy_saving_min_1e4_tj"] <= s1["energy_saving_max_1e4_tj"]
    assert 0 <= s1["paper_signs_attainable"] <= s1["paper_signs_of"] == 34
    # the reading-fit table: every candidate counted, the run uses the best-fitting reading
    fit = results["reading_fit"]
    assert fit["used"] == fit["best"] and fit["attained"][fit["best"]] == max(fit["attained"].values())
    assert all(sum(cells.values()) == fit["attained"][name] for name, cells in fit["cells"].items())
    assert fit["best"] == f"{s1['range_reading']}, B = {100 * s1['band']:g} %, {s1['nexus_reading']} nexus"
    # the suppressed group's value added in scenarios 2 and 3, and scenario 1's energy saving in 10^4 TJ
    for name in ("2", "3"):
        low = results["scenarios"]["2012"][name]["suppressed_value_added_min_trillion"]
        assert low <= results["scenarios"]["2012"][name]["suppressed_value_added_max_trillion"]
    energy = next(r for r in results["energy_water"] if r["quantity"] == "2012 scenario 1: energy saving")
    assert energy["paper"] == 12.49 and energy["unit"] == "10⁴ TJ" and energy["min"] <= energy["max"]
    for name in ("fig1", "figA1"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
    for name in ("fig1_coordinates", "table1", "table2", "table3", "table4", "table5", "table6", "tableA1", "tableA2",
                 "table_reading_fit", "table_reading_fit_counts", "table_energy_water"):
        assert (folder / f"{name}.csv").stat().st_size > 100


def test_prose_follows_the_run(tmp_path):
    # a wider range moves every range and count; the paper's printed values may appear anywhere
    checks.prose_follows_the_run(NB, tmp_path, {"ranges": [0.08, 0.03, 0.02, 0.05], "sweep_points": 3},
                                 allowed={"0.25", "6.69", "6.66", "10.44", "10.58", "7.01", "10.07", "11.99",
                                          "17.22", "11.39", "18.08", "160.16", "53.68", "273.77", "91.76",
                                          "25"})  # sector code 25 (electricity) in the prose, not a result
