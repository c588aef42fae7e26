"""Lexicographic (pre-emptive) goal programming on scipy's HiGHS.

Each goal i reads  c_i . x + d_i^- - d_i^+ = t_i  with deviations d_i^-, d_i^+ >= 0. Its sense
says which deviation is unwanted: ">=" penalises d^- (falling short), "<=" penalises d^+
(overshooting), "=" penalises both. Goals sit at priority levels 1, 2, ...; within a level the
unwanted deviations are summed with weights, each relative to max(|t_i|, 1) so that goals in
different units can share a level (each goal's row and target are divided by that scale, which
also keeps the LP well scaled; deviations are reported in the goal's own units). Levels are solved in turn: level k minimises its own
weighted deviation with every earlier level's achievement held (to a relative 1e-9). Hard
constraints (A_ub x <= b_ub, A_eq x = b_eq, bounds) hold throughout.

The answer is a set, not a point: every x that keeps each level at its achieved value is optimal.
:class:`Face` describes that set (the last level's LP with every level held); the module
``optimalset`` asks it for ranges, a reference point and attainable sign patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse

from ..lp import ScipyLP

# HiGHS's default feasibility tolerances (1e-7) leave each level's optimum uncertain by about that
# much, and a later level can use the slack: in 2022 a sector's range over the optimal set then
# depended on the LP method (simplex vs interior point). Tight tolerances decide the optimum to
# 1e-10, and every method then finds the same optimal set (tests/test_optimal_set.py).
TOLERANCES = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10,
              "ipm_optimality_tolerance": 1e-12}

SENSES = (">=", "<=", "=")


def linprog(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None, method: str = "highs"):
    """scipy.optimize.linprog's answer (bit for bit) with this module's tolerances."""
    return ScipyLP(len(c), A_ub, b_ub, A_eq, b_eq, bounds, method, TOLERANCES).minimise(c)


@dataclass(frozen=True)
class Goal:
    name: str
    coefficients: np.ndarray
    target: float
    sense: str
    priority: int
    weight: float = 1.0

    def __post_init__(self):
        if self.sense not in SENSES:
            raise ValueError(f"goal {self.name!r}: sense {self.sense!r} is unknown; allowed one of {SENSES}")
        if self.priority < 1 or self.weight < 0:
            raise ValueError(f"goal {self.name!r}: priority must be >= 1 and weight >= 0")


class GoalProgramError(RuntimeError):
    """The hard constraints are infeasible, or a level is unbounded; the message names which."""


@dataclass(frozen=True)
class Face:
    """The optimal set {z : A_ub z <= b_ub, A_eq z = b_eq, bounds}, z = (x, d^-, d^+), with
    every priority level held at its achieved value; ``n`` = number of decision variables x."""

    n: int
    A_ub: sparse.csr_matrix
    b_ub: np.ndarray
    A_eq: sparse.csr_matrix
    b_eq: np.ndarray
    bounds: list
    method: str = "highs"

    @property
    def size(self) -> int:
        return self.A_eq.shape[1]

    @cached_property
    def lp(self) -> ScipyLP:
        """The face's LP, built once and solved for many costs (ranges over the face)."""
        return ScipyLP(self.size, self.A_ub, self.b_ub, self.A_eq, self.b_eq, self.bounds, self.method, TOLERANCES)

    def __getstate__(self):  # pickle and copy without the solver's objects: the LP is rebuilt on demand
        return {k: v for k, v in self.__dict__.items() if k != "lp"}

    def with_rows(self, row: np.ndarray, bound: float) -> "Face":
        """The face with one more condition row . x <= bound (row over the decision variables)."""
        full = np.zeros((1, self.size))
        full[0, :len(row)] = row
        return Face(self.n, sparse.vstack([self.A_ub, sparse.csr_matrix(full)]).tocsr(),
                    np.append(self.b_ub, bound), self.A_eq, self.b_eq, self.bounds, self.method)

    def with_conditions(self, A: np.ndarray, b: np.ndarray) -> "Face":
        """The face with more conditions A z <= b (rows over all the face's variables)."""
        return Face(self.n, sparse.vstack([self.A_ub, sparse.csr_matrix(A)]).tocsr(),
                    np.concatenate([self.b_ub, np.asarray(b, float)]), self.A_eq, self.b_eq, self.bounds, self.method)


@dataclass
class GPResult:
    x: np.ndarray                       # the vertex the solver returned (one point of the face)
    goals: pd.DataFrame                 # per goal: value, target, d_minus, d_plus, unwanted
    levels: dict[int, float] = field(default_factory=dict)  # achieved weighted deviation per level
    face: Face | None = None


