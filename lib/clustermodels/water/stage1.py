"""Stage 1: the first allocation of local and shared water to every user, LP (1)-(7).

Sub-regions q (Beijing, Tianjin, Hebei) have users j (j = 0 is domestic, then industry,
environment, tertiary) with normal demand D_qj and lowest / highest demand LB_qj <= D_qj <= UB_qj.
Shared sources c (the middle route) of capacity W_c supply G_qcj; each region's local sources r
of capacity W_qr supply Z_qrj.

    (1) min  sum_qj ( D_qj - sum_r Z_qrj - sum_c G_qcj )         total shortage
    (2) sum_r Z_qr0 + sum_c G_qc0 = D_q0                         domestic demand met in full
    (3) sum_c G_qc0 >= sum_c G_qcj + margin  (j >= 1)            shared water to domestic first
    (4) sum_r Z_qrj + sum_c G_qcj <= D_qj   (j >= 1)             no user gets more than demand
    (5) LB_qj * rho_c <= G_qcj <= UB_qj * rho_c  (j >= 1),       equity of the shared source,
        rho_c = sum_qj G_qcj / sum_qj D_qj                       its average delivery ratio
    (6) sum_j Z_qrj <= W_qr,   (7) sum_qj G_qcj <= W_c           capacities

Readings we had to choose (the seed text lost the layout of (3) and (5)): (3) is strict in the
paper; an LP needs ">=", so we impose it with a margin (0 by default). (5) is read as "each user's
delivery from the shared source, relative to its demand bounds, lies around the source's average
delivery ratio"; multiplying out gives the linear form LB_qj sum G_c <= G_qcj sum D <= UB_qj sum G_c.

(1) weighs every m3 of shortage alike, so its optimum is rarely unique. We take, among the
optimal allocations, the one minimising sum_qj w_j * shortage_qj / D_qj (a second LP): stated
weights w_j per user type protect the heavier-weighted types first, and within a type a shortfall
counts relative to the user's demand, which makes the choice between regions unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_
from ..lp import linprog

# the stage-1 table's columns (English in the CSV; the notebook shows them translated)
COLUMNS = (N_("region"), N_("user"), N_("demand"), N_("demand_low"), N_("demand_high"), N_("local"), N_("shared"),
           N_("supply"), N_("shortage"))

TOL = 1e-9


class Stage1Infeasible(RuntimeError):
    """LP (1)-(7) has no feasible allocation; the message names the first cause found."""


@dataclass(frozen=True)
class Stage1Inputs:
    regions: tuple[str, ...]
    users: tuple[str, ...]            # users[0] is domestic
    demand: np.ndarray                # D (regions x users), 1e8 m3/a
    demand_low: np.ndarray            # LB
    demand_high: np.ndarray           # UB
    local_capacity: np.ndarray        # W_q (one local source per region), 1e8 m3/a
    shared_capacity: np.ndarray       # W_c (shared sources), 1e8 m3/a
    shortage_weight: np.ndarray       # w_j per user type (tie-break)
    domestic_margin: float = 0.0      # margin of (3), 1e8 m3/a

    def __post_init__(self):
        shape = (len(self.regions), len(self.users))
        for name in ("demand", "demand_low", "demand_high"):
            arr = np.asarray(getattr(self, name), dtype=float)
            object.__setattr__(self, name, arr)
            if arr.shape != shape:
                raise ValueError(f"{name} must be regions x users {shape}, got {arr.shape}")
            if not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"{name} must be finite and >= 0 (1e8 m3/a)")
        for name, size in (("local_capacity", shape[0]), ("shared_capacity", None),
                           ("shortage_weight", shape[1])):
            arr = np.atleast_1d(np.asarray(getattr(self, name), dtype=float))
            object.__setattr__(self, name, arr)
            if size is not None and arr.shape != (size,):
                raise ValueError(f"{name} must have {size} values, got {arr.shape}")
            if not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"{name} must be finite and >= 0")
        if np.any(self.demand_low > self.demand + 1e-12) or np.any(self.demand > self.demand_high + 1e-12):
            raise ValueError("demands must satisfy LB <= D <= UB for every user")
        if self.domestic_margin < 0:
            raise ValueError("domestic_margin must be >= 0")


def _layout(inp: Stage1Inputs):
    """Variables: G[c, q, j] for every shared source, then Z[q, j] (one local source per region)."""
    nq, nj, nc = len(inp.regions), len(inp.users), inp.shared_capacity.size
    g = np.arange(nc * nq * nj).reshape(nc, nq, nj)
    z = g.size + np.arange(nq * nj).reshape(nq, nj)
    return g, z, g.size + z.size


def _constraints(inp: Stage1Inputs):
    g, z, nv = _layout(inp)
    nq, nj, nc = len(inp.regions), len(inp.users), inp.shared_capacity.size
    total_demand = inp.demand.sum()
    A_ub, b_ub, A_eq, b_eq, names = [], [], [], [], []

    def row():
        return np.zeros(nv)

    for q in range(nq):
        r = row(); r[g[:, q, 0]] = 1; r[z[q, 0]] = 1
        A_eq.append(r); b_eq.append(inp.demand[q, 0])                         # (2)
        for j in range(1, nj):
            r = row(); r[g[:, q, j]] = 1; r[g[:, q, 0]] -= 1
            A_ub.append(r); b_ub.append(-inp.domestic_margin); names.append(f"(3) {inp.regions[q]} {inp.users[j]}")
            r = row(); r[g[:, q, j]] = 1; r[z[q, j]] = 1
            A_ub.append(r); b_ub.append(inp.demand[q, j]); names.append(f"(4) {inp.regions[q]} {inp.users[j]}")
            for c in range(nc):                                                 # (5)
                low = row(); low[g[c].ravel()] = inp.demand_low[q, j]; low[g[c, q, j]] -= total_demand
                A_ub.append(low); b_ub.append(0.0); names.append(f"(5) low {inp.regions[q]} {inp.users[j]}")
                high = row(); high[g[c, q, j]] = total_demand; high[g[c].ravel()] -= inp.demand_high[q, j]
                A_ub.append(high); b_ub.append(0.0); names.append(f"(5) high {inp.regions[q]} {inp.users[j]}")
        r = row(); r[z[q]] = 1
        A_ub.append(r); b_ub.append(inp.local_capacity[q]); names.append(f"(6) {inp.regions[q]}")
    for c in range(nc):
        r = row(); r[g[c].ravel()] = 1
        A_ub.append(r); b_ub.append(inp.shared_capacity[c]); names.append(f"(7) shared source {c + 1}")
    return np.array(A_ub), np.array(b_ub), np.array(A_eq), np.array(b_eq), names


def _diagnose(inp: Stage1Inputs) -> str:
    """Name the first simple reason why (2)-(7) cannot hold."""
    shared = inp.shared_capacity.sum()
    need = inp.demand[:, 0] - inp.local_capacity
    for q, region in enumerate(inp.regions):
        if need[q] > shared + TOL:
            return (f"domestic demand of {region} ({inp.demand[q, 0]:g}) exceeds its local supply "
                    f"({inp.local_capacity[q]:g}) plus all shared water ({shared:g}), so (2) cannot hold")
    if np.clip(need, 0, None).sum() > shared + TOL:
        return (f"the domestic demands not covered by local water ({np.clip(need, 0, None).sum():g}) "
                f"exceed the shared supply ({shared:g}), so (2) cannot hold in every region at once")
    return ("(2), (3) and (5) cannot hold together: the equity band (5) and the domestic-first rule "
            "(3) leave too little shared water for domestic use; widen LB/UB or lower the margin")


def solve_stage1(inp: Stage1Inputs) -> pd.DataFrame:
    """Solve (1)-(7) and the tie-break; one row per (region, user) with demand, local, shared,
    supply and shortage (1e8 m3/a). Raises :class:`Stage1Infeasible` when no allocation exists."""
    g, z, nv = _layout(inp)
    A_ub, b_ub, A_eq, b_eq, _ = _constraints(inp)
    supply = np.zeros(nv); supply[:] = 1.0  # every variable is a delivery to some user
    res = linprog(-supply, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status == 2:
        raise Stage1Infeasible(f"stage 1 (1)-(7) is infeasible: {_diagnose(inp)}")
    if res.status != 0:
        raise Stage1Infeasible(f"stage 1 failed (HiGHS status {res.status}): {res.message}")
    best = -res.fun
    weights = np.zeros(nv)
    for q in range(len(inp.regions)):
        for j in range(len(inp.users)):
            w = inp.shortage_weight[j] / inp.demand[q, j] if inp.demand[q, j] > 0 else 0.0
            weights[g[:, q, j]] = w
            weights[z[q, j]] = w
    # min sum w * shortage = const - sum w * delivery, with total delivery held at its optimum
    A2 = np.vstack([A_ub, -supply])
    b2 = np.append(b_ub, -(best - TOL * max(1.0, best)))
    res2 = linprog(-weights, A_ub=A2, b_ub=b2, A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res2.status != 0:
        raise Stage1Infeasible(f"stage 1 tie-break failed (HiGHS status {res2.status}): {res2.message}")
    x = np.clip(res2.x, 0, None)
    rows = []
    for q, region in enumerate(inp.regions):
        for j, user in enumerate(inp.users):
            shared = float(x[g[:, q, j]].sum())
            local = float(x[z[q, j]])
            rows.append({"region": region, "user": user, "demand": inp.demand[q, j],
                         "demand_low": inp.demand_low[q, j], "demand_high": inp.demand_high[q, j],
                         "local": local, "shared": shared, "supply": local + shared,
                         "shortage": inp.demand[q, j] - local - shared})
    return pd.DataFrame(rows)


def check_stage1(inp: Stage1Inputs, table: pd.DataFrame, tol: float = 1e-7) -> list[str]:
    """Which of (2)-(7) a stage-1 table violates (empty list: all hold)."""
    bad = []
    total_demand = inp.demand.sum()
    shared_total = table["shared"].sum()
    for q, region in enumerate(inp.regions):
        t = table[table.region == region].reset_index(drop=True)
        if abs(t.supply[0] - t.demand[0]) > tol:
            bad.append(f"(2) {region}")
        for j in range(1, len(inp.users)):
            if t.shared[j] > t.shared[0] - inp.domestic_margin + tol:
                bad.append(f"(3) {region} {t.user[j]}")
            if t.supply[j] > t.demand[j] + tol:
                bad.append(f"(4) {region} {t.user[j]}")
            if inp.shared_capacity.size == 1:
                if t.shared[j] * total_demand < inp.demand_low[q, j] * shared_total - tol * total_demand:
                    bad.append(f"(5) low {region} {t.user[j]}")
                if t.shared[j] * total_demand > inp.demand_high[q, j] * shared_total + tol * total_demand:
                    bad.append(f"(5) high {region} {t.user[j]}")
        if t.local.sum() > inp.local_capacity[q] + tol:
            bad.append(f"(6) {region}")
    if shared_total > inp.shared_capacity.sum() + tol:
        bad.append("(7)")
    if (table[["local", "shared"]] < -tol).any().any():
        bad.append("non-negativity")
    return bad
