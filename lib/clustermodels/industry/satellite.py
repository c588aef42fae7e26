"""Sector intensities of water, energy and pollutants (the 'satellite' table), and its schema.

Schema of a satellite CSV (one row per 42-sector code, every code exactly once; values >= 0, per
10^4 yuan of sector output):

    code, water_m3_per_wan_yuan, <energy>, so2_t_per_wan_yuan, nox_t_per_wan_yuan,
    cod_t_per_wan_yuan, nh3n_t_per_wan_yuan

where <energy> is ``energy_tj_per_wan_yuan`` (TJ, the paper's unit), ``energy_tce_per_wan_yuan``
(t of coal equivalent) or ``energy_co2_t_per_wan_yuan`` (t CO2). Units are part of the column
names, so a table in other units is refused rather than misread.

Two tables ship. :func:`build_proxy` makes ``satellite_proxy_2012.csv`` from national totals and
the CEADs CO2 inventory, with the assumptions in ``satellite_proxy.yaml`` (energy as t CO2).
:func:`build_satellite` makes the default, ``satellite_2012.csv``: the same water and pollutant
columns, with energy in TJ from the WIOD 2012 gross energy accounts mapped onto the 42 sectors
(:func:`wiod_energy`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK

ENERGY_COLUMNS = ("energy_tj_per_wan_yuan", "energy_tce_per_wan_yuan", "energy_co2_t_per_wan_yuan")
# the built-in tables, by the source of their energy column
ENERGY_DATA = {"wiod_tj": "satellite_2012.csv", "wiod_tj_fuels": "satellite_2012_fuels.csv",
               "ceads_co2": "satellite_proxy_2012.csv"}
# the WIOD sector whose fuel makes the electricity and heat the others buy
POWER_SECTOR = "vD"
# products whose purchases split a coarse WIOD sector over the 42 sectors: coal, oil and gas,
# refined petroleum and coke, electricity and heat, gas
ENERGY_PRODUCTS = ("02", "03", "11", "25", "26")
MAX_FILE_BYTES = 5_000_000  # a satellite CSV has 42 rows
MAX_INTENSITY = 1e6  # per 10^4 yuan; the proxy's largest is 436 m3 of water (agriculture)
OTHER_COLUMNS = ("water_m3_per_wan_yuan", "so2_t_per_wan_yuan", "nox_t_per_wan_yuan",
                 "cod_t_per_wan_yuan", "nh3n_t_per_wan_yuan")


def validate(frame: pd.DataFrame, codes) -> pd.DataFrame:
    """Check a satellite table against the schema; return it indexed by code, in ``codes`` order."""
    frame = frame.copy()
    if "code" not in frame.columns or frame.empty:
        raise ValueError("satellite table needs a 'code' column and one row per sector; the file has "
                         + ("no rows" if "code" in frame.columns else "no 'code' column"))
    frame["code"] = frame["code"].astype(str).str.zfill(2)
    energy = [c for c in ENERGY_COLUMNS if c in frame.columns]
    missing_cols = [c for c in OTHER_COLUMNS if c not in frame.columns]
    if missing_cols or len(energy) != 1:
        raise ValueError(f"satellite table needs the columns {list(OTHER_COLUMNS)} and exactly one of "
                         f"{list(ENERGY_COLUMNS)} (units are part of the names); missing {missing_cols}"
                         + ("" if len(energy) == 1 else f", energy columns found {energy}"))
    dupes = sorted(frame.loc[frame["code"].duplicated(), "code"])
    missing = [c for c in codes if c not in set(frame["code"])]
    unknown = sorted(set(frame["code"]) - set(codes))
    if dupes or missing or unknown:
        raise ValueError(f"satellite table must list every sector exactly once: missing {missing}, "
                         f"repeated {dupes}, unknown {unknown}")
    values = frame[[*OTHER_COLUMNS, energy[0]]].apply(pd.to_numeric, errors="coerce")
    bad = values.columns[(values.isna() | ~values.abs().le(MAX_INTENSITY) | (values < 0)).any()].tolist()
    if bad:
        raise ValueError(f"satellite columns {bad} need finite numbers in [0, {MAX_INTENSITY:g}] for every "
                         f"sector (per 10^4 yuan of output)")
    zero = values.columns[(values == 0).all()].tolist()
    if zero:
        raise ValueError(f"satellite columns {zero} are zero for every sector: a goal on them constrains nothing")
    return frame.set_index("code").loc[list(codes)]


def energy_column(frame: pd.DataFrame) -> str:
    """The one energy column of a satellite table (its name carries the unit)."""
    return next(c for c in ENERGY_COLUMNS if c in frame.columns)


def load(path: Path | None, codes, energy_data: str = "wiod_tj") -> pd.DataFrame:
    """A satellite table from ``path``, or the built-in one whose energy comes from ``energy_data``."""
    path = Path(path) if path else data_dir(NOTEBOOK) / ENERGY_DATA[energy_data]
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        frame = pd.read_csv(path, dtype={"code": str})
    except pd.errors.EmptyDataError:
        raise ValueError("the file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise ValueError(f"not readable as a CSV table ({str(err).strip().splitlines()[0]})") from None
    return validate(frame, codes)


def pollutant_totals() -> pd.Series:
    """2012 national emissions in the paper's scope (t): every source but domestic ones (and, for
    NOx, motor vehicles), as the paper's "扣除生活排放量" requires."""
    frame = pd.read_csv(data_dir(NOTEBOOK) / "emissions_by_source_2012.csv")
    frame = frame[frame["in_paper_scope"] == "yes"]
    return frame.groupby("pollutant")["value"].sum() * 1e4


