"""Parameters of notebook 04: defaults, validation, and the inputs they resolve to.

``None`` means "the value in data/04_water_allocation_fuzzy_coalitions/model.yaml", so every
number lives in that one file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import i18n
from ..parameters import ParameterError, check_choice, check_known, check_number, check_numbers
from ..style import LANGS
from .calibration import calibrate_shares
from .inputs import WaterModel, load_model, paper_rates, rates_from_entries, stage1_inputs
from .stage1 import Stage1Infeasible, solve_stage1
from .stage2 import SOLVERS, check_coalitions, enumeration_cases, evaluate

DEFAULTS = {
    "lang": "en",
    "solver": "lp",
    "efficiencies": None,
    "demands": None,
    "local_supply": None,
    "shared_supply": None,
    "coalitions": None,
    "evaluate_rates": None,
    "sweep_points": None,
}

MAX_WATER = 1e4  # 1e8 m3/a: far above any Chinese region
ENUMERATION_LIMIT = 20_000  # LPs; about a minute on a laptop


@dataclass(frozen=True)
class Settings:
    lang: str
    solver: str
    model: WaterModel
    stage1: pd.DataFrame
    evaluated: tuple  # (coalitions 0-based, rates matrix) to evaluate
    supply_points: int
    efficiency_points: int


def _coalitions(value, n: int):
    allowed = f"a list of coalitions, each a non-empty list of player numbers 1..{n}"
    if not isinstance(value, (list, tuple)) or not value:
        raise ParameterError(f"parameter 'coalitions' = {value!r} is invalid: allowed {allowed}")
    out = []
    for u in value:
        if not isinstance(u, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in u):
            raise ParameterError(f"parameter 'coalitions' has entry {u!r}: allowed {allowed}")
        out.append(tuple(i - 1 for i in u))
    try:
        return check_coalitions(out, n)
    except ValueError as err:
        raise ParameterError(f"parameter 'coalitions' is invalid: {err}") from None


def _rates(value, model: WaterModel, players):
    n = len(model.players)
    allowed = "a list of [coalition, rates] pairs, e.g. [[[2, 3], [1, 0.57]], [[3], [0.43]], ...]"
    if value is None:
        coalitions, rates = paper_rates(model)
    else:
        if not isinstance(value, (list, tuple)) or not value:
            raise ParameterError(f"parameter 'evaluate_rates' = {value!r} is invalid: allowed {allowed}")
        entries = []
        for entry in value:
            if (not isinstance(entry, (list, tuple)) or len(entry) != 2
                    or not isinstance(entry[0], (list, tuple)) or not isinstance(entry[1], (list, tuple))
                    or len(entry[0]) != len(entry[1]) or not entry[0]):
                raise ParameterError(f"parameter 'evaluate_rates' has entry {entry!r}: allowed {allowed}")
            members = entry[0]
            if not all(isinstance(i, int) and 1 <= i <= n for i in members):
                raise ParameterError(f"parameter 'evaluate_rates' has coalition {members!r} naming an "
                                     f"unknown player: allowed player numbers 1..{n}")
            check_numbers("evaluate_rates", list(entry[1]), length=len(members), low=0, high=1)
            entries.append((list(members), list(entry[1])))
        coalitions, rates = rates_from_entries(entries, n)
    try:
        evaluate(players, coalitions, rates)
    except ValueError as err:
        raise ParameterError(f"parameter 'evaluate_rates' is invalid: {err}") from None
    return coalitions, rates


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one), then
    solve stage 1 to check it is feasible. Nothing is written before this succeeds."""
    check_known(params, DEFAULTS)
    p = {**DEFAULTS, **params}
    model = load_model()
    raw = model.source
    n, regions, users = len(model.players), model.region_ids, model.user_ids
    lang = check_choice("lang", p["lang"], LANGS)
    solver = check_choice("solver", p["solver"], SOLVERS)
    if p["efficiencies"] is not None:
        eff = check_numbers("efficiencies", p["efficiencies"], length=n, low=1e-9, high=1e7)
        model = model.with_(efficiency=np.array(eff))
    demand = None
    if p["demands"] is not None:
        d = p["demands"]
        if not isinstance(d, (list, tuple)) or len(d) != len(regions):
            raise ParameterError(f"parameter 'demands' = {d!r} is invalid: allowed {len(regions)} lists "
                                 f"(regions {', '.join(regions)}) of {len(users)} numbers in [0, {MAX_WATER:g}] "
                                 f"(users {', '.join(users)}), 1e8 m3/a")
        demand = [check_numbers("demands", row, length=len(users), low=0, high=MAX_WATER) for row in d]
    local = None
    if p["local_supply"] is not None:
        local = check_numbers("local_supply", p["local_supply"], length=len(regions), low=0, high=MAX_WATER)
    shared = None
    if p["shared_supply"] is not None:
        shared = check_number("shared_supply", p["shared_supply"], low=0, high=MAX_WATER)
    model = model.with_(stage1=stage1_inputs(raw, demand, local, shared))
    coalitions = model.coalitions if p["coalitions"] is None else _coalitions(p["coalitions"], n)
    kinds = model.kinds if p["coalitions"] is None else tuple(
        "singleton" if len(u) == 1 else "listed" for u in coalitions)
    model = model.with_(coalitions=coalitions, kinds=kinds)
    if solver == "enumeration" and enumeration_cases(coalitions) > ENUMERATION_LIMIT:
        raise ParameterError(f"parameter 'solver' = 'enumeration' is too slow for these coalitions "
                             f"({enumeration_cases(coalitions):,} LPs, limit {ENUMERATION_LIMIT:,}): "
                             f"allowed 'lp', or fewer candidate coalitions")
    ext = raw["extensions"]
    points = p["sweep_points"]
    if points is not None:
        points = check_number("sweep_points", points, low=2, high=400, integer=True)
    try:
        table = solve_stage1(model.stage1)
    except Stage1Infeasible as err:
        raise ParameterError(f"parameters 'demands', 'local_supply' and 'shared_supply' give an "
                             f"infeasible stage 1: {err}") from None
    cal = raw["calibration"]
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            calibrate_shares(model, table)
        except (ValueError, ArithmeticError) as err:
            raise ParameterError(
                f"parameters 'demands', 'local_supply', 'shared_supply' and 'efficiencies' are invalid "
                f"together: allowed values with which the calibration of Section 4 can be computed (the user "
                f"of player {cal['buyer']} short of water, the users of players {cal['seller']} and "
                f"{cal['closing']} supplied, players {cal['buyer']} and {cal['seller']} with different "
                f"efficiencies); here {err}") from None
    evaluated = _rates(p["evaluate_rates"], model, model.players_from(table))
    i18n.activate(lang)  # run-time text in the notebook's language, once every parameter is valid
    return Settings(lang, solver, model, table, evaluated,
                    points or int(ext["supply_scale"]["points"]),
                    points or int(ext["seller_efficiency"]["points"]))
