"""The run API: one function per paper, the same numbers as the committed results.json."""

import json

import pytest

from clustermodels.parameters import ParameterError
from clustermodels.paths import figures_dir
from clustermodels.runapi import PAPERS, flatten, paper_module, run_points, unflatten

NOTEBOOKS = {"01": "01_eco_cluster_supernetwork", "02": "02_innovation_network_dynamics",
             "03": "03_industrial_structure_goal_programming", "04": "04_water_allocation_fuzzy_coalitions"}
ONLY_IN_HEADLINE = {"paper_structure_formed"}  # results.json lists the formed coalitions instead


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_headline_is_results_json(paper):
    """Every headline number of the default run is the number results.json holds under that path."""
    headline = paper_module(paper).headline()
    committed = flatten(json.loads((figures_dir(NOTEBOOKS[paper]) / "results.json").read_text()))
    assert len(headline) >= 5
    for key, value in headline.items():
        if key in ONLY_IN_HEADLINE:
            continue
        assert committed[key] == value, key
        assert isinstance(value, (int, float)), key


@pytest.mark.parametrize("paper,bad", [("01", {"green_subsidy": 1.0}), ("02", {"effect": -1}),
                                       ("03", {"ranges": [0, 0, 0, 0]}), ("04", {"shared_supply": -1})])
def test_headline_validates_with_resolve(paper, bad):
    name = next(iter(bad))
    with pytest.raises(ParameterError, match=name):
        paper_module(paper).headline(**bad)


def test_headline_responds_to_parameters():
    """Not a constant: more effect, more capability (C is linear in the effect)."""
    run = paper_module("02")
    low, high = run.headline(effect=0.001), run.headline(effect=0.002)
    assert high["baseline.capability_final"] == pytest.approx(2 * low["baseline.capability_final"], abs=1e-5)


def test_vectorised_paper_2_equals_one_point_at_a_time():
    run = paper_module("02")
    points = [{}, {"effect": 0.002}, {"internal_coefficients": [1, 2, 3, 4]}, {"effect": 2},
              {"effect": 0.003, "external_coefficients": [5, 1, 1, 1], "time_step": 0.25}, {"time_step": 0.7}]
    many = run.headline_many(points)
    for point, got in zip(points, many):
        try:
            expected = run.headline(**point)
        except ParameterError as exc:
            assert isinstance(got, ParameterError) and str(got) == str(exc)
        else:
            assert got == expected


def test_run_points_records_a_bad_point():
    rows = run_points("01", [{"green_subsidy": 0.1}, {"green_subsidy": 2.0}])
    assert rows[0][1] is None and rows[0][0]["green_flow"] > 0
    assert rows[1][0] is None and "green_subsidy" in rows[1][1]


def test_flatten_unflatten_round_trip():
    nested = {"a": {"b": 1, "c": {"d": 2.5}}, "e": True}
    assert flatten(nested) == {"a.b": 1, "a.c.d": 2.5, "e": True}
    assert unflatten(flatten(nested)) == nested
