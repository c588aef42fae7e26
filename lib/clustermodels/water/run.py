"""Paper 4's run API: the three stages solved once, and their headline numbers.

See :mod:`clustermodels.runapi`. Keys as in ``results.json``: ``player_benefit.<player>``,
``spare_capacity.<player>``, ``stage1_shortage.<region>/<user>``, ``inputs.*``, ``in_core`` and
``calibrated_shares.<player>``; plus ``paper_structure_formed`` (1 when the coalitions formed are
the paper's, {1} {3} {4} {2,3}; ``results.json`` lists them under ``formed``). Not included:
``total_after``, which the notebook prints to the decimals that both stage-2 solvers guarantee
(the enumeration takes seconds), and the sweeps of Section 11.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import analysis, calibration, core, stage2
from .notebook import Settings, resolve
from .robustness import PAPER_STRUCTURE


@dataclass(frozen=True)
class Solved:
    players: stage2.Players
    allocation: stage2.Allocation
    core_table: pd.DataFrame
    calibration: calibration.Calibration
    numbers: dict[str, float]


def solve(settings: Settings) -> Solved:
    model, table = settings.model, settings.stage1
    players = model.players_from(table)
    allocation = stage2.solve(players, model.coalitions, settings.solver)
    cal = calibration.calibrate_shares(model, table)
    core_table = core.core_table(allocation)
    numbers = {"inputs.shared_supply": float(model.stage1.shared_capacity.sum())}
    numbers.update({f"inputs.efficiency.{p.id}": round(float(b), 4) for p, b in zip(model.players, model.efficiency)})
    numbers.update({f"stage1_shortage.{r}/{u}": round(float(v), 4)
                    for r, u, v in zip(table["region"], table["user"], table["shortage"])})
    numbers.update({f"spare_capacity.{p.id}": round(float(c - x), 4)
                    for p, c, x in zip(model.players, players.cap, players.water)})
    numbers.update({f"player_benefit.{i + 1}": round(float(v), 4) for i, v in enumerate(allocation.player_benefit())})
    numbers["in_core"] = core.in_core(core_table, float(players.standalone().sum()))
    numbers.update({f"calibrated_shares.{k}": round(v, 10) for k, v in sorted(cal.shares.items())})
    numbers["paper_structure_formed"] = int(analysis.structure(allocation) == PAPER_STRUCTURE)
    return Solved(players, allocation, core_table, cal, numbers)


def numbers(settings: Settings) -> dict[str, float]:
    return solve(settings).numbers


def headline(**params) -> dict[str, float]:
    """The headline numbers of notebook 04 run with ``params`` (validated by its ``resolve``)."""
    return numbers(resolve(params))


def figure_data(solved: Solved) -> dict:
    """What the explore panel's figure draws: each player's benefit using its water alone and
    after joining fuzzy coalitions (10⁸ yuan/year), players in order 1, 2, ..."""
    return {"alone": [float(v) for v in solved.players.standalone()],
            "after": [float(v) for v in solved.allocation.player_benefit()]}


def headline_with_figure(**params) -> tuple[dict[str, float], dict]:
    """:func:`headline`'s numbers and :func:`figure_data`, from one solve."""
    solved = solve(resolve(params))
    return solved.numbers, figure_data(solved)


def explicit_defaults() -> dict[str, list]:
    model = resolve({}).model
    stage1 = model.stage1
    return {"efficiencies": [float(b) for b in model.efficiency],
            "local_supply": [float(v) for v in stage1.local_capacity],
            "demands": [[float(v) for v in row] for row in stage1.demand]}
