"""Small linear programmes, solved by HiGHS through its own Python interface (highspy).

``scipy.optimize.linprog(method="highs")`` calls the same solver, but for the small LPs of these
papers (tens of variables) it spends about two thirds of each call checking and converting its
input. The notebooks solve thousands of them (sweeps, Monte Carlo, ranges over optimal sets), so
:func:`linprog` below takes the same arguments and returns the same fields (``status`` with
scipy's codes, ``x``, ``fun``, ``message``) at a third of the cost.

:class:`ScipyLP` is for results that must stay scipy's to the last bit (paper 3's committed ranges):
scipy's own HiGHS build and model, one LP built once and solved for many costs.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass

import numpy as np
from scipy import sparse

import highspy

METHODS = ("highs", "highs-ds", "highs-ipm")  # scipy's names: HiGHS's choice, dual simplex, interior point

_solver: highspy.Highs | None = None


@dataclass
class Result:
    """The fields of scipy's ``OptimizeResult`` that the models read."""

    status: int    # 0 optimal, 2 infeasible, 3 unbounded, 4 other (scipy's codes)
    x: np.ndarray | None
    fun: float | None
    message: str


def _quiet_solver() -> highspy.Highs:
    """One solver per process. HiGHS prints a licence banner on C's standard output when the first
    solver of a process is made, before any option can be set: send it to /dev/null, so that it
    does not land in a notebook's output."""
    global _solver
    if _solver is None:
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            solver = highspy.Highs()
            ctypes.CDLL(None).fflush(None)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        solver.setOptionValue("output_flag", False)
        _solver = solver
    return _solver


def _column_bounds(bounds, n: int) -> tuple[np.ndarray, np.ndarray]:
    """scipy's ``bounds``: None (x >= 0), one (low, high) pair for all, or a pair per variable;
    None inside a pair means unbounded."""
    if bounds is None:
        return np.zeros(n), np.full(n, np.inf)
    one_pair = len(bounds) == 2 and (bounds[0] is None or np.isscalar(bounds[0]))
    pairs = [bounds] * n if one_pair else list(bounds)
    if len(pairs) != n:
        raise ValueError(f"bounds has {len(pairs)} pairs for {n} variables")
    low = np.array([-np.inf if lo is None else lo for lo, _ in pairs], float)
    high = np.array([np.inf if hi is None else hi for _, hi in pairs], float)
    return low, high


def _csr(A, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, indices, data) of ``A`` as ``scipy.sparse.csr_matrix(A)`` holds them: a sparse
    matrix's own arrays (explicit zeros kept), a dense one's nonzeros in row order."""
    if sparse.issparse(A):
        A = A.tocsr()
        if A.shape[1] != n:
            raise ValueError(f"a constraint matrix has {A.shape[1]} columns for {n} variables")
        return A.indptr, A.indices, A.data
    A = np.asarray(A, float)
    if A.ndim == 1:
        A = A[None, :]
    if A.ndim != 2 or A.shape[1] != n:
        raise ValueError(f"a constraint matrix has shape {A.shape} for {n} variables")
    rows, cols = np.nonzero(A)
    indptr = np.zeros(A.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=A.shape[0]), out=indptr[1:])
    return indptr, cols, A[rows, cols]


def stacked_columns(blocks, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The blocks of constraint rows stacked, in compressed-column form (start, row index, value)
    and the number of rows: exactly the arrays of ``scipy.sparse.vstack([csr_matrix(B) for B in
    blocks]).tocsc()`` (``tests/test_lp.py``), without the cost of building scipy's matrices,
    which for the small LPs of the sweeps was half of each solve."""
    parts = [_csr(B, n) for B in blocks]
    counts = [indptr.size - 1 for indptr, _, _ in parts]
    if not parts:
        return np.zeros(n + 1, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0), 0
    row_of = np.repeat(np.arange(sum(counts)), np.concatenate([np.diff(indptr) for indptr, _, _ in parts]))
    columns = np.concatenate([indices for _, indices, _ in parts])
    values = np.concatenate([data for _, _, data in parts]).astype(float, copy=False)
    order = np.argsort(columns, kind="stable")  # csr -> csc: each column's entries in row order
    start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(columns, minlength=n), out=start[1:])
    return start, row_of[order].astype(np.int32), values[order], sum(counts)


def linprog(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None, method: str = "highs") -> Result:
    """Minimise ``c @ x`` subject to ``A_ub @ x <= b_ub``, ``A_eq @ x == b_eq`` and ``bounds``,
    with scipy.optimize.linprog's arguments and meanings."""
    if method not in METHODS:
        raise ValueError(f"LP method {method!r} is unknown; allowed one of {METHODS}")
    c = np.asarray(c, float)
    n = c.size
    blocks, low, high = [], [], []
    if A_ub is not None:
        blocks.append(A_ub)
        high.append(np.asarray(b_ub, float).ravel())
        low.append(np.full(high[-1].size, -np.inf))
    if A_eq is not None:
        blocks.append(A_eq)
        rhs = np.asarray(b_eq, float).ravel()
        low.append(rhs)
        high.append(rhs)
    start, index, value, rows = stacked_columns(blocks, n)
    col_low, col_high = _column_bounds(bounds, n)

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, rows
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c, col_low, col_high
    lp.row_lower_ = np.concatenate(low) if low else np.zeros(0)
    lp.row_upper_ = np.concatenate(high) if high else np.zeros(0)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, rows
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = start, index, value

    solver = _quiet_solver()
    solver.clearModel()
    solver.clearSolver()
    solver.setOptionValue("solver", {"highs": "choose", "highs-ds": "simplex", "highs-ipm": "ipm"}[method])
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    message = solver.modelStatusToString(status)
    kind = highspy.HighsModelStatus
    if status == kind.kOptimal:
        return Result(0, np.array(solver.getSolution().col_value), solver.getInfo().objective_function_value,
                      message)
    code = {kind.kInfeasible: 2, kind.kUnboundedOrInfeasible: 2, kind.kUnbounded: 3}.get(status, 4)
    return Result(code, None, None, message)


