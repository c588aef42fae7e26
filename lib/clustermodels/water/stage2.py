"""Stage 2: which fuzzy coalitions form and with what participation rates, model (9)-(17).

Players i = 1..n hold their stage-1 water X_i, use at most C_i alone and earn b_i per m3. A
candidate coalition u receives the share s_ui of player i's water; every player places all its
water, sum_u s_ui = 1 (13). The objective (9) is the sum of the coalitions' priority-rule payoffs
gamma(u) (8). Two exact solvers:

* :func:`solve_enumeration`, the paper's method made explicit: enumerate which non-singleton
  coalitions are formed and, in each, which member is the marginal one in the priority rule
  (which piece of (8) applies). Each case is an LP; the best case is the optimum. The number of
  cases is prod_u (|u| + 1), so it explodes with the number of players (the paper's open problem).
* :func:`solve_lp`, ours: gamma(u) is the optimum of a fractional-knapsack LP (see
  :mod:`.priority`), so max sum_u gamma(u) over the rates is a single LP in (s, x):

      max sum_u sum_i b_i x_ui
      s.t. sum_u s_ui = 1,   sum_i x_ui <= sum_i s_ui X_i,   0 <= x_ui <= s_ui C_i,   0 <= s <= 1,

  kept small by solving it first over the maximal candidates only (exact, by superadditivity in
  the rates), then over the smallest coalitions that reach that optimum (see its docstring).

Individual rationality (14)-(16) needs no extra constraint when X_i <= C_i (every player can use
its own water alone, which stage 1 guarantees since it never supplies more than demand): the
priority payoff is superadditive, so every marginal contribution of member l is at least
gamma({l}) = b_l s_ul X_l = v_ul (14), and the fuzzy Shapley share (15), a weighted average of
marginal contributions, is at least v_ul (16). We therefore require X_i <= C_i on input and check
(16) on every solution returned (:func:`rationality_table`); a violation raises.

Ties: the optimum is often not unique (once a member's cap is full, more pooled water earns what it
would earn alone). Both solvers report, among optimal rates, ones that pool the least water in the
smallest coalitions: a last LP minimises sum_u (|u| - 1) A_u with the total held at its optimum
(:func:`solve_lp` first limits the list to the smallest coalition size that reaches the optimum).
This is our stated rule; the paper reports the same kink (player 3's 0.57). On ties the two
solvers may report different optimal rates; their optimum T is the same.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from math import prod

import numpy as np
import pandas as pd
from scipy import sparse

from ..lp import linprog
from ..sharedresults import shared
from .priority import coalition_payoff, priority_order
from .shapley import fuzzy_shapley

TOL = 1e-9
SOLVERS = ("lp", "enumeration")
HIGHS_FEASIBILITY = 1e-7  # HiGHS's default primal feasibility tolerance (scipy's linprog)
HELD_OPTIMUM = 1e-9       # the tie-break LP holds T to this relative tolerance at worst


@dataclass(frozen=True)
class Players:
    """The players of stage 2: stage-1 water X (1e8 m3), cap C (1e8 m3), efficiency b (yuan/m3)."""

    names: tuple[str, ...]
    water: np.ndarray
    cap: np.ndarray
    efficiency: np.ndarray

    def __post_init__(self):
        n = len(self.names)
        for label, arr in (("water", self.water), ("cap", self.cap), ("efficiency", self.efficiency)):
            arr = np.asarray(arr, dtype=float)
            object.__setattr__(self, label, arr)
            if arr.shape != (n,):
                raise ValueError(f"players' {label} must have one value per player ({n}), got shape {arr.shape}")
            if not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"players' {label} must be finite and >= 0, got {arr.tolist()}")
        over = np.flatnonzero(self.water > self.cap * (1 + 1e-9) + 1e-12)
        if over.size:
            i = int(over[0])
            raise ValueError(
                f"player {i + 1} ({self.names[i]}) holds X = {self.water[i]:g} but can use only "
                f"C = {self.cap[i]:g} alone: (14) would credit water the player cannot use; "
                f"allowed X_i <= C_i"
            )

    @property
    def n(self) -> int:
        return len(self.names)

    def standalone(self) -> np.ndarray:
        """v_i = b_i X_i (14) with rate 1: what each player earns alone (1e8 yuan)."""
        return self.efficiency * self.water


def check_coalitions(coalitions, n: int) -> tuple[tuple[int, ...], ...]:
    """Validate candidate coalitions (0-based player indices); every player must be in one."""
    out, seen = [], set()
    for u in coalitions:
        members = tuple(sorted(int(i) for i in u))
        if not members:
            raise ValueError("a candidate coalition is empty; allowed a non-empty list of players")
        bad = [i + 1 for i in members if not 0 <= i < n]
        if bad:
            raise ValueError(f"coalition {[i + 1 for i in members]} names unknown player(s) {bad}; "
                             f"allowed players 1..{n}")
        if len(set(members)) != len(members):
            raise ValueError(f"coalition {[i + 1 for i in members]} repeats a player")
        if members in seen:
            raise ValueError(f"coalition {[i + 1 for i in members]} is listed twice")
        seen.add(members)
        out.append(members)
    missing = sorted(set(range(n)) - {i for u in out for i in u})
    if missing:
        raise ValueError(f"player(s) {[i + 1 for i in missing]} belong to no candidate coalition, "
                         f"so (13) cannot hold; add at least their singletons")
    return tuple(out)


@dataclass
class Allocation:
    """A stage-2 solution: rates[u, i] = s_ui for the candidate coalitions, in their order."""

    players: Players
    coalitions: tuple[tuple[int, ...], ...]
    rates: np.ndarray
    solver: str
    cases: int = 1  # LPs solved
    _shares: np.ndarray | None = field(default=None, repr=False)

    def coalition_water(self) -> np.ndarray:
        """A_u = sum_i s_ui X_i (12), 1e8 m3."""
        return self.rates @ self.players.water

    def payoffs(self) -> np.ndarray:
        """gamma(u) by the priority rule (8), 1e8 yuan."""
        p, out = self.players, np.zeros(len(self.coalitions))
        for k in self.formed():  # a coalition without water earns nothing
            u = list(self.coalitions[k])
            out[k] = coalition_payoff(self.rates[k, u], p.water[u], p.cap[u], p.efficiency[u])
        return out

    def total(self) -> float:
        """T (9): the sum of all coalitions' payoffs, 1e8 yuan."""
        return float(self.payoffs().sum())

    def formed(self) -> list[int]:
        """Indices of the coalitions that hold water."""
        return [k for k, a in enumerate(self.coalition_water()) if a > TOL]

    def members(self, k: int) -> tuple[int, ...]:
        """The members of coalition k with a positive rate."""
        return tuple(i for i in self.coalitions[k] if self.rates[k, i] > TOL)

    def shares(self) -> np.ndarray:
        """phi[u, i]: player i's fuzzy Shapley share (15) of coalition u's payoff, 1e8 yuan."""
        if self._shares is None:
            p, out = self.players, np.zeros_like(self.rates)
            for k in self.formed():
                m = list(self.members(k))
                out[k, m] = fuzzy_shapley(self.rates[k, m], p.water[m], p.cap[m], p.efficiency[m])
            self._shares = out
        return self._shares

    def player_benefit(self) -> np.ndarray:
        """Each player's benefit after stage 3: its shares summed over coalitions, 1e8 yuan."""
        return self.shares().sum(axis=0)


