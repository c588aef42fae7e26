"""What the optimal set of a goal programme determines, whatever vertex a solver returns.

A lexicographic goal programme usually has a whole face of optima. Reporting the vertex a solver
happens to return would make the answer depend on the LP method. Instead, for a :class:`Face`:

* :func:`extremes` gives the range (min, max) of any linear quantity over the face;
* :func:`classify` turns a variable's range into a direction: forced up, down or unchanged, or free;
* :func:`nearest` picks one point by a stated rule: the point of the face nearest (least squares)
  to a centre. It is unique because the objective is strictly convex in the decision variables;
* :func:`best_agreement` finds how many of a wanted sign pattern can hold together (a MILP), and
  :func:`feasible` checks extra linear conditions (e.g. an ordering of changes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .goalprog import Face, linprog

SIGN_TOL = 1e-7  # a variable "moves" when its relative change exceeds this
STEP = 1e-4      # in a sign pattern, "up" means a relative rise of at least 0.01 %


def _padded(face: Face, row) -> np.ndarray:
    c = np.zeros(face.size)
    c[:len(row)] = row
    return c


def _lp(face: Face, cost: np.ndarray, A_ub=None, b_ub=None):
    if A_ub is None:
        return face.lp.minimise(cost)
    A = face.A_ub if A_ub is None else sparse.vstack([face.A_ub, A_ub]).tocsr()
    b = face.b_ub if b_ub is None else np.concatenate([face.b_ub, b_ub])
    return linprog(cost, A_ub=A, b_ub=b, A_eq=face.A_eq, b_eq=face.b_eq, bounds=face.bounds, method=face.method)


def extremes(face: Face, row, A_ub=None, b_ub=None) -> tuple[float, float]:
    """(min, max) of ``row . x`` over the face (``row`` over the decision variables)."""
    c = _padded(face, row)
    scale = np.abs(c).max() or 1.0  # a unit-sized objective keeps HiGHS's tolerances meaningful
    lo, hi = _lp(face, c / scale, A_ub, b_ub), _lp(face, -c / scale, A_ub, b_ub)
    if lo.status != 0 or hi.status != 0:
        raise RuntimeError(f"range LP failed: {lo.message} / {hi.message}")
    return float(c @ lo.x), float(c @ hi.x)


def feasible(face: Face, A_ub, b_ub) -> bool:
    """Does some point of the face also satisfy ``A_ub z <= b_ub``?"""
    return _lp(face, np.zeros(face.size), sparse.csr_matrix(A_ub), np.asarray(b_ub, float)).status == 0


def classify(low: float, high: float, tol: float = SIGN_TOL) -> str:
    """Direction of a change whose range over the optimal set is [low, high]."""
    if low > tol:
        return "+"
    if high < -tol:
        return "-"
    if low >= -tol and high <= tol:
        return "0"
    if low >= -tol:
        return "+/0"
    if high <= tol:
        return "-/0"
    return "±"


def nearest(face: Face, centre, weights=None) -> np.ndarray:
    """The point of the face nearest to ``centre``: minimise sum w_i (x_i - centre_i)^2 over the
    decision variables. The objective is strictly convex in x, so x is unique and any accurate
    solver returns it; we use Clarabel's interior-point QP (robust on the degenerate faces
    goal programmes have), then report x to 1e-9."""
    import clarabel

    n, size = face.n, face.size
    centre = np.asarray(centre, float)
    w = np.ones(n) if weights is None else np.asarray(weights, float)
    P = sparse.diags(np.concatenate([2 * w, np.zeros(size - n)])).tocsc()
    q = np.concatenate([-2 * w * centre, np.zeros(size - n)])
    lower = np.array([-np.inf if b[0] is None else b[0] for b in face.bounds], float)
    upper = np.array([np.inf if b[1] is None else b[1] for b in face.bounds], float)
    eye = sparse.identity(size, format="csr")
    has_low, has_up = np.isfinite(lower), np.isfinite(upper)
    A = sparse.vstack([face.A_eq, face.A_ub, -eye[has_low], eye[has_up]]).tocsc()
    b = np.concatenate([face.b_eq, face.b_ub, -lower[has_low], upper[has_up]])
    cones = [clarabel.ZeroConeT(face.A_eq.shape[0]), clarabel.NonnegativeConeT(len(b) - face.A_eq.shape[0])]
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-10
    settings.max_iter = 400
    solution = clarabel.DefaultSolver(P, q, A, b, cones, settings).solve()
    if str(solution.status) not in ("Solved", "AlmostSolved"):
        raise RuntimeError(f"nearest-point QP failed: {solution.status}")
    return np.clip(np.array(solution.x[:n]), lower[:n], upper[:n])


class _PatternMILP:
    """The face plus three binaries (up, down, unchanged) for each variable in ``idx``: "up" means
    x_i >= c_i (1 + step), "down" x_i <= c_i (1 - step), "unchanged" x_i = c_i, exactly one.
    ``step`` may be one number or one per variable of ``idx``."""

    def __init__(self, face: Face, centre, idx, step, fixed=()):
        self.face, self.idx, self.k = face, list(idx), len(idx)
        size, k = face.size, self.k
        centre = np.asarray(centre, float)
        c = centre[self.idx]
        lo = np.array([face.bounds[i][0] for i in self.idx], float)
        hi = np.array([face.bounds[i][1] for i in self.idx], float)
        eps = np.broadcast_to(np.asarray(step, float), c.shape) * np.abs(c)
        big = np.maximum(hi - c, c - lo) + eps + 1e-9
        self.total = size + 3 * k
        rows, lower, upper = [], [], []

        def add(coeffs: dict, lb: float, ub: float):
            row = np.zeros(self.total)
            for j, v in coeffs.items():
                row[j] = v
            rows.append(row)
            lower.append(lb)
            upper.append(ub)

        for t, i in enumerate(self.idx):
            up, down, zero = self.var("+", t), self.var("-", t), self.var("0", t)
            add({up: 1, down: 1, zero: 1}, 1, 1)
            add({i: 1, up: -(eps[t] + big[t])}, c[t] - big[t], np.inf)     # up -> x >= c + eps
            add({i: 1, down: eps[t] + big[t]}, -np.inf, c[t] + big[t])     # down -> x <= c - eps
            add({i: 1, zero: big[t]}, -np.inf, c[t] + big[t])              # unchanged -> x <= c
            add({i: 1, zero: -big[t]}, c[t] - big[t], np.inf)              # unchanged -> x >= c
            if i in fixed:
                add({zero: 1}, 1, 1)
        pad = (lambda A: sparse.hstack([A, sparse.csr_matrix((A.shape[0], 3 * k))]).tocsr())
        self.constraints = [LinearConstraint(pad(face.A_ub), -np.inf, face.b_ub),
                            LinearConstraint(pad(face.A_eq), face.b_eq, face.b_eq),
                            LinearConstraint(sparse.csr_matrix(np.array(rows)), lower, upper)]
        lb = [-np.inf if b[0] is None else b[0] for b in face.bounds] + [0] * (3 * k)
        ub = [np.inf if b[1] is None else b[1] for b in face.bounds] + [1] * (3 * k)
        self.bounds = Bounds(np.array(lb, float), np.array(ub, float))
        self.integrality = np.concatenate([np.zeros(size), np.ones(3 * k)])

    def var(self, state: str, t: int) -> int:
        return self.face.size + {"+": 0, "-": self.k, "0": 2 * self.k}[state] + t

    def solve(self, cost: np.ndarray, counts: dict | None = None):
        constraints = list(self.constraints)
        for state, number in (counts or {}).items():
            row = np.zeros(self.total)
            row[[self.var(state, t) for t in range(self.k)]] = 1
            constraints.append(LinearConstraint(row[None, :], number, number))
        res = milp(cost, constraints=constraints, integrality=self.integrality, bounds=self.bounds)
        if res.status == 2:
            return None
        if res.status != 0:
            raise RuntimeError(f"sign-pattern MILP failed: {res.message}")
        z = res.x
        states = {i: next(s for s in "+-0" if z[self.var(s, t)] > 0.5) for t, i in enumerate(self.idx)}
        return states, z[:self.face.n], res.fun


@dataclass(frozen=True)
class Agreement:
    count: int                 # how many wanted signs hold together, at most
    of: int
    states: dict               # variable index -> "+", "-" or "0" at a best pattern
    point: np.ndarray          # a point of the face with that pattern (decision variables)


def best_agreement(face: Face, wanted: dict, centre, fixed=(), step=STEP) -> Agreement:
    """The largest number of ``wanted`` signs ({index: "+", "-" or "0"}) that hold together at one
    point of the face; indices in ``fixed`` are held unchanged. ``step``: the relative change that
    counts as a move, one number or an array over all variables."""
    idx = sorted(set(wanted) | set(fixed))
    step = np.asarray(step, float)
    problem = _PatternMILP(face, centre, idx, step[idx] if step.ndim else step, fixed)
    cost = np.zeros(problem.total)
    for t, i in enumerate(problem.idx):
        if i in wanted:
            cost[problem.var(wanted[i], t)] = -1
    solved = problem.solve(cost)
    if solved is None:  # even the held sectors cannot stay unchanged inside the set
        return Agreement(0, len(wanted), {}, None)
    states, point, _ = solved
    return Agreement(sum(states[i] == s for i, s in wanted.items()), len(wanted), states, point)


def count_range(face: Face, centre, idx, state: str = "+", counts: dict | None = None,
                step: float = STEP) -> tuple[int, int] | None:
    """(min, max) number of variables in ``idx`` in ``state`` at one point of the face, with
    optional exact counts of other states; None if the counts cannot hold at all."""
    problem = _PatternMILP(face, centre, sorted(idx), step)
    cost = np.zeros(problem.total)
    cost[[problem.var(state, t) for t in range(problem.k)]] = 1
    low, high = problem.solve(cost, counts), problem.solve(-cost, counts)
    if low is None:
        return None
    return int(round(low[2])), int(round(-high[2]))
