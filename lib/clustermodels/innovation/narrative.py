"""Paragraphs of notebook 02 that state or interpret a result, written from the run's results.

Each function takes numbers the notebook has computed and returns Markdown, so the narrative
follows any rerun with other parameters (no number here is a default-run constant).
"""

from __future__ import annotations

import pandas as pd


def _pct(v: float) -> str:
    return f"{v:.1f} %"


def rule_outcome(candidates: pd.DataFrame, rule: dict, lookup_is_rule: bool) -> str:
    """Which beta S-curve the rule picks with this run's numbers, and whether this run uses it."""
    ok = candidates[candidates.all_ok]
    if ok.empty:
        picked = ("With this run's coefficients, effect and raise **no candidate** up to "
                  f"p + q = {int(candidates.p_plus_q.max())} keeps every curve inside the axis.")
    else:
        first = ok.iloc[0]
        same_order = candidates[candidates.p_plus_q == first.p_plus_q]
        simpler = candidates[candidates.p_plus_q < first.p_plus_q]
        picked = (
            f"With this run's coefficients, effect and raise, the rule picks I_x({int(first.p)}, "
            f"{int(first.q)}): year-end capability {first.capability_final:.2f}, highest curve of "
            f"Figs. 5-6 {first.highest_curve:.2f}. "
            f"Every simpler candidate ({len(simpler)} tried) leaves the axis, and "
            f"{int(same_order.all_ok.sum())} of the {len(same_order)} candidates of its order fit.")
    lookup = ("This run uses the rule's lookup (the data file's default)." if lookup_is_rule else
              f"This run uses its own lookup (parameters `lookup_x`, `lookup_y`), not the rule's "
              f"I_x({rule['p']}, {rule['q']}) default.")
    return f"{picked} {lookup}"


def comparison_reading(this: dict, triangle: dict, peak: float, axis_top: float, max_area: float,
                       increase: float, coef_max: float, coef_sum: float, final_time: float) -> str:
    """The paragraph under the paper-vs-ours table: this run's lookup against the triangle.

    ``this`` and ``triangle`` hold ``area``, ``final``, ``checks`` (from
    :func:`.analysis.lookup_checks`)."""
    def verdict(c):
        return "inside" if c["within_axis"] else "**above**"

    limit = axis_top / (1 + increase * coef_max / coef_sum)
    c, t = this["checks"], triangle["checks"]
    missing = [name for key, name in (("peak_ok", f"the peak {peak:g}"), ("zero_ends", "the zero ends"),
                                      ("slow_fast_slow", "the slow-fast-slow rise"),
                                      ("within_axis", f"the 0-{axis_top:.2f} axis")) if not c[key]]
    tri_missing = [name for key, name in (("slow_fast_slow", "has no slow phase before or after "
                                           "its fast rise (one straight segment; this fails only our "
                                           "reading of the slow-fast-slow sentence, not the alternative)"),
                                          ("within_axis", "leaves the axis")) if not t[key]]
    lines = [
        f"**Reading the comparison (this run).** With this run's E(t), whose area is {this['area']:.2f}, "
        f"the baseline ends at {this['final']:.2f} in year {final_time:g} and the highest curve of "
        f"Figs. 5-6 reaches {c['highest_curve']:.2f}, {verdict(c)} the paper's 0-{axis_top:.2f} axis. "
        f"For every curve to fit, the year-{final_time:g} baseline may be at most "
        f"{axis_top:.2f} / (1 + {increase:g} x {coef_max:g}/{coef_sum:g}) = {limit:.3f}, i.e. the area "
        f"under E at most {max_area:.1f}.",
        f"The triangle (area {triangle['area']:.2f}) ends at {triangle['final']:.2f}; its raised cases "
        f"reach {t['highest_curve']:.2f}, {verdict(t)} the axis"
        + (f", and it {' and '.join(tri_missing)}." if tri_missing else "; it meets every constraint."),
        ("This run's lookup meets the paper's peak and zero ends, our reading of its slow-fast-slow "
         "sentence, and our axis rule." if not missing else
         "This run's lookup misses " + ", ".join(missing) + "."),
    ]
    return " ".join(lines)


