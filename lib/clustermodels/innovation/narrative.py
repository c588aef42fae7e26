"""Paragraphs of notebook 02 that state or interpret a result, written from the run's results.

Each function takes numbers the notebook has computed and returns Markdown, so the narrative
follows any rerun with other parameters (no number here is a default-run constant).
"""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _, sentences, series


HEADERS = (  # the result tables' column names, shown translated (the CSV files keep them)
    N_("output"), N_("input"), N_("S1_conf"), N_("ST_conf"),  # the sensitivity table
    N_("quantity"), N_("value"), N_("status"), N_("p_plus_q"), N_("area_E"), N_("capability_final"),
    N_("highest_curve"), N_("slow_fast_slow"), N_("within_axis"), N_("all_ok"), N_("side"), N_("name_zh"),
    N_("name_en"), N_("coefficient"), N_("change"), N_("change_pct"), N_("rank_in_side"), N_("item"), N_("paper"),
    N_("ours"), N_("ours-paper"), N_("triangle"), N_("tri-paper"), N_("kind"), N_("agree"), N_("shape"),
    N_("max_with_one_raised"), N_("fastest_growth_year"), N_("top_internal"), N_("top_external"),
    N_("knowledge_restructuring_change_pct"), N_("time_step"), N_("euler"), N_("rk4"), N_("exact"),
)
VALUES = {  # words in the tables' cells (model.yaml's statuses, the sides, the methods), shown translated
    "paper": N_("paper"), "paper (assignment inferred)": N_("paper (assignment inferred)"),
    "assumed": N_("assumed"), "our reading": N_("our reading"), "computed": N_("computed"),
    "calibrated": N_("calibrated"), "baseline": N_("baseline"), "internal": N_("internal"),
    "external": N_("external"), "euler": N_("euler"), "rk4": N_("rk4"),
    # the elements' keys (Table A1's top element per side)
    "resource_mining": N_("resource_mining"), "process_improvement": N_("process_improvement"),
    "knowledge_restructuring": N_("knowledge_restructuring"), "technology_upgrading": N_("technology_upgrading"),
    "resource_utilisation": N_("resource_utilisation"), "process_integration": N_("process_integration"),
    "knowledge_internalisation": N_("knowledge_internalisation"),
    "technology_acquisition": N_("technology_acquisition"),
}


def headed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for display: its known column names in the reader's language."""
    return frame.rename(columns={c: _(c) for c in frame.columns if c in HEADERS})


