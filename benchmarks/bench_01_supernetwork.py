"""Benchmark for paper 1: extragradient vs Euler on random instances as the number of agents grows.

Random instances of the same family (every agent buys from every other: 2 m (m - 1) variables;
scarcity scaled by 1/m; each supplier's takes capped by what it holds), solved from zero to
natural-map residual 1e-8. Prints iterations, evaluations of F and seconds for both methods, and
the largest supplier utilisation (at most 1). Target: m = 500 in under 30 s. `make benchmark`.
"""

from __future__ import annotations

import time

import numpy as np

from clustermodels.supernetwork import equilibrium, model

TOL = 1e-8
TARGET_M, TARGET_SECONDS = 500, 30.0


def main() -> None:
    print(f"{'m':>5} {'variables':>10} {'mu bound':>9} {'EG iter':>8} {'EG evals':>9} {'EG s':>7} "
          f"{'Euler iter':>10} {'Euler evals':>11} {'Euler s':>8} {'max |diff|':>11} {'max util':>9}")
    for m in (10, 50, 100, 200, 300, 500, 700):
        inst = model.random_instance(m, seed=m)
        mu = model.block_min_eigenvalues(inst).min()
        start = time.perf_counter()
        eg = equilibrium.solve(inst, "extragradient", TOL)
        t_eg = time.perf_counter() - start
        start = time.perf_counter()
        eu = equilibrium.solve(inst, "euler", TOL)
        t_eu = time.perf_counter() - start
        print(f"{m:>5} {2 * inst.n_edges:>10,} {mu:>9.3f} {eg.iterations:>8} {eg.evaluations:>9} {t_eg:>7.2f} "
              f"{eu.iterations:>10} {eu.evaluations:>11} {t_eu:>8.2f} {np.abs(eg.x - eu.x).max():>11.1e} "
              f"{(inst.supplier_totals(inst.split(eg.x)[1]) / inst.available).max():>9.4f}")
        if m == TARGET_M:
            met = max(t_eg, t_eu) < TARGET_SECONDS and eg.converged and eu.converged
            print(f"      target: m = {TARGET_M} to residual {TOL:g} in under {TARGET_SECONDS:g} s: "
                  f"{'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