def rationality_table(alloc: Allocation) -> pd.DataFrame:
    """(14)-(16) for every member of every formed coalition: share phi_ui vs v_ui = b_i s_ui X_i."""
    p, phi, rows = alloc.players, alloc.shares(), []
    for k in alloc.formed():
        for i in alloc.members(k):
            v = p.efficiency[i] * alloc.rates[k, i] * p.water[i]
            rows.append({"coalition": k, "player": i, "rate": alloc.rates[k, i],
                         "share": phi[k, i], "standalone": v, "slack": phi[k, i] - v})
    return pd.DataFrame(rows, columns=["coalition", "player", "rate", "share", "standalone", "slack"])


def _check_rational(alloc: Allocation) -> Allocation:
    """Raise if (16) fails anywhere: the rows of :func:`rationality_table`, without building the
    table (this runs after every solve, hundreds of times in the sweeps)."""
    p, phi = alloc.players, alloc.shares()
    limit = -1e-7 * max(1.0, float(p.standalone().sum()))
    for k in alloc.formed():
        for i in alloc.members(k):
            slack = phi[k, i] - p.efficiency[i] * alloc.rates[k, i] * p.water[i]
            if slack < limit:
                raise RuntimeError(f"individual rationality (16) fails for player {i + 1} in "
                                   f"coalition {k} (slack {slack:.6g}); this contradicts "
                                   f"the superadditivity argument and indicates a bug")
    return alloc


