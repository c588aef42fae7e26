"""Benchmark for paper 4: the two stage-2 solvers as the number of players grows.

Random cluster-chain instances (players 1..n along a chain; a third of them have spare capacity),
two candidate lists: every coalition (2**n - 1) and the chain's runs of neighbours (n(n+1)/2).
The enumeration (the paper's method) is run only when its case count, times the measured time per
LP, fits the budget; otherwise the estimate is printed. Run with `make benchmark`.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np

from clustermodels.water.stage2 import Players, enumeration_cases, solve_enumeration, solve_lp

BUDGET = 10.0  # seconds


def instance(n: int, seed: int) -> Players:
    rng = np.random.default_rng(seed)
    water = rng.uniform(0.5, 5.0, n)
    spare = np.where(rng.random(n) < 1 / 3, rng.uniform(0.5, 3.0, n), 0.0)
    return Players(tuple(str(i + 1) for i in range(n)), water, water + spare, rng.uniform(500, 6000, n))


def every_coalition(n: int):
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def chain_runs(n: int):
    return [tuple(range(a, b)) for a in range(n) for b in range(a + 1, n + 1)]


def sci(x) -> str:
    """Large counts as powers of ten (Python ints may exceed float range)."""
    return f"{x:,.0f}" if x < 1e6 else f"1e{math.log10(x):.1f}"


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    # seconds per enumeration LP, measured on a small case
    probe = instance(3, 0)
    alloc, seconds = timed(lambda: solve_enumeration(probe, every_coalition(3)))
    per_lp = seconds / alloc.cases
    print(f"enumeration: {per_lp * 1e3:.2f} ms per LP on this machine\n")
    print(f"{'list':<6} {'n':>3} {'coalitions':>10} {'LP s':>8} {'enum cases':>12} {'enum s':>10} "
          f"{'enum/LP':>9} {'same T':>7}")
    largest = {}
    for name, make, sizes in (("all", every_coalition, range(2, 23)),
                              ("chain", chain_runs, (2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 40, 48))):
        lp_done = enum_done = False
        for n in sizes:
            players, coalitions = instance(n, n), make(n)
            if not lp_done:
                lp, t_lp = timed(lambda: solve_lp(players, coalitions))
                if t_lp <= BUDGET:
                    largest[(name, "lp")] = n
                else:
                    lp_done = True
            cases = enumeration_cases(coalitions)
            log_estimate = math.log10(cases) + math.log10(per_lp)  # seconds, as a power of ten
            if not enum_done and log_estimate + math.log10(2) <= math.log10(BUDGET):
                enum, t_enum = timed(lambda: solve_enumeration(players, coalitions, max_cases=10**9))
                same = abs(enum.total() - lp.total()) <= 1e-7 * max(1.0, lp.total())
                if t_enum <= BUDGET:
                    largest[(name, "enumeration")] = n
                enum_text, ratio, same_text = f"{t_enum:10.3f}", f"{t_enum / t_lp:9.0f}", str(same)
            else:
                enum_done = True
                enum_text = f"~{sci(10 ** log_estimate) if log_estimate < 300 else f'1e{log_estimate:.1f}':>9}"
                ratio, same_text = f"{'-':>9}", "-"
            lp_text = f"{t_lp:8.3f}" if not lp_done else "  >10 s "
            print(f"{name:<6} {n:>3} {len(coalitions):>10,} {lp_text} {sci(cases):>12} {enum_text} {ratio} "
                  f"{same_text:>7}")
            if lp_done and enum_done:
                break
            if name == "all" and n == 12:
                target = "met" if t_lp < BUDGET else "MISSED"
                print(f"       target: 12 players, every one of the 4,095 coalitions, under {BUDGET:g} s: {target}")
        print()
    for (name, solver), n in sorted(largest.items()):
        print(f"largest n within {BUDGET:g} s: {solver:<12} on the '{name}' list: {n}")


if __name__ == "__main__":
    main()
