"""The paper's goal programme (6)-(13), reconstructed: shift sector inputs within ranges so that,
in priority order, total input stays, value added does not fall, water and energy use, the
energy-water nexus and pollutants do not rise, and suppressed / encouraged sectors' value added
move to their targets. Decision variables: each sector's total input x_i (10^4 yuan).

Value added, water, energy and pollutants are linear in x through fixed rates (Assumptions 1-2 of
the paper): value-added rate v_i, and the satellite intensities per unit of output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK, goalprog, optimalset
from .satellite import energy_column

# "water_used_by_energy" is the paper's 能源耗水 (water used by the energy sectors); "energy_used_by_water"
# its 水耗能源 (energy used by the water-supply sector).
GOALS = ("total_input", "value_added", "water", "energy", "water_used_by_energy", "energy_used_by_water",
         "so2", "nox", "cod", "nh3n", "suppressed_value_added", "encouraged_value_added")
NEXUS = ("water_used_by_energy", "energy_used_by_water")
# How r enters (model.yaml, "bounds"): "band" = r sets the P6 group targets only; "sector" / "group" =
# r is also a hard bound on each policy sector / each group's total. Every sector moves within +-band.
RANGE_READINGS = ("band", "sector", "group")
# P4's rows (model.yaml, "nexus"): "narrow" = the energy sectors' water and the water sector's
# energy; "double" = every sector's share, in proportion to its own energy and water use.
NEXUS_READINGS = ("narrow", "double")
POINT_RULES = ("least_change", "most_value_added")
# energy column -> (units per display unit, display unit, suffix of results keys)
ENERGY_UNITS = {"energy_tj_per_wan_yuan": (1e4, "10⁴ TJ", "1e4_tj"),
                "energy_tce_per_wan_yuan": (1e4, "10⁴ tce", "1e4_tce"),
                "energy_co2_t_per_wan_yuan": (1e6, "Mt CO2", "Mt_co2")}
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
    expected: dict = field(default_factory=dict)  # exogenous targets (the paper's 2022 values), by goal
    coefficients: np.ndarray | None = None       # direct input coefficients A (Assumption 1: fixed)

    @property
    def energy_unit(self) -> str:
        return energy_column(self.intensity)

    def rows(self, nexus: str = "narrow") -> dict[str, np.ndarray]:
        """Coefficient row of every goal quantity: quantity = row . x. ``nexus``: how P4's two
        quantities spread over the sectors (``NEXUS_READINGS``); both readings give the same
        totals at the base allocation."""
        if nexus not in NEXUS_READINGS:
            raise ValueError(f"nexus reading {nexus!r} is unknown; allowed one of {NEXUS_READINGS}")
        w = self.intensity["water_m3_per_wan_yuan"].to_numpy()
        e = self.intensity[self.energy_unit].to_numpy()
        in_energy = np.isin(self.codes, self.energy_sectors)
        is_water = np.array([c == self.water_sector for c in self.codes])
        water_for_energy, energy_for_water = w * in_energy, e * is_water
        if nexus == "double":  # water per unit of energy used, energy per unit of water used, economy-wide
            water_for_energy = e * (water_for_energy @ self.x0) / (e @ self.x0)
            energy_for_water = w * (energy_for_water @ self.x0) / (w @ self.x0)
        return {
            "total_input": np.ones(len(self.codes)),
            "value_added": self.va_rate,
            "water": w, "energy": e,
            "water_used_by_energy": water_for_energy, "energy_used_by_water": energy_for_water,
            "so2": self.intensity["so2_t_per_wan_yuan"].to_numpy(),
            "nox": self.intensity["nox_t_per_wan_yuan"].to_numpy(),
            "cod": self.intensity["cod_t_per_wan_yuan"].to_numpy(),
            "nh3n": self.intensity["nh3n_t_per_wan_yuan"].to_numpy(),
            "suppressed_value_added": self.va_rate * (self.groups == "suppressed"),
            "encouraged_value_added": self.va_rate * (self.groups == "encouraged"),
        }

    def totals(self, x: np.ndarray, nexus: str = "narrow") -> dict[str, float]:
        return {name: float(row @ x) for name, row in self.rows(nexus).items()}

    def final_demand(self, x: np.ndarray) -> np.ndarray:
        """Net final demand (I - A) x implied by inputs x with the fixed coefficients A."""
        return np.asarray(x, float) - self.coefficients @ np.asarray(x, float)


def economy(year: str, table, sectors: pd.DataFrame, intensity: pd.DataFrame, spec: dict,
            targets_2022: str = "paper") -> Economy:
    """The 2012 economy, or 2022's: inputs scaled by the paper's growth, intensities declined.
    With ``targets_2022 = "paper"`` the 2022 pollutant targets are the paper's exogenous caps
    (units match the satellite table); water and energy keep the projected base (the paper's
    figures include imported resources and, for energy, another unit)."""
    x0 = np.asarray(table.output, float)
    intensity = intensity.copy()
    expected = {}
    if year == "2022":
        if targets_2022 == "paper":
            caps = spec["year_2022"]["expected_values"]
            expected = {k: float(caps[k]["value"]) * float(caps[k]["to_model_units"])
                        for k in caps if k != "status" and caps[k].get("use_as_target")}
        x0 = x0 * spec["year_2022"]["growth"]["value"]
        decline = spec["year_2022"]["intensity_decline_per_year"]
        for col in intensity.columns:
            key = "energy" if col.startswith("energy") else col.split("_")[0]
            intensity[col] = intensity[col] * (1 - decline[key]) ** 10
    elif year != "2012":
        raise ValueError(f"year {year!r} is unknown; allowed '2012' or '2022'")
    return Economy(tuple(table.codes), sectors.set_index("code").loc[list(table.codes), "policy_group"].to_numpy(),
                   x0, table.value_added_rate(), intensity, tuple(spec["energy_sectors"]["value"]),
                   spec["water_sector"]["value"], expected, table.Z / table.output[None, :])


@dataclass
class ScenarioResult:
    """One scenario: its optimal set (``face``, in y = x / x0), the reference point ``x`` chosen
    from it by ``point_rule``, and the vertex the LP solver happened to return (not reported)."""

    name: str
    r: float
    x: np.ndarray
    x0: np.ndarray
    goals: pd.DataFrame   # per goal: target, value at the reference point
    base: dict[str, float]
    after: dict[str, float]
    face: goalprog.Face
    rows: dict[str, np.ndarray]
    point_rule: str
    vertex: np.ndarray
    energy_column: str = "energy_tj_per_wan_yuan"   # the satellite column (and unit) of "energy"
    # ranges already solved: the notebook asks for the same ones in several tables
    _ranges: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def change(self) -> pd.Series:
        return pd.Series(self.x - self.x0)

    def quantity_range(self, row: np.ndarray) -> tuple[float, float]:
        """(min, max) of row . x over the optimal set."""
        key = ("quantity", np.asarray(row, float).tobytes())
        if key not in self._ranges:
            self._ranges[key] = optimalset.extremes(self.face, row * self.x0)
        return self._ranges[key]

    def goal_ranges(self) -> pd.DataFrame:
        """Each goal quantity's value minus its target: at the reference point and its range."""
        goals = self.goals.set_index("goal")
        out = []
        for goal in goals.index:
            t = goals.loc[goal, "target"]
            lo, hi = self.quantity_range(self.rows[goal])
            out.append({"goal": goal, "priority": int(goals.loc[goal, "priority"]), "target": t,
                        "point": self.after[goal] - t, "min": lo - t, "max": hi - t})
        return pd.DataFrame(out)

    def sector_ranges(self, codes) -> pd.DataFrame:
        """Each sector's input change: at the reference point, its range, and its direction."""
        key = ("sectors", tuple(codes))
        if key not in self._ranges:
            self._ranges[key] = self._sector_ranges(codes)
        return self._ranges[key].copy()

    def _sector_ranges(self, codes) -> pd.DataFrame:
        out = []
        for i, code in enumerate(codes):
            e = np.zeros(len(self.x0))
            e[i] = 1.0
            lo, hi = optimalset.extremes(self.face, e)   # y_i = x_i / x0_i
            out.append({"code": code, "point": self.x[i] - self.x0[i], "min": (lo - 1) * self.x0[i],
                        "max": (hi - 1) * self.x0[i], "direction": optimalset.classify(lo - 1, hi - 1)})
        return pd.DataFrame(out)


