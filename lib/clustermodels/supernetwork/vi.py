"""Solving the variational inequality <F(X*), X - X*> >= 0 for all X in the closed convex set K.

* :func:`extragradient`: Korpelevich's extragradient method, which Nagurney calls the modified
  projection method: X_bar = P_K(X - t F(X)), X <- P_K(X - t F(X_bar)).
* :func:`euler`: the Euler method of the projected dynamical system dX/dt = P_K(X, -F(X)),
  X <- P_K(X - t F(X)); its iterates are the adjustment path the paper narrates.

``project`` is the Euclidean projection P_K (for the cluster: :meth:`.feasible.CappedBox.project`,
a box per edge and a cap per supplier; ``residual_project``, the same projection for the
residual, lets it keep its own warm start). Both methods stop on the natural-map residual
||X - P_K(X - F(X))||_2 <= tol, which is zero exactly at a solution, not on the step size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class VIResult:
    x: np.ndarray
    iterations: int
    residual: float
    converged: bool
    method: str
    evaluations: int
    history: list[float] = field(default_factory=list)    # residual per iteration (if recorded)
    path: list[np.ndarray] = field(default_factory=list)  # iterates (if recorded)


def natural_residual(F, x, project) -> float:
    return float(np.linalg.norm(x - project(x - F(x))))


def lipschitz(F, n: int, iterations: int = 60, seed: int = 0) -> float:
    """||M||_2 of an affine F(X) = M X + q by power iteration on M^T M (via differences of F)."""
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(n)
    v /= np.linalg.norm(v)
    base = F(np.zeros(n))
    norm = 1.0
    for _ in range(iterations):
        w = F(v) - base
        norm = np.linalg.norm(w)
        if norm == 0:
            return 0.0
        v = w / norm
    return float(norm) * 1.05  # margin: the power iteration approaches from below


def _run(step_fn, F, x0, project, tol, max_iter, record, record_path, method, evals_per_step,
         residual_project=None):
    """Iterate x <- step_fn(x, F(x)). F at the new iterate serves both its residual and the next
    step, so each iteration evaluates F ``evals_per_step`` times (plus the one at x0)."""
    x = project(np.asarray(x0, float))
    project_res = residual_project or project
    history, path = [], [x.copy()] if record_path else []
    fx = F(x)
    residual = float(np.linalg.norm(x - project_res(x - fx)))
    evaluations = 1
    k = 0
    while residual > tol and k < max_iter:
        x = step_fn(x, fx)
        k += 1
        fx = F(x)
        residual = float(np.linalg.norm(x - project_res(x - fx)))
        evaluations += evals_per_step
        if record:
            history.append(residual)
        if record_path:
            path.append(x.copy())
    return VIResult(x, k, residual, residual <= tol, method, evaluations, history, path)


def extragradient(F, project, x0, step: float, tol: float = 1e-8, max_iter: int = 100_000,
                  record: bool = False, record_path: bool = False, residual_project=None) -> VIResult:
    """Modified projection method; converges for monotone Lipschitz F with step < 1/L."""
    def step_fn(x, fx):
        x_bar = project(x - step * fx)
        return project(x - step * F(x_bar))

    return _run(step_fn, F, x0, project, tol, max_iter, record, record_path, "extragradient", 2,
                residual_project)


def euler(F, project, x0, step: float, tol: float = 1e-8, max_iter: int = 100_000,
          record: bool = False, record_path: bool = False, residual_project=None) -> VIResult:
    """Euler steps of the projected dynamical system; for F the gradient of a convex potential (a
    symmetric Jacobian, which :class:`.model.Instance` enforces) it is the projected gradient
    method and converges with step < 2/L."""
    def step_fn(x, fx):
        return project(x - step * fx)

    return _run(step_fn, F, x0, project, tol, max_iter, record, record_path, "euler", 1, residual_project)
