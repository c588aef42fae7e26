"""Paper 3's run API: every scenario's goal programme and its headline numbers.

See :mod:`clustermodels.runapi`. Keys as in ``results.json``: ``2012_s1.*`` (the first scenario of
the first year solved, at the reference point and over the optimal set) and
``scenarios.<year>.<scenario>.*``. Not included: the paper-pattern search (``paper_checks``,
a mixed-integer programme per question) and the IO-table checks, which the notebook adds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tables import number as num
from . import analysis
from .model import ENERGY_UNITS
from .notebook import Settings, resolve

TRILLION = 1e8  # 10^4 yuan per trillion yuan


@dataclass(frozen=True)
class Scenarios:
    runs: dict       # year -> scenario name -> ScenarioResult
    first_year: str
    numbers: dict[str, float]

    @property
    def first(self):
        """The first scenario of the first year solved (scenario 1 of 2012 by default)."""
        return self.runs[self.first_year][next(iter(self.runs[self.first_year]))]


def solve(settings: Settings) -> Scenarios:
    econ = {year: settings.economy(year) for year in settings.years}
    runs = {y: analysis.run_scenarios(econ[y], settings.scenarios, settings.priorities, settings.active,
                                      settings.target_changes, **settings.options) for y in settings.years}
    first_year = settings.years[0]
    r1 = runs[first_year][next(iter(runs[first_year]))]
    paper = settings.spec["paper_results"]["2012"]["1"]
    agree = analysis.sign_agreement(analysis.signs(r1, settings.table.codes), paper["up"], paper["down"])
    s1 = analysis.outcome(r1)
    energy_scale, _, suffix = ENERGY_UNITS[r1_unit(r1)]
    numbers = {f"2012_s1.sign_agreement_at_point.{k}": v for k, v in agree.items()}
    numbers.update({
        "2012_s1.value_added_change_min_trillion": num(s1["value_added_change_min"] / TRILLION, 4),
        "2012_s1.value_added_change_max_trillion": num(s1["value_added_change_max"] / TRILLION, 4),
        f"2012_s1.energy_saving_min_{suffix}": num(s1["energy_saving_min"] / energy_scale, 3),
        f"2012_s1.energy_saving_max_{suffix}": num(s1["energy_saving_max"] / energy_scale, 3),
        "2012_s1.encouraged_after_trillion": num(r1.after["encouraged_value_added"] / TRILLION, 4),
        "2012_s1.suppressed_after_trillion": num(r1.after["suppressed_value_added"] / TRILLION, 4),
    })
    for year, by_scenario in runs.items():
        for name, res in by_scenario.items():
            numbers[f"scenarios.{year}.{name}.r"] = res.r
            numbers.update({f"scenarios.{year}.{name}.{k}_{suffix}": num(v / energy_scale, 3)
                            for k, v in analysis.outcome(res).items() if k.startswith("energy_saving")})
            low, high = res.quantity_range(res.rows["suppressed_value_added"])
            numbers[f"scenarios.{year}.{name}.suppressed_value_added_min_trillion"] = num(low / TRILLION, 4)
            numbers[f"scenarios.{year}.{name}.suppressed_value_added_max_trillion"] = num(high / TRILLION, 4)
    return Scenarios(runs, first_year, numbers)


def r1_unit(res) -> str:
    """The energy column (and so the unit) a scenario was solved with."""
    return res.energy_column


def numbers(settings: Settings) -> dict[str, float]:
    return solve(settings).numbers


def headline(**params) -> dict[str, float]:
    """The headline numbers of notebook 03 run with ``params`` (validated by its ``resolve``)."""
    return numbers(resolve(params))


def figure_data(settings: Settings, solved: Scenarios) -> dict:
    """What the explore panel's figure draws: each sector's change of total input at the
    reference point of the first scenario of the first year solved (trillion yuan; the
    direction is what the paper's Table 4 reports), sectors by code."""
    first = solved.first
    return {"year": solved.first_year, "scenario": next(iter(solved.runs[solved.first_year])),
            "codes": list(settings.table.codes),
            "input_change": [float(v) for v in (first.x - first.x0) / TRILLION]}


def headline_with_figure(**params) -> tuple[dict[str, float], dict]:
    """:func:`headline`'s numbers and :func:`figure_data`, from one solve."""
    settings = resolve(params)
    solved = solve(settings)
    return solved.numbers, figure_data(settings, solved)


def explicit_defaults() -> dict[str, list]:
    return {"ranges": [float(cfg["r"]) for cfg in resolve({}).scenarios.values()]}
