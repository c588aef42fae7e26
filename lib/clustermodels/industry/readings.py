"""Which reading of the paper's goal programme fits the results the paper prints for 2012.

Two sentences allow several readings. How r enters, "设定被鼓励的行业及被抑制的行业的总投入量分别增减
5%,3%和2%" (``model.RANGE_READINGS``, each with a band B for the sectors' moves), and what P4's two
nexus quantities are (``model.NEXUS_READINGS``). For each candidate we solve the four 2012 scenarios
and ask, of every result the paper prints, whether some optimum (every priority level held at its
achieved value) attains it at the paper's printed precision; for a number we also give its range
over the optimal set. The candidate that attains the most printed results is the default; ties go
to the simpler candidate (earlier in ``CANDIDATES``).

A wider band B can only add optima, so it can only attain more: the fit bounds B from below, it
does not measure it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..sharedresults import shared
from . import analysis, optimalset
from .model import Economy, ScenarioResult

TRILLION = 1e8      # 10^4 yuan per trillion yuan
PRECISION = 0.005   # the paper prints trillion yuan to two decimals
MOVE = analysis.MOVE  # a sector "moves" when its input changes by a printed 0.01 trillion yuan


@dataclass(frozen=True)
class Reading:
    reading: str              # model.RANGE_READINGS
    band: float
    nexus: str = "narrow"     # model.NEXUS_READINGS

    @property
    def name(self) -> str:
        return f"{self.reading}, B = {100 * self.band:g} %, {self.nexus} nexus"

    @property
    def options(self) -> dict:
        return {"reading": self.reading, "band": self.band, "nexus": self.nexus}


# simplest first: the narrow nexus, the narrowest band, hard bounds before soft targets
CANDIDATES = tuple(Reading(reading, band, nexus) for nexus in ("narrow", "double") for band in (0.05, 0.10, 0.20)
                   for reading in ("sector", "group", "band"))


@dataclass(frozen=True)
class Check:
    """One printed result under one reading: attainable or not, and what the set allows."""

    attainable: bool
    text: str                                   # the cell, a message: a range, a count, or yes / no
    fields: dict = field(default_factory=dict)  # the numbers in ``text``

    @property
    def shown(self) -> str:
        """The cell in English (the fit table and its CSV)."""
        return self.text.format(**self.fields)

    @property
    def said(self) -> str:
        """The cell in the reader's language."""
        return _(self.text).format(**{k: _(v) if isinstance(v, str) else v for k, v in self.fields.items()})


def _inside(value: float, low: float, high: float) -> bool:
    return bool(low - PRECISION <= value <= high + PRECISION)


def _range(res: ScenarioResult, row: np.ndarray, offset: float = 0.0, scale: float = TRILLION) -> tuple[float, float]:
    lo, hi = res.quantity_range(row)
    return (lo - offset) / scale, (hi - offset) / scale


def _saving(res: ScenarioResult, goal: str) -> tuple[float, float]:
    """(min, max) of base - value over the optimal set, in the goal's own units."""
    lo, hi = res.quantity_range(res.rows[goal])
    return res.base[goal] - hi, res.base[goal] - lo


def _shown(value: float) -> str:
    """Two decimals, without a "-0.00" from solver round-off."""
    return f"{round(value, 2) + 0.0:.2f}"


def _number(value: float, low: float, high: float) -> Check:
    return Check(_inside(value, low, high), "[{low}, {high}]", {"low": _shown(low), "high": _shown(high)})


def _yes(ok: bool, detail: str = "") -> Check:
    """yes / no, with ``detail`` (a message) in brackets."""
    if detail:
        return Check(bool(ok), N_("yes ({detail})") if ok else N_("no ({detail})"), {"detail": detail})
    return Check(bool(ok), N_("yes") if ok else N_("no"))


def _window_rows(res: ScenarioResult, windows) -> tuple[np.ndarray, np.ndarray]:
    """Rows A z <= b putting each quantity row . x inside its window [low, high] (10^4 yuan)."""
    rows, rhs = [], []
    for row, low, high in windows:
        full = np.zeros(res.face.size)
        full[:len(row)] = row * res.x0 / TRILLION
        rows += [full, -full]
        rhs += [high / TRILLION, -low / TRILLION]
    return np.array(rows), np.array(rhs)