def _pairs(coalitions):
    """Flatten (coalition k, member i) pairs: the LP's rate variables."""
    ks = np.array([k for k, u in enumerate(coalitions) for _ in u], dtype=int)
    iis = np.array([i for u in coalitions for i in u], dtype=int)
    return ks, iis


def _raise_status(res, what: str):
    if res.status == 2:
        raise RuntimeError(f"{what} is infeasible: {res.message}")
    if res.status == 3:
        raise RuntimeError(f"{what} is unbounded: {res.message}")
    if res.status != 0:
        raise RuntimeError(f"{what} failed (HiGHS status {res.status}): {res.message}")


def _least_pooling(players, coalitions, ks, iis, A_ub, b_ub, A_eq, b_eq, bounds, c_value, best, nvar,
                   optimum_x):
    """Second LP: hold the value at its optimum and pool the least water in the smallest coalitions.

    The optimum is held to a relative 1e-12, then 1e-9. If HiGHS's own tolerances make even that
    look infeasible (badly scaled data), the first LP's optimal point ``optimum_x`` is returned
    untouched: the tie-break is cosmetic, the optimum is not."""
    size = np.array([len(u) - 1 for u in coalitions], dtype=float)
    cost = np.zeros(nvar)
    cost[: ks.size] = size[ks] * players.water[iis]
    row = sparse.csr_matrix(-c_value[None, :])
    A2 = sparse.vstack([A_ub, row]) if A_ub is not None else row
    for rel in (1e-12, 1e-9):
        floor = best - rel * max(1.0, abs(best))
        b2 = np.append(b_ub, -floor) if b_ub is not None else np.array([-floor])
        res = linprog(cost, A_ub=A2, b_ub=b2, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status == 0:
            return res.x
    return optimum_x


def _rates_matrix(coalitions, n, ks, iis, values) -> np.ndarray:
    rates = np.zeros((len(coalitions), n))
    rates[ks, iis] = np.clip(values, 0.0, 1.0)
    rates[rates < 1e-9] = 0.0  # solver noise; a rate this small moves no water that matters
    return rates


def _knapsack_rows(ks, iis, K: int, n: int, water, cap):
    """The stage-2 LP's rows over the variables s (m), then x (m), built in compressed-row form:
    K pooling rows (x of a coalition's pairs <= their water s X), m cap rows (x <= s C) and n rows
    of each player's rates summing to 1. The same matrices, entry for entry and in the same order
    (explicit zeros kept), as scipy builds from the (row, column, value) triples
    (``tests/test_water_solvers.py``), at a fraction of the cost: the sweeps solve thousands."""
    m = ks.size
    r = np.arange(m)
    # pooling row k: its pairs' s columns (-X), then their x columns (1); ks is sorted (by coalition)
    per_coalition = np.bincount(ks, minlength=K)
    pool_ptr = np.r_[0, np.cumsum(2 * per_coalition)]
    s_at = pool_ptr[ks] + r - np.r_[0, np.cumsum(per_coalition)[:-1]][ks]  # where pair r's s sits
    x_at = s_at + per_coalition[ks]
    pool_idx, pool_val = np.empty(2 * m, dtype=np.int64), np.empty(2 * m)
    pool_idx[s_at], pool_val[s_at] = r, -water[iis]
    pool_idx[x_at], pool_val[x_at] = r + m, 1.0
    # cap row r: s_r (-C), then x_r (1)
    cap_idx = np.column_stack([r, r + m]).ravel()
    cap_val = np.column_stack([-cap[iis], np.ones(m)]).ravel()
    A_ub = sparse.csr_matrix((np.r_[pool_val, cap_val], np.r_[pool_idx, cap_idx],
                              np.r_[pool_ptr, pool_ptr[-1] + 2 * np.arange(1, m + 1)]), shape=(K + m, 2 * m))
    # player i's row: the s columns of its pairs, in pair order
    order = np.argsort(iis, kind="stable")
    eq_ptr = np.r_[0, np.cumsum(np.bincount(iis, minlength=n))]
    A_eq = sparse.csr_matrix((np.ones(m), r[order], eq_ptr), shape=(n, 2 * m))
    return A_ub, A_eq


def _knapsack_lp(players: Players, coalitions):
    """The stage-2 LP in (s, x) for one candidate list: (value, x, and the LP's pieces)."""
    ks, iis = _pairs(coalitions)
    m, K, n = ks.size, len(coalitions), players.n
    A_ub, A_eq = _knapsack_rows(ks, iis, K, n, players.water, players.cap)
    b_ub = np.zeros(K + m)
    value = np.r_[np.zeros(m), players.efficiency[iis]]
    bounds = [(0, 1)] * m + [(0, None)] * m
    res = linprog(-value, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.ones(n), bounds=bounds, method="highs")
    _raise_status(res, "the stage-2 LP")
    return -res.fun, res.x, (ks, iis, A_ub, b_ub, A_eq, bounds, value)


def maximal_coalitions(coalitions) -> list[tuple[int, ...]]:
    """The candidates contained in no other candidate."""
    masks = sorted({sum(1 << i for i in u) for u in coalitions}, key=lambda b: (-bin(b).count("1"), b))
    kept: list[int] = []
    for mask in masks:
        if not any(mask & big == mask for big in kept):
            kept.append(mask)
    return [tuple(i for i in range(mask.bit_length()) if mask >> i & 1) for mask in kept]


def solve_lp(players: Players, coalitions) -> Allocation:
    """Our exact stage-2 solver, in three small steps.

    1. The optimum T*. The priority payoff is superadditive in the rates (the water and caps of two
       fuzzy coalitions can always be pooled), so merging a coalition into a candidate that contains
       it never lowers T. Hence T* is the LP optimum over the *maximal* candidates alone: one small
       LP (when the grand coalition is a candidate it is the only one).
    2. The smallest coalitions that reach T*: the LP over candidates of at most k members, with k
       found by galloping then bisecting over the sizes present (the optimum only rises with k).
    3. The tie-break LP on that list: least water pooled, weighted by coalition size.
    """
    coalitions = check_coalitions(coalitions, players.n)
    n, solved = players.n, 0
    maximal = maximal_coalitions(coalitions)
    first = _knapsack_lp(players, maximal)
    best = first[0]
    solved += 1
    tol = 1e-9 * max(1.0, abs(best))
    # The optimum over candidates of at most k members rises with k. Find the smallest k that
    # reaches T* by galloping (1st, 2nd, 4th, 8th... size present), then bisecting: small k are
    # cheap LPs and usually enough.
    by_size: dict[int, list] = {}
    for u in coalitions:
        by_size.setdefault(len(u), []).append(u)
    sizes, covered = [], set()
    for k in sorted(by_size):
        covered.update(i for u in by_size[k] for i in u)
        if len(covered) == n:
            sizes.append(k)

    def up_to(k: int) -> list:
        return [u for size in sorted(by_size) if size <= k for u in by_size[size]]

    found = {}

    def reaches(index: int) -> bool:
        nonlocal solved
        if index not in found:
            listed = up_to(sizes[index])
            # the same list in the same order is the same LP: reuse the first solve (e.g. a
            # group of one player, or candidates that are all singletons)
            found[index] = first if listed == maximal else _knapsack_lp(players, listed)
            solved += listed != maximal
        return found[index][0] >= best - tol

    low, high, step = 0, 0, 1
    while not reaches(high) and high < len(sizes) - 1:
        low, high, step = high + 1, min(high + step, len(sizes) - 1), 2 * step
    while low < high:
        mid = (low + high) // 2
        if reaches(mid):
            high = mid
        else:
            low = mid + 1
    reaches(high)
    used = up_to(sizes[high])
    value, x0, (ks, iis, A_ub, b_ub, A_eq, bounds, c) = found[high]
    x = _least_pooling(players, used, ks, iis, A_ub, b_ub, A_eq, np.ones(n), bounds, c, value,
                       2 * ks.size, x0)
    solved += 1
    small = _rates_matrix(used, n, ks, iis, x[: ks.size])
    rates = np.zeros((len(coalitions), n))
    position = {u: k for k, u in enumerate(coalitions)}
    rates[[position[u] for u in used]] = small
    alloc = Allocation(players, coalitions, rates, "lp", cases=solved)
    return _check_rational(alloc)


def enumeration_cases(coalitions) -> int:
    """Number of LPs :func:`solve_enumeration` solves: prod over non-singletons of (|u| + 1)."""
    return prod(len(u) + 1 for u in coalitions if len(u) > 1)


def _piece_rows(u, piece, players, col, nvar):
    """Objective and constraints of coalition u when member ``piece`` (0-based in priority order)
    is the marginal one: sum_{j<l} D_j <= A_u <= sum_{j<=l} D_j and gamma = the piece of (8)."""
    order = [u[j] for j in priority_order(players.efficiency[list(u)])]
    X, C, b = players.water, players.cap, players.efficiency
    A = np.zeros(nvar)
    for i in u:
        A[col[i]] += X[i]
    full = np.zeros(nvar)  # sum_{j<l} D_j
    gain = np.zeros(nvar)  # sum_{j<l} b_j D_j
    for i in order[:piece]:
        full[col[i]] += C[i]
        gain[col[i]] += b[i] * C[i]
    marginal = order[piece]
    upto = full.copy()
    upto[col[marginal]] += C[marginal]
    objective = gain + b[marginal] * (A - full)
    rows = [full - A, A - upto]  # both <= 0
    return objective, rows


@shared
def solve_enumeration(players: Players, coalitions, max_cases: int = 200_000) -> Allocation:
    """The paper's method, made explicit: every set of formed non-singleton coalitions times every
    piece of (8) in each, one LP per case (singletons are always available and, with X <= C,
    always on the first piece of (8)). Exact; exponential. Ties are broken as in :func:`solve_lp`."""
    coalitions = check_coalitions(coalitions, players.n)
    cases = enumeration_cases(coalitions)
    if cases > max_cases:
        raise ValueError(f"enumeration needs {cases:,} LPs, more than max_cases = {max_cases:,}; "
                         f"use the 'lp' solver")
    n = players.n
    ks, iis = _pairs(coalitions)
    m = ks.size
    col_of = {}
    for v, (k, i) in enumerate(zip(ks, iis)):
        col_of.setdefault(k, {})[i] = v
    A_eq = sparse.csr_matrix((np.ones(m), (iis, np.arange(m))), shape=(n, m))
    options = [[None] if len(u) == 1 else [None, *range(len(u))] for u in coalitions]
    best_value, tied = -np.inf, []
    solved = 0
    for case in itertools.product(*options):
        c = np.zeros(m)
        rows, bounds = [], [(0.0, 1.0)] * m
        for k, (u, piece) in enumerate(zip(coalitions, case)):
            if len(u) == 1:
                i = u[0]
                c[col_of[k][i]] += players.efficiency[i] * players.water[i]  # gamma = b s X
            elif piece is None:  # not formed: every rate 0
                for i in u:
                    bounds[col_of[k][i]] = (0.0, 0.0)
            else:
                obj, extra = _piece_rows(u, piece, players, col_of[k], m)
                c += obj
                rows += extra
        A_ub = sparse.csr_matrix(np.array(rows)) if rows else None
        b_ub = np.zeros(len(rows)) if rows else None
        res = linprog(-c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.ones(n), bounds=bounds,
                      method="highs")
        solved += 1
        if res.status == 2:
            continue  # this case's pieces cannot hold together
        _raise_status(res, "an enumeration case LP")
        value = -res.fun
        if not tied or value > best_value + TOL * max(1.0, abs(best_value)):
            best_value, tied = value, []
        if value >= best_value - TOL * max(1.0, abs(best_value)):
            tied.append((c, A_ub, b_ub, bounds, res.x))
    if not tied:
        raise RuntimeError("stage 2 is infeasible in every enumerated case")
    # Among the optimal cases, the same tie-break as solve_lp: least water pooled, smallest coalitions.
    size = np.array([len(u) - 1 for u in coalitions], dtype=float)[ks] * players.water[iis]
    best_x, best_cost = None, np.inf
    for c, A_ub, b_ub, bounds, x0 in tied:
        x = _least_pooling(players, coalitions, ks, iis, A_ub, b_ub, A_eq, np.ones(n), bounds, c,
                           best_value, m, x0)
        solved += 1
        if size @ x < best_cost - TOL * max(1.0, best_cost if np.isfinite(best_cost) else 1.0):
            best_x, best_cost = x, size @ x
    alloc = Allocation(players, coalitions, _rates_matrix(coalitions, n, ks, iis, best_x),
                       "enumeration", cases=solved)
    return _check_rational(alloc)


def solve(players: Players, coalitions, solver: str = "lp") -> Allocation:
    if solver == "lp":
        return solve_lp(players, coalitions)
    if solver == "enumeration":
        return solve_enumeration(players, coalitions)
    raise ValueError(f"solver {solver!r} is unknown; allowed one of {SOLVERS}")


def evaluate(players: Players, coalitions, rates) -> Allocation:
    """An allocation for given rates (e.g. the paper's printed Table 3), checked against (13), (17)."""
    coalitions = tuple(tuple(sorted(int(i) for i in u)) for u in coalitions)
    rates = np.asarray(rates, dtype=float)
    if rates.shape != (len(coalitions), players.n):
        raise ValueError(f"rates must be coalitions x players {(len(coalitions), players.n)}, got {rates.shape}")
    if not np.all(np.isfinite(rates)) or rates.min() < 0 or rates.max() > 1:
        raise ValueError(f"every participation rate must lie in [0, 1] (17); got {rates[rates == rates].tolist()}")
    for k, u in enumerate(coalitions):
        outside = [i + 1 for i in range(players.n) if i not in u and rates[k, i] != 0]
        if outside:
            raise ValueError(f"coalition {[i + 1 for i in u]} gives a rate to non-member(s) {outside}")
    sums = rates.sum(axis=0)
    bad = np.flatnonzero(np.abs(sums - 1) > 1e-6)
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"player {i + 1}'s rates add up to {sums[i]:g}; (13) needs exactly 1")
    return Allocation(players, coalitions, rates, "given", cases=0)