def bounds(econ: Economy, r: float, reading: str = "band", fixed=(), band: float = 0.10
           ) -> tuple[np.ndarray, np.ndarray, list]:
    """Lower and upper bounds of y = x / x0, and the group rows (A, b) of the "group" reading.

    Every sector moves within +-``band`` of its base input (livelihood sectors may not fall).
    * "band": r enters only through the P6 group targets.
    * "sector": r is also a hard bound on each encouraged sector's rise and each suppressed
      sector's fall (they move only in their direction, by at most r).
    * "group": r is a hard bound on each group's total input, which moves in its direction.
    Sectors in ``fixed`` keep their base input."""
    if reading not in RANGE_READINGS:
        raise ValueError(f"range reading {reading!r} is unknown; allowed one of {RANGE_READINGS}")
    g, x0 = econ.groups, econ.x0
    low = np.where(g == "livelihood", 1.0, 1 - band)
    high = np.full(len(x0), 1 + band)
    if reading == "sector":
        low = np.where(g == "encouraged", 1.0, np.where(g == "suppressed", 1 - r, low))
        high = np.where(g == "encouraged", 1 + r, np.where(g == "suppressed", 1.0, high))
    fixed_mask = np.isin(econ.codes, list(fixed))
    low, high = np.where(fixed_mask, 1.0, low), np.where(fixed_mask, 1.0, high)
    rows = []
    if reading == "group":
        for group, sign in (("encouraged", 1.0), ("suppressed", -1.0)):
            member = (g == group) * x0
            total = member.sum()
            # encouraged: total <= (1 + r) base and >= base; suppressed: total >= (1 - r) base and <= base
            rows.append((sign * member, sign * total + r * total))
            rows.append((-sign * member, -sign * total))
    return low, high, rows


