"""Paper 2's assumed inputs as numbers to sample: E(t)'s shape and the eight coefficients.

A row holds ``p`` and ``q`` (the shapes of the beta S-curve that E(t) rises along, as in the rule
that built the default lookup, here not restricted to whole numbers) and one factor per synergy
element that multiplies its printed coefficient. The peak 4.6, the zero ends, the peak year and
the yearly points rounded to 0.01 are the paper's words or the rule's, and stay fixed.

Vectorised without a second model: the model is linear in the lookup's values (E enters the rate
linearly and the stock does not), so C(T) = effect * sum(c) * g . y, where g_j is what
:func:`~.model.simulate_capability` gives for the lookup that is 1 at point j and 0 elsewhere.
A test checks rows against ``run.headline``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betainc

from .model import ModelSpec, simulate_capability
from .notebook import resolve

OUTPUT = "baseline.capability_final"


def lookup_values(spec: ModelSpec, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Yearly lookup points (x,) and values (S, x) of the S-curves I_x(p, q), rule as in model.yaml."""
    rule = spec.source["embedded_capability_lookup"]["rule"]
    peak = float(spec.source["paper_constraints"]["peak"]["value"])
    half = spec.final_time / 2
    n = int(round(half / float(rule["step"])))
    x = np.arange(n + 1) / n
    rise = np.round(peak * betainc(p[:, None], q[:, None], x[None, :]), int(rule["decimals"]))
    values = np.concatenate([rise, rise[:, -2::-1]], axis=1)
    return half * np.arange(2 * n + 1) / n, values


def unit_responses(spec: ModelSpec, xs: np.ndarray) -> np.ndarray:
    """g_j: the final capability per unit of effect * sum(c) for a lookup that is 1 at point j."""
    g = np.empty(len(xs))
    one = np.zeros((1, len(spec.elements)))
    one[0, 0] = 1.0
    for j in range(len(xs)):
        unit = np.zeros(len(xs))
        unit[j] = 1.0
        s = spec.with_(lookup_x=tuple(xs), lookup_y=tuple(unit), initial_capability=0.0)
        g[j] = simulate_capability(s, one, final_only=True, effect=np.array([1.0]))[0, -1]
    return g


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    spec = resolve({}).spec
    col = {name: sample[:, i] for i, name in enumerate(names)}
    xs, ys = lookup_values(spec, col["p"], col["q"])
    factors = np.column_stack([col[f"c_{e.key}"] for e in spec.elements])
    total = (factors * spec.coefficients[None, :]).sum(axis=1)
    final = spec.initial_capability + spec.effect * total * (ys @ unit_responses(spec, xs))
    return pd.DataFrame({OUTPUT: np.round(final, 6)})


def parameters(row: dict) -> dict:
    """The notebook parameters of one row (what ``run.headline`` takes), for the tests."""
    spec = resolve({}).spec
    xs, ys = lookup_values(spec, np.array([row["p"]]), np.array([row["q"]]))
    coef = [e.coefficient * row[f"c_{e.key}"] for e in spec.elements]
    internal = [c for c, e in zip(coef, spec.elements) if e.side == "internal"]
    external = [c for c, e in zip(coef, spec.elements) if e.side == "external"]
    return {"lookup_x": [float(v) for v in xs], "lookup_y": [float(v) for v in ys[0]],
            "internal_coefficients": internal, "external_coefficients": external}


def highest_curves(sample: np.ndarray, names: tuple[str, ...], increase: float) -> np.ndarray:
    """For each row's E(t) shape, the highest curve of Figs. 4-6 at the paper's coefficients (the
    notebook's axis rule asks that it stay at or below the 5.00 axis): effect * (sum(c) + increase
    * max(c)) * the row's area under E, the model being linear."""
    spec = resolve({}).spec
    col = {name: sample[:, i] for i, name in enumerate(names)}
    xs, ys = lookup_values(spec, col["p"], col["q"])
    c = spec.coefficients
    return spec.initial_capability + spec.effect * (c.sum() + increase * c.max()) * (ys @ unit_responses(spec, xs))
