"""Load notebook 04's inputs from data/04_water_allocation_fuzzy_coalitions/model.yaml."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from .stage1 import Stage1Inputs
from .stage2 import Players

from . import NOTEBOOK  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class PlayerSpec:
    """A stage-2 player: part ``share`` of one stage-1 user (region, user type)."""

    id: int
    zh: str
    en: str
    region: str
    user: str
    va_per_m3: float   # yuan of value added per m3
    va_rate: float     # value added / output
    share: float

    @property
    def efficiency(self) -> float:
        """b_i: output per m3 (yuan/m3) = value added per m3 / value-added rate."""
        return self.va_per_m3 / self.va_rate


@dataclass(frozen=True)
class WaterModel:
    stage1: Stage1Inputs
    players: tuple[PlayerSpec, ...]
    coalitions: tuple[tuple[int, ...], ...]  # 0-based members
    kinds: tuple[str, ...]                    # "singleton", "cluster" or "chain", per coalition
    efficiency: np.ndarray                    # b (yuan/m3), may be overridden
    source: dict

    def with_(self, **changes) -> "WaterModel":
        return replace(self, **changes)

    @property
    def region_ids(self) -> list[str]:
        return [r["id"] for r in self.source["stage1"]["regions"]]

    @property
    def user_ids(self) -> list[str]:
        return [u["id"] for u in self.source["stage1"]["users"]]

    def players_from(self, stage1_table: pd.DataFrame) -> Players:
        """X_i = share * supply and C_i = share * demand of the player's stage-1 user."""
        # A plain dict lookup (the same floats as a pandas .loc, without its cost per call: the
        # sweeps and the robustness check call this hundreds of times)
        keys = zip(stage1_table["region"].tolist(), stage1_table["user"].tolist())
        rows = dict(zip(keys, zip(stage1_table["supply"].tolist(), stage1_table["demand"].tolist())))
        if len(rows) != len(stage1_table):
            raise ValueError("the stage-1 table lists a (region, user) pair twice")
        water = [p.share * rows[(p.region, p.user)][0] for p in self.players]
        cap = [p.share * rows[(p.region, p.user)][1] for p in self.players]
        return Players(tuple(p.en for p in self.players), np.array(water), np.array(cap),
                       np.asarray(self.efficiency, float))


def stage1_inputs(raw: dict, demand=None, local_supply=None, shared_supply=None) -> Stage1Inputs:
    s1 = raw["stage1"]
    regions = [r["id"] for r in s1["regions"]]
    users = [u["id"] for u in s1["users"]]
    if demand is None:
        demand = [[s1["demand"]["value"][r][u] for u in users] for r in regions]
    demand = np.asarray(demand, dtype=float)
    if local_supply is None:
        local_supply = [s1["local_supply"]["value"][r] for r in regions]
    if shared_supply is None:
        shared_supply = s1["shared_supply"]["value"]
    band = s1["demand_band"]
    return Stage1Inputs(
        regions=tuple(regions), users=tuple(users), demand=demand,
        demand_low=band["low"] * demand, demand_high=band["high"] * demand,
        local_capacity=np.asarray(local_supply, float), shared_capacity=np.atleast_1d(float(shared_supply)),
        shortage_weight=np.array([s1["shortage_weight"]["value"][u] for u in users], float),
        domestic_margin=float(s1["domestic_margin"]["value"]),
    )


@functools.lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int, size: int) -> dict:
    """The parsed file, kept while it is unchanged: parsing takes most of a sweep point's time."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_model(path: Path | None = None) -> WaterModel:
    path = Path(path) if path else data_dir(NOTEBOOK) / "model.yaml"
    stat = path.stat()
    raw = copy.deepcopy(_parsed(str(path), stat.st_mtime_ns, stat.st_size))  # a caller may change its copy
    players = tuple(
        PlayerSpec(int(p["id"]), p["zh"], p["en"], p["region"], p["user"],
                   float(p["va_per_m3"]["value"]), float(p["va_rate"]["value"]), float(p["share"]["value"]))
        for p in raw["players"]
    )
    coalitions, kinds = [], []
    for kind, key in (("singleton", "singletons"), ("cluster", "cluster"), ("chain", "chain")):
        for u in raw["coalitions"][key]:
            coalitions.append(tuple(i - 1 for i in u))
            kinds.append(kind)
    return WaterModel(stage1_inputs(raw), players, tuple(coalitions), tuple(kinds),
                      np.array([p.efficiency for p in players]), raw)


def paper_rates(model: WaterModel) -> tuple[tuple[tuple[int, ...], ...], np.ndarray]:
    """The paper's Table 3 as printed: its coalitions (0-based) and a rates matrix."""
    entries = model.source["paper_results"]["rates"]
    return rates_from_entries([(e["coalition"], e["rates"]) for e in entries], len(model.players))


def rates_from_entries(entries, n: int):
    """[(members 1-based, rates), ...] -> (coalitions 0-based, rates matrix)."""
    coalitions = tuple(tuple(i - 1 for i in members) for members, _ in entries)
    rates = np.zeros((len(entries), n))
    for k, (members, r) in enumerate(entries):
        rates[k, [i - 1 for i in members]] = r
    return coalitions, rates
