"""Analyses beyond the paper: how the coalitions and gains respond to supply and efficiency."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..sharedresults import shared
from .core import core_table
from .inputs import WaterModel
from .stage1 import Stage1Infeasible, solve_stage1
from .stage2 import Allocation, solve


@dataclass
class Outcome:
    """Stage 1 table, the players it gives, the stage-2 allocation (with stage-3 shares)."""

    stage1: pd.DataFrame
    allocation: Allocation

    @property
    def players(self):
        return self.allocation.players


def run(model: WaterModel, solver: str = "lp") -> Outcome:
    table = solve_stage1(model.stage1)
    return Outcome(table, solve(model.players_from(table), model.coalitions, solver))


def coalition_label(members) -> str:
    return "{" + ",".join(str(i + 1) for i in members) + "}"


def member_label(alloc: Allocation, k: int) -> str:
    """Coalition k by its members with a positive rate; "{2,4}<{1,2,3,4}" when that is only part
    of the candidate coalition."""
    members, candidate = alloc.members(k), alloc.coalitions[k]
    label = coalition_label(members)
    return label if members == candidate else label + "<" + coalition_label(candidate)


def structure(alloc: Allocation) -> str:
    """The formed coalitions, singletons first, e.g. "{1} {3} {4} {2,3}"."""
    parts = [member_label(alloc, k) for k in alloc.formed()]
    return " ".join(sorted(parts, key=lambda s: (s.count(",") > 0, s)))


def _row(model: WaterModel, solver: str, stage1: pd.DataFrame | None = None, **extra) -> dict:
    """One sweep point; ``stage1`` is the stage-1 table when the caller knows it is unchanged."""
    try:
        if stage1 is None:
            out = run(model, solver)
        else:
            out = Outcome(stage1, solve(model.players_from(stage1), model.coalitions, solver))
    except Stage1Infeasible:
        return {**extra, "feasible": False}
    alloc, p = out.allocation, out.players
    gains = alloc.player_benefit() - p.standalone()
    row = {**extra, "feasible": True, "total_alone": float(p.standalone().sum()),
           "total_after": alloc.total(), "structure": structure(alloc),
           "core_max_excess": float(core_table(alloc)["excess"].max())}
    row.update({f"gain_{i + 1}": float(g) for i, g in enumerate(gains)})
    row["gain"] = row["total_after"] - row["total_alone"]
    return row


@shared
def supply_sweep(model: WaterModel, supplies, solver: str = "lp") -> pd.DataFrame:
    """Everything rerun (stage 1 included) for each middle-route supply (1e8 m3/a)."""
    rows = []
    for w in supplies:
        s1 = model.stage1
        changed = model.with_(stage1=type(s1)(**{**s1.__dict__, "shared_capacity": np.atleast_1d(float(w))}))
        rows.append(_row(changed, solver, shared_supply=float(w)))
    return pd.DataFrame(rows)


@shared
def efficiency_sweep(model: WaterModel, player: int, values, solver: str = "lp") -> pd.DataFrame:
    """Stage 2 rerun for each efficiency (yuan/m3) of one player (1-based id). Stage 1 does not
    involve the efficiencies, so it is solved once for the whole sweep."""
    try:
        stage1 = solve_stage1(model.stage1)
    except Stage1Infeasible:
        return pd.DataFrame([{"efficiency": float(b), "feasible": False} for b in values])
    rows = []
    for b in values:
        eff = np.array(model.efficiency, float)
        eff[player - 1] = b
        rows.append(_row(model.with_(efficiency=eff), solver, stage1, efficiency=float(b)))
    return pd.DataFrame(rows)


def regimes(frame: pd.DataFrame, x: str) -> list[tuple[float, float, str]]:
    """Contiguous runs of the same coalition structure along ``x``: (start, end, structure)."""
    out = []
    for _, r in frame.iterrows():
        label = r["structure"] if r["feasible"] else "infeasible"
        if out and out[-1][2] == label:
            out[-1] = (out[-1][0], r[x], label)
        else:
            out.append((r[x], r[x], label))
    return out