def build_proxy(output: pd.Series) -> pd.DataFrame:
    """The proxy table from national totals; ``output`` is 2012 sector output (10^4 yuan) by code."""
    folder = data_dir(NOTEBOOK)
    cfg = yaml.safe_load((folder / "satellite_proxy.yaml").read_text(encoding="utf-8"))
    water = pd.read_csv(folder / "water_use_national_2012.csv").set_index("item")["value"] * 1e8  # m3
    by_source = pd.read_csv(folder / "emissions_by_source_2012.csv").set_index(["pollutant", "source"])["value"] * 1e4
    meic = pd.read_csv(folder / "meic_2012_so2_nox.csv", dtype={"io42": str})
    co2 = pd.read_csv(folder / "ceads_co2_2012_io42.csv", dtype={"io42_code": str}).set_index("io42_code")
    codes = list(output.index)
    co2 = co2.loc[codes]
    x = output.astype(float)

    def spread(total: float, weights: pd.Series) -> pd.Series:
        return total * weights / weights.sum()

    use = pd.Series(0.0, index=codes)
    use["01"] += water["agriculture"]
    ind, svc = cfg["industry_sectors"], cfg["service_sectors"]
    use[ind] += spread(water["industry"], x[ind])
    use["37"] += water["ecological"]
    use[svc] += spread(cfg["domestic_public_share"]["value"] * water["domestic"], x[svc])
    coal = co2[cfg["coal_fuels"]].sum(axis=1)
    fuels = co2["Scope 1 Total"] - co2["Process"]

    def meic_shares(column: str, key: pd.Series) -> pd.Series:
        """MEIC's sector split of one pollutant over the 42 sectors (shares summing to 1): rows
        that name sectors go there (several sectors: split by ``key``), the industrial-boiler
        lump is split over the industries but power by ``key``, excluded rows are dropped."""
        amount = pd.Series(0.0, index=codes)
        boilers = [c for c in ind if c != "25"]
        for _, row in meic.iterrows():
            target = row["io42"]
            if target.startswith("excluded"):
                continue
            sectors = boilers if target == "industrial_boilers" else target.split()
            amount[sectors] += spread(row[column], key[sectors]) if key[sectors].sum() > 0 else row[column] / len(sectors)
        return amount / amount.sum()

    def water_pollutant(name: str) -> pd.Series:
        """Industrial discharge spread over 02-27 by proxy water use, agricultural to 01 and
        centralised treatment (landfills) to 37; domestic discharge is out of scope."""
        amount = pd.Series(0.0, index=codes)
        amount[ind] += spread(by_source[(name, "industrial")], use[ind])
        amount["01"] += by_source[(name, "agricultural")]
        amount["37"] += by_source[(name, "centralized_treatment")]
        return amount

    totals = pollutant_totals()
    table = pd.DataFrame({
        "code": codes,
        "water_m3_per_wan_yuan": (use / x).to_numpy(),
        "energy_co2_t_per_wan_yuan": (co2["Scope 1 Total"] * 1e6 / x).to_numpy(),  # Mt -> t
        "so2_t_per_wan_yuan": (totals["SO2"] * meic_shares("so2_t", coal) / x).to_numpy(),
        "nox_t_per_wan_yuan": (totals["NOx"] * meic_shares("nox_t", fuels) / x).to_numpy(),
        "cod_t_per_wan_yuan": (water_pollutant("COD") / x).to_numpy(),
        "nh3n_t_per_wan_yuan": (water_pollutant("NH3-N") / x).to_numpy(),
    })
    return table


