"""The priority rule: the payoff gamma(u) of a fuzzy water coalition, formulas (8) and (10).

A coalition holds the water its members put in, A_u = sum_i s_ui X_i (12). Member i may use at
most D_ui = s_ui C_i (11). The water goes to the most efficient member up to its cap, the rest to
the next, and so on; gamma(u) is what the members earn with it. This greedy rule is the optimum of
the fractional-knapsack LP

    max sum_i b_i x_i   s.t.   sum_i x_i <= A_u,   0 <= x_i <= D_ui,

which is why stage 2 can be solved as one LP (see :mod:`.stage2`).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def priority_order(efficiency) -> np.ndarray:
    """Members sorted by efficiency, highest first; ties keep the player order (stable)."""
    return np.argsort(-np.asarray(efficiency, dtype=float), kind="stable")


def priority_allocation(water: float, caps, efficiency) -> np.ndarray:
    """Water each member uses under the priority rule (8): fill caps in order of efficiency.

    Water beyond the sum of the caps is left unused (the third case of (8))."""
    caps = np.asarray(caps, dtype=float)
    used = np.zeros_like(caps)
    left = float(water)
    for i in priority_order(efficiency):
        take = min(caps[i], left)
        used[i] = take
        left -= take
        if left <= 0:
            break
    return used


def priority_payoff(water: float, caps, efficiency) -> float:
    """gamma(u) of formula (8)/(10) for a coalition holding ``water`` with member ``caps``."""
    return float(np.dot(priority_allocation(water, caps, efficiency), efficiency))


def coalition_payoff(rates, water, caps, efficiency) -> float:
    """gamma(u) for participation rates ``rates`` of the members: A_u = sum s_i X_i (12), caps
    D_ui = s_i C_i (11), then the priority rule (8)."""
    rates = np.asarray(rates, dtype=float)
    return priority_payoff(float(np.dot(rates, water)), rates * np.asarray(caps, float), efficiency)


def knapsack_payoff(water: float, caps, efficiency) -> float:
    """The same payoff as the optimum of the fractional-knapsack LP (HiGHS); used to test (8)."""
    caps = np.asarray(caps, dtype=float)
    res = linprog(-np.asarray(efficiency, float), A_ub=np.ones((1, caps.size)), b_ub=[water],
                  bounds=list(zip(np.zeros_like(caps), caps)), method="highs")
    if res.status != 0:
        raise RuntimeError(f"knapsack LP failed: {res.message}")
    return float(-res.fun)
