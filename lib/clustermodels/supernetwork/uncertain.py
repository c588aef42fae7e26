"""Paper 1's assumed inputs as numbers to sample: the instance's parameters and the weights.

Every number of ``instance.yaml`` is ours, so a row scales each of them: one factor per edge
parameter (g, c, e, h, theta, phi, psi, lambda: every edge's value times the factor, so the
edges keep their differences), one per supplier parameter (available, price, scarcity), and the
principle weights w1, w2 of every agent (w3 = 1 - w1 - w2). The equilibrium is solved as the
notebook solves it (:func:`~.equilibrium.solve` after the uniqueness certificate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import equilibrium, model
from .notebook import resolve

OUTPUTS = ("green_flow", "economic_value")
EDGE = {"g": "g", "c": "c", "e": "e", "h": "h", "theta": "theta", "phi": "phi", "psi": "psi", "lambda": "lam"}
SUPPLIER = ("available", "price", "scarcity")


def instance(base: model.Instance, row: dict) -> model.Instance:
    """``base`` with one row's factors and weights."""
    changes = {field: getattr(base, field) * row[f"{name}_factor"] for name, field in EDGE.items()}
    changes.update({name: getattr(base, name) * row[f"{name}_factor"] for name in SUPPLIER})
    changes["weights"] = np.array([row["w1"], row["w2"], 1.0 - row["w1"] - row["w2"]])
    return base.with_(**changes)


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    settings = resolve({})
    out = []
    for values in sample:
        inst = instance(settings.base, dict(zip(names, values)))
        equilibrium.certify(inst)  # raises when the equilibrium may not be unique
        sol = equilibrium.solve(inst, settings.method, settings.tolerance)
        totals = model.totals(inst, sol.x)
        out.append({k: round(totals[k], 6) for k in OUTPUTS})
    return pd.DataFrame(out, columns=list(OUTPUTS))