def total_error_bound(players: Players, coalitions, total: float) -> float:
    """A bound on the error of T (1e8 yuan) that the solvers guarantee.

    T is the priority-rule payoff at the rates HiGHS returns. HiGHS meets every constraint to its
    primal feasibility tolerance (1e-7, absolute): each player's rates may add up to 1 +- 1e-7 and
    each pooling and cap row may be off by 1e-7 (1e8 m3). Water worth b_i per m3 can therefore be
    misplaced by at most 1e-7 * (X_i + K_i) for player i in K_i candidate coalitions, and the
    tie-break LP may give up a further 1e-9 of T. So |T - T*| <= 1e-7 sum_i b_i (X_i + K_i) + 1e-9 |T|.
    """
    k = np.array([sum(i in u for u in coalitions) for i in range(players.n)], float)
    return float(HIGHS_FEASIBILITY * np.sum(players.efficiency * (players.water + k))
                 + HELD_OPTIMUM * abs(total))


def guaranteed_decimals(bound: float) -> int:
    """Decimals to print a value whose error is at most ``bound``: the last digit printed is
    worth at least the bound, so it may be off by one but no digit before it is in doubt."""
    if not bound > 0:
        raise ValueError(f"bound = {bound!r} is invalid: allowed a number > 0")
    return max(0, int(np.floor(-np.log10(bound))))


