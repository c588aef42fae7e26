"""Paper 1's run API: the equilibrium's headline numbers for a set of notebook parameters.

See :mod:`clustermodels.runapi`. The keys are those of ``results.json``; supplier keys end in the
supplier's label (``supplier_utilisation.A``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import equilibrium, model, narrative, vi
from .notebook import Settings, resolve


@dataclass(frozen=True)
class Equilibrium:
    """The solved equilibrium and what the notebook shows of it."""
    solution: vi.VIResult
    kkt: dict
    box_only: vi.VIResult  # the equilibrium without the supplier caps
    suppliers: pd.DataFrame
    numbers: dict[str, float]


def solve(settings: Settings) -> Equilibrium:
    inst = settings.instance
    sol = equilibrium.solve(inst, settings.method, settings.tolerance)
    kkt = equilibrium.conditions(inst, sol.x)
    box_only = equilibrium.solve(inst, settings.method, settings.tolerance, caps=False)
    suppliers = narrative.supplier_table(inst, sol.x, kkt["multipliers"], box_only.x)
    totals = model.totals(inst, sol.x)
    cert = settings.certificate
    numbers = {key: round(totals[key], 6)
               for key in ("ecological_value", "economic_value", "cost", "green_flow", "economic_flow")}
    for key, column in (("supplier_utilisation", "utilisation"), ("supplier_multiplier", "multiplier mu_j"),
                        ("supplier_shadow_price", "shadow price mu_j/w3")):
        numbers.update({f"{key}.{r['supplier']}": round(r[column], 6) for _, r in suppliers.iterrows()})
    numbers.update({
        "max_supplier_utilisation": round(float(suppliers["utilisation"].max()), 6),
        "kkt_violation": float(f"{kkt['violation']:.3e}"),
        "residual": float(f"{sol.residual:.3e}"),
        "smallest_eigenvalue": round(cert["exact"], 6),
        "block_lower_bound": round(cert["block_bound"], 6),
        "iterations": sol.iterations,
    })
    return Equilibrium(sol, kkt, box_only, suppliers, numbers)


def numbers(settings: Settings) -> dict[str, float]:
    return solve(settings).numbers


def headline(**params) -> dict[str, float]:
    """The headline numbers of notebook 01 run with ``params`` (validated by its ``resolve``)."""
    return numbers(resolve(params))


def figure_data(settings: Settings, solved: Equilibrium) -> dict:
    """What the explore panel's figure draws: each edge (``"A→B"``, supplier to buyer) and its
    green flow a* and economic flow b* at the equilibrium."""
    inst = settings.instance
    green, economic = inst.split(solved.solution.x)
    return {"edges": [f"{inst.agents[s]}→{inst.agents[b]}" for s, b in zip(inst.supplier, inst.buyer)],
            "green_flow": [float(v) for v in green], "economic_flow": [float(v) for v in economic]}


def headline_with_figure(**params) -> tuple[dict[str, float], dict]:
    """:func:`headline`'s numbers and :func:`figure_data`, from one solve."""
    settings = resolve(params)
    solved = solve(settings)
    return solved.numbers, figure_data(settings, solved)


def explicit_defaults() -> dict[str, list]:
    return {"weights": [float(w) for w in np.asarray(resolve({}).base.weights)[0]]}