def translated_values(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """``frame`` with the known words in ``columns`` in the reader's language."""
    return frame.assign(**{c: frame[c].map(lambda v: _(VALUES[v]) if isinstance(v, str) and v in VALUES else v)
                           for c in columns})


def _pct(v: float) -> str:
    return f"{v:.1f} %"


def rule_outcome(candidates: pd.DataFrame, rule: dict, lookup_is_rule: bool) -> str:
    """Which beta S-curve the rule picks with this run's numbers, and whether this run uses it."""
    ok = candidates[candidates.all_ok]
    if ok.empty:
        picked = _("With this run's coefficients, effect and raise **no candidate** up to p + q = {order} keeps every "
                   "curve inside the axis.").format(order=int(candidates.p_plus_q.max()))
    else:
        first = ok.iloc[0]
        same_order = candidates[candidates.p_plus_q == first.p_plus_q]
        simpler = candidates[candidates.p_plus_q < first.p_plus_q]
        picked = sentences([
            _("With this run's coefficients, effect and raise, the rule picks I_x({p}, {q}): year-end capability "
              "{final}, highest curve of Figs. 5-6 {highest}.").format(
                p=int(first.p), q=int(first.q), final=f"{first.capability_final:.2f}",
                highest=f"{first.highest_curve:.2f}"),
            _("Every simpler candidate ({tried} tried) leaves the axis, and {fit} of the {order} candidates of its "
              "order fit.").format(tried=len(simpler), fit=int(same_order.all_ok.sum()), order=len(same_order))])
    lookup = (_("This run uses the rule's lookup (the data file's default).") if lookup_is_rule else
              _("This run uses its own lookup (parameters `lookup_x`, `lookup_y`), not the rule's I_x({p}, {q}) "
                "default.").format(p=rule["p"], q=rule["q"]))
    return sentences([picked, lookup])


def comparison_reading(this: dict, triangle: dict, peak: float, axis_top: float, max_area: float,
                       increase: float, coef_max: float, coef_sum: float, final_time: float) -> str:
    """The paragraph under the paper-vs-ours table: this run's lookup against the triangle.

    ``this`` and ``triangle`` hold ``area``, ``final``, ``checks`` (from
    :func:`.analysis.lookup_checks`)."""
    def verdict(c):
        return _("inside") if c["within_axis"] else _("**above**")

    limit = axis_top / (1 + increase * coef_max / coef_sum)
    c, t = this["checks"], triangle["checks"]
    missing = [name for key, name in (("peak_ok", _("the peak {peak}").format(peak=f"{peak:g}")),
                                      ("zero_ends", _("the zero ends")),
                                      ("slow_fast_slow", _("the slow-fast-slow rise")),
                                      ("within_axis", _("the 0-{top} axis").format(top=f"{axis_top:.2f}")))
               if not c[key]]
    tri_missing = [name for key, name in (("slow_fast_slow", _("has no slow phase before or after its fast rise (one "
                                                               "straight segment; this fails only our reading of the "
                                                               "slow-fast-slow sentence, not the alternative)")),
                                          ("within_axis", _("leaves the axis"))) if not t[key]]
    triangle_text = _("The triangle (area {area}) ends at {final}; its raised cases reach {highest}, {verdict} the "
                      "axis").format(area=f"{triangle['area']:.2f}", final=f"{triangle['final']:.2f}",
                                     highest=f"{t['highest_curve']:.2f}", verdict=verdict(t))
    return sentences([
        _("**Reading the comparison (this run).** With this run's E(t), whose area is {area}, the baseline ends at "
          "{final} in year {year} and the highest curve of Figs. 5-6 reaches {highest}, {verdict} the paper's "
          "0-{top} axis.").format(area=f"{this['area']:.2f}", final=f"{this['final']:.2f}", year=f"{final_time:g}",
                                  highest=f"{c['highest_curve']:.2f}", verdict=verdict(c), top=f"{axis_top:.2f}"),
        _("For every curve to fit, the year-{year} baseline may be at most {top} / (1 + {increase} x {most}/{total}) "
          "= {limit}, i.e. the area under E at most {area}.").format(
            year=f"{final_time:g}", top=f"{axis_top:.2f}", increase=f"{increase:g}", most=f"{coef_max:g}",
            total=f"{coef_sum:g}", limit=f"{limit:.3f}", area=f"{max_area:.1f}"),
        (_("{triangle}, and it {failures}.").format(triangle=triangle_text, failures=_(" and ").join(tri_missing))
         if tri_missing else _("{triangle}; it meets every constraint.").format(triangle=triangle_text)),
        (_("This run's lookup meets the paper's peak and zero ends, our reading of its slow-fast-slow sentence, and "
           "our axis rule.") if not missing else
         _("This run's lookup misses {missing}.").format(missing=_(", ").join(missing))),
    ])


def relative_gain(name: str, increase: float, coef: float, coef_sum: float) -> str:
    return _("For this run: raising {name} by {percent} % adds {increase} x {coefficient}/{total} = {gain} to the "
             "year-end capability, whatever E(t).").format(
                 name=name, percent=f"{100 * increase:g}", increase=f"{increase:g}", coefficient=f"{coef:g}",
                 total=f"{coef_sum:g}", gain=_pct(100 * increase * coef / coef_sum))


def shapes_reading(shapes: pd.DataFrame, axis_top: float) -> str:
    """Fig. A2's reading from its table (one row per lookup, this run's first)."""
    fit = shapes[shapes.max_with_one_raised <= axis_top + 1e-9]["shape"].tolist()
    out = shapes[shapes.max_with_one_raised > axis_top + 1e-9]["shape"].tolist()
    one = lambda col: shapes[col].nunique() == 1  # noqa: E731
    gain = shapes["knowledge_restructuring_change_pct"]
    return sentences([
        _("In this run's table the year-end level ranges from {low} to {high} and follows the area under E; the year "
          "of fastest growth ranges over {years} and follows E's peak; the top element per side is {same}, and "
          "knowledge restructuring's relative gain is {gain}.").format(
            low=f"{shapes.capability_final.min():.2f}", high=f"{shapes.capability_final.max():.2f}",
            years=series(f"{v:g}" for v in sorted(shapes.fastest_growth_year.unique())),
            same=(_("the same for every shape") if one("top_internal") and one("top_external") else
                  _("not the same for every shape")),
            gain=(_("{percent} for every shape").format(percent=_pct(gain.iloc[0]))
                  if (gain.max() - gain.min()) < 1e-6 else _("not constant"))),
        _("Shapes whose Figs. 5-6 curves fit the 0-{top} axis: {fit}; shapes that leave it: {out}.").format(
            top=f"{axis_top:.2f}", fit=series(fit) or _("none"), out=series(out) or _("none")),
    ])


def time_step_reading(steps: pd.DataFrame, exact: float) -> str:
    """Table A2's reading: which steps are exact and the largest error of the others."""
    if steps.empty or not {"euler", "rk4"} <= set(steps.columns):
        return _("None of Table A2's time steps divides this run's time span into whole steps, so the table is "
                 "empty; the run's own step is checked against the exact integral above.")
    err = 100 * (steps[["euler", "rk4"]] - exact).abs().max(axis=1) / exact
    exact_steps = steps.time_step[err < 1e-9].tolist()
    off = steps[err >= 1e-9]
    text = _("In this run, steps {steps} give the exact year-end value {exact} with both methods").format(
        steps=series(f"{v:g}" for v in exact_steps) or _("(none)"), exact=f"{exact:.4f}")
    if off.empty:
        return _("{text}.").format(text=text)
    worst = err[err >= 1e-9]
    many = len(off) > 1
    return (_("{text}; steps {steps} are off by up to {error} %.") if many else
            _("{text}; step {steps} is off by up to {error} %.")).format(
                text=text, steps=series(f"{v:g}" for v in off.time_step), error=f"{worst.max():.2f}")


def sweep_reading(scenarios: int, spread: float, holds: dict, mean: float, lo: float, hi: float,
                  final_time: float, same_coefficients: bool | None = None) -> str:
    """The coefficient sweep in words. With ``same_coefficients`` (both sides hold the same set of
    coefficients, so the top two hold with the same probability on both) the gap between the two
    shares is set against its sampling error: two independent shares of ``scenarios`` draws each."""
    share = min(holds.values())
    parts = [_("In this run, over {scenarios} scenarios (each coefficient within ±{spread} %), the year-{year} "
               "capability has mean {mean} and 5-95 % range {low}-{high}; the paper's top two hold in {inside} % "
               "(inside) and {outside} % (outside) of scenarios, about {tenths} in 10 at the lower share, failing "
               "only when the sampled coefficients themselves change order.").format(
                   scenarios=f"{scenarios:,}", spread=f"{100 * spread:g}", year=f"{final_time:g}",
                   mean=f"{mean:.2f}", low=f"{lo:.2f}", high=f"{hi:.2f}", inside=f"{100 * holds['internal']:.1f}",
                   outside=f"{100 * holds['external']:.1f}", tenths=f"{round(10 * share):d}")]
    if same_coefficients:
        p = (holds["internal"] + holds["external"]) / 2
        se = 100 * (2 * p * (1 - p) / scenarios) ** 0.5  # of the difference, in points
        gap = 100 * abs(holds["internal"] - holds["external"])
        verdict = (_("within sampling noise: no significant difference between the two sides") if gap <= 2 * se
                   else _("more than twice its sampling error"))
        parts.append(_("Both sides hold the same coefficients, so the top two are equally likely to hold on either; "
                       "the gap of {gap} points against a standard error of {error} points is {verdict}.").format(
                           gap=f"{gap:.1f}", error=f"{se:.1f}", verdict=verdict))
    return sentences(parts)
