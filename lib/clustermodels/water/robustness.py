"""An independent check: how often does the paper's coalition structure emerge over plausible inputs?

The reproduction's inputs (demands, supplies, and which public efficiency figure belongs to which
player) are ours, and together with the calibration they imply the paper's structure
{1},{3},{4},{2,3}. This module asks how much of that is the setting and how much our choice of
inputs: it draws the run's inputs again, each scaled by a random factor from the ranges kept in
``data/04_water_allocation_fuzzy_coalitions/model.yaml`` (``extensions.robustness``), reruns
stages 1 and 2 for each draw, and counts the draws whose structure is the paper's.

The players' shares stay at their calibrated values (they say which part of each user a player
is); only efficiencies, demands, local supplies and the middle-route supply are drawn. Factors on
efficiencies are log-uniform (a factor of 2 up is as likely as a factor of 2 down); the others are
uniform. A draw whose stage 1 is infeasible (domestic demand cannot be met) is counted as such and
left out of the frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import sqrt

import numpy as np
import pandas as pd

from ..i18n import N_
from ..sharedresults import shared
from .analysis import run, structure
from .inputs import WaterModel
from .stage1 import Stage1Infeasible

PAPER_STRUCTURE = "{1} {3} {4} {2,3}"


@dataclass(frozen=True)
class Ranges:
    """Factor ranges (low, high) applied to the run's own inputs."""

    efficiency: tuple[float, float]  # log-uniform, per player
    demand: tuple[float, float]      # uniform, per region and user
    local: tuple[float, float]       # uniform, per region
    shared: tuple[float, float]      # uniform, the middle route
    draws: int
    seed: int

    def __post_init__(self):
        for name in ("efficiency", "demand", "local", "shared"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"robustness range {name!r} = ({low}, {high}) is invalid: allowed "
                                 f"0 < low <= high")
        if self.draws < 1:
            raise ValueError(f"robustness draws = {self.draws} is invalid: allowed an integer >= 1")


def load_ranges(model: WaterModel) -> Ranges:
    spec = model.source["extensions"]["robustness"]
    pair = lambda key: (float(spec[key]["low"]), float(spec[key]["high"]))  # noqa: E731
    return Ranges(pair("efficiency_factor"), pair("demand_factor"), pair("local_factor"),
                  pair("shared_factor"), int(spec["draws"]), int(spec["seed"]))


def columns(model: WaterModel) -> list[str]:
    """The factor columns of a sample, in a fixed order."""
    n, regions, users = len(model.players), model.region_ids, model.user_ids
    return ([f"b{i + 1}" for i in range(n)] + [f"demand_{r}_{u}" for r in regions for u in users]
            + [f"local_{r}" for r in regions] + ["shared"])


def sample(model: WaterModel, ranges: Ranges, draws: int | None = None, seed: int | None = None) -> pd.DataFrame:
    """``draws`` rows of factors (default: the ranges' draws and seed), reproducible with the seed."""
    draws = ranges.draws if draws is None else int(draws)
    rng = np.random.default_rng(ranges.seed if seed is None else seed)
    n, nr, nu = len(model.players), len(model.region_ids), len(model.user_ids)
    lo, hi = np.log(ranges.efficiency[0]), np.log(ranges.efficiency[1])
    parts = [np.exp(rng.uniform(lo, hi, (draws, n))),
             rng.uniform(*ranges.demand, (draws, nr * nu)),
             rng.uniform(*ranges.local, (draws, nr)),
             rng.uniform(*ranges.shared, (draws, 1))]
    return pd.DataFrame(np.hstack(parts), columns=columns(model))


def apply(model: WaterModel, factors) -> WaterModel:
    """The model with its efficiencies, demands and supplies multiplied by one row of factors."""
    f = pd.Series(factors)
    n, regions, users = len(model.players), model.region_ids, model.user_ids
    s1 = model.stage1
    d = np.array([[f[f"demand_{r}_{u}"] for u in users] for r in regions], float)
    stage1 = replace(s1, demand=s1.demand * d, demand_low=s1.demand_low * d, demand_high=s1.demand_high * d,
                     local_capacity=s1.local_capacity * np.array([f[f"local_{r}"] for r in regions], float),
                     shared_capacity=s1.shared_capacity * float(f["shared"]))
    efficiency = np.asarray(model.efficiency, float) * np.array([f[f"b{i + 1}"] for i in range(n)], float)
    return model.with_(stage1=stage1, efficiency=efficiency)


