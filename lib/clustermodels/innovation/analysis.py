"""Compendium extensions for paper 2: E(t) shapes, time steps, coefficient uncertainty.

Because the model is linear, C(T) = effect * sum(c) * integral(E) and raising element k by a
fraction s adds s * effect * c_k * integral(E): the sensitivity ranking is the ranking of the
coefficients, whatever E's shape. These functions show that numerically, with the engine.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .model import ModelSpec, embedded_capability, lookup_area, sensitivity_cases, simulate_capability

# The paper's stated top two per side (§2.2.2-2.2.3), in order.
PAPER_TOP_TWO = {
    "internal": ("knowledge_restructuring", "resource_mining"),
    "external": ("resource_utilisation", "knowledge_internalisation"),
}


def ranking(spec: ModelSpec, increase: float, coefficients: np.ndarray | None = None) -> dict:
    """Per side, the element keys ordered by the final-capability gain of raising each one.

    With ``coefficients`` of shape (S, 8) the result holds, per side, an (S, 4) array of
    element indices (best first) for every scenario.
    """
    coef = spec.coefficients[None, :] if coefficients is None else np.atleast_2d(coefficients)
    n = coef.shape[1]
    base = simulate_capability(spec, coef, final_only=True)[:, -1]
    gains = np.empty_like(coef)
    for k in range(n):
        raised = coef.copy()
        raised[:, k] *= 1 + increase
        gains[:, k] = simulate_capability(spec, raised, final_only=True)[:, -1] - base
    out = {}
    for side in ("internal", "external"):
        idx = np.flatnonzero(spec.side_mask(side))
        order = idx[np.argsort(-gains[:, idx], axis=1, kind="stable")]
        if coefficients is None:
            out[side] = tuple(spec.elements[i].key for i in order[0])
        else:
            out[side] = order
    return out


def fastest_growth_year(spec: ModelSpec) -> float:
    c = simulate_capability(spec)[0]
    return float(spec.times[np.argmax(np.diff(c))])


def shape_table(spec: ModelSpec, lookups: dict, increase: float, lang: str) -> pd.DataFrame:
    rows = []
    for key, lk in lookups.items():
        s = spec.with_(lookup_x=tuple(lk["x"]), lookup_y=tuple(lk["y"]))
        final = simulate_capability(s)[0, -1]
        top = ranking(s, increase)
        cases = sensitivity_cases(s, increase)
        finals = simulate_capability(s, np.array([c.spec.coefficients for c in cases]))[:, -1]
        knowledge = [c.key for c in cases].index("knowledge_restructuring")
        rows.append({
            "shape": lk["name_zh"] if lang == "zh" else lk["name_en"],
            "area_E": lookup_area(s),
            "capability_final": final,
            "max_with_one_raised": finals.max(),
            "fastest_growth_year": fastest_growth_year(s),
            "top_internal": top["internal"][0],
            "top_external": top["external"][0],
            "knowledge_restructuring_change_pct": 100 * (finals[knowledge] / final - 1),
        })
    return pd.DataFrame(rows)


def time_step_table(spec: ModelSpec, time_steps, methods=("euler", "rk4")) -> pd.DataFrame:
    rows = []
    for dt in time_steps:
        row = {"time_step": dt}
        for method in methods:
            row[method] = simulate_capability(spec.with_(time_step=dt, method=method))[0, -1]
        rows.append(row)
    return pd.DataFrame(rows)


def coefficient_sweep(spec: ModelSpec, scenarios: int, spread: float, seed: int,
                      increase: float) -> dict:
    """Sample every coefficient uniformly within ±spread of its value; return final capability
    per scenario and the share of scenarios in which the paper's top-two ranking holds."""
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(scenarios, len(spec.elements)))
    coef = spec.coefficients[None, :] * factors
    finals = simulate_capability(spec, coef, final_only=True)[:, -1]
    orders = ranking(spec, increase, coef)
    keys = [e.key for e in spec.elements]
    holds = {}
    for side, (first, second) in PAPER_TOP_TWO.items():
        o = orders[side]
        holds[side] = float(np.mean((o[:, 0] == keys.index(first)) & (o[:, 1] == keys.index(second))))
    return {"finals": finals, "top_two_holds": holds}


# --- the default E(t): how it is built and what it must satisfy ------------------------------


def beta_rise(x, p: int, q: int) -> np.ndarray:
    """The beta distribution function I_x(p, q) for whole-number shapes p, q >= 1 on [0, 1].

    It rises from 0 to 1; for p, q >= 2 it starts and ends flat (slow, fast, slow), with its
    fastest rise at x = (p - 1) / (p + q - 2). I_x(3, 2) = 4x^3 - 3x^4."""
    x = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
    n = p + q - 1
    return sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(p, n + 1))


