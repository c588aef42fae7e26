"""Paper 3's assumed inputs as numbers to sample: the satellite intensities and the range r.

The default satellite table spreads national totals (water, pollutants) and WIOD's coarse sectors
(energy) over the 42 sectors; the spread over the industry sectors 02-27 (by output, by MEIC
source shares, by the proxy water use, by purchases of energy products) is the assumption, the
totals are not. A row therefore holds one factor per satellite block
(water, energy, SO2, NOx, COD, NH3-N) that multiplies that block's intensities of the industry
sectors, the range r of scenario 1 and the band B within which every sector moves. Each row solves 2012 scenario 1 as the notebook does
(``run.solve`` with the settings changed), so the numbers are the run API's.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK, run
from .notebook import resolve

OUTPUTS = ("scenarios.2012.1.energy_saving_max_1e4_tj", "2012_s1.value_added_change_max_trillion")
BLOCKS = {"water": "water_m3_per_wan_yuan", "energy": "energy_tj_per_wan_yuan", "so2": "so2_t_per_wan_yuan",
          "nox": "nox_t_per_wan_yuan", "cod": "cod_t_per_wan_yuan", "nh3n": "nh3n_t_per_wan_yuan"}


def settings_for(base, row: dict):
    """``base`` (2012 only) with one row's factors and scenario 1's range."""
    industry = base.intensity.index.isin(industry_sectors())
    intensity = base.intensity.copy()
    for block, column in BLOCKS.items():
        intensity.loc[industry, column] *= row[f"{block}_factor"]
    first = next(iter(base.scenarios))
    scenarios = {first: {**base.scenarios[first], "r": float(row["r"])}}
    return replace(base, intensity=intensity, scenarios=scenarios, band=float(row["band"]))


def industry_sectors() -> list[str]:
    """The sectors 02-27 whose intensities the proxy spreads (satellite_proxy.yaml)."""
    raw = yaml.safe_load((data_dir(NOTEBOOK) / "satellite_proxy.yaml").read_text(encoding="utf-8"))
    return [str(c) for c in raw["industry_sectors"]]


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    base = resolve({"years": ["2012"]})
    out = []
    for values in sample:
        numbers = run.numbers(settings_for(base, dict(zip(names, values))))
        out.append({k: numbers[k] for k in OUTPUTS})
    return pd.DataFrame(out, columns=list(OUTPUTS))
