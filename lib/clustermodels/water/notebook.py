"""Parameters of notebook 04: defaults, validation, and the inputs they resolve to.

``None`` means "the value in data/04_water_allocation_fuzzy_coalitions/model.yaml", so every
number lives in that one file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..declaration import Declaration, Parameter
from ..parameters import ParameterError, check_numbers
from ..style import LANGS
from .calibration import calibrate_shares
from .inputs import WaterModel, load_model, paper_rates, rates_from_entries, stage1_inputs
from .stage1 import Stage1Infeasible, solve_stage1
from .stage2 import SOLVERS, check_coalitions, enumeration_cases, evaluate

MAX_WATER = 1e4  # 1e8 m3/a: far above any Chinese region
REGIONS = "beijing, tianjin, hebei"
USERS = "domestic, industry, environment, tertiary"

# None means the value in model.yaml; the table shows it in brackets.
DECLARATION = Declaration("04", [
    Parameter("lang", "en", "choice", "figure language: \"zh\" is the paper's own labels (the Chinese edition)",
              "图表语言：\"zh\" 为论文原文标注（中文版）", choices=LANGS),
    Parameter("solver", "lp", "choice", "stage-2 solver: one linear programme (ours) or the paper's enumeration",
              "第二阶段的求解方法：一个线性规划（本书）或论文的枚举法", choices=SOLVERS),
    Parameter("efficiencies", None, "numbers", "water-use efficiency (output per m³) of players 1-4",
              "局中人 1-4 的用水效率（每立方米水的产出）", unit="yuan per m³", unit_zh="元/m³", low=1e-9, high=1e7,
              length=4, none="public figures", none_zh="公开数据"),
    Parameter("demands", None, "matrix", f"2030 water demand of 3 regions ({REGIONS}) x 4 users ({USERS})",
              "2030 年需水量：3 个地区（北京、天津、河北）× 4 类用户（生活、工业、环境、三产）",
              unit="10⁸ m³ per year", unit_zh="亿 m³/年", low=0, high=MAX_WATER, shape=(3, 4),
              none="assumed scenario", none_zh="假设情景",
              allowed_text=f"3 lists (regions {REGIONS}) of 4 numbers in [0, {MAX_WATER:g}] (users {USERS}), "
                           "1e8 m3/a",
              allowed_zh_text=f"3 个列表（地区 {REGIONS}），各含 4 个 [0, {MAX_WATER:g}] 内的数（用户 {USERS}）"),
    Parameter("local_supply", None, "numbers", "local water supply of Beijing, Tianjin, Hebei",
              "北京、天津、河北的本地供水量", unit="10⁸ m³ per year", unit_zh="亿 m³/年", low=0, high=MAX_WATER,
              length=3, none="public figures", none_zh="公开数据"),
    Parameter("shared_supply", None, "number", "water of the middle route of the South-to-North transfer for the "
              "three regions", "南水北调中线分给三地的供水量", unit="10⁸ m³ per year", unit_zh="亿 m³/年", low=0,
              high=MAX_WATER, none="public: 57.3", none_zh="公开数据：57.3", explore=True,
              slider=(30, 80, 0.5), start=57.3),
    Parameter("coalitions", None, "structured", "candidate coalitions as lists of player numbers 1-4",
              "候选联盟，每个为局中人编号 1-4 的列表", none="the paper's 9", none_zh="论文的 9 个",
              allowed_text="a list of coalitions, each a non-empty list of player numbers 1..4",
              allowed_zh_text="联盟的列表，每个为局中人编号 1..4 的非空列表", json_type=list[list[int]]),
    Parameter("evaluate_rates", None, "structured", "participation rates to evaluate, as pairs of a coalition and "
              "its members' rates", "待评价的参与率：联盟与其成员参与率的配对", none="the paper's Table 3",
              none_zh="论文表 3", allowed_text="a list of [coalition, rates] pairs, rates in [0, 1]",
              allowed_zh_text="[联盟, 参与率] 配对的列表，参与率在 [0, 1] 内",
              json_type=list[tuple[list[int], list[float]]]),
    Parameter("sweep_points", None, "integer", "points per sweep in Figs. A3-A4", "附图A3–A4 中每次扫描的点数",
              low=2, high=400, none="assumed 33 and 41", none_zh="假设值 33 和 41"),
], data_file="data/04_water_allocation_fuzzy_coalitions/model.yaml")
DEFAULTS = DECLARATION.defaults
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
    p = DECLARATION.validate(params)
    model = load_model()
    raw = model.source
    n = len(model.players)
    if p["efficiencies"] is not None:
        model = model.with_(efficiency=np.array(p["efficiencies"]))
    demand, local, shared = p["demands"], p["local_supply"], p["shared_supply"]
    model = model.with_(stage1=stage1_inputs(raw, demand, local, shared))
    coalitions = model.coalitions if p["coalitions"] is None else _coalitions(p["coalitions"], n)
    kinds = model.kinds if p["coalitions"] is None else tuple(
        "singleton" if len(u) == 1 else "listed" for u in coalitions)
    model = model.with_(coalitions=coalitions, kinds=kinds)
    if p["solver"] == "enumeration" and enumeration_cases(coalitions) > ENUMERATION_LIMIT:
        raise ParameterError(f"parameter 'solver' = 'enumeration' is too slow for these coalitions "
                             f"({enumeration_cases(coalitions):,} LPs, limit {ENUMERATION_LIMIT:,}): "
                             f"allowed 'lp', or fewer candidate coalitions")
    ext = raw["extensions"]
    points = p["sweep_points"]
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
    return Settings(p["lang"], p["solver"], model, table, evaluated,
                    points or int(ext["supply_scale"]["points"]),
                    points or int(ext["seller_efficiency"]["points"]))