def final_demand_rows(econ: Economy) -> tuple[np.ndarray, np.ndarray]:
    """Rows A_ub y <= b_ub (y = x / x0) keeping every sector's net final demand (I - A) x at or
    above min(0, its base value): no sector turns from a net supplier of final demand into a
    net importer, and none falls below its base deficit."""
    leontief = np.eye(len(econ.x0)) - econ.coefficients
    floor = np.minimum(0.0, leontief @ econ.x0)
    scale = np.maximum(np.abs(leontief @ econ.x0), econ.x0 * 1e-3)
    return -(leontief * econ.x0[None, :]) / scale[:, None], -floor / scale


def solve_scenario(econ: Economy, r: float, energy_water_goals: bool = True, priorities: dict | None = None,
                   active=GOALS, name: str = "", target_changes: dict | None = None, reading: str = "band",
                   fixed=(), point_rule: str = "least_change", method: str = "highs", band: float = 0.10,
                   nexus: str = "narrow", final_demand_floor: bool = False) -> ScenarioResult:
    """Bounds from the range reading (r, the policy groups, ``band``); targets from the base
    allocation x0 (or the economy's exogenous values), each optionally moved by a relative change
    (``target_changes``, e.g. {"water": -0.01}); P4's rows by the ``nexus`` reading; with
    ``final_demand_floor`` no sector's net final demand falls below min(0, its base). The reported
    point is chosen from the optimal set by ``point_rule``: "least_change" = nearest to the base
    structure (least sum of squared relative changes); "most_value_added" = the same among the
    points of greatest value added."""
    if not 0 <= r < 1:
        raise ValueError(f"adjustment range r = {r!r} must lie in [0, 1)")
    if point_rule not in POINT_RULES:
        raise ValueError(f"point rule {point_rule!r} is unknown; allowed one of {POINT_RULES}")
    x0 = econ.x0
    low, high, group_rows = bounds(econ, r, reading, fixed, band)
    rows = econ.rows(nexus)
    base = {k: float(v @ x0) for k, v in rows.items()}
    target = {**base, **econ.expected}
    target["suppressed_value_added"] = base["suppressed_value_added"] * (1 - r)
    target["encouraged_value_added"] = base["encouraged_value_added"] * (1 + r)
    for key, change in (target_changes or {}).items():
        target[key] = target[key] * (1 + change)
    if priorities is None:  # the paper's six levels
        priorities = {k: v for k, v in load_spec()["priorities"].items() if k != "status"}
    # solve in y = x / x0 (near 1), so the LP is well scaled. P1 (total input unchanged, both
    # deviations 0 in the paper) is a requirement: it is also imposed as a hard equality, so a
    # target it cannot reach is reported as an infeasible level rather than quietly missed.
    goals = [goalprog.Goal(k, rows[k] * x0, target[k], SENSE.get(k, "<="), int(priorities[k]))
             for k in GOALS if k in active and (energy_water_goals or k not in NEXUS)]
    hard = {}
    if "total_input" in active:
        hard = dict(A_eq=(x0 / target["total_input"])[None, :], b_eq=[1.0])
    A_ub = [a / abs(b) for a, b in group_rows]
    b_ub = [np.sign(b) for _, b in group_rows]
    if final_demand_floor:
        A_fd, b_fd = final_demand_rows(econ)
        A_ub, b_ub = A_ub + list(A_fd), b_ub + list(b_fd)
    if A_ub:
        hard.update(A_ub=np.array(A_ub), b_ub=np.array(b_ub, float))
    res = goalprog.solve(len(x0), goals, bounds=list(zip(low, high)), method=method, **hard)
    face = res.face
    chosen_from = face  # the point's rule may narrow the set it picks from; the ranges never
    if point_rule == "most_value_added":  # hold the greatest value added, then the least change
        _, best = optimalset.extremes(face, rows["value_added"] * x0)
        chosen_from = face.with_rows(-rows["value_added"] * x0 / best, -1 + 1e-8)
    y = optimalset.nearest(chosen_from, np.ones(len(x0)))
    x = y * x0
    after = {k: float(v @ x) for k, v in rows.items()}
    table = res.goals[["goal", "priority", "sense", "target"]].copy()
    table["value"] = [after[g] for g in table["goal"]]
    return ScenarioResult(name, r, x, x0, table, base, after, face, rows, point_rule, res.x * x0, econ.energy_unit)