def rate_range(players: Players, coalitions, coalition, player: int, rel: float = 1e-9) -> tuple[float, float]:
    """The smallest and the largest rate of ``player`` (0-based) in ``coalition`` over every
    allocation on the candidate list ``coalitions`` that reaches the optimum T* (to a relative
    ``rel``): the ties among which :func:`solve_lp` picks the least pooling. Two LPs with T held
    at T*."""
    coalitions = check_coalitions(coalitions, players.n)
    coalition = tuple(sorted(coalition))
    best, _, (ks, iis, A_ub, b_ub, A_eq, bounds, value) = _knapsack_lp(players, coalitions)
    pick = np.flatnonzero((ks == coalitions.index(coalition)) & (iis == player))
    if pick.size != 1:
        raise ValueError(f"player {player + 1} is not a member of {[i + 1 for i in coalition]}")
    A2 = sparse.vstack([A_ub, sparse.csr_matrix(-value[None, :])])
    b2 = np.append(b_ub, -(best - rel * max(1.0, abs(best))))
    ends = []
    for sign in (1.0, -1.0):
        cost = np.zeros(2 * ks.size)
        cost[pick[0]] = sign
        res = linprog(cost, A_ub=A2, b_ub=b2, A_eq=A_eq, b_eq=np.ones(players.n), bounds=bounds, method="highs")
        _raise_status(res, "the rate-range LP")
        ends.append(float(res.x[pick[0]]))
    return ends[0], ends[1]
