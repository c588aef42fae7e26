"""Benchmark for paper 2: the numpy engine against PySD on the same model, and a sweep.

Prints a table; run with `make benchmark` or `python benchmarks/bench_02_innovation.py`.
Timings are the best of several repeats (wall clock, this machine).
"""

from __future__ import annotations

import time

import numpy as np

from clustermodels.innovation import analysis, model, vensim


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    spec = model.load_spec()
    pysd_model = vensim.load_model()
    vensim.simulate_pysd(spec, pysd_model)  # warm up
    cases = model.sensitivity_cases(spec, 0.5)

    t_numpy = best_of(lambda: model.simulate(spec), 20)
    t_numpy_stock = best_of(lambda: model.simulate_capability(spec), 50)
    t_pysd = best_of(lambda: vensim.simulate_pysd(spec, pysd_model), 5)
    t_pysd_9 = best_of(lambda: [vensim.simulate_pysd(c.spec, pysd_model) for c in cases], 2)
    coef = np.array([c.spec.coefficients for c in cases])
    t_numpy_9 = best_of(lambda: model.simulate_capability(spec, coef), 20)
    t_sweep = best_of(lambda: analysis.coefficient_sweep(spec, 10_000, 0.5, 1, 0.5), 3)
    rng = np.random.default_rng(0)
    coef10k = spec.coefficients * rng.uniform(0.5, 1.5, (10_000, 8))
    t_10k = best_of(lambda: model.simulate_capability(spec, coef10k), 3)

    rows = [
        ("one run, all variables (161 steps)", t_numpy, t_pysd),
        ("baseline + 8 sensitivity runs", t_numpy_9, t_pysd_9),
        ("10,000 scenarios, capability only", t_10k, 10_000 / 9 * t_pysd_9),
    ]
    print(f"{'task':40s} {'numpy (s)':>12s} {'PySD (s)':>12s} {'PySD / numpy':>14s}")
    for name, a, b in rows:
        print(f"{name:40s} {a:12.5f} {b:12.5f} {b / a:14.0f}")
    print("(the 10,000-scenario PySD time is extrapolated from the 9-run time)")
    print(f"capability-only engine, one run: {t_numpy_stock * 1e3:.3f} ms")
    print(f"10,000-scenario sweep with the ranking of every scenario (90,000 runs): {t_sweep:.3f} s")


if __name__ == "__main__":
    main()