def wiod_energy(Z: np.ndarray, codes, fuels_only: bool = False) -> pd.Series:
    """2012 gross energy use (TJ) of the 42 sectors, from the WIOD environmental accounts. With
    ``fuels_only`` the electricity and heat that sectors other than power and heat supply buy are
    left out, so that the fuel burnt to make them is counted once (at the power sector).

    Each of the 56 WIOD sectors goes to the 42-sector code(s) of ``wiod_to_io42.csv``. Where one
    WIOD sector covers several of ours (mining: 02-05; electricity and gas: 25, 26; ...), its
    energy is split in proportion to each sector's purchases of energy products
    (``ENERGY_PRODUCTS``) in the 2012 IO table ``Z`` (42 x 42, rows supplying columns). The total
    over the 42 sectors equals the WIOD total of all industries."""
    folder = data_dir(NOTEBOOK)
    table = pd.read_csv(folder / "wiod_energy_2012_tj.csv").set_index("wiod_code")
    energy = table["total_tj"]
    if fuels_only:
        energy = energy - table["electr_heatprod_tj"].where(table.index != POWER_SECTOR, 0.0)
    concordance = pd.read_csv(folder / "wiod_to_io42.csv", dtype=str).set_index("wiod_code")["io42_codes"]
    codes = list(codes)
    if set(concordance.index) != set(energy.index):
        raise ValueError("wiod_to_io42.csv must list every WIOD sector of wiod_energy_2012_tj.csv once")
    rows = [codes.index(c) for c in ENERGY_PRODUCTS]
    key = pd.Series(np.asarray(Z)[rows].sum(axis=0), index=codes)  # purchases of energy products
    out = pd.Series(0.0, index=codes)
    for wiod, targets in concordance.items():
        targets = targets.split()
        unknown = [t for t in targets if t not in codes]
        if unknown:
            raise ValueError(f"wiod_to_io42.csv maps {wiod} to unknown sector code(s) {unknown}")
        out[targets] += energy[wiod] * key[targets] / key[targets].sum()
    return out


def build_satellite(output: pd.Series, Z: np.ndarray, fuels_only: bool = False) -> pd.DataFrame:
    """The default table: the proxy's water and pollutant columns, energy in TJ from WIOD (with
    ``fuels_only``, without the electricity and heat bought outside the power sector)."""
    table = build_proxy(output).drop(columns="energy_co2_t_per_wan_yuan")
    energy = wiod_energy(Z, list(output.index), fuels_only)
    table.insert(2, "energy_tj_per_wan_yuan", (energy / output.astype(float)).to_numpy())
    return table
