"""Other equilibria of the capped game, and the certificate that a point is a Nash equilibrium.

With the supplier caps, what one buyer may take from a supplier depends on what the others take:
the game is a generalised Nash game, and it has many equilibria. The VI on the joint set K
(:func:`.equilibrium.solve`) picks one, the *variational* equilibrium, in which all buyers of a
supplier face one shadow price for its resource; strong monotonicity makes *that* equilibrium
unique, not the game's.

Rosen (1965) gives the others (his normalised equilibria): divide player i's block of F by a
weight r_i > 0 and solve the VI on K. At the solution, player i's own optimality conditions hold
with the multiplier r_i mu_j for supplier j's cap: buyer i faces r_i times the shadow price the
others face. Every player is at a best response to the others (a generalised Nash equilibrium),
but the buyers of a binding supplier value its last unit differently; r = 1 for every player is
the variational equilibrium. Each point is
certified here directly: every player's best-response gain, the most it could add to its own
utility (1) by changing its own flows within what the others leave, is computed by solving its own
concave problem.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import vi
from .feasible import CappedBox
from .model import Instance, make_F, utilities


def weighted_solve(inst: Instance, price_weights, tol: float = 1e-10, max_iter: int = 500_000) -> vi.VIResult:
    """Rosen's normalised equilibrium in which buyer i faces ``price_weights[i]`` times the shadow
    price of each binding supplier (one positive number per agent; all ones gives the variational
    equilibrium): the VI on K with player i's block of F divided by its weight, by the
    extragradient method."""
    r = np.asarray(price_weights, float)
    if r.shape != (inst.m,) or np.any(~np.isfinite(r)) or np.any(r <= 0):
        raise ValueError(f"price_weights must be {inst.m} positive numbers")
    scale = np.tile(1.0 / r[inst.buyer], 2)
    F = make_F(inst)

    def Fw(x):
        return scale * F(x)

    n = 2 * inst.n_edges
    step = 0.9 / vi.lipschitz(Fw, n)
    project, residual_project = inst.feasible_set().project, inst.feasible_set().project
    return vi.extragradient(Fw, project, np.zeros(n), step, tol, max_iter, False, False, residual_project)


def best_response(inst: Instance, x: np.ndarray, player: int, tol: float = 1e-12) -> np.ndarray:
    """Player ``player``'s best response to the others' flows in x: its own flows maximise its
    utility over its own box and what each supplier has left after the others' takes (the others'
    flows are kept). Its utility is concave in its own flows, and F restricted to them is minus its
    gradient, so the best response solves the VI of F's own block on that set."""
    own = np.flatnonzero(inst.buyer == player)
    if own.size == 0:
        return x.copy()
    n_e = inst.n_edges
    lower, upper = inst.bounds()
    idx = np.concatenate([own, n_e + own])  # own a's, then own b's
    _, b = inst.split(x)
    others = np.bincount(inst.supplier, weights=np.where(inst.buyer == player, 0.0, b), minlength=inst.m)
    suppliers, group = np.unique(inst.supplier[own], return_inverse=True)
    left = np.clip(inst.available[suppliers] - others[suppliers], 0.0, None)
    K = CappedBox(lower[idx], upper[idx], group=group, cap=left)
    F = make_F(inst)

    def F_own(y):
        z = x.copy()
        z[idx] = y
        return F(z)[idx]

    step = 0.9 / vi.lipschitz(F_own, idx.size)
    sol = vi.extragradient(F_own, K.project, K.project(x[idx]), step, tol, 500_000, False, False,
                           CappedBox(lower[idx], upper[idx], group=group, cap=left).project)
    if not sol.converged:  # an early stop would understate the gain and pass a false certificate
        raise RuntimeError(f"best response of agent {player} did not converge (residual {sol.residual:.2e})")
    out = x.copy()
    out[idx] = sol.x
    return out


def best_response_gains(inst: Instance, x: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """For each agent, its utility at its best response to the others minus its utility at x
    (zero for an agent that takes nothing). All at most a rounding error: x is a Nash equilibrium."""
    base = utilities(inst, x)
    gains = np.zeros(inst.m)
    for i in np.unique(inst.buyer):
        gains[i] = utilities(inst, best_response(inst, x, int(i), tol))[i] - base[i]
    return gains


def marginal_values(inst: Instance, x: np.ndarray) -> np.ndarray:
    """Per edge, what one more unit of the supplier's resource is worth to the buyer, in money:
    minus F's b component divided by the buyer's cost weight w3 (F is in weighted units). At an
    equilibrium it is each buyer's shadow price of the supplier's cap where the flow is interior."""
    _, fb = np.split(make_F(inst)(x), 2)
    return -fb / inst.weights[inst.buyer, 2]


def compare(inst: Instance, x_ve: np.ndarray, x_other: np.ndarray, tol: float = 1e-7) -> pd.DataFrame:
    """The economic flows of the suppliers whose cap binds at either point, with each buyer's
    marginal value of the supplier's resource at both: equal across a supplier's buyers (where the
    flow is interior) at the variational equilibrium, not at the other."""
    binding = ((inst.supplier_totals(inst.split(x_ve)[1]) >= inst.available - tol)
               | (inst.supplier_totals(inst.split(x_other)[1]) >= inst.available - tol))
    mv_ve, mv_other = marginal_values(inst, x_ve), marginal_values(inst, x_other)
    rows = []
    for k in np.flatnonzero(binding[inst.supplier]):
        rows.append({"edge": f"{inst.agents[inst.supplier[k]]}→{inst.agents[inst.buyer[k]]}",
                     "b (variational)": inst.split(x_ve)[1][k], "b (other)": inst.split(x_other)[1][k],
                     "marginal value (variational)": mv_ve[k], "marginal value (other)": mv_other[k]})
    return pd.DataFrame(rows)
