"""The explore panel's headline figure of each paper (issue 22) draws the run API's figure data:
this run's series are ``headline_with_figure``'s for the moved parameter, the default series the
default run's, and the figure data agree with the headline numbers of the same solve."""

from __future__ import annotations

import numpy as np
import pytest

from clustermodels import i18n
from clustermodels.explore import FIXED, figure
from clustermodels.runapi import PAPERS, paper_module

# One parameter moved per paper, far enough that the figure changes; and the series each draws.
MOVES = {"01": {"green_subsidy": 0.5}, "02": {"effect": 0.002}, "03": {"band": 0.05}, "04": {"shared_supply": 45.0}}
SERIES = {"01": ("green_flow", "economic_flow"), "02": ("capability",), "03": ("input_change",), "04": ("after",)}


def drawn(fig, label: str) -> list[list[float]]:
    """The y-values of every line and bar series labelled ``label``, axes in order."""
    found = []
    for ax in fig.axes:
        found += [list(line.get_ydata()) for line in ax.get_lines() if line.get_label() == label]
        found += [[bar.get_height() for bar in bars] for bars in ax.containers if bars.get_label() == label]
    return found


@pytest.fixture(scope="module")
def runs():
    """Per paper: the default run and the moved run, each ``(numbers, figure data)``."""
    i18n.activate("en")
    return {paper: (paper_module(paper).headline_with_figure(**FIXED.get(paper, {})),
                    paper_module(paper).headline_with_figure(**FIXED.get(paper, {}), **MOVES[paper]))
            for paper in PAPERS}


@pytest.mark.parametrize("paper", PAPERS)
def test_the_figure_draws_this_run_and_the_default_run_from_the_run_api(paper, runs):
    i18n.activate("en")
    (_, default), (_, moved) = runs[paper]
    fig = figure(paper, default, moved)
    expected_this = [moved[key] for key in SERIES[paper]]
    expected_default = [default[key] for key in SERIES[paper]]
    assert drawn(fig, "this run") == expected_this
    assert drawn(fig, "default run") == expected_default
    assert any(not np.allclose(a, b) for a, b in zip(expected_this, expected_default)), "the move changes nothing"
    before = figure(paper, default, None)  # the panel before any move: the default run alone
    assert drawn(before, "this run") == [] and drawn(before, "default run") == expected_default


@pytest.mark.parametrize("paper", PAPERS)
def test_the_numbers_come_from_the_same_solve_as_the_headline(paper, runs):
    (numbers, _), (moved_numbers, _) = runs[paper]
    run = paper_module(paper)
    assert numbers == run.headline(**FIXED.get(paper, {}))
    assert moved_numbers == run.headline(**FIXED.get(paper, {}), **MOVES[paper])


@pytest.mark.parametrize("which", [0, 1])
def test_figure_data_agree_with_the_headline_numbers(runs, which):
    numbers, data = runs["01"][which]
    assert sum(data["green_flow"]) == pytest.approx(numbers["green_flow"], abs=1e-5)
    assert sum(data["economic_flow"]) == pytest.approx(numbers["economic_flow"], abs=1e-5)
    numbers, data = runs["02"][which]
    assert data["capability"][-1] == pytest.approx(numbers["baseline.capability_final"], abs=1e-6)
    numbers, data = runs["04"][which]
    players = range(1, len(data["after"]) + 1)
    assert [round(v, 4) for v in data["after"]] == [numbers[f"player_benefit.{i}"] for i in players]


def test_paper_3_draws_the_reference_point_of_2012_scenario_1():
    from clustermodels.industry import analysis, run
    from clustermodels.industry.notebook import resolve

    settings = resolve({**FIXED["03"], **MOVES["03"]})
    solved = run.solve(settings)
    data = run.figure_data(settings, solved)
    assert (data["year"], data["scenario"]) == ("2012", "1")
    signs = analysis.signs(solved.first, settings.table.codes)
    change = np.array(data["input_change"])
    assert list(signs.index) == data["codes"]
    assert (signs == "+").tolist() == (change > 1e-7 * solved.first.x0 / run.TRILLION).tolist()


def test_paper_2_draws_the_notebooks_fig_4_curve():
    from clustermodels.innovation.model import simulate_capability
    from clustermodels.innovation.notebook import resolve
    from clustermodels.innovation.run import solve

    settings = resolve(MOVES["02"])
    assert solve(settings)[1]["capability"] == simulate_capability(settings.spec)[0].tolist()
