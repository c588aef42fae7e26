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
    """F is not certified strongly monotone: the variational equilibrium may not be unique."""


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
            f"the variational equilibrium may not be unique. Raise the cost weight w3 or the curvatures c, h, psi, "
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


def polish(inst: Instance, x: np.ndarray, tol: float = 1e-10, mode: str = "nash",
           delta: float = 1e-6, M: np.ndarray | None = None) -> np.ndarray | None:
    """One exact step from a point near the solution: read off which bounds and supplier caps are
    active at x (to ``delta``), solve F's linear KKT system on that face (F is affine), and return
    the result if it lies in K and its natural-map residual is at most ``tol``; else None."""
    from .model import jacobian

    n_e, n = inst.n_edges, 2 * inst.n_edges
    K = inst.feasible_set()
    F = make_F(inst, mode)
    M = jacobian(inst, mode) if M is None else M
    q = F(np.zeros(n))
    at_low, at_up = x <= K.lower + delta, x >= K.upper - delta
    fixed = at_low | at_up
    free = np.flatnonzero(~fixed)
    x_fixed = np.where(at_low, K.lower, np.where(at_up, K.upper, 0.0))
    group = np.full(n, -1)
    group[n_e:] = inst.supplier
    # a binding cap whose flows all sit at a bound adds no equation (it holds already)
    binding = [j for j in np.flatnonzero(K.group_totals(x) >= K.cap - delta) if np.any((group == j) & ~fixed)]
    # unknowns: x on the free coordinates, then one multiplier per binding cap
    nf, nb = free.size, len(binding)
    A = np.zeros((nf + nb, nf + nb))
    rhs = np.zeros(nf + nb)
    A[:nf, :nf] = M[np.ix_(free, free)]
    rhs[:nf] = -(q[free] + M[np.ix_(free, np.flatnonzero(fixed))] @ x_fixed[fixed])
    for c, j in enumerate(binding):
        members = group == j
        A[:nf, nf + c] = members[free]
        A[nf + c, :nf] = members[free]
        rhs[nf + c] = K.cap[j] - x_fixed[members & fixed].sum()
    try:
        sol = np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:
        return None
    y = x_fixed.copy()
    y[free] = sol[:nf]
    if not K.contains(y, tol=1e-12):
        return None
    y = K.project(y)
    return y if vi.natural_residual(F, y, K.project) <= tol else None


def solve_fast(inst: Instance, tol: float = 1e-10, x0=None, chunk: int = 10, max_iter: int = 200_000) -> vi.VIResult:
    """The same variational equilibrium as :func:`solve`, for many instances: Euler steps (the
    projected gradient method, valid because F is the gradient of a convex potential), and after
    every ``chunk`` of them an exact step on the face they have reached (:func:`polish`; first at
    ``x0`` itself when given); it stops as soon as that step's natural-map residual is at most
    ``tol`` (or as :func:`solve` does)."""
    F = make_F(inst)
    project, residual_project = inst.feasible_set().project, inst.feasible_set().project
    n = 2 * inst.n_edges
    step = 1.0 / vi.lipschitz(F, n)
    from .model import jacobian

    M = jacobian(inst)
    x = np.zeros(n) if x0 is None else project(np.asarray(x0, float))
    done = 0

    def exact(x):
        # the face is read off projected steps of growing length from x: a long step reaches the
        # solution's face sooner from a start near it
        for scale in (0.0, 1.0, 10.0, 100.0):
            y = polish(inst, x if scale == 0 else project(x - scale * step * F(x)), tol, M=M)
            if y is not None:
                return y
        return None

    if x0 is not None:  # a start near the solution may already be close to its face
        y = exact(x)
        if y is not None:
            return vi.VIResult(y, 0, vi.natural_residual(F, y, residual_project), True, "euler+polish", 1)
    while done < max_iter:
        run = vi.euler(F, project, x, step, tol, chunk, False, False, residual_project)
        done += run.iterations
        if run.converged:
            return vi.VIResult(run.x, done, run.residual, True, "euler+polish", done + 1)
        y = exact(run.x)
        if y is not None:
            return vi.VIResult(y, done, vi.natural_residual(F, y, residual_project), True, "euler+polish", done + 1)
        x = run.x
    return vi.VIResult(x, done, run.residual, False, "euler+polish", done + 1)
