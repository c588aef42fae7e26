"""Paper 4's assumed inputs as numbers to sample: the efficiencies, demands and supplies.

A row holds one factor per player's water-use efficiency, one for every demand (all regions and
users), one for every region's local supply and one for the shared supply; each multiplies the
default values (a point takes about 0.1 s, so the inputs are grouped to keep the design small). Every row runs the run API (``run.headline``) with those
parameters, so the numbers, and whether the paper's coalition structure forms, are the
notebook's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .notebook import resolve
from .run import explicit_defaults, headline

TOTAL = "total_benefit"
STRUCTURE = "paper_structure_formed"
OUTPUTS = (TOTAL, STRUCTURE)


def defaults() -> dict:
    """What :func:`parameters` scales: the default values, and the players' ids."""
    model = resolve({}).model
    return {**explicit_defaults(), "shared_supply": float(model.stage1.shared_capacity.sum()),
            "players": [p.id for p in model.players]}


def parameters(row: dict, base: dict | None = None) -> dict:
    """The notebook parameters of one row."""
    base = base or defaults()
    return {
        "efficiencies": [e * row[f"efficiency_{p}"] for e, p in zip(base["efficiencies"], base["players"])],
        "demands": [[d * row["demands"] for d in region] for region in base["demands"]],
        "local_supply": [s * row["local_supply"] for s in base["local_supply"]],
        "shared_supply": base["shared_supply"] * row["shared_supply"],
    }


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    base = defaults()
    out = []
    for values in sample:
        numbers = headline(**parameters(dict(zip(names, values)), base))
        benefit = sum(v for k, v in numbers.items() if k.startswith("player_benefit."))
        out.append({TOTAL: round(benefit, 4), STRUCTURE: int(numbers[STRUCTURE])})
    return pd.DataFrame(out, columns=list(OUTPUTS))
