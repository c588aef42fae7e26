"""Paper 1's assumed inputs as numbers to sample: the instance's parameters and the weights.

Every number of ``instance.yaml`` is ours, so a row scales each of them: one factor per edge
parameter (g, c, e, h, theta, phi, psi, lambda: every edge's value times the factor, so the
edges keep their differences), one per supplier parameter (available, price, scarcity), and the
principle weights of every agent as two independent coordinates of the simplex w1 + w2 + w3 = 1:
the cost weight ``w3`` and the ecological share of the value weights ``eco_share`` = w1 / (w1 + w2).
The variational equilibrium is certified unique as in the notebook and solved to the notebook's
tolerance by :func:`~.equilibrium.solve_fast` (Euler steps with an exact step on the face they
reach: the same point as the notebook's extragradient method, a few times faster), started from
the default equilibrium (it is unique, so the start only saves iterations).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import equilibrium, model
from .notebook import resolve

OUTPUTS = ("green_flow", "economic_value")
EDGE = {"g": "g", "c": "c", "e": "e", "h": "h", "theta": "theta", "phi": "phi", "psi": "psi", "lambda": "lam"}
SUPPLIER = ("available", "price", "scarcity")


def weights(w3: float, eco_share: float) -> np.ndarray:
    """w1, w2, w3 from the cost weight and the ecological share of the value weights."""
    return np.array([(1.0 - w3) * eco_share, (1.0 - w3) * (1.0 - eco_share), w3])


def instance(base: model.Instance, row: dict) -> model.Instance:
    """``base`` with one row's factors and weights."""
    changes = {field: getattr(base, field) * row[f"{name}_factor"] for name, field in EDGE.items()}
    changes.update({name: getattr(base, name) * row[f"{name}_factor"] for name in SUPPLIER})
    changes["weights"] = weights(row["w3"], row["eco_share"])
    return base.with_(**changes)


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    settings = resolve({})
    start = equilibrium.solve_fast(settings.base, settings.tolerance).x
    out = []
    for values in sample:
        inst = instance(settings.base, dict(zip(names, values)))
        equilibrium.certify(inst)  # raises when the variational equilibrium may not be unique
        sol = equilibrium.solve_fast(inst, settings.tolerance, x0=inst.feasible_set().project(start))
        if not sol.converged:
            raise RuntimeError(f"no equilibrium to {settings.tolerance:g} at {dict(zip(names, values))}")
        totals = model.totals(inst, sol.x)
        out.append({k: round(totals[k], 6) for k in OUTPUTS})
    return pd.DataFrame(out, columns=list(OUTPUTS))