def s_curve_lookup(p: int, q: int, peak: float, peak_year: float, final_time: float, step: float,
                   decimals: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A Vensim lookup rising as ``peak * I_x(p, q)`` from year 0 to ``peak_year`` and falling
    back as its mirror image, tabulated every ``step`` years and rounded to ``decimals``."""
    if not math.isclose(2 * peak_year, final_time):
        raise ValueError("the mirrored fall needs peak_year = final_time / 2")
    n = int(round(peak_year / step))
    if n < 1 or not math.isclose(n * step, peak_year):
        raise ValueError(f"step {step:g} must divide the peak year {peak_year:g}")
    rise = np.round(peak * beta_rise(np.arange(n + 1) / n, p, q), decimals)
    ys = np.concatenate([rise, rise[-2::-1]])
    xs = step * np.arange(2 * n + 1)
    return tuple(float(v) for v in xs), tuple(float(v) + 0.0 for v in ys)


def rise_is_slow_fast_slow(lookup_x, lookup_y) -> bool:
    """True when the lookup rises from its start to its (first) peak convex then concave: the
    slopes of its segments grow to a maximum and then shrink, with a slower segment on each side
    (the paper's 缓慢增长、快速增长、再缓慢增长). A triangle or a purely convex rise fails."""
    x, y = np.asarray(lookup_x, dtype=float), np.asarray(lookup_y, dtype=float)
    top = int(np.argmax(y))
    slopes = np.diff(y[: top + 1]) / np.diff(x[: top + 1])
    if slopes.size < 3 or np.any(slopes < 0):
        return False
    k = int(np.argmax(slopes))
    tol = 1e-12
    return bool(0 < k < slopes.size - 1
                and np.all(np.diff(slopes[: k + 1]) >= -tol) and np.all(np.diff(slopes[k:]) <= tol)
                and slopes[0] < slopes[k] and slopes[-1] < slopes[k])


def figure_range(spec: ModelSpec, increase: float) -> tuple[float, float]:
    """Lowest and highest value of every curve of Figs. 4-6 (baseline and each raised element)."""
    cases = sensitivity_cases(spec, increase)
    curves = simulate_capability(spec, np.array([c.spec.coefficients for c in cases]))
    return float(curves.min()), float(curves.max())


def lookup_checks(spec: ModelSpec, increase: float, peak: float, axis_top: float) -> dict:
    """Every constraint the paper puts on E(t) and on the curves it drives, checked for ``spec``."""
    ends = embedded_capability([spec.initial_time, spec.final_time], spec.lookup_x, spec.lookup_y)
    low, high = figure_range(spec, increase)
    checks = {
        "peak": float(max(spec.lookup_y)),
        "peak_ok": math.isclose(max(spec.lookup_y), peak, abs_tol=1e-9),
        "zero_ends": bool(np.all(np.abs(ends) < 1e-12)),
        "slow_fast_slow": rise_is_slow_fast_slow(spec.lookup_x, spec.lookup_y),
        "lowest_curve": low,
        "highest_curve": high,
        "within_axis": bool(low >= 0 and high <= axis_top + 1e-9),
    }
    checks["all_ok"] = all(checks[k] for k in ("peak_ok", "zero_ends", "slow_fast_slow", "within_axis"))
    return checks


def max_area_within_axis(spec: ModelSpec, increase: float, axis_top: float) -> float:
    """The largest area under E(t) that keeps every curve of Figs. 4-6 at or below ``axis_top``
    (the model is linear: the highest curve is effect * (sum(c) + increase * max(c)) * area)."""
    c = spec.coefficients
    return axis_top / (spec.effect * (c.sum() + increase * c.max()))


def s_curve_candidates(spec: ModelSpec, increase: float, peak: float, axis_top: float,
                       step: float, decimals: int, max_order: int = 8) -> pd.DataFrame:
    """The rule that picks the default E(t): beta S-curves I_x(p, q) with whole-number shapes
    p, q >= 2 (flat start and flat peak: slow, fast, slow), peak ``peak`` in the middle year,
    mirrored fall, tabulated every ``step`` years; tried in order of p + q (the simplest first).
    Returns one row per candidate with the constraint checks; the first row with ``all_ok`` is
    the default."""
    rows = []
    half = spec.final_time / 2
    n = half / step
    if abs(n - round(n)) > 1e-9 * max(1.0, n) or round(n) < 1:
        step = half / math.ceil(n)  # a rerun's final time: the largest step <= the rule's that divides it
    for order in range(4, max_order + 1):
        for p in range(2, order - 1):
            q = order - p
            xs, ys = s_curve_lookup(p, q, peak, half, spec.final_time, step, decimals)
            s = spec.with_(lookup_x=xs, lookup_y=ys)
            checks = lookup_checks(s, increase, peak, axis_top)
            rows.append({"p": p, "q": q, "p_plus_q": order, "area_E": lookup_area(s),
                         "capability_final": float(simulate_capability(s)[0, -1]),
                         "highest_curve": checks["highest_curve"],
                         "slow_fast_slow": checks["slow_fast_slow"],
                         "within_axis": checks["within_axis"], "all_ok": checks["all_ok"]})
    return pd.DataFrame(rows)