def _ordered(ranges: list[tuple[float, float]], tol: float) -> bool:
    """Can one value from each range be strictly increasing, in the order given?"""
    value = -np.inf
    for low, high in ranges:
        value = max(low, value + tol)
        if value > high + 1e-12:
            return False
    return True


def checks(runs: dict[str, ScenarioResult], codes, spec: dict) -> dict[str, Check]:
    """Every printed 2012 result (``spec["paper_results"]["2012"]``) against one reading's runs."""
    paper = spec["paper_results"]["2012"]
    unchanged = spec["bounds"]["paper_unchanged"]["value"]
    codes = list(codes)
    s1, s2, s3, s4 = (runs[k] for k in ("1", "2", "3", "4"))
    p1 = paper["1"]
    out = {}
    va = lambda res: _range(res, res.rows["value_added"], res.base["value_added"])  # noqa: E731
    out["s1_value_added_gain"] = _number(p1["value_added_gain"], *va(s1))
    low = max(va(s2)[0], va(s3)[0])
    out["s2_s3_no_growth"] = Check(low <= PRECISION, N_("least gain {gain}"), {"gain": _shown(low)})
    sup = lambda res: _range(res, res.rows["suppressed_value_added"])  # noqa: E731
    enc = lambda res: _range(res, res.rows["encouraged_value_added"])  # noqa: E731
    out["s1_suppressed"] = _number(p1["suppressed_value_added"], *sup(s1))
    out["s1_encouraged"] = _number(p1["encouraged_value_added"], *enc(s1))
    gain = (s1.rows["value_added"], s1.base["value_added"] + (p1["value_added_gain"] - PRECISION) * TRILLION,
            s1.base["value_added"] + (p1["value_added_gain"] + PRECISION) * TRILLION)
    windows = [gain] + [(s1.rows[key], (p1[key] - PRECISION) * TRILLION, (p1[key] + PRECISION) * TRILLION)
                        for key in ("suppressed_value_added", "encouraged_value_added")]
    out["s1_joint_values"] = _yes(optimalset.feasible(s1.face, *_window_rows(s1, windows)))
    for name, res in (("2", s2), ("3", s3)):
        target = res.goals.set_index("goal").loc["suppressed_value_added", "target"]
        out[f"s{name}_suppressed_below_target"] = _number(-paper[name]["suppressed_below_target"],
                                                           *_range(res, res.rows["suppressed_value_added"], target))
    reach = min(enc(res)[1] - res.goals.set_index("goal").loc["encouraged_value_added", "target"] / TRILLION
                for res in (s2, s3))
    out["s2_s3_encouraged_met"] = Check(reach >= -PRECISION, N_("most above target {reach}"), {"reach": _shown(reach)})
    held = analysis.pattern_test(s1, codes, p1["up"], p1["down"], unchanged, True, MOVE)
    out["s1_signs"] = Check(held["attainable"] == held["of"], N_("{k} of {n}"), {"k": held["attainable"], "n": held["of"]})
    for name, res in (("2", s2), ("3", s3)):
        count = analysis.count_test(res, paper[name]["up_count"], paper[name]["down_count"], MOVE)
        out[f"s{name}_counts"] = Check(
            count["attainable"], N_("yes (rising: {low}-{high})") if count["attainable"] else N_("no (rising: {low}-{high})"),
            {"low": count["up_count_min"], "high": count["up_count_max"]})
    out["s1_ranking"] = _yes(analysis.ordering_attainable(s1, codes, p1["largest_rises"], p1["largest_fall"]))
    # scenario 1's structure at one optimum: the gain, the 34 signs (8 held) and the ranking together
    face = s1.face.with_conditions(*analysis.ordering_rows(s1, codes, p1["largest_rises"], p1["largest_fall"]))
    face = face.with_conditions(*_window_rows(s1, [gain]))
    wanted = {codes.index(c): "+" for c in p1["up"]} | {codes.index(c): "-" for c in p1["down"]}
    step = np.maximum(optimalset.STEP, MOVE / s1.x0)
    joint = optimalset.best_agreement(face, wanted, np.ones(len(codes)), [codes.index(c) for c in unchanged], step)
    out["s1_joint_structure"] = _yes(joint.point is not None and joint.count == joint.of)
    # savings first fall a little, then rise much, as r grows: s2 < s3 < s1, water and energy
    ordered = all(_ordered([_saving(res, goal) for res in (s2, s3, s1)], 1e-9 * abs(s1.base[goal]))
                  for goal in ("water", "energy"))
    out["savings_dip_then_rise"] = _yes(ordered)
    # the nexus: both quantities fall in scenario 1 only (scenarios 2 and 3 reduce at most one)
    nexus = ("water_used_by_energy", "energy_used_by_water")
    both = _both_fall(s1, nexus)
    out["s1_nexus_both_fall"] = _yes(both, N_("both can fall") if both else N_("not both"))
    out["s2_s3_nexus_not_both"] = _yes(all(_not_both_fall(res, nexus) for res in (s2, s3)))
    # pollutants: scenario 1 leaves NOx unreduced and cuts SO2, COD and NH3-N more than scenarios 2 and 3
    nox_free = _saving(s1, "nox")[0] <= 1e-9 * abs(s1.base["nox"])
    more = all(_saving(s1, p)[1] > max(_saving(s2, p)[0], _saving(s3, p)[0]) for p in ("so2", "cod", "nh3n"))
    out["s1_pollutants"] = _yes(nox_free and more)
    # scenario 4 saves less because P4 gives high-intensity sectors double weight: P4 must change the set
    effect = []
    for goal in ("water", "energy"):
        (lo1, hi1), (lo4, hi4) = _saving(s1, goal), _saving(s4, goal)
        tol = 1e-7 * max(1.0, abs(s1.base[goal]))
        effect.append(hi1 > hi4 + tol or lo1 > lo4 + tol)
    out["s4_saves_less"] = _yes(all(effect), N_("P4 changes the savings") if all(effect) else N_("P4 changes nothing"))
    return out


