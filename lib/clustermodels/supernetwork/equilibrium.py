"""The cluster's equilibrium: certify uniqueness, then solve the VI with either method.

With the supplier caps the agents' strategy sets are coupled (what B may take from A depends on
what the others take), so the VI on K is a generalised Nash problem; its solution is the
variational (normalised) equilibrium, in which all buyers of a supplier face the same shadow
price for its resource (Rosen 1965; Facchinei and Kanzow 2007). That price is the multiplier
reported by :func:`conditions`."""

from __future__ import annotations

import numpy as np

from . import feasible, vi
from .model import Instance, block_min_eigenvalues, make_F, min_eigenvalue

METHODS = ("extragradient", "euler")
EXACT_EIGEN_LIMIT = 400  # variables; above this only the block bound is computed


class NotMonotone(ValueError):
    """F is not certified strongly monotone: the equilibrium may not be unique."""


def certify(inst: Instance, mode: str = "nash") -> dict:
    """Strong-monotonicity modulus: the block lower bound and, for small instances, the exact
    smallest eigenvalue of the Jacobian's symmetric part. Raises :class:`NotMonotone` if neither
    is positive."""
    bound = float(block_min_eigenvalues(inst).min())
    exact = min_eigenvalue(inst, mode) if 2 * inst.n_edges <= EXACT_EIGEN_LIMIT else None
    if not (bound > 0 or (exact is not None and exact > 0)):
        worst = int(np.argmin(block_min_eigenvalues(inst)))
        raise NotMonotone(
            f"F is not strongly monotone (smallest eigenvalue {exact if exact is not None else bound:.4g} "
            f"<= 0; worst edge {worst}: {inst.agents[inst.buyer[worst]]} <- {inst.agents[inst.supplier[worst]]}): "
            f"the equilibrium may not be unique. Raise the cost weight w3 or the curvatures c, h, psi, "
            f"or lower the complementarities theta, lambda"
        )
    return {"block_bound": bound, "exact": exact}


def solve(inst: Instance, method: str = "extragradient", tol: float = 1e-10, mode: str = "nash",
          x0=None, record: bool = False, record_path: bool = False, max_iter: int = 200_000,
          caps: bool = True) -> vi.VIResult:
    """The equilibrium X* of the VI on K (per-edge box and supplier caps), to natural-map
    residual ``tol``. ``caps=False`` drops the supplier caps and keeps only the per-edge box, as
    (1) prints it (for comparison only: suppliers may then deliver more than they hold)."""
    if method not in METHODS:
        raise ValueError(f"method {method!r} is unknown; allowed one of {METHODS}")
    F = make_F(inst, mode)
    # two copies of K, so the steps and the residual (a step of length 1) each warm-start
    # their projection from their own previous call
    project, residual_project = inst.feasible_set().project, inst.feasible_set().project
    if not caps:
        lower, upper = inst.bounds()
        project = residual_project = lambda y: np.clip(y, lower, upper)  # noqa: E731
    n = 2 * inst.n_edges
    L = vi.lipschitz(F, n)
    x0 = np.zeros(n) if x0 is None else x0
    solver = vi.extragradient if method == "extragradient" else vi.euler
    step = 0.9 / L if method == "extragradient" else 1.0 / L
    return solver(F, project, x0, step, tol, max_iter, record, record_path, residual_project)


def conditions(inst: Instance, x: np.ndarray, mode: str = "nash", tol: float = 1e-6) -> dict:
    """The VI's KKT conditions at x on K, with one multiplier per supplier (its shadow price);
    see :func:`.feasible.kkt`."""
    return feasible.kkt(make_F(inst, mode)(x), x, inst.feasible_set(), tol)