def solve(n: int, goals: list[Goal], A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None,
          hold: float = 1e-9, method: str = "highs") -> GPResult:
    """Solve the goal programme level by level (see the module docstring). ``method`` is
    scipy's HiGHS variant ("highs", "highs-ds" simplex, "highs-ipm" interior point)."""
    if not goals:
        raise ValueError("at least one goal is needed")
    m = len(goals)
    nv = n + 2 * m  # x, then d^- (m), then d^+ (m)
    C = np.array([np.asarray(g.coefficients, float) for g in goals])
    if C.shape != (m, n):
        raise ValueError(f"every goal needs {n} coefficients")
    targets = np.array([g.target for g in goals], float)
    scale = np.maximum(np.abs(targets), 1.0)
    goal_rows = sparse.hstack([sparse.csr_matrix(C / scale[:, None]), sparse.identity(m),
                               -sparse.identity(m)]).tocsr()
    eq_rows = [goal_rows]
    eq_rhs = [targets / scale]
    if A_eq is not None:
        eq_rows.append(sparse.hstack([sparse.csr_matrix(A_eq), sparse.csr_matrix((len(b_eq), 2 * m))]))
        eq_rhs.append(np.asarray(b_eq, float))
    A_eq_all = sparse.vstack(eq_rows).tocsr()
    b_eq_all = np.concatenate(eq_rhs)
    ub_rows, ub_rhs = [], []
    if A_ub is not None:
        ub_rows.append(sparse.hstack([sparse.csr_matrix(A_ub), sparse.csr_matrix((len(b_ub), 2 * m))]))
        ub_rhs.append(np.asarray(b_ub, float))
    var_bounds = (list(bounds) if bounds is not None else [(None, None)] * n) + [(0, None)] * (2 * m)

    def level_cost(level: int) -> np.ndarray:
        cost = np.zeros(nv)
        for i, g in enumerate(goals):
            if g.priority != level:
                continue
            if g.sense in (">=", "="):
                cost[n + i] += g.weight
            if g.sense in ("<=", "="):
                cost[n + m + i] += g.weight
        return cost

    achieved, x, held = {}, None, []  # held: (cost row, achievement) of the levels solved so far
    base_rows, base_rhs = list(ub_rows), list(ub_rhs)
    for level in sorted({g.priority for g in goals}):
        cost = level_cost(level)
        names = ", ".join(g.name for g in goals if g.priority == level)
        for slack in (hold, 1e-7, 1e-6, 1e-5):  # loosen the holds only if HiGHS's tolerances demand it
            rows = base_rows + [sparse.csr_matrix(c[None, :]) for c, _ in held]
            rhs = base_rhs + [np.array([f + slack * max(1.0, abs(f))]) for _, f in held]
            res = linprog(cost, A_ub=sparse.vstack(rows).tocsr() if rows else None,
                          b_ub=np.concatenate(rhs) if rhs else None, A_eq=A_eq_all, b_eq=b_eq_all,
                          bounds=var_bounds, method=method)
            if res.status != 2 or not held:
                break
        if res.status == 2:
            raise GoalProgramError(f"priority level {level} ({names}) is infeasible: the hard constraints "
                                   f"and earlier levels cannot hold together")
        if res.status == 3:
            raise GoalProgramError(f"priority level {level} ({names}) is unbounded")
        if res.status != 0:
            raise GoalProgramError(f"priority level {level} ({names}) failed: {res.message}")
        achieved[level] = float(res.fun)
        x = res.x
        held.append((cost, float(res.fun)))
        held_slack = slack
    d_minus, d_plus = x[n:n + m] * scale, x[n + m:] * scale
    table = pd.DataFrame({
        "goal": [g.name for g in goals], "priority": [g.priority for g in goals],
        "sense": [g.sense for g in goals], "target": targets, "value": C @ x[:n],
        "d_minus": d_minus, "d_plus": d_plus,
        "unwanted": [(dm if g.sense == ">=" else dp if g.sense == "<=" else dm + dp)
                     for g, dm, dp in zip(goals, d_minus, d_plus)],
    })
    rows = sparse.vstack(base_rows + [sparse.csr_matrix(c[None, :]) for c, _ in held]).tocsr()
    for slack in (s for s in (hold, 1e-7, 1e-6, 1e-5) if s >= held_slack):  # the face must be feasible too
        rhs = np.concatenate(base_rhs + [np.array([f + slack * max(1.0, abs(f))]) for _, f in held])
        face = Face(n, rows, rhs, A_eq_all, b_eq_all, var_bounds, method)
        if linprog(np.zeros(nv), A_ub=rows, b_ub=rhs, A_eq=A_eq_all, b_eq=b_eq_all, bounds=var_bounds,
                   method=method).status == 0:
            break
    return GPResult(x[:n], table, achieved, face)
