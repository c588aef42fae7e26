"""Notebook 02: its parameters, bad input, and that it stays in sync and clean."""

import json

import pytest

from clustermodels.innovation.notebook import DEFAULTS, resolve
from clustermodels.parameters import ParameterError
from clustermodels.paths import repo_root

import notebook_checks as checks  # tests/notebook_checks.py

NB = repo_root() / "notebooks" / "02_innovation_network_dynamics.ipynb"


def test_parameters_cell_matches_the_library_defaults():
    checks.parameters_cell_matches(NB, DEFAULTS)


def test_defaults_resolve_to_the_paper_spec():
    s = resolve({})
    assert s.lang == "en" and s.increase == 0.5 and s.spec.time_step == 0.125


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lang": "fr"}, r"'lang' = 'fr'.*'zh', 'en'"),
        ({"final_time": -5}, r"'final_time' = -5.*\[0.1, 200\]"),
        ({"final_time": "20"}, r"'final_time'"),
        ({"time_step": 0}, r"'time_step' = 0"),
        ({"time_step": 0.3}, r"'time_step' = 0.3.*whole number"),
        ({"method": "rk45"}, r"'method' = 'rk45'.*'euler', 'rk4'"),
        ({"effect": -0.1}, r"'effect'"),
        ({"internal_coefficients": [10, 4, 20]}, r"'internal_coefficients'.*exactly 4"),
        ({"external_coefficients": [20, 1, -10, 4]}, r"'external_coefficients'"),
        ({"lookup_x": [0, 10, 10]}, r"'lookup_x'.*strictly increasing"),
        ({"lookup_y": [0, 4.6]}, r"'lookup_x' and 'lookup_y'.*same length"),
        ({"sensitivity_increase": 0}, r"'sensitivity_increase'"),
        ({"sweep_scenarios": 2.5}, r"'sweep_scenarios'.*integer"),
        ({"sweep_spread": 1}, r"'sweep_spread'"),
        ({"colour": "red"}, r"unknown parameter.*'colour'"),
    ],
)
def test_bad_input_names_the_parameter_and_the_allowed_values(params, message):
    with pytest.raises(ParameterError, match=message):
        resolve(params)


def test_bad_parameter_stops_the_notebook_before_anything_is_written(tmp_path):
    checks.bad_parameter_stops_before_writing(NB, tmp_path, {"time_step": -1.0},
                                              "parameter 'time_step' = -1.0 is invalid")


def test_paired_script_is_in_sync_with_the_notebook():
    checks.paired_script_in_sync(NB)


def test_committed_notebook_is_executed_and_clean():
    checks.executed_and_clean(NB)


def test_committed_results_json_holds_the_headline_numbers():
    results = json.loads((repo_root() / "figures" / NB.stem / "results.json").read_text())
    assert results["baseline"]["capability_final"] == pytest.approx(3.8682)
    assert results["sensitivity"]["knowledge_restructuring"]["change"] == pytest.approx(0.5526)
    vs = results["paper_vs_ours"]
    assert vs["ranking_matches_paper"] is True
    # the default lookup keeps every curve of Figs. 4-6 on the paper's 0-5.00 axis; the triangle does not
    assert vs["lookup_meets_every_constraint"] is True and vs["figs5_6_highest"] <= 5.0
    assert vs["triangle_meets_every_constraint"] is False
    assert vs["triangle_capability_final"] == pytest.approx(4.83)
    assert vs["triangle_figs5_6_highest"] == pytest.approx(5.52)


def test_every_committed_figure_has_png_and_svg():
    folder = repo_root() / "figures" / NB.stem
    for name in ("fig1", "fig2", "fig3", "fig4", "fig5", "fig6", "figA1", "figA2", "figA3"):
        assert (folder / f"{name}.png").stat().st_size > 10_000
        assert (folder / f"{name}.svg").stat().st_size > 10_000
    assert (folder / "tableA5.csv").exists() and (folder / "tableA6.csv").exists()


def test_prose_follows_the_run(tmp_path):
    # The triangle lookup (the earlier default) and a larger resource-mining coefficient change the
    # year-end level, every raised case, the area under E, the relative gains and the sweep; a
    # smaller sweep keeps the rerun quick and changes the sweep's numbers too. (Coefficients chosen so
    # that no rerun number rounds, by coincidence, to a default-run number stated nearby.)
    checks.prose_follows_the_run(
        NB, tmp_path,
        {"lookup_x": [0, 10, 20], "lookup_y": [0, 4.6, 0], "internal_coefficients": [13, 4, 20, 1],
         "sweep_scenarios": 3000},
        allowed={"0.05"},  # the precision the sensitivity sentence needs (sensitivity.PRECISION)
    )
