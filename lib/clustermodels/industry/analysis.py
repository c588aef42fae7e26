"""Scenario runs, comparisons with the paper, and the range sweep (beyond the paper)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import Economy, ScenarioResult, solve_scenario


def run_scenarios(econ: Economy, scenarios: dict, priorities: dict, active, target_changes: dict) -> dict:
    return {name: solve_scenario(econ, cfg["r"], cfg["energy_water_goals"], priorities, active,
                                 name=name, target_changes=target_changes)
            for name, cfg in scenarios.items()}


def signs(res: ScenarioResult, codes, rel: float = 1e-7) -> pd.Series:
    d = res.x - res.x0
    return pd.Series(np.where(d > rel * res.x0, "+", np.where(d < -rel * res.x0, "-", "0")), index=list(codes))


def sign_agreement(sign: pd.Series, up, down) -> dict:
    """How many of the paper's rising / falling sectors rise / fall here."""
    up_hits = sum(sign.get(c) == "+" for c in up)
    down_hits = sum(sign.get(c) == "-" for c in down)
    return {"paper_up": len(up), "paper_down": len(down), "up_agree": int(up_hits), "down_agree": int(down_hits),
            "agree": int(up_hits + down_hits), "of": len(up) + len(down)}


def deviation_table(results: dict, scale: dict) -> pd.DataFrame:
    """Tables 3 and 5: each goal's target and change per scenario (in display units)."""
    rows = []
    for name, res in results.items():
        for goal, row in res.goals.set_index("goal").iterrows():
            s, unit = scale.get(goal, (1.0, ""))
            rows.append({"scenario": name, "goal": goal, "priority": int(row["priority"]), "unit": unit,
                         "target": row["target"] / s, "value": row["value"] / s,
                         "change": (row["value"] - row["target"]) / s})
    return pd.DataFrame(rows)


def input_table(results: dict, codes, names) -> pd.DataFrame:
    """Tables 4 and 6: each sector's input before and after (trillion yuan), change and sign."""
    first = next(iter(results.values()))
    out = pd.DataFrame({"code": list(codes), "sector": list(names), "before": first.x0 / 1e8})
    for name, res in results.items():
        out[f"after s{name}"] = res.x / 1e8
        out[f"change s{name}"] = (res.x - res.x0) / 1e8
        out[f"sign s{name}"] = signs(res, codes).to_numpy()
    return out


def _outcome(res: ScenarioResult) -> dict:
    """Savings, value-added change and the structure goals' unmet deviations of one solve."""
    goals = res.goals.set_index("goal")

    def unmet(goal: str) -> float:
        return float(goals.loc[goal, "unwanted"]) if goal in goals.index else 0.0

    return {"value_added_change": res.after["value_added"] - res.base["value_added"],
            "energy_saving": res.base["energy"] - res.after["energy"],
            "water_saving": res.base["water"] - res.after["water"],
            "so2_saving": res.base["so2"] - res.after["so2"],
            "suppressed_shortfall": unmet("suppressed_value_added"),
            "encouraged_shortfall": unmet("encouraged_value_added")}


def range_sweep(econ: Economy, ranges, priorities: dict, active, target_changes: dict) -> pd.DataFrame:
    """Beyond the paper: savings and the group goals' achievement as the adjustment range grows."""
    return pd.DataFrame([{"r": float(r), **_outcome(solve_scenario(econ, float(r), True, priorities, active,
                                                                   target_changes=target_changes))}
                         for r in ranges])


def growth_sweep(econ: Economy, growth, r: float, priorities: dict, active, target_changes: dict) -> pd.DataFrame:
    """Beyond the paper: raise the value-added target by each relative growth and see what the
    lower levels give up (water, energy, the structure goals)."""
    return pd.DataFrame([{"growth_target": float(g),
                          **_outcome(solve_scenario(econ, r, True, priorities, active,
                                                    target_changes=dict(target_changes, value_added=float(g))))}
                         for g in growth])
