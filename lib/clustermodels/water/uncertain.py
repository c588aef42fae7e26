"""Paper 4's assumed inputs as numbers to sample: the efficiencies, demands and supplies.

A row holds one factor per player's water-use efficiency, one for every demand (all regions and
users), one for every region's local supply and one for the shared supply; each multiplies the
default values (grouped, to keep the design small).

Each row runs stages 1 and 2 as ``run.solve`` does (same functions, same solver) but without
``resolve``'s check that Section 4's calibration can be computed: that check belongs to the
notebook's reading of the printed shares, and a scenario where player 2 is not short of water
is a valid scenario for the question "does the paper's coalition structure still form?".
A test checks rows against ``run.headline`` where the calibration exists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import analysis, stage2
from .inputs import stage1_inputs
from .notebook import resolve
from .robustness import PAPER_STRUCTURE
from .run import explicit_defaults
from .stage1 import solve_stage1

TOTAL = "total_benefit"
STRUCTURE = "paper_structure_formed"
OUTPUTS = (TOTAL, STRUCTURE)


def parameters(row: dict, base: dict | None = None) -> dict:
    """The notebook parameters of one row."""
    base = base or {**explicit_defaults(), "shared_supply": float(resolve({}).model.stage1.shared_capacity.sum())}
    return {
        "efficiencies": [e * row[f"efficiency_{i + 1}"] for i, e in enumerate(base["efficiencies"])],
        "demands": [[d * row["demands"] for d in region] for region in base["demands"]],
        "local_supply": [s * row["local_supply"] for s in base["local_supply"]],
        "shared_supply": base["shared_supply"] * row["shared_supply"],
    }


def evaluate(sample: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    settings = resolve({})
    base = {**explicit_defaults(), "shared_supply": float(settings.model.stage1.shared_capacity.sum())}
    out = []
    for values in sample:
        p = parameters(dict(zip(names, values)), base)
        model = settings.model.with_(efficiency=np.array(p["efficiencies"]),
                                     stage1=stage1_inputs(settings.model.source, p["demands"], p["local_supply"],
                                                          p["shared_supply"]))
        players = model.players_from(solve_stage1(model.stage1))
        allocation = stage2.solve(players, model.coalitions, settings.solver)
        out.append({TOTAL: round(float(np.sum(allocation.player_benefit())), 4),
                    STRUCTURE: int(analysis.structure(allocation) == PAPER_STRUCTURE)})
    return pd.DataFrame(out, columns=list(OUTPUTS))
