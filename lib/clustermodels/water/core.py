"""Is the final split stable against groups of players? A core check.

For every group S of players, v(S) is the best total S can reach on its own: stage 2 solved with
S's water and only the candidate coalitions inside S (each player may always stay alone, so its
singleton is added if the list lacks it). The players' final benefits y (after the fuzzy Shapley
split) lie in the core when sum_{i in S} y_i >= v(S) for every S, with equality for all players:
no group would gain by leaving. The largest excess max_S (v(S) - y(S)) measures how far from it.
"""

from __future__ import annotations

import itertools

import pandas as pd

from ..i18n import N_
from .stage2 import Allocation, Players, solve_lp

# core_table's columns (English in the CSV; the notebook shows them translated)
COLUMNS = (N_("group"), N_("size"), N_("value"), N_("received"), N_("excess"))


def restrict(players: Players, group) -> Players:
    g = list(group)
    return Players(tuple(players.names[i] for i in g), players.water[g], players.cap[g],
                   players.efficiency[g])


# v(S) depends only on the group's numbers and candidates, and HiGHS is deterministic: the same
# inputs give the same bits. The sweeps revisit many groups unchanged (in the efficiency sweep
# every group without the swept player), so their values are remembered, keyed by the exact
# bytes of the inputs. Bounded: the oldest entries go first.
_VALUES: dict = {}
_MAX_VALUES = 20_000


def _key(players: Players, coalitions) -> tuple:
    return (players.water.tobytes(), players.cap.tobytes(), players.efficiency.tobytes(),
            tuple(tuple(u) for u in coalitions))


def group_value(players: Players, coalitions, group) -> float:
    """v(S): stage 2 with only the group's water and the candidate coalitions inside it."""
    group = tuple(sorted(group))
    index = {i: k for k, i in enumerate(group)}
    inside = [tuple(index[i] for i in u) for u in coalitions if set(u) <= set(group)]
    inside += [(index[i],) for i in group if (i,) not in coalitions]
    sub = restrict(players, group)
    key = _key(sub, inside)
    value = _VALUES.get(key)
    if value is None:
        value = solve_lp(sub, inside).total()
        if len(_VALUES) >= _MAX_VALUES:
            del _VALUES[next(iter(_VALUES))]
        _VALUES[key] = value
    return value


def core_table(alloc: Allocation) -> pd.DataFrame:
    """v(S), y(S) and the excess v(S) - y(S) for every non-empty group S."""
    p, y = alloc.players, alloc.player_benefit()
    rows = []
    for size in range(1, p.n + 1):
        for group in itertools.combinations(range(p.n), size):
            v = group_value(p, alloc.coalitions, group)
            got = float(y[list(group)].sum())
            rows.append({"group": "{" + ",".join(str(i + 1) for i in group) + "}",
                         "size": size, "value": v, "received": got, "excess": v - got})
    return pd.DataFrame(rows)


def in_core(table: pd.DataFrame, scale: float) -> bool:
    return bool(table["excess"].max() <= 1e-7 * max(1.0, scale))
