"""The paper's goal programme (6)-(13), reconstructed: shift sector inputs within ranges so that,
in priority order, total input stays, value added does not fall, water and energy use, the
energy-water nexus and pollutants do not rise, and suppressed / encouraged sectors' value added
move to their targets. Decision variables: each sector's total input x_i (10^4 yuan).

Value added, water, energy and pollutants are linear in x through fixed rates (Assumptions 1-2 of
the paper): value-added rate v_i, and the satellite intensities per unit of output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK, goalprog
from .satellite import ENERGY_COLUMNS

GOALS = ("total_input", "value_added", "water", "energy", "energy_for_water", "water_for_energy",
         "so2", "nox", "cod", "nh3n", "suppressed_value_added", "encouraged_value_added")
SENSE = {"total_input": "=", "value_added": ">=", "encouraged_value_added": ">="}


def load_spec(path: Path | None = None) -> dict:
    path = Path(path) if path else data_dir(NOTEBOOK) / "model.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Economy:
    """Everything the programme needs for one year, per sector (in ``codes`` order)."""

    codes: tuple[str, ...]
    groups: np.ndarray          # policy group per sector
    x0: np.ndarray              # base total input, 10^4 yuan
    va_rate: np.ndarray
    intensity: pd.DataFrame     # satellite columns, per 10^4 yuan
    energy_sectors: tuple[str, ...]
    water_sector: str

    def rows(self) -> dict[str, np.ndarray]:
        """Coefficient row of every goal quantity: quantity = row . x."""
        energy_col = next(c for c in ENERGY_COLUMNS if c in self.intensity.columns)
        w = self.intensity["water_m3_per_wan_yuan"].to_numpy()
        e = self.intensity[energy_col].to_numpy()
        in_energy = np.isin(self.codes, self.energy_sectors)
        is_water = np.array([c == self.water_sector for c in self.codes])
        return {
            "total_input": np.ones(len(self.codes)),
            "value_added": self.va_rate,
            "water": w, "energy": e,
            "energy_for_water": w * in_energy, "water_for_energy": e * is_water,
            "so2": self.intensity["so2_t_per_wan_yuan"].to_numpy(),
            "nox": self.intensity["nox_t_per_wan_yuan"].to_numpy(),
            "cod": self.intensity["cod_t_per_wan_yuan"].to_numpy(),
            "nh3n": self.intensity["nh3n_t_per_wan_yuan"].to_numpy(),
            "suppressed_value_added": self.va_rate * (self.groups == "suppressed"),
            "encouraged_value_added": self.va_rate * (self.groups == "encouraged"),
        }

    def totals(self, x: np.ndarray) -> dict[str, float]:
        return {name: float(row @ x) for name, row in self.rows().items()}


def economy(year: str, table, sectors: pd.DataFrame, intensity: pd.DataFrame, spec: dict) -> Economy:
    """The 2012 economy, or 2022's: inputs scaled by the paper's growth, intensities declined."""
    x0 = np.asarray(table.output, float)
    intensity = intensity.copy()
    if year == "2022":
        x0 = x0 * spec["year_2022"]["growth"]["value"]
        decline = spec["year_2022"]["intensity_decline_per_year"]
        for col in intensity.columns:
            key = "energy" if col.startswith("energy") else col.split("_")[0]
            intensity[col] = intensity[col] * (1 - decline[key]) ** 10
    elif year != "2012":
        raise ValueError(f"year {year!r} is unknown; allowed '2012' or '2022'")
    return Economy(tuple(table.codes), sectors.set_index("code").loc[list(table.codes), "policy_group"].to_numpy(),
                   x0, table.value_added_rate(), intensity, tuple(spec["energy_sectors"]["value"]),
                   spec["water_sector"]["value"])


@dataclass
class ScenarioResult:
    name: str
    r: float
    x: np.ndarray
    x0: np.ndarray
    goals: pd.DataFrame   # per goal: target, value, deviations
    base: dict[str, float]
    after: dict[str, float]

    def change(self) -> pd.Series:
        return pd.Series(self.x - self.x0)


def solve_scenario(econ: Economy, r: float, energy_water_goals: bool = True, priorities: dict | None = None,
                   active=GOALS, name: str = "", target_changes: dict | None = None) -> ScenarioResult:
    """Bounds from the range r and the policy groups; targets from the base allocation x0, each
    optionally moved by a relative change (``target_changes``, e.g. {"water": -0.01})."""
    if not 0 <= r < 1:
        raise ValueError(f"adjustment range r = {r!r} must lie in [0, 1)")
    x0, g = econ.x0, econ.groups
    low = np.where(np.isin(g, ["encouraged", "livelihood"]), x0, (1 - r) * x0)
    high = np.where(g == "suppressed", x0, (1 + r) * x0)
    rows = econ.rows()
    base = {k: float(v @ x0) for k, v in rows.items()}
    target = dict(base)
    target["suppressed_value_added"] = base["suppressed_value_added"] * (1 - r)
    target["encouraged_value_added"] = base["encouraged_value_added"] * (1 + r)
    for key, change in (target_changes or {}).items():
        target[key] = target[key] * (1 + change)
    priorities = priorities or {k: i for i, k in enumerate(GOALS, 1)}
    # solve in y = x / x0 (near 1), so the LP is well scaled. P1 (total input unchanged, both
    # deviations 0 in the paper) is a requirement: it is also imposed as a hard equality, so a
    # target it cannot reach is reported as an infeasible level rather than quietly missed.
    goals = [goalprog.Goal(k, rows[k] * x0, target[k], SENSE.get(k, "<="), int(priorities[k]))
             for k in GOALS if k in active and (energy_water_goals or k not in ("energy_for_water", "water_for_energy"))]
    hard = {}
    if "total_input" in active:
        hard = dict(A_eq=(x0 / target["total_input"])[None, :], b_eq=[1.0])
    res = goalprog.solve(len(x0), goals, bounds=list(zip(low / x0, high / x0)), **hard)
    x = res.x * x0
    after = {k: float(v @ x) for k, v in rows.items()}
    return ScenarioResult(name, r, x, x0, res.goals, base, after)