def ranking(efficiency) -> str:
    """The players by efficiency, least efficient first, e.g. "3<4<1<2"."""
    return "<".join(str(i + 1) for i in np.argsort(np.asarray(efficiency, float), kind="stable"))


@shared
def structures(model: WaterModel, samples: pd.DataFrame, solver: str = "lp") -> pd.DataFrame:
    """For each row of factors: whether stage 1 is feasible, the coalition structure, and the
    players' efficiency ranking (e.g. "3<4<1<2", least efficient first)."""
    rows = []
    for _, f in samples.iterrows():
        changed = apply(model, f)
        b = changed.efficiency
        order = ranking(b)
        try:
            label = structure(run(changed, solver).allocation)
            feasible = True
        except Stage1Infeasible:
            label, feasible = "stage 1 infeasible", False
        rows.append({"feasible": feasible, "structure": label, "order": order,
                     "b3_lowest": bool(np.argmin(b) == 2)})
    return pd.concat([samples.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def frequency(frame: pd.DataFrame, target: str = PAPER_STRUCTURE) -> float:
    """Share of the feasible draws whose structure is ``target`` (nan if there are none)."""
    ok = frame[frame["feasible"]]
    return float((ok["structure"] == target).mean()) if len(ok) else float("nan")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval of a binomial share k / n."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if k == 0 else max(0.0, centre - half)  # exact ends, free of rounding
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


# the columns of summary and top_structures (English in the CSV; the notebook shows them translated)
COLUMNS = (N_("draws"), N_("n"), N_("paper's structure"), N_("share"), N_("95% low"), N_("95% high"), N_("structure"))
GROUPS = (N_("all feasible draws"), N_("efficiency ranking {order} (the run's)"),
          N_("player 3 least efficient, other ranking"), N_("player 3 not least efficient"))


def group_labels(paper_order: str, say=str) -> list[str]:
    """The rows of :func:`summary`: in English (``say=str``, as in its table and CSV) or through ``say=_``."""
    return [say(g).format(order=paper_order) for g in GROUPS]


def summary(frame: pd.DataFrame, paper_order: str = "3<4<1<2", target: str = PAPER_STRUCTURE) -> pd.DataFrame:
    """How often ``target`` emerges: over all feasible draws, and split by the efficiency ranking
    (rows :func:`group_labels`)."""
    ok = frame[frame["feasible"]]
    groups = zip(group_labels(paper_order),
                 (ok, ok[ok["order"] == paper_order], ok[ok["b3_lowest"] & (ok["order"] != paper_order)],
                  ok[~ok["b3_lowest"]]))
    rows = []
    for label, g in groups:
        k, n = int((g["structure"] == target).sum()), len(g)
        low, high = wilson(k, n)
        rows.append({"draws": label, "n": n, "paper's structure": k,
                     "share": k / n if n else float("nan"), "95% low": low, "95% high": high})
    return pd.DataFrame(rows)


def top_structures(frame: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The ``k`` most frequent structures over all draws (infeasible ones included), with shares."""
    counts = frame["structure"].value_counts()
    out = counts.head(k).rename_axis("structure").reset_index(name="draws")
    out["share"] = out["draws"] / len(frame)
    return out


def rankings_reached(frame: pd.DataFrame, efficiency, factor_range) -> dict:
    """Which efficiency rankings the draws reach, and which no draw can reach: a factor pair from
    ``factor_range`` changes a ratio of two efficiencies by at most high/low times, so player i can
    never rank above player j when b_j / b_i exceeds that. Returns the numbers of rankings reached
    by the draws, possible under the range, and in all (n!), and the impossible pairs (i, j),
    1-based: i can never rank above j."""
    from itertools import permutations

    b = np.asarray(efficiency, float)
    n = b.size
    span = factor_range[1] / factor_range[0]
    never = [(i + 1, j + 1) for i in range(n) for j in range(n) if i != j and b[j] / b[i] > span]
    orders = list(permutations(range(1, n + 1)))  # least efficient first
    possible = [o for o in orders if not any(o.index(i) > o.index(j) for i, j in never)]
    drawn = {tuple(int(c) for c in o.split("<")) for o in frame["order"].unique()}
    return {"reached": len(drawn), "possible": len(possible), "all": len(orders), "never_above": never,
            "span": span, "outside_possible": len(drawn - set(possible))}
