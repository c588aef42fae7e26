"""Scenario runs, comparisons with the paper, and the range sweep (beyond the paper)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import i18n
from ..i18n import N_, _
from ..sharedresults import shared
from ..tables import number as num
from . import optimalset
from .model import Economy, ScenarioResult, solve_scenario

MOVE = 0.005 * 1e8  # 10^4 yuan: a sector "moves" when the change would print as 0.01 trillion yuan
# the headers of this module's tables (English in their CSVs; the notebook shows them translated)
COLUMNS = (N_("nexus reading"), N_("scenario"), N_("water saving"), N_("water min"), N_("water max"),
           N_("energy saving"), N_("energy min"), N_("energy max"), N_("code"), N_("sector"), N_("base"), N_("point"),
           N_("min"), N_("max"), N_("quantity"), N_("unit"), N_("paper"), N_("ours (point)"), N_("paper inside range"),
           N_("priority"), N_("goal"), N_("target"))


def run_scenarios(econ: Economy, scenarios: dict, priorities: dict, active, target_changes: dict,
                  **options) -> dict:
    """Every scenario of one year; ``options`` go to :func:`solve_scenario` (reading, fixed,
    point_rule, method)."""
    return {name: solve_scenario(econ, cfg["r"], cfg["energy_water_goals"], priorities, active,
                                 name=name, target_changes=target_changes, **options)
            for name, cfg in scenarios.items()}


def signs(res: ScenarioResult, codes, rel: float = 1e-7) -> pd.Series:
    """Direction of each sector's change at the reference point."""
    d = res.x - res.x0
    return pd.Series(np.where(d > rel * res.x0, "+", np.where(d < -rel * res.x0, "-", "0")), index=list(codes))


def sign_agreement(sign: pd.Series, up, down) -> dict:
    """How many of the paper's rising / falling sectors rise / fall here."""
    up_hits = sum(sign.get(c) == "+" for c in up)
    down_hits = sum(sign.get(c) == "-" for c in down)
    return {"paper_up": len(up), "paper_down": len(down), "up_agree": int(up_hits), "down_agree": int(down_hits),
            "agree": int(up_hits + down_hits), "of": len(up) + len(down)}


def _state_rows(n: int, states: dict, step=optimalset.STEP):
    """Rows A y <= b that impose a sign pattern {index: "+", "-", "0"} on y = x / x0; ``step``
    is one relative change or one per sector."""
    rows, rhs = [], []
    step = np.broadcast_to(np.asarray(step, float), (n,))
    for i, s in states.items():
        e = np.zeros(n)
        e[i] = 1.0
        if s == "+":
            rows.append(-e), rhs.append(-(1 + step[i]))
        elif s == "-":
            rows.append(e), rhs.append(1 - step[i])
        else:
            rows += [e, -e]
            rhs += [1.0, -1.0]
    return rows, rhs


def _pad(face, rows):
    return np.array([np.pad(r, (0, face.size - len(r))) for r in rows])


def pattern_test(res: ScenarioResult, codes, up, down, unchanged=(), hold_unchanged: bool = True,
                 min_change: float = 0.0) -> dict:
    """Is the paper's sign pattern attainable inside the optimal set? The most of its signs that
    hold together (with the paper's unchanged sectors held fixed, or not), which fail and why
    (the sector's direction over the whole optimal set), and the value-added change range there.
    A sector "moves" when its input changes by 0.01 % and, if given, by ``min_change`` (10^4 yuan)."""
    codes = list(codes)
    n = len(codes)
    wanted = {codes.index(c): "+" for c in up} | {codes.index(c): "-" for c in down}
    fixed = [codes.index(c) for c in unchanged] if hold_unchanged else []
    step = np.maximum(optimalset.STEP, min_change / res.x0)
    best = optimalset.best_agreement(res.face, wanted, np.ones(n), fixed, step)
    directions = res.sector_ranges(codes).set_index("code")["direction"]
    missed = [{"code": codes[i], "paper": s, "direction over the optimal set": directions[codes[i]]}
              for i, s in wanted.items() if best.states.get(i) != s]
    if best.point is None:
        return {"attainable": 0, "of": best.of, "held_unchanged": [codes[i] for i in fixed], "missed": missed,
                "value_added_change_min": float("nan"), "value_added_change_max": float("nan")}
    rows, rhs = _state_rows(n, {i: s for i, s in best.states.items()}, step)
    lo, hi = optimalset.extremes(res.face, res.rows["value_added"] * res.x0, _pad(res.face, rows), np.array(rhs))
    return {"attainable": best.count, "of": best.of, "held_unchanged": [codes[i] for i in fixed],
            "missed": missed, "value_added_change_min": lo - res.base["value_added"],
            "value_added_change_max": hi - res.base["value_added"]}