def _both_fall(res: ScenarioResult, keys) -> bool:
    """Does one optimum reduce every quantity in ``keys`` below its base (by 1e-9 relative)?"""
    rows, rhs = [], []
    for key in keys:
        full = np.zeros(res.face.size)
        scale = max(abs(res.base[key]), 1.0)
        full[:len(res.x0)] = res.rows[key] * res.x0 / scale
        rows.append(full)
        rhs.append(res.base[key] / scale * (1 - 1e-9) if res.base[key] > 0 else -1.0)
    return optimalset.feasible(res.face, np.array(rows), np.array(rhs))


def _not_both_fall(res: ScenarioResult, keys) -> bool:
    """Does one optimum leave at least one quantity in ``keys`` at (or above) its base?"""
    return any(_saving(res, key)[0] <= 1e-9 * max(abs(res.base[key]), 1.0) for key in keys)


# row key -> (English label, the paper's value as printed, the paper's words)
ROWS = {
    "s1_value_added_gain": (N_("Scenario 1: value added grows by 0.25 trillion yuan"), "+0.25", "53.93(53.68+0.25)万亿元"),
    "s2_s3_no_growth": (N_("Scenarios 2 and 3: value added does not grow"), "0.00", "仅在情景1中实现了增长"),
    "s1_suppressed": (N_("Scenario 1: suppressed sectors' value added 6.69 trillion yuan (target missed)"), "6.69",
                      "抑制行业的总增加值为6.69(6.66+0.03)万亿元"),
    "s1_encouraged": (N_("Scenario 1: encouraged sectors' value added 10.44 trillion yuan (target missed)"), "10.44",
                      "鼓励行业的总增加值为10.44(10.58-0.14)万亿元"),
    "s1_joint_values": (N_("Scenario 1: +0.25, 6.69 and 10.44 at one optimum"), N_("all three"), ""),
    "s2_suppressed_below_target": (N_("Scenario 2: suppressed value added 0.04 below its target"), "-0.04",
                                   "比预期目标减少了0.04万亿元"),
    "s3_suppressed_below_target": (N_("Scenario 3: suppressed value added 0.13 below its target"), "-0.13",
                                   "(减少了)0.13万亿元"),
    "s2_s3_encouraged_met": (N_("Scenarios 2 and 3: encouraged value added reaches its target"), N_("met"),
                             "预期目标仅在情景2和情景3中得以实现"),
    "s1_signs": (N_("Table 4, scenario 1: the 34 signs (a move of at least 0.005 trillion yuan), its 8 unchanged "
                 "sectors held"), N_("34 of 34"), "变化量为正的行业数量分别为17…"),
    "s2_counts": (N_("Scenario 2: 16 sectors up, 18 down"), "16 / 18", "16…18"),
    "s3_counts": (N_("Scenario 3: 17 sectors up, 17 down"), "17 / 17", "17…17"),
    "s1_ranking": (N_("Scenario 1: transport equipment (18) and construction (28) rise most, food and tobacco "
                   "(06) falls most"), N_("yes"), "交通运输设备制造业和建筑业的预期投入增加量最大"),
    "s1_joint_structure": (N_("Scenario 1: the gain, the 34 signs and the ranking at one optimum"), N_("all"), ""),
    "savings_dip_then_rise": (N_("Water and energy savings: scenario 2 < scenario 3 < scenario 1 (water on proxy data)"),
                              N_("yes"), "节约效应先轻微下降,后又显著上升"),
    "s1_nexus_both_fall": (N_("Scenario 1: water for energy and energy for water both fall"), "-0.47, -3.32",
                           "仅在情景1中同时实现了两者的降低"),
    "s2_s3_nexus_not_both": (N_("Scenarios 2 and 3: at most one of the two nexus quantities falls"), N_("yes"),
                             "仅在情景1中同时实现了两者的降低"),
    "s1_pollutants": (N_("Scenario 1: NOx not reduced; SO2, COD and NH3-N cut more than in scenarios 2 and 3 "
                      "(proxy data)"), N_("yes"), "除了氮氧化物未实现减排以外,其余3类污染物的减排量均超过了情景2和情景3"),
    "s4_saves_less": (N_("Scenario 4 saves less water and energy than scenario 1 because of P4"), N_("yes"),
                      "略低于情景1中的资源节约量,原因是…被给予了双重重视"),
}