class ScipyLP:
    """An LP whose constraints and bounds stay fixed while its cost changes, solved exactly as
    ``scipy.optimize.linprog(c, A_ub, b_ub, A_eq, b_eq, bounds, method, options)`` solves it: the
    HiGHS build scipy ships (not highspy's, a different version), the same model arrays, options
    and a cold start at each solve, so each answer is scipy's bit for bit (``tests/test_lp.py``).
    What it saves is scipy's per-call work: checking and converting the constraints, and building
    the options, once instead of at every solve. Paper 3 relies on the bit-for-bit answers: its
    committed ranges and counts were computed with scipy's linprog."""

    def __init__(self, n: int, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None,
                 method: str = "highs", options: dict | None = None):
        from scipy.optimize import _linprog_util as util
        from scipy.optimize._highspy import _core

        if method not in METHODS:
            raise ValueError(f"LP method {method!r} is unknown; allowed one of {METHODS}")
        problem = util._LPProblem(np.zeros(n), A_ub, b_ub, A_eq, b_eq, bounds, None, None)
        problem, options = util._parse_linprog(problem, options, method)
        self.bounds, self._tol = problem.bounds, options.pop("tol", 1e-9)
        self._n_ub = problem.b_ub.size
        self._core, self._check_result = _core, util._check_result
        self._options = self._highs_options(method, options)
        # what scipy's _linprog_highs passes to HiGHS (infinities as HiGHS's)
        blocks = (problem.A_ub, problem.A_eq)
        A = sparse.csc_array(sparse.vstack(blocks) if any(map(sparse.issparse, blocks)) else np.vstack(blocks))
        self._rhs = _highs_infinite(np.concatenate((problem.b_ub, problem.b_eq)))
        lhs = _highs_infinite(np.concatenate((-np.ones_like(problem.b_ub) * np.inf, problem.b_eq)))
        low, high = problem.bounds.T.copy()
        lp = _core.HighsLp()
        lp.num_col_, lp.num_row_ = n, self._rhs.size
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, self._rhs.size
        lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
        lp.col_lower_, lp.col_upper_ = _highs_infinite(low), _highs_infinite(high)
        lp.row_lower_, lp.row_upper_ = lhs, self._rhs
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
        self._lp, self._n, self._highs = lp, n, None

    def _highs_options(self, method: str, options: dict):
        """The HighsOptions scipy's _linprog_highs and _highs_wrapper set for these arguments."""
        core = self._core
        unknown = set(options) - {"primal_feasibility_tolerance", "dual_feasibility_tolerance",
                                  "ipm_optimality_tolerance"}
        if unknown:
            raise ValueError(f"LP options {sorted(unknown)} are not supported here")
        settings = {
            "presolve": "on",
            "solver": {"highs": None, "highs-ds": "simplex", "highs-ipm": "ipm"}[method],
            "highs_debug_level": core.HighsDebugLevel.kHighsDebugLevelNone,
            "log_to_console": False,
            "output_flag": False,
            "simplex_strategy": core.simplex_constants.SimplexStrategy.kSimplexStrategyDual,
            **options,
        }
        highs_options = core.HighsOptions()
        for key, value in settings.items():
            if value is not None:
                setattr(highs_options, key, value)
        return highs_options

    def minimise(self, c) -> Result:
        """Minimise ``c @ x`` over the fixed constraints; scipy's status codes and messages."""
        from scipy.optimize._linprog_highs import _highs_to_scipy_status_message

        core = self._core
        c = np.array(c, dtype=np.float64, copy=True).squeeze().reshape(-1)
        if c.size != self._n:
            raise ValueError(f"the cost has {c.size} entries for {self._n} variables")
        self._lp.col_cost_ = c
        if self._highs is None:
            self._highs = core._Highs()
            self._highs.passOptions(self._options)
        highs = self._highs
        highs.clearSolver()  # no basis or solution kept from the last cost: each solve starts cold, as scipy's
        highs.passModel(self._lp)
        highs.run()
        status = highs.getModelStatus()
        if status != core.HighsModelStatus.kOptimal:
            info = highs.getInfo()
            message = (f"model_status is {highs.modelStatusToString(status)}; primal_status is "
                       f"{highs.solutionStatusToString(info.primal_solution_status)}")
            code, message = _highs_to_scipy_status_message(status, message)
            return Result(code, None, None, message)
        solution = highs.getSolution()
        x, fun = np.array(solution.col_value), highs.getInfo().objective_function_value
        slack = self._rhs - solution.row_value
        code, message = _highs_to_scipy_status_message(status, highs.modelStatusToString(status))
        code, message = self._check_result(x, fun, code, np.array(slack[:self._n_ub]),
                                           np.array(slack[self._n_ub:]), self.bounds, self._tol, message, None)
        return Result(code, x, fun, message)


def _highs_infinite(values: np.ndarray) -> np.ndarray:
    """scipy's _replace_inf: infinities as HiGHS's infinity."""
    from scipy.optimize._highspy._core import kHighsInf

    values = np.asarray(values, float).copy()
    infinite = np.isinf(values)
    values[infinite] = np.sign(values[infinite]) * kHighsInf
    return values
