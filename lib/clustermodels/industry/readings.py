"""Which reading of the paper's adjustment range r fits the results the paper prints for 2012.

The sentence "设定被鼓励的行业及被抑制的行业的总投入量分别增减5%,3%和2%" allows several readings
(``model.RANGE_READINGS``). For each candidate reading we solve the four 2012 scenarios and ask, of
every result the paper prints, whether some optimum (every priority level held at its achieved
value) attains it at the paper's printed precision; for a number we also give its range over the
optimal set. The reading that attains the most printed results is the default; ties go to the
simpler reading (earlier in ``CANDIDATES``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import analysis, optimalset
from .model import Economy, ScenarioResult

TRILLION = 1e8   # 10^4 yuan per trillion yuan
PRECISION = 0.005  # the paper prints trillion yuan to two decimals


@dataclass(frozen=True)
class Reading:
    name: str        # as in the table's column header
    reading: str     # model.RANGE_READINGS
    band: float = 0.10

    @property
    def options(self) -> dict:
        return {"reading": self.reading, "band": self.band}


# simplest first: no extra parameter, then the band reading from the narrowest band
CANDIDATES = (Reading("sector", "sector"), Reading("group", "group"), Reading("band B = 5 %", "band", 0.05),
              Reading("band B = 10 %", "band", 0.10), Reading("band B = 20 %", "band", 0.20))


@dataclass(frozen=True)
class Check:
    """One printed result under one reading: attainable or not, and what the set allows."""

    attainable: bool
    shown: str        # the cell: a range, a count, or yes / no
    low: float = np.nan
    high: float = np.nan


def _inside(value: float, low: float, high: float) -> bool:
    return low - PRECISION <= value <= high + PRECISION


def _range(res: ScenarioResult, row: np.ndarray, offset: float = 0.0) -> tuple[float, float]:
    lo, hi = res.quantity_range(row)
    return (lo - offset) / TRILLION, (hi - offset) / TRILLION


def _number(value: float, low: float, high: float) -> Check:
    return Check(_inside(value, low, high), f"[{low:.2f}, {high:.2f}]", low, high)


def _joint(res: ScenarioResult, windows: list[tuple[np.ndarray, float, float]]) -> bool:
    """Does one optimum put every quantity row . x inside its window [low, high] (10^4 yuan)?"""
    rows, rhs = [], []
    for row, low, high in windows:
        full = np.zeros(res.face.size)
        full[:len(row)] = row * res.x0 / TRILLION
        rows += [full, -full]
        rhs += [high / TRILLION, -low / TRILLION]
    return optimalset.feasible(res.face, np.array(rows), np.array(rhs))


def checks(runs: dict[str, ScenarioResult], codes, spec: dict) -> dict[str, Check]:
    """Every printed 2012 result (``spec["paper_results"]["2012"]``) against one reading's runs."""
    paper = spec["paper_results"]["2012"]
    unchanged = spec["bounds"]["paper_unchanged"]["value"]
    s1, s2, s3, s4 = (runs[k] for k in ("1", "2", "3", "4"))
    p1 = paper["1"]
    out = {}
    va = lambda res: _range(res, res.rows["value_added"], res.base["value_added"])  # noqa: E731
    out["s1_value_added_gain"] = _number(p1["value_added_gain"], *va(s1))
    low = max(va(s2)[0], va(s3)[0])
    out["s2_s3_no_growth"] = Check(low <= PRECISION, f"least gain {low:.2f}", low)
    sup = lambda res: _range(res, res.rows["suppressed_value_added"])  # noqa: E731
    enc = lambda res: _range(res, res.rows["encouraged_value_added"])  # noqa: E731
    out["s1_suppressed"] = _number(p1["suppressed_value_added"], *sup(s1))
    out["s1_encouraged"] = _number(p1["encouraged_value_added"], *enc(s1))
    windows = [(s1.rows["value_added"], s1.base["value_added"] + (p1["value_added_gain"] - PRECISION) * TRILLION,
                s1.base["value_added"] + (p1["value_added_gain"] + PRECISION) * TRILLION)]
    for key in ("suppressed_value_added", "encouraged_value_added"):
        windows.append((s1.rows[key], (p1[key] - PRECISION) * TRILLION, (p1[key] + PRECISION) * TRILLION))
    joint = _joint(s1, windows)
    out["s1_joint"] = Check(joint, "yes" if joint else "no")
    for name, res in (("2", s2), ("3", s3)):
        target = res.goals.set_index("goal").loc["suppressed_value_added", "target"]
        out[f"s{name}_suppressed_below_target"] = _number(-paper[name]["suppressed_below_target"],
                                                           *_range(res, res.rows["suppressed_value_added"], target))
    reach = min(enc(res)[1] - res.goals.set_index("goal").loc["encouraged_value_added", "target"] / TRILLION
                for res in (s2, s3))
    out["s2_s3_encouraged_met"] = Check(reach >= -PRECISION, f"most above target {reach:.2f}", reach)
    held = analysis.pattern_test(s1, codes, p1["up"], p1["down"], unchanged, True)
    out["s1_signs"] = Check(held["attainable"] == held["of"], f"{held['attainable']} of {held['of']}",
                            held["attainable"], held["of"])
    for name, res in (("1", s1), ("2", s2), ("3", s3)):
        n_up = paper[name].get("up_count", len(paper[name].get("up", ())))
        n_down = paper[name].get("down_count", len(paper[name].get("down", ())))
        count = analysis.count_test(res, n_up, n_down)
        out[f"s{name}_counts"] = Check(count["attainable"], f"{'yes' if count['attainable'] else 'no'} "
                                       f"(rising: {count['up_count_min']}-{count['up_count_max']})")
    ordering = analysis.ordering_attainable(s1, codes, p1["largest_rises"], p1["largest_fall"])
    out["s1_ranking"] = Check(ordering, "yes" if ordering else "no")
    less, same = {}, True
    for goal in ("water", "energy"):
        r1 = [s1.base[goal] - v for v in reversed(s1.quantity_range(s1.rows[goal]))]  # saving [min, max]
        r4 = [s4.base[goal] - v for v in reversed(s4.quantity_range(s4.rows[goal]))]
        tol = 1e-7 * max(1.0, abs(s1.base[goal]))
        less[goal] = (r1[1] - r4[0] > tol, r4[1] < r1[0] - tol)
        same = same and np.allclose(r1, r4, rtol=0, atol=tol)
    attainable = all(v[0] for v in less.values())
    forced = all(v[1] for v in less.values())
    out["s4_saves_less"] = Check(attainable, "forced" if forced else "yes, same ranges" if attainable and same
                                 else "yes" if attainable else "no")
    return out