@dataclass(frozen=True)
class Fit:
    table: pd.DataFrame                 # one row per printed result; columns: the best candidate's B and nexus
    summary: pd.DataFrame               # printed results attained, per candidate
    attained: dict[str, int]            # candidate name -> how many printed results it attains
    best: Reading
    cells: dict[str, dict[str, Check]]  # candidate name -> row key -> Check


@shared
def fit(econ: Economy, scenarios: dict, priorities: dict, active, target_changes: dict, codes, spec: dict,
        candidates=CANDIDATES, **options) -> Fit:
    """Solve the 2012 scenarios under every candidate reading and check each printed result.
    ``options`` (fixed sectors, point rule, final-demand floor, ...) apply to every candidate alike."""
    cells = {}
    for cand in candidates:
        runs = analysis.run_scenarios(econ, scenarios, priorities, active, target_changes,
                                      **{**options, **cand.options})
        cells[cand.name] = checks(runs, codes, spec)
    attained = {name: int(sum(c.attainable for c in by_row.values())) for name, by_row in cells.items()}
    best = max(candidates, key=lambda c: (attained[c.name], -candidates.index(c)))
    shown = [c for c in candidates if c.band == best.band and c.nexus == best.nexus]
    rows = []
    for key, (label, value, _) in ROWS.items():
        row = {"printed result (2012)": label, "paper": value}
        for cand in shown:
            c = cells[cand.name][key]
            row[cand.reading] = f"{'✓' if c.attainable else '✗'} {c.shown}"
        rows.append(row)
    rows.append({"printed result (2012)": f"attained, of {len(ROWS)}", "paper": "",
                 **{c.reading: str(attained[c.name]) for c in shown}})
    column = f"attained, of {len(ROWS)}"
    summary = []
    for cand in candidates:
        if cand.nexus != candidates[0].nexus:
            continue
        row = {"reading of r": cand.reading, "band B": f"{100 * cand.band:g} %"}
        for other in candidates:
            if other.reading == cand.reading and other.band == cand.band:
                row[f"{other.nexus} nexus"] = attained[other.name]
        summary.append(row)
    summary = pd.DataFrame(summary)
    summary.attrs["column"] = column
    return Fit(pd.DataFrame(rows), summary, attained, best, cells)