def relative_gain(name: str, increase: float, coef: float, coef_sum: float) -> str:
    return (f"For this run: raising {name} by {100 * increase:g} % adds {increase:g} x {coef:g}/{coef_sum:g} "
            f"= {_pct(100 * increase * coef / coef_sum)} to the year-end capability, whatever E(t).")


def shapes_reading(shapes: pd.DataFrame, axis_top: float) -> str:
    """Fig. A2's reading from its table (one row per lookup, this run's first)."""
    fit = shapes[shapes.max_with_one_raised <= axis_top + 1e-9]["shape"].tolist()
    out = shapes[shapes.max_with_one_raised > axis_top + 1e-9]["shape"].tolist()
    one = lambda col: shapes[col].nunique() == 1  # noqa: E731
    gain = shapes["knowledge_restructuring_change_pct"]
    return (
        f"In this run's table the year-end level ranges from {shapes.capability_final.min():.2f} to "
        f"{shapes.capability_final.max():.2f} and follows the area under E; the year of fastest growth "
        f"ranges over {', '.join(f'{v:g}' for v in sorted(shapes.fastest_growth_year.unique()))} and "
        f"follows E's peak; the top element per side is "
        f"{'the same for every shape' if one('top_internal') and one('top_external') else 'not the same for every shape'}"
        f", and knowledge restructuring's relative gain is "
        f"{_pct(gain.iloc[0]) + ' for every shape' if (gain.max() - gain.min()) < 1e-6 else 'not constant'}. "
        f"Shapes whose Figs. 5-6 curves fit the 0-{axis_top:.2f} axis: {', '.join(fit) or 'none'}; "
        f"shapes that leave it: {', '.join(out) or 'none'}."
    )


def time_step_reading(steps: pd.DataFrame, exact: float) -> str:
    """Table A2's reading: which steps are exact and the largest error of the others."""
    if steps.empty or not {"euler", "rk4"} <= set(steps.columns):
        return ("None of Table A2's time steps divides this run's time span into whole steps, so the "
                "table is empty; the run's own step is checked against the exact integral above.")
    err = 100 * (steps[["euler", "rk4"]] - exact).abs().max(axis=1) / exact
    exact_steps = steps.time_step[err < 1e-9].tolist()
    off = steps[err >= 1e-9]
    text = (f"In this run, steps {', '.join(f'{v:g}' for v in exact_steps) or '(none)'} give the exact "
            f"year-end value {exact:.4f} with both methods")
    if off.empty:
        return text + "."
    worst = err[err >= 1e-9]
    many = len(off) > 1
    return (text + f"; {'steps' if many else 'step'} {', '.join(f'{v:g}' for v in off.time_step)} "
            f"{'are' if many else 'is'} off by up to {worst.max():.2f} %.")


def sweep_reading(scenarios: int, spread: float, holds: dict, mean: float, lo: float, hi: float,
                  final_time: float, same_coefficients: bool | None = None) -> str:
    """The coefficient sweep in words. With ``same_coefficients`` (both sides hold the same set of
    coefficients, so the top two hold with the same probability on both) the gap between the two
    shares is set against its sampling error: two independent shares of ``scenarios`` draws each."""
    share = min(holds.values())
    text = (f"In this run, over {scenarios:,} scenarios (each coefficient within ±{100 * spread:g} %), the "
            f"year-{final_time:g} capability has mean {mean:.2f} and 5-95 % range {lo:.2f}-{hi:.2f}; the "
            f"paper's top two hold in {100 * holds['internal']:.1f} % (inside) and "
            f"{100 * holds['external']:.1f} % (outside) of scenarios, about "
            f"{round(10 * share):d} in 10 at the lower share, failing only when the sampled "
            f"coefficients themselves change order.")
    if same_coefficients:
        p = (holds["internal"] + holds["external"]) / 2
        se = 100 * (2 * p * (1 - p) / scenarios) ** 0.5  # of the difference, in points
        gap = 100 * abs(holds["internal"] - holds["external"])
        verdict = ("within sampling noise: the two sides do not differ" if gap <= 2 * se
                   else "more than twice its sampling error")
        text += (f" Both sides hold the same coefficients, so the top two are equally likely to hold on "
                 f"either; the gap of {gap:.1f} points against a standard error of {se:.1f} points is "
                 f"{verdict}.")
    return text