# row key -> (English label, the paper's value as printed)
ROWS = {
    "s1_value_added_gain": ("Scenario 1: value added grows by 0.25 trillion yuan", "+0.25"),
    "s2_s3_no_growth": ("Scenarios 2 and 3: value added does not grow (only scenario 1 grows)", "0.00"),
    "s1_suppressed": ("Scenario 1: suppressed sectors' value added 6.69 trillion yuan (target missed)", "6.69"),
    "s1_encouraged": ("Scenario 1: encouraged sectors' value added 10.44 trillion yuan (target missed)", "10.44"),
    "s1_joint": ("Scenario 1: +0.25, 6.69 and 10.44 at one optimum", "all three"),
    "s2_suppressed_below_target": ("Scenario 2: suppressed value added 0.04 below its target", "-0.04"),
    "s3_suppressed_below_target": ("Scenario 3: suppressed value added 0.13 below its target", "-0.13"),
    "s2_s3_encouraged_met": ("Scenarios 2 and 3: encouraged value added reaches its target", "met"),
    "s1_signs": ("Table 4, scenario 1: the 34 signs, with its 8 unchanged sectors held", "34 of 34"),
    "s1_counts": ("Scenario 1: 17 sectors up, 17 down", "17 / 17"),
    "s2_counts": ("Scenario 2: 16 sectors up, 18 down", "16 / 18"),
    "s3_counts": ("Scenario 3: 17 sectors up, 17 down", "17 / 17"),
    "s1_ranking": ("Scenario 1: transport equipment (18) and construction (28) rise most, food and tobacco "
                   "(06) falls most", "yes"),
    "s4_saves_less": ("Scenario 4 saves less water and less energy than scenario 1", "yes"),
}


