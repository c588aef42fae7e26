"""The feasible set K of (1) and the Euclidean projection onto it.

K = {0 <= a_k <= 1} x {0 <= b_k <= u_k, sum of b_k over the edges of supplier j <= cap_j}.

The paper defines b_j as the total economic resources agent j holds (主体j拥有的经济资源总量), so
what all buyers take from j together cannot exceed it; the per-edge box 0 <= b_ij <= b_j alone
would let a supplier deliver more than it holds. K is a product of a box (the green levels) and one
capped box-simplex per supplier, so it is closed and convex and its projection splits by supplier:

    P(y)_k = clip(y_k - tau_j, 0, u_k),   tau_j = 0 if sum_k clip(y_k, 0, u_k) <= cap_j,
                                          else the root of sum_k clip(y_k - tau, 0, u_k) = cap_j.

The root is found for all suppliers at once by a safeguarded Newton iteration on the piecewise-
linear, non-increasing function tau -> sum_k clip(y_k - tau, 0, u_k) - cap_j (bisection when a
Newton step leaves the bracket), on the coordinates sorted by supplier so that each iteration
costs a few contiguous vector operations; the solvers warm-start tau from the previous call.
The Newton step lands on the root as soon as it identifies the right set of free coordinates, so a
handful of iterations suffice (at most ``max_iter``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class CappedBox:
    """Box lower <= x <= upper, plus, for the last ``group.size`` coordinates (the capped ones,
    here the b part), sum of x[k] over the capped k in group g <= cap[g]."""

    lower: np.ndarray
    upper: np.ndarray
    group: np.ndarray       # group (supplier) of each capped coordinate
    cap: np.ndarray         # per group
    warm: dict = field(default_factory=dict, compare=False, repr=False)  # last tau, to warm-start

    def __post_init__(self):
        if np.any(self.lower[self.first_capped:] != 0):
            raise ValueError("capped coordinates must have lower bound 0")
        if np.any(self.cap < 0):
            raise ValueError("caps must be >= 0")

    @property
    def first_capped(self) -> int:
        return self.lower.size - self.group.size

    @property
    def capped(self) -> slice:
        return slice(self.first_capped, None)

    @property
    def n_groups(self) -> int:
        return self.cap.size

    def group_totals(self, x: np.ndarray) -> np.ndarray:
        return np.bincount(self.group, weights=x[self.capped], minlength=self.n_groups)

    def contains(self, x: np.ndarray, tol: float = 1e-9) -> bool:
        return bool(np.all(x >= self.lower - tol) and np.all(x <= self.upper + tol)
                    and np.all(self.group_totals(x) <= self.cap + tol))

    def project(self, y: np.ndarray) -> np.ndarray:
        k = self.first_capped
        if "order" not in self.warm:  # the capped coordinates sorted by group, computed once
            self.warm["order"] = np.argsort(self.group, kind="stable")
            # a per-coordinate upper bound at least its group's cap can never bind at the root
            self.warm["redundant"] = bool(np.all(self.upper[k:] >= self.cap[self.group]))
            self.warm["segments"] = _Segments(np.bincount(self.group, minlength=self.n_groups))
        x = np.empty_like(y, dtype=float)
        np.clip(y[:k], self.lower[:k], self.upper[:k], out=x[:k])
        x[k:], self.warm["tau"] = project_capped_simplex(y[k:], self.upper[k:], self.group, self.cap,
                                                         self.warm.get("tau"), self.warm["order"],
                                                         self.warm["redundant"], self.warm["segments"])
        return x


class _Segments:
    """Sums over, and broadcasts to, groups stored contiguously (group sizes ``counts``)."""

    def __init__(self, counts: np.ndarray):
        self.counts = counts
        self.nonempty = np.flatnonzero(counts)
        self.starts = np.r_[0, np.cumsum(counts)[:-1]][self.nonempty]

    def sum(self, v: np.ndarray) -> np.ndarray:
        out = np.zeros(self.counts.size)
        if v.size:
            out[self.nonempty] = np.add.reduceat(v, self.starts)
        return out

    def max(self, v: np.ndarray) -> np.ndarray:
        out = np.zeros(self.counts.size)
        if v.size:
            out[self.nonempty] = np.maximum.reduceat(v, self.starts)
        return out

    def count(self, mask: np.ndarray) -> np.ndarray:
        out = np.zeros(self.counts.size)
        if mask.size:
            out[self.nonempty] = np.add.reduceat(mask.view(np.int8), self.starts, dtype=np.int64)
        return out

    def expand(self, t: np.ndarray) -> np.ndarray:
        return np.repeat(t, self.counts)


def project_capped_simplex(y: np.ndarray, upper: np.ndarray, group: np.ndarray, cap: np.ndarray,
                           tau0: np.ndarray | None = None, order: np.ndarray | None = None,
                           upper_redundant: bool = False, segments: "_Segments | None" = None,
                           max_iter: int = 200):
    """Euclidean projection of y onto {0 <= x <= upper, sum of x over each group g <= cap[g]},
    for all groups at once (see the module docstring). ``tau0``: a first guess of the groups'
    shifts (e.g. the previous call's); ``order``: argsort of ``group`` (stable), if known;
    ``upper_redundant``: every upper bound is at least its group's cap, so that (in a group whose
    cap binds) no coordinate can reach it and the iteration may skip it; ``segments``: the group
    sizes of the sorted layout, if known. Returns the projection
    and the shifts tau. The work is done on the coordinates sorted by group (one gather, one
    scatter), so that group sums are contiguous reductions."""
    n_groups = cap.size
    if order is None:
        order = np.argsort(group, kind="stable")
    counts = np.bincount(group, minlength=n_groups) if segments is None else segments.counts
    seg = _Segments(counts) if segments is None else segments
    ys = y[order]
    us = None if upper_redundant else upper[order]
    xs = np.maximum(ys, 0.0)
    if us is not None:
        np.minimum(xs, us, out=xs)
    totals = seg.sum(xs)
    over = totals > cap
    tau = np.zeros(n_groups)
    out = np.empty(y.shape, dtype=float)
    if over.any():
        if over.all():
            sub, ys_o, us_o, seg_o = slice(None), ys, us, seg
        else:                                  # only the coordinates in groups whose cap binds
            sub = np.repeat(over, counts)
            ys_o, us_o = ys[sub], None if us is None else us[sub]
            seg_o = _Segments(np.where(over, counts, 0))
        xs[sub] = _shift_root(ys_o, us_o, seg_o, cap, over, totals, tau0, max_iter, tau)
    out[order] = xs
    return out, tau


def _shift_root(ys, us, seg, cap, over, totals, tau0, max_iter, tau):
    """Safeguarded Newton for tau (written into ``tau``) in the groups that are ``over``;
    returns the projected coordinates."""
    lo = np.zeros(cap.size)                    # f(lo) > 0 (f(0) = totals - cap > 0)
    # f(hi) <= 0: tau >= every y of the group zeroes it; without upper bounds totals >= max y
    hi = totals.copy() if us is None else seg.max(ys)
    if tau0 is not None:
        tau[:] = np.where(over, np.clip(tau0, lo, hi), 0.0)
    # rounding bound of the group sums: below it f is zero to machine precision
    tol = 8 * np.finfo(float).eps * (totals + cap + 1.0)
    for _ in range(max_iter):
        shifted = ys - seg.expand(tau)
        xs = np.maximum(shifted, 0.0)
        if us is not None:
            np.minimum(xs, us, out=xs)
        f = seg.sum(xs) - cap
        done = ~over | (np.abs(f) <= tol)
        if done.all():
            return xs
        inside = shifted > 0
        if us is not None:
            inside &= shifted < us
        free = seg.count(inside)
        lo = np.where(f > 0, np.maximum(lo, tau), lo)
        hi = np.where(f <= 0, np.minimum(hi, tau), hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = tau + f / free
        ok = (free > 0) & (newton > lo) & (newton < hi)
        # a Newton step that does not move strictly inside the bracket falls back to bisection
        tau[:] = np.where(done, tau, np.where(ok, newton, (lo + hi) / 2))
    xs = np.maximum(ys - seg.expand(tau), 0.0)
    return xs if us is None else np.minimum(xs, us)


def kkt(f: np.ndarray, x: np.ndarray, K: CappedBox, tol: float = 1e-6) -> dict:
    """The VI's optimality (KKT) conditions at x, given f = F(x): there are multipliers
    mu_g >= 0, one per group (supplier), zero unless the group's cap binds, such that with
    r = f + mu (mu added on each capped coordinate of its group)

        r_k >= 0 where x_k sits at its lower bound, r_k <= 0 at its upper bound, r_k = 0 in between.

    mu_g is the shadow price of supplier g's resource: the marginal (weighted) utility one more
    unit of it would give its buyers. It is read off the coordinates below their upper bound
    (mu_g = max(0, max of -f_k there) when the cap binds), so a wrong mu shows up as a violation.
    ``tol`` decides which coordinates sit at a bound and which caps bind. Returns the multipliers,
    which caps bind, and the largest violation."""
    n_groups = K.n_groups
    totals = K.group_totals(x)
    binding = totals >= K.cap - tol
    xc, uc = x[K.capped], K.upper[K.capped]
    candidates = np.where(xc < uc - tol, -f[K.capped], -np.inf)
    best = np.full(n_groups, -np.inf)
    np.maximum.at(best, K.group, candidates)
    mu = np.where(binding, np.maximum(best, 0.0), 0.0)
    mu[~np.isfinite(mu)] = 0.0
    r = f.copy()
    r[K.capped] += mu[K.group]
    at_low = x <= K.lower + tol
    at_high = x >= K.upper - tol
    inside = ~(at_low | at_high)
    parts = [np.clip(-r[at_low & ~at_high], 0, None), np.clip(r[at_high & ~at_low], 0, None), np.abs(r[inside])]
    violation = float(max((p.max() for p in parts if p.size), default=0.0))
    over = float(np.clip(totals - K.cap, 0, None).max(initial=0.0))
    return {"multipliers": mu, "binding": binding, "violation": max(violation, over), "totals": totals}
