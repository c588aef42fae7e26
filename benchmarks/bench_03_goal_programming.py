"""Benchmark for paper 3: the four-scenario goal programme on 42 sectors, on the 139-sector table,
and on synthetic economies of growing size (up to 4,000 sectors). Prints seconds per scenario
(mean of the four) and the growth ratio. Run with `make benchmark`."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from clustermodels.industry import iotable, satellite
from clustermodels.industry.model import Economy, economy, load_spec, solve_scenario

SPEC = load_spec()
PRIORITIES = {k: v for k, v in SPEC["priorities"].items() if k != "status"}
SCENARIOS = {k: v for k, v in SPEC["scenarios"].items() if k != "status"}


def per_scenario(econ: Economy, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for cfg in SCENARIOS.values():
            solve_scenario(econ, cfg["r"], cfg["energy_water_goals"], PRIORITIES)
        best = min(best, (time.perf_counter() - start) / len(SCENARIOS))
    return best


def economy_139(table139, sectors, intensity42) -> Economy:
    S = iotable.concordance(sectors, table139.codes)
    parent = np.argmax(S, axis=0)
    codes42 = list(sectors["code"])
    intensity = intensity42.iloc[parent].reset_index(drop=True)
    groups = sectors["policy_group"].to_numpy()[parent]
    energy = tuple(c for c, p in zip(table139.codes, parent) if codes42[p] in SPEC["energy_sectors"]["value"])
    water = next(c for c, p in zip(table139.codes, parent) if codes42[p] == SPEC["water_sector"]["value"])
    return Economy(tuple(table139.codes), groups, table139.output, table139.value_added_rate(), intensity, energy, water)


def synthetic(n: int, seed: int = 0) -> Economy:
    rng = np.random.default_rng(seed)
    codes = tuple(f"{i:05d}" for i in range(n))
    columns = ("water_m3_per_wan_yuan", "energy_co2_t_per_wan_yuan", "so2_t_per_wan_yuan", "nox_t_per_wan_yuan",
               "cod_t_per_wan_yuan", "nh3n_t_per_wan_yuan")
    intensity = pd.DataFrame({c: rng.lognormal(0, 1, n) for c in columns})
    groups = rng.choice(["suppressed", "encouraged", "livelihood", "other"], n, p=[0.2, 0.2, 0.15, 0.45])
    return Economy(codes, groups, rng.lognormal(10, 1, n), rng.uniform(0.15, 0.7, n), intensity,
                   codes[: max(1, n // 10)], codes[-1])


def main() -> None:
    sectors = iotable.load_sectors()
    t139 = iotable.load_139()
    t42 = iotable.aggregate(t139, sectors)
    intensity = satellite.load(None, t42.codes)
    rows = [("NBS 2012, 42 sectors", 42, per_scenario(economy("2012", t42, sectors, intensity, SPEC))),
            ("NBS 2012, 139 sectors", 139, per_scenario(economy_139(t139, sectors, intensity)))]
    for n in (250, 500, 1000, 2000, 4000):
        rows.append((f"synthetic, {n:,} sectors", n, per_scenario(synthetic(n), repeat=1)))
    print(f"{'economy':<24} {'sectors':>8} {'s per scenario':>15} {'x vs 42':>8}")
    for name, n, seconds in rows:
        print(f"{name:<24} {n:>8,} {seconds:>15.4f} {seconds / rows[0][2]:>8.1f}")
    (n1, t1), (n2, t2) = (rows[-2][1], rows[-2][2]), (rows[-1][1], rows[-1][2])
    print(f"growth from {n1:,} to {n2:,} sectors: time x{t2 / t1:.2f} (x2 would be linear)")


if __name__ == "__main__":
    main()