@dataclass(frozen=True)
class Fit:
    table: pd.DataFrame                 # one row per printed result, one column per reading
    attained: dict[str, int]            # reading name -> how many printed results it attains
    best: Reading
    cells: dict[str, dict[str, Check]]  # reading name -> row key -> Check


def fit(econ: Economy, scenarios: dict, priorities: dict, active, target_changes: dict, codes, spec: dict,
        candidates=CANDIDATES, **options) -> Fit:
    """Solve the 2012 scenarios under every candidate reading and check each printed result.
    ``options`` (fixed sectors, nexus, point rule, ...) apply to every reading alike."""
    cells = {}
    for cand in candidates:
        runs = analysis.run_scenarios(econ, scenarios, priorities, active, target_changes,
                                      **{**options, **cand.options})
        cells[cand.name] = checks(runs, codes, spec)
    attained = {name: int(sum(bool(c.attainable) for c in by_row.values())) for name, by_row in cells.items()}
    best = max(candidates, key=lambda c: (attained[c.name], -candidates.index(c)))
    rows = []
    for key, (label, value) in ROWS.items():
        row = {"printed result (2012)": label, "paper": value}
        for cand in candidates:
            c = cells[cand.name][key]
            row[cand.name] = f"{'✓' if c.attainable else '✗'} {c.shown}"
        rows.append(row)
    rows.append({"printed result (2012)": "attainable, of " + str(len(ROWS)), "paper": "",
                 **{c.name: str(attained[c.name]) for c in candidates}})
    return Fit(pd.DataFrame(rows), attained, best, cells)


def fit_markdown(result: Fit, used: str) -> str:
    """The fit, in words generated from this run: which reading attains the most printed results,
    which results no reading attains, and which reading this run uses (``used``: a column name,
    or a description when the run's reading is none of the candidates)."""
    counts = ", ".join(f"{name} {n}" for name, n in result.attained.items())
    none = [ROWS[key][0] for key in ROWS if not any(cells[key].attainable for cells in result.cells.values())]
    joint = [name for name, cells in result.cells.items() if cells["s1_joint"].attainable]
    lines = [f"**This run.** Printed results attained, of {len(ROWS)}: {counts}. The best fit is "
             f"**{result.best.name}** ({result.attained[result.best.name]} of {len(ROWS)}; ties go to the simpler "
             f"reading, listed first). This run uses **{used}**"
             + (", the best-fitting reading." if used == result.best.name else
                f", not the best-fitting reading ({result.best.name}).")]
    if none:
        lines.append("No reading attains: " + "; ".join(none) + ".")
    lines.append("The paper's joint scenario-1 outcome (+0.25, 6.69 and 10.44 at one optimum) is attainable under "
                 + (", ".join(joint) if joint else "none of them") + ".")
    s1 = result.cells[result.best.name]
    if not s1["s1_suppressed"].attainable or not s1["s1_encouraged"].attainable:
        lines.append(f"Under {result.best.name} scenario 1 meets both group targets at every optimum (suppressed "
                     f"value added {s1['s1_suppressed'].shown}, encouraged {s1['s1_encouraged'].shown} trillion "
                     f"yuan), while the paper misses both. In a pre-emptive programme a missed P6 goal means a "
                     f"higher level stopped it; with our satellite data no higher level does.")
    return " ".join(lines)