def shown_table(result: Fit) -> pd.DataFrame:
    """``result.table`` in the reader's language (the table itself and its CSV stay English); the
    readings' names (``sector``, ``group``, ``band``) are parameter values and stay as they are."""
    shown = [c for c in CANDIDATES if c.band == result.best.band and c.nexus == result.best.nexus
             and c.name in result.cells]
    rows = [{_("printed result (2012)"): _(label), _("paper"): _(value) if value else value,
             **{c.reading: f"{'✓' if result.cells[c.name][key].attainable else '✗'} {result.cells[c.name][key].said}"
                for c in shown}}
            for key, (label, value, _words) in ROWS.items()]
    rows.append({_("printed result (2012)"): _("attained, of {n}").format(n=len(ROWS)), _("paper"): "",
                 **{c.reading: str(result.attained[c.name]) for c in shown}})
    return pd.DataFrame(rows)


def shown_summary(result: Fit) -> pd.DataFrame:
    """``result.summary`` with its headers in the reader's language."""
    names = {"reading of r": _("reading of r"), "band B": _("band B"),
             **{f"{n} nexus": _("{nexus} nexus").format(nexus=n) for n in ("narrow", "double")}}
    return result.summary.rename(columns=names)


def fit_markdown(result: Fit, used: str) -> str:
    """The fit, in words generated from this run: which candidate attains the most printed results,
    which results none attains, and which reading this run uses (``used``: a candidate's name, or
    a description when the run's reading is none of the candidates)."""
    best = result.best
    top = result.attained[best.name]
    ties = [name for name, n in result.attained.items() if n == top]
    none = [ROWS[key][0] for key in ROWS if not any(cells[key].attainable for cells in result.cells.values())]
    joint = [name for name, cells in result.cells.items() if cells["s1_joint_values"].attainable]
    head = _("**This run.** The best fit is **{best}**: {top} of {n} printed results attained").format(
        best=best.name, top=top, n=len(ROWS))
    if len(ties) > 1:
        head += _(", tied with {others} other candidate(s) (ties go to the simpler one, listed first)").format(
            others=len(ties) - 1)
    head += (_(". This run uses **{used}**, the best-fitting reading.") if used == best.name else
             _(". This run uses **{used}**, not the best-fitting reading.")).format(used=used)
    lines = [head]
    if none:
        lines.append(_("No candidate attains: {results}.").format(results=_("; ").join(_(label) for label in none)))
    lines.append(_("The paper's joint scenario-1 outcome (+0.25, 6.69 and 10.44 at one optimum) is attainable under "
                   "{readings}.").format(readings=_(", ").join(joint) if joint else _("none of them")))
    s1 = result.cells[best.name]
    if not s1["s1_suppressed"].attainable or not s1["s1_encouraged"].attainable:
        lines.append(_("Under the best fit, scenario 1 meets both group targets at every optimum (suppressed value "
                       "added {suppressed}, encouraged {encouraged} trillion yuan), while the paper misses both. In a "
                       "pre-emptive programme a missed P6 goal means a higher level stopped it; with our satellite "
                       "data no higher level does.").format(suppressed=s1["s1_suppressed"].shown,
                                                            encouraged=s1["s1_encouraged"].shown))
    return analysis.sentences(lines)
