"""Compendium extensions for paper 2: E(t) shapes, time steps, coefficient uncertainty.

Because the model is linear, C(T) = effect * sum(c) * integral(E) and raising element k by a
fraction s adds s * effect * c_k * integral(E): the sensitivity ranking is the ranking of the
coefficients, whatever E's shape. These functions show that numerically, with the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import ModelSpec, lookup_area, sensitivity_cases, simulate_capability

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
    base = simulate_capability(spec, coef)[:, -1]
    gains = np.empty_like(coef)
    for k in range(n):
        raised = coef.copy()
        raised[:, k] *= 1 + increase
        gains[:, k] = simulate_capability(spec, raised)[:, -1] - base
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
    finals = simulate_capability(spec, coef)[:, -1]
    orders = ranking(spec, increase, coef)
    keys = [e.key for e in spec.elements]
    holds = {}
    for side, (first, second) in PAPER_TOP_TWO.items():
        o = orders[side]
        holds[side] = float(np.mean((o[:, 0] == keys.index(first)) & (o[:, 1] == keys.index(second))))
    return {"finals": finals, "top_two_holds": holds}