def ordering_rows(res: ScenarioResult, codes, largest_rises=(), largest_fall=None, falls=(),
                  relative: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Rows A z <= b (over the face's variables) saying that ``largest_rises`` are the sectors
    with the largest input rises (in yuan, or in per cent with ``relative``), each rising,
    ``largest_fall`` the largest fall and ``falls`` all fall. Ties count."""
    codes = list(codes)
    n = len(codes)
    x0 = np.ones(n) if relative else res.x0
    scale = x0.max()
    top = [codes.index(c) for c in largest_rises]
    rows, rhs = _state_rows(n, {i: "+" for i in top} | {codes.index(c): "-" for c in falls})
    for k in top:   # x0_j (y_j - 1) <= x0_k (y_k - 1) for every j outside the top set
        for j in set(range(n)) - set(top):
            row = np.zeros(n)
            row[j], row[k] = x0[j] / scale, -x0[k] / scale
            rows.append(row), rhs.append((x0[j] - x0[k]) / scale)
    if largest_fall is not None:
        f = codes.index(largest_fall)
        rows_f, rhs_f = _state_rows(n, {f: "-"})
        rows += rows_f
        rhs += rhs_f
        for j in set(range(n)) - {f}:
            row = np.zeros(n)
            row[f], row[j] = x0[f] / scale, -x0[j] / scale
            rows.append(row), rhs.append((x0[f] - x0[j]) / scale)
    return _pad(res.face, rows), np.array(rhs)


def ordering_attainable(res: ScenarioResult, codes, largest_rises=(), largest_fall=None, falls=(),
                        relative: bool = False) -> bool:
    """Can ``largest_rises`` be the sectors with the largest input rises (in yuan, or in per cent
    with ``relative``), each rising, ``largest_fall`` the largest fall and ``falls`` all fall, at
    one point of the optimal set? Ties count as attainable."""
    return optimalset.feasible(res.face, *ordering_rows(res, codes, largest_rises, largest_fall, falls, relative))


def count_test(res: ScenarioResult, n_up: int, n_down: int, min_change: float = 0.0) -> dict:
    """Can exactly n_up sectors rise and n_down fall at one point of the optimal set? Also the
    range of the number of rising sectors over the whole set. A sector moves when its input
    changes by 0.01 % and, if given, by ``min_change`` (10^4 yuan)."""
    n = len(res.x0)
    step = np.maximum(optimalset.STEP, min_change / res.x0)
    exact = optimalset.count_range(res.face, np.ones(n), range(n), "+", {"+": n_up, "-": n_down}, step)
    low, high = optimalset.count_range(res.face, np.ones(n), range(n), "+", step=step)
    return {"paper_up": n_up, "paper_down": n_down, "attainable": exact is not None,
            "up_count_min": low, "up_count_max": high}


def deviation_table(results: dict, scale: dict) -> pd.DataFrame:
    """Tables 3 and 5: each goal's value minus its target per scenario (in display units), at the
    reference point and its range over the optimal set."""
    rows = []
    for name, res in results.items():
        for _, row in res.goal_ranges().iterrows():
            s, unit = scale.get(row["goal"], (1.0, ""))
            rows.append({"scenario": name, "goal": row["goal"], "priority": int(row["priority"]), "unit": unit,
                         "target": row["target"] / s, "point": row["point"] / s, "min": row["min"] / s,
                         "max": row["max"] / s})
    return pd.DataFrame(rows)


def input_table(results: dict, codes, names) -> pd.DataFrame:
    """Tables 4 and 6: each sector's input before (trillion yuan); per scenario its change at the
    reference point, the range of the change over the optimal set, and its direction there
    (+ / - / 0 forced; +/0, -/0 or ± free)."""
    first = next(iter(results.values()))
    out = pd.DataFrame({"code": list(codes), "sector": list(names), "before": first.x0 / 1e8})
    for name, res in results.items():
        ranges = res.sector_ranges(codes)
        out[f"change s{name}"] = ranges["point"].to_numpy() / 1e8
        out[f"min s{name}"] = ranges["min"].to_numpy() / 1e8
        out[f"max s{name}"] = ranges["max"].to_numpy() / 1e8
        out[f"direction s{name}"] = ranges["direction"].to_numpy()
    return out


def outcome(res: ScenarioResult) -> dict:
    """Savings and value-added change at the reference point, with their ranges over the optimal
    set, and the structure goals' unmet deviation at the point."""
    goals = res.goals.set_index("goal")

    def unmet(goal: str) -> float:
        if goal not in goals.index:
            return 0.0
        gap = res.after[goal] - goals.loc[goal, "target"]
        return float(max(0.0, -gap) if goals.loc[goal, "sense"] == ">=" else max(0.0, gap))

    out = {}
    for key, goal, sign in (("value_added_change", "value_added", 1), ("energy_saving", "energy", -1),
                            ("water_saving", "water", -1)):
        lo, hi = res.quantity_range(res.rows[goal])
        values = sorted(sign * (v - res.base[goal]) + 0.0 for v in (lo, hi))
        out[key] = sign * (res.after[goal] - res.base[goal]) + 0.0
        out[f"{key}_min"], out[f"{key}_max"] = values
    out["suppressed_shortfall"] = unmet("suppressed_value_added")
    out["encouraged_shortfall"] = unmet("encouraged_value_added")
    return out


@shared
def range_sweep(econ: Economy, ranges, priorities: dict, active, target_changes: dict, **options) -> pd.DataFrame:
    """Beyond the paper: savings and value added (point and range) as the adjustment range grows."""
    return pd.DataFrame([{"r": float(r), **outcome(solve_scenario(econ, float(r), True, priorities, active,
                                                                   target_changes=target_changes, **options))}
                         for r in ranges])


@shared
def growth_sweep(econ: Economy, growth, r: float, priorities: dict, active, target_changes: dict,
                 **options) -> pd.DataFrame:
    """Beyond the paper: raise the value-added target by each relative growth and see what the
    lower levels give up (water, energy, the structure goals)."""
    frame = pd.DataFrame([{"growth_target": float(g),
                          **outcome(solve_scenario(econ, r, True, priorities, active,
                                                    target_changes=dict(target_changes, value_added=float(g)),
                                                    **options))}
                          for g in growth])
    frame.attrs["base_value_added"] = float(econ.rows()["value_added"] @ econ.x0)
    return frame


def paper_checks(runs: dict, codes, spec: dict) -> dict:
    """Test the paper's printed outcomes against the optimal sets: 2012 scenario 1's sign pattern
    (with its eight unchanged sectors held, and free), its largest rises and fall, the sign counts
    of scenarios 2-3, and 2022's largest rises and named falls. Scenarios missing from ``runs``
    are skipped."""
    paper, out = spec["paper_results"], {}
    unchanged = spec["bounds"]["paper_unchanged"]["value"]
    s1 = runs.get("2012", {}).get("1")
    if s1 is not None:
        p = paper["2012"]["1"]
        out["2012_s1_pattern_held"] = pattern_test(s1, codes, p["up"], p["down"], unchanged, True, MOVE)
        out["2012_s1_pattern_free"] = pattern_test(s1, codes, p["up"], p["down"], unchanged, False, MOVE)
        out["2012_s1_ordering"] = ordering_attainable(s1, codes, p["largest_rises"], p["largest_fall"])
        ranges = s1.sector_ranges(codes).set_index("code")
        wanted = {c: "+" for c in p["up"]} | {c: "-" for c in p["down"]}
        forced = {c: ranges.loc[c, "direction"] for c in wanted if ranges.loc[c, "direction"] in ("+", "-", "0")}
        out["2012_s1_forced_signs"] = {"forced": len(forced), "as_paper": sum(forced[c] == wanted[c] for c in forced),
                                       "of": len(wanted)}
        out["2012_s1_largest_possible_rises"] = list(ranges.nlargest(3, "max").index)
        out["2012_s1_largest_possible_falls"] = list(ranges.nsmallest(3, "min").index)
        out["2012_s1_change_ranges"] = {c: [float(ranges.loc[c, "min"]), float(ranges.loc[c, "max"])]
                                        for c in ("12", "18", "28", "06", "14")}
    for name in ("2", "3"):
        if name in runs.get("2012", {}):
            p = paper["2012"][name]
            out[f"2012_s{name}_counts"] = count_test(runs["2012"][name], p["up_count"], p["down_count"], MOVE)
    s22 = runs.get("2022", {}).get("1")
    if s22 is not None:
        p = paper["2022"]["1"]
        out["2022_s1_signs"] = pattern_test(s22, codes, p["largest_rises"], p["falls"], (), False)
        # at the paper's printed precision: a move that two decimals of trillion yuan would print
        out["2022_s1_signs_printed"] = pattern_test(s22, codes, p["largest_rises"], p["falls"], (), False, MOVE)
        out["2022_s1_ordering"] = ordering_attainable(s22, codes, p["largest_rises"], None, p["falls"])
        out["2022_s1_ordering_percent"] = ordering_attainable(s22, codes, p["largest_rises"], None, p["falls"],
                                                              relative=True)
        ranges = s22.sector_ranges(codes).set_index("code")
        out["2022_s1_max_rise_trillion"] = {c: float(ranges.loc[c, "max"]) / 1e8 for c in p["largest_rises"]}
    return out


def paper_checks_markdown(checks: dict, paper_gain: float, lang_names: dict) -> str:
    """The attainability findings as sentences, generated from this run's numbers."""
    yes = lambda b: _("**attainable**") if b else _("**not attainable**")  # noqa: E731
    lines = []
    held = checks.get("2012_s1_pattern_held")
    if held:
        free = checks["2012_s1_pattern_free"]
        missed = _(", ").join(_("S{code} ({name}: paper {paper}, over the optimal set {direction})").format(
            code=m["code"], name=lang_names.get(m["code"], ""), paper=m["paper"],
            direction=m["direction over the optimal set"]) for m in held["missed"])
        lo, hi = (round(v / 1e8, 2) + 0.0 for v in (held["value_added_change_min"], held["value_added_change_max"]))
        inside = lo - 0.005 <= paper_gain <= hi + 0.005  # False when no pattern holds (NaN)
        forced = checks.get("2012_s1_forced_signs")
        if forced:
            lines.append(_("* **2012, scenario 1, what the programme forces.** Of the paper's {of} rises and falls, "
                           "{forced} have the same direction at every optimum, {as_paper} of them the paper's; the "
                           "other {free} are free, so the paper's signs for them are one choice among many optima."
                           ).format(of=forced["of"], forced=forced["forced"], as_paper=forced["as_paper"],
                                    free=forced["of"] - forced["forced"]))
        text = _("* **2012, scenario 1, Table 4's signs** (a move of at least 0.005 trillion yuan). With the paper's "
                 "eight unchanged sectors held fixed, at most **{k} of its {n}** rises and falls hold together inside "
                 "the optimal set ({free_k} of {free_n} without holding them). ").format(
            k=held["attainable"], n=held["of"], free_k=free["attainable"], free_n=free["of"])
        if missed:
            text += _("Not attainable: {missed}. ").format(missed=missed)
        if held["attainable"]:
            text += (_("Where the best pattern holds, the value-added gain ranges over [{lo}, {hi}] trillion yuan, so "
                       "the paper's +{gain} is **inside** that range.") if inside else
                     _("Where the best pattern holds, the value-added gain ranges over [{lo}, {hi}] trillion yuan, so "
                       "the paper's +{gain} is **outside** that range.")).format(
                lo=f"{lo:.2f}", hi=f"{hi:.2f}", gain=f"{paper_gain:.2f}")
        else:
            text += _("No point of the optimal set keeps the paper's unchanged sectors unchanged.")
        lines.append(text)
    if "2012_s1_ordering" in checks:
        ranges = _("; ").join(f"S{c} [{num(lo / 1e8, 3):.3f}, {num(hi / 1e8, 3):.3f}]"
                              for c, (lo, hi) in checks["2012_s1_change_ranges"].items())
        lines.append(_("* **2012, scenario 1, ranking.** Transport equipment (18) and construction (28) as the two "
                       "largest rises with food and tobacco (06) the largest fall: {verdict} inside the optimal set. "
                       "The largest rises the optimal set allows are in sectors {rises}, the largest falls in {falls}. "
                       "Input changes over the optimal set (trillion yuan): {ranges}.").format(
            verdict=yes(checks["2012_s1_ordering"]), rises=_(", ").join(checks["2012_s1_largest_possible_rises"]),
            falls=_(", ").join(checks["2012_s1_largest_possible_falls"]), ranges=ranges))
    for name in ("2", "3"):
        c = checks.get(f"2012_s{name}_counts")
        if c:
            lines.append(_("* **2012, scenario {name}, counts.** Exactly {up} sectors up and {down} down: {verdict}; "
                           "over the optimal set the number of rising sectors lies between {low} and {high}.").format(
                name=name, up=c["paper_up"], down=c["paper_down"], verdict=yes(c["attainable"]),
                low=c["up_count_min"], high=c["up_count_max"]))
    c = checks.get("2022_s1_signs")
    if c:
        printed = checks["2022_s1_signs_printed"]
        rises = _(", ").join(f"S{k} {v:.3f}" for k, v in checks["2022_s1_max_rise_trillion"].items())
        lines.append(_("* **2022, scenario 1.** The paper's six largest rises rising and its four named falls "
                       "falling: {k} of {n} hold together when a 0.01 % change counts, {printed_k} of {printed_n} when "
                       "a change must reach 0.005 trillion yuan (what the paper's two decimals would print). The "
                       "largest rise each of the six can reach (trillion yuan): {rises}. The six being the six largest "
                       "rises, with the four falling: {in_yuan} in yuan, {in_percent} in per cent (增幅 can mean "
                       "either; ties count).").format(
            k=c["attainable"], n=c["of"], printed_k=printed["attainable"], printed_n=printed["of"], rises=rises,
            in_yuan=yes(checks["2022_s1_ordering"]), in_percent=yes(checks["2022_s1_ordering_percent"])))
    return "\n".join(lines)


def tradeoff_markdown(sweep: pd.DataFrame, growth: pd.DataFrame, growth_all_goals_met: float,
                      energy_scale: float = 1e4, energy_unit: str = "10⁴ TJ") -> str:
    """Fig. A1's reading, generated from this run's sweeps (trillion yuan, 1e8 m3, energy in
    ``energy_unit`` = ``energy_scale`` units of the satellite table). ``growth_all_goals_met``: the
    largest value-added change at which every goal is still met (the maximum over scenario 1's
    optimal set, from the LP, not from the sweep's grid)."""
    sweep = sweep.copy()
    for col in ("energy_saving", "energy_saving_min", "energy_saving_max"):
        sweep[col] = (sweep[col] / energy_scale).round(2) + 0.0  # no "-0.00" from solver round-off
    first, last = sweep.iloc[0], sweep.iloc[-1]
    top = growth.iloc[-1]
    same = growth[np.isclose(growth["value_added_change"], top["value_added_change"], rtol=1e-7, atol=1e3)]
    lines = [_("*Fig. A1, this run.* (a) At the reference point the energy saving goes from {first} to {last} {unit} "
               "as $r$ goes from {r_first} % to {r_last} %; at the largest $r$ the optimal set allows anything from "
               "{low} to {high} {unit}, so the curve is one choice inside a band, not a law of the model.").format(
                 first=f"{first['energy_saving']:.2f}", last=f"{last['energy_saving']:.2f}", unit=energy_unit,
                 r_first=f"{100 * first['r']:.0f}", r_last=f"{100 * last['r']:.0f}",
                 low=f"{last['energy_saving_min']:.2f}", high=f"{last['energy_saving_max']:.2f}"),
             _("(b, c) Value added can grow by up to {growth} trillion yuan ({percent} %) with every goal met (the "
               "maximum over scenario 1's optimal set); below that, a lower water saving at the reference point is a "
               "choice of point, not a cost, as the band in (b) shows.").format(
                 growth=f"{growth_all_goals_met / 1e8:.3f}",
                 percent=f"{100 * growth_all_goals_met / growth.attrs.get('base_value_added', np.nan):.2f}")]
    if len(same) > 1:
        lines.append(_("The {n} growth targets from {start} % up give the same optimum, the most growth the range "
                       "allows ({top} trillion yuan), where the water saving is {water} × 10⁸ m³ (negative: more "
                       "water); their points coincide in (b) and (c).").format(
            n=len(same), start=f"{100 * same['growth_target'].min():.1f}",
            top=f"{top['value_added_change'] / 1e8:.3f}", water=f"{top['water_saving'] / 1e8:.1f}"))
    return sentences(lines)


def sentences(parts: list[str]) -> str:
    """Sentences run together: a space between English ones, none between Chinese ones."""
    return ("" if i18n.language() == "zh" else " ").join(parts)


def missed_goals(res: ScenarioResult, tol: float = 1e-7) -> list[str]:
    """Goals whose unwanted deviation is positive at every point of the optimal set."""
    out = []
    for _, g in res.goal_ranges().iterrows():
        sense = res.goals.set_index("goal").loc[g["goal"], "sense"]
        scale = max(abs(g["target"]), 1.0)
        if (sense in ("<=", "=") and g["min"] > tol * scale) or (sense in (">=", "=") and g["max"] < -tol * scale):
            out.append(g["goal"])
    return out


def goals_markdown(runs: dict) -> str:
    """Which goals every optimum meets, per year and scenario (generated from this run)."""
    lines = []
    for year, results in runs.items():
        for name, res in results.items():
            missed = missed_goals(res)
            lines.append((_("* {year}, scenario {name}: missed at every optimum: {goals}") if missed else
                          _("* {year}, scenario {name}: every goal is met at every optimum")).format(
                year=year, name=name, goals=_(", ").join(_(g) for g in missed)))
    return _("**This run, goal by goal.**") + "\n" + "\n".join(lines)


def nexus_comparison(econ: Economy, scenarios: dict, priorities: dict, active, target_changes: dict,
                     energy_scale: float, readings=("narrow", "double"), **options) -> pd.DataFrame:
    """Scenario 1 (with P4) against scenario 4 (without) under each nexus reading: water and
    energy savings at the reference point and their ranges over the optimal set (10^8 m3 and the
    energy display unit)."""
    names = list(scenarios)
    with_p4 = next(n for n in names if scenarios[n]["energy_water_goals"])
    without = next(n for n in names if not scenarios[n]["energy_water_goals"])
    rows = []
    for nexus in readings:
        for name in (with_p4, without):
            cfg = scenarios[name]
            res = solve_scenario(econ, cfg["r"], cfg["energy_water_goals"], priorities, active, name=name,
                                 target_changes=target_changes, **{**options, "nexus": nexus})
            o = outcome(res)
            rows.append({"nexus reading": nexus, "scenario": name,  # headers: COLUMNS
                         "water saving": o["water_saving"] / 1e8, "water min": o["water_saving_min"] / 1e8,
                         "water max": o["water_saving_max"] / 1e8,
                         "energy saving": o["energy_saving"] / energy_scale,
                         "energy min": o["energy_saving_min"] / energy_scale,
                         "energy max": o["energy_saving_max"] / energy_scale})
    return pd.DataFrame(rows)


def nexus_markdown(table: pd.DataFrame, energy_unit: str) -> str:
    """Does the scenario without P4 save less than the one with it? Per nexus reading, from ``table``."""
    lines = []
    table = table.copy()
    numeric = table.columns[2:]
    table[numeric] = table[numeric].round(2) + 0.0  # no "-0.00" from solver round-off
    for nexus, part in table.groupby("nexus reading", sort=False):
        s1, s4 = part.iloc[0], part.iloc[1]
        same = all(np.isclose(s1[c], s4[c], rtol=1e-6, atol=1e-3) for c in ("water min", "water max", "energy min",
                                                                            "energy max"))
        forced = s4["water max"] < s1["water min"] and s4["energy max"] < s1["energy min"]
        verdict = (_("**forced**: every optimum without P4 saves less than every optimum with it") if forced else
                   _("**not caused by P4**: both optimal sets allow the same savings, so a smaller saving without P4 "
                     "is a choice of point, not an effect of the nexus goals") if same else
                   _("**not forced**: the ranges overlap, so which saves more depends on the point chosen"))
        lines.append(_("* Nexus reading `{nexus}`: with P4 (scenario {s1}) the water saving ranges over [{w1_lo}, "
                       "{w1_hi}] × 10⁸ m³ and the energy saving over [{e1_lo}, {e1_hi}] {unit}; without P4 (scenario "
                       "{s4}) over [{w4_lo}, {w4_hi}] and [{e4_lo}, {e4_hi}]. Saving less without P4: {verdict}."
                       ).format(nexus=nexus, s1=s1["scenario"], s4=s4["scenario"], unit=energy_unit, verdict=verdict,
                                w1_lo=f"{s1['water min']:.2f}", w1_hi=f"{s1['water max']:.2f}",
                                e1_lo=f"{s1['energy min']:.2f}", e1_hi=f"{s1['energy max']:.2f}",
                                w4_lo=f"{s4['water min']:.2f}", w4_hi=f"{s4['water max']:.2f}",
                                e4_lo=f"{s4['energy min']:.2f}", e4_hi=f"{s4['energy max']:.2f}"))
    return _("**This run.**") + "\n" + "\n".join(lines)


def final_demand_table(res: ScenarioResult, econ: Economy, codes, names) -> pd.DataFrame:
    """Net final demand (I - A) x implied by fixed coefficients (Assumption 1), trillion yuan: at
    the base, at the reference point, and its range over the optimal set, for every sector whose
    sign may differ from the base's somewhere in the set."""
    leontief = np.eye(len(econ.x0)) - econ.coefficients
    base, point = leontief @ econ.x0, leontief @ res.x
    rows = []
    for i, code in enumerate(codes):
        lo, hi = optimalset.extremes(res.face, leontief[i] * econ.x0)
        if (base[i] >= 0 and lo < -1e-9 * econ.x0[i]) or (base[i] < 0 and hi > 1e-9 * econ.x0[i]):
            rows.append({"code": code, "sector": names[i], "base": base[i] / 1e8, "point": point[i] / 1e8,
                         "min": lo / 1e8, "max": hi / 1e8})
    return pd.DataFrame(rows, columns=["code", "sector", "base", "point", "min", "max"])  # headers: COLUMNS


def resource_comparison(runs: dict, spec: dict, energy_scale: float, energy_in_paper_unit: bool) -> pd.DataFrame:
    """Every water and energy number the paper prints, beside ours: the value at the reference
    point and the range over the optimal set. Energy is comparable when the satellite table's
    energy is in the paper's unit (TJ); water is a proxy and never comparable."""
    paper = spec["paper_results"]
    rows = []

    def add(label, value, unit, res, goal, scale, comparable, level=False):
        if res is None:
            return
        lo, hi = res.quantity_range(res.rows[goal])
        if level:  # the quantity itself, not its saving
            point, low, high = res.after[goal] / scale, lo / scale, hi / scale
        else:
            point, low, high = ((res.base[goal] - v) / scale for v in (res.after[goal], hi, lo))
        low, high = num(low, 2), num(high, 2)
        if not comparable:
            verdict = N_("not comparable (proxy)")
        elif label.startswith("2022"):  # the paper measures against its exogenous expected value, imports included
            verdict = N_("not comparable (other target and scope)")
        elif low - 0.005 <= value <= high + 0.005:
            verdict = N_("yes, but the range includes 0") if low <= 0.005 and not level else N_("yes")
        else:
            verdict = N_("no")
        rows.append({"quantity": label, "unit": unit, "paper": value, "ours (point)": num(point, 2), "min": low,
                     "max": high, "paper inside range": verdict})

    e_unit = "10⁴ TJ" if energy_in_paper_unit else N_("not the paper's unit")
    y12, y22 = runs.get("2012", {}), runs.get("2022", {})
    p12, p22 = paper["2012"], paper["2022"]
    add(N_("2012 scenario 1: energy saving"), p12["1"]["energy_saving"], e_unit, y12.get("1"), "energy", energy_scale,
        energy_in_paper_unit)
    add(N_("2012 scenario 4: energy saving"), p12["4"]["energy_saving"], e_unit, y12.get("4"), "energy", energy_scale,
        energy_in_paper_unit)
    add(N_("2012 scenario 1: energy used for water (水耗能源) saving"), p12["1"]["nexus_savings"]["energy_used_by_water"],
        e_unit, y12.get("1"), "energy_used_by_water", energy_scale, energy_in_paper_unit)
    add(N_("2022 scenario 1: energy saving"), p22["1"]["energy_saving"], e_unit, y22.get("1"), "energy", energy_scale,
        energy_in_paper_unit)
    expected = spec["year_2022"]["expected_values"]["energy"]["value"]
    add(N_("2022 scenario 1: energy use after"), expected - p22["1"]["energy_saving"], e_unit, y22.get("1"), "energy",
        energy_scale, energy_in_paper_unit, level=True)
    add(N_("2012 scenario 1: water saving"), p12["1"]["water_saving"], "10⁸ m³", y12.get("1"), "water", 1e8, False)
    add(N_("2012 scenario 4: water saving"), p12["4"]["water_saving"], "10⁸ m³", y12.get("4"), "water", 1e8, False)
    add(N_("2012 scenario 1: water used for energy (能源耗水) saving"), p12["1"]["nexus_savings"]["water_used_by_energy"],
        "10⁸ m³", y12.get("1"), "water_used_by_energy", 1e8, False)
    add(N_("2022 scenario 1: water saving"), p22["1"]["water_saving"], "10⁸ m³", y22.get("1"), "water", 1e8, False)
    return pd.DataFrame(rows)
