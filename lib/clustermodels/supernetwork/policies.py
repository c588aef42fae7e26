"""The policy levers of Section 5 as changes to the instance, and sweeps over them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sharedresults import shared
from .equilibrium import NotMonotone, certify, solve
from .model import Instance, totals

LEVERS = ("green_subsidy", "discard_tax", "rd_saving", "w1")


def apply(inst: Instance, waste_edges: np.ndarray, green_subsidy: float = 0.0, discard_tax: float = 0.0,
          rd_saving: float = 0.0, weights=None) -> Instance:
    """* green_subsidy s: the agents pay (1 - s) of the green-flow cost c (a subsidy or standard);
    * discard_tax t: suppliers of by-products avoid t per unit by selling them and pass it on as a
      price cut on the waste edges;
    * rd_saving r: R&D raises the green-processing saving lambda by the fraction r (capped at phi);
    * weights: new (w1, w2, w3) for every agent."""
    changes = {"c": inst.c * (1.0 - green_subsidy),
               "discount": inst.discount + discard_tax * waste_edges.astype(float),
               "lam": np.minimum(inst.lam * (1.0 + rd_saving), inst.phi)}
    if weights is not None:
        changes["weights"] = np.asarray(weights, float)
    return inst.with_(**changes)


@shared
def sweep(inst: Instance, waste_edges: np.ndarray, lever: str, values, tol: float = 1e-9) -> pd.DataFrame:
    """Totals at equilibrium for each value of one lever (warm-started); weights sweep w1 with
    w2 = w3 = (1 - w1) / 2."""
    rows, x = [], None
    for v in values:
        if lever == "w1":
            changed = apply(inst, waste_edges, weights=[v, (1 - v) / 2, (1 - v) / 2])
        else:
            changed = apply(inst, waste_edges, **{lever: v})
        try:
            certify(changed)
        except NotMonotone:
            rows.append({"value": float(v), "certified": False})
            continue
        result = solve(changed, tol=tol, x0=x)
        x = result.x
        rows.append({"value": float(v), "certified": True, **totals(changed, result.x)})
    return pd.DataFrame(rows)
