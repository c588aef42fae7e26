"""Parameters of notebook 03: defaults, validation, and the inputs they resolve to.

``None`` means "the value in data/03_industrial_structure_goal_programming/model.yaml"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

import pandas as pd

from ..declaration import Declaration, Parameter
from ..parameters import ParameterError, check_choice, check_number
from ..paths import repo_root
from ..style import LANGS
from . import goalprog, iotable, satellite
from .model import (GOALS, NEXUS_READINGS, POINT_RULES, RANGE_READINGS, Economy, economy, load_spec,
                    solve_scenario)

MIN_RANGE = 0.001  # r = 0 fixes every sector and the nearest-point QP has no interior
MAX_BAND = 0.5     # a sector's input may at most halve or grow by half
GROUPS = ("suppressed", "encouraged", "livelihood", "other")
YEARS = ("2012", "2022")

# None means the value in model.yaml; the table shows it in brackets.
DECLARATION = Declaration("03", [
    Parameter("lang", "en", "choice", "figure language: \"zh\" is the paper's own labels (the Chinese edition)",
              "图表语言：\"zh\" 为论文原文标注（中文版）", choices=LANGS),
    Parameter("years", None, "structured", "years to solve", "求解的年份", none="both", none_zh="两年都求解",
              allowed_text="a non-empty list of '2012' and '2022'", allowed_zh_text="'2012'、'2022' 组成的非空列表",
              json_type=list[Literal[YEARS]]),
    Parameter("ranges", None, "numbers", "adjustment range r of scenarios 1-4", "情景 1-4 的调整幅度 r",
              unit="fraction", unit_zh="比例", low=MIN_RANGE, high=0.99, length=4,
              none="paper: 0.05 0.03 0.02 0.05", none_zh="论文：0.05、0.03、0.02、0.05"),
    Parameter("priorities", None, "structured", "priority level of each goal, e.g. water: 2 (goals in model.yaml)",
              "各目标的优先级，例如 water: 2（目标见 model.yaml）", none="the paper's six levels",
              none_zh="论文的六个优先级", allowed_text="a mapping from goals to integers in [1, 20]",
              allowed_zh_text="目标到 [1, 20] 内整数的映射", json_type=dict[Literal[GOALS], int]),
    Parameter("active_goals", None, "structured", "the goals to keep", "保留的目标", none="all twelve",
              none_zh="全部十二个", allowed_text="a non-empty list of goals from model.yaml",
              allowed_zh_text="model.yaml 中目标组成的非空列表", json_type=list[Literal[GOALS]]),
    Parameter("target_changes", None, "structured", "relative change of a goal's target, e.g. water: -0.01",
              "目标预期值的相对变化，例如 water: -0.01", unit="fraction", unit_zh="比例", none="no change",
              none_zh="不变", allowed_text="a mapping from goals to numbers in [-0.99, 10]",
              allowed_zh_text="目标到 [-0.99, 10] 内数值的映射", json_type=dict[Literal[GOALS], float]),
    Parameter("group_changes", None, "structured", "sector code to policy group (suppressed, encouraged, "
              "livelihood, other)", "行业代码到政策分组（抑制、鼓励、民生、其他）的映射", none="the paper's groups",
              none_zh="论文的分组", allowed_text="a mapping from sector codes 01-42 to " + ", ".join(GROUPS),
              allowed_zh_text="行业代码 01-42 到 " + "、".join(GROUPS) + " 的映射",
              json_type=dict[str, Literal[GROUPS]]),
    Parameter("satellite_file", None, "structured", "your own satellite CSV of sector intensities (schema in the "
              "data README)", "自备的行业强度卫星账户 CSV（格式见数据 README）", none="the built-in table",
              none_zh="内置数据表", allowed_text="a path to a CSV file", allowed_zh_text="一个 CSV 文件的路径",
              json_type=str),
    Parameter("energy_data", "wiod_tj", "choice", "built-in energy data: WIOD 2012 gross (TJ), the same without "
              "bought electricity and heat, or CO2 (t)", "内置能源数据：WIOD 2012 总量（TJ）、不含外购电力热力的总量，"
              "或 CO2（吨）", choices=tuple(satellite.ENERGY_DATA)),
    Parameter("range_reading", None, "choice", "how r enters: group targets only (band), or hard bounds per "
              "sector or group", "调整幅度 r 的作用方式：只作用于分组目标（band），或作为行业或分组的硬约束",
              choices=RANGE_READINGS, none="band", none_zh="band", explore=True, start="band"),
    Parameter("band", None, "number", "each sector moves within +-band of its base input",
              "每个行业在其基期投入的 ±band 内变动", unit="fraction", unit_zh="比例", low=MIN_RANGE, high=MAX_BAND,
              none="0.10", none_zh="0.10", explore=True, slider=(0.02, 0.3, 0.01),
              start=0.10),
    Parameter("nexus_reading", None, "choice", "rows of priority P4: every sector's share (double), or the energy "
              "sectors and the water sector (narrow)", "优先级 P4 的行：每个行业的份额（double），或能源行业与"
              "水行业（narrow）", choices=NEXUS_READINGS, none="double", none_zh="double"),
    Parameter("final_demand_floor", False, "flag", "True: no sector's net final demand (I - A) x below min(0, its "
              "base)", "True：任何行业的净最终需求 (I - A) x 不低于 min(0, 其基期值)"),
    Parameter("fixed_sectors", None, "structured", "sectors held at their base input: \"paper\" (Table 4's "
              "eight) or a list of up to 41 codes", "保持基期投入的行业：\"paper\"（表 4 的八个）或至多 41 个"
              "行业代码的列表", none="none", none_zh="无", allowed_text="None, 'paper' or a list of sector codes "
              "from 01 to 42", allowed_zh_text="None、'paper' 或 01 至 42 的行业代码列表",
              json_type=Union[Literal["paper"], list[str]]),
    Parameter("reference_point", "least_change", "choice", "point shown from the optimal set",
              "从最优解集中展示的点", choices=POINT_RULES),
    Parameter("targets_2022", "paper", "choice", "2022 pollutant targets: the paper's exogenous caps, or the "
              "projected base", "2022 年污染物目标：论文的外生上限，或预测的基期值", choices=("paper", "base")),
    Parameter("sweep_points", 11, "integer", "points of the range sweep in Fig. A1", "附图A1 调整幅度扫描的点数",
              low=2, high=200),
], data_file="data/03_industrial_structure_goal_programming/model.yaml")
DEFAULTS = DECLARATION.defaults


@dataclass(frozen=True)
class Settings:
    lang: str
    years: tuple
    table: iotable.IOTable
    sectors: pd.DataFrame
    intensity: pd.DataFrame
    spec: dict
    scenarios: dict
    priorities: dict
    active: tuple
    target_changes: dict
    sweep_points: int
    satellite_is_proxy: bool
    range_reading: str = "band"
    fixed_sectors: tuple = ()
    reference_point: str = "least_change"
    targets_2022: str = "paper"
    band: float = 0.10
    nexus_reading: str = "double"
    final_demand_floor: bool = False
    energy_data: str = "wiod_tj"

    def economy(self, year: str, targets_2022: str | None = None) -> Economy:
        return economy(year, self.table, self.sectors, self.intensity, self.spec, targets_2022 or self.targets_2022)

    @property
    def options(self) -> dict:
        """How every scenario is solved: the range reading and band, fixed sectors, the point rule,
        the nexus reading and the final-demand floor."""
        return {"reading": self.range_reading, "band": self.band, "fixed": self.fixed_sectors,
                "point_rule": self.reference_point, "nexus": self.nexus_reading,
                "final_demand_floor": self.final_demand_floor}


def _mapping(name: str, value, keys, check_value) -> dict:
    if not isinstance(value, dict) or not value:
        raise ParameterError(f"parameter {name!r} = {value!r} is invalid: allowed a mapping from "
                             f"{', '.join(map(str, keys))} to values")
    unknown = [k for k in value if str(k) not in keys]
    if unknown:
        raise ParameterError(f"parameter {name!r} names unknown key(s) {unknown}: allowed {', '.join(keys)}")
    return {str(k): check_value(f"{name}[{k}]", v) for k, v in value.items()}


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one), load the
    table and the satellite data, and solve scenario 1 of 2012 once so that an infeasible goal set
    is reported before anything is written."""
    p = DECLARATION.validate(params)
    spec = load_spec()
    years = YEARS
    if p["years"] is not None:
        if not isinstance(p["years"], (list, tuple)) or not p["years"]:
            raise ParameterError(f"parameter 'years' = {p['years']!r} is invalid: allowed a non-empty list of "
                                 f"'2012' and '2022'")
        years = tuple(sorted({str(check_choice("years", str(y), YEARS)) for y in p["years"]}))
    sectors = iotable.load_sectors()
    codes = list(sectors["code"])
    if p["group_changes"] is not None:
        changes = _mapping("group_changes", p["group_changes"], codes, lambda n, v: check_choice(n, v, GROUPS))
        sectors = sectors.copy()
        for code, group in changes.items():
            sectors.loc[sectors["code"] == code, "policy_group"] = group
    table = iotable.aggregate(iotable.load_139(), sectors)
    scenarios = {k: dict(v) for k, v in spec["scenarios"].items() if k != "status"}
    if p["ranges"] is not None:
        for (name, cfg), r in zip(scenarios.items(), p["ranges"]):
            cfg["r"] = r
    priorities = {k: v for k, v in spec["priorities"].items() if k != "status"}
    if p["priorities"] is not None:
        priorities.update(_mapping("priorities", p["priorities"], GOALS,
                                   lambda n, v: check_number(n, v, low=1, high=20, integer=True)))
    active = GOALS
    if p["active_goals"] is not None:
        if not isinstance(p["active_goals"], (list, tuple)) or not p["active_goals"]:
            raise ParameterError(f"parameter 'active_goals' = {p['active_goals']!r} is invalid: allowed a "
                                 f"non-empty list of goals from {', '.join(GOALS)}")
        unknown = [g for g in p["active_goals"] if g not in GOALS]
        if unknown:
            raise ParameterError(f"parameter 'active_goals' names unknown goal(s) {unknown}: allowed {', '.join(GOALS)}")
        active = tuple(p["active_goals"])
    changes = {}
    if p["target_changes"] is not None:
        changes = _mapping("target_changes", p["target_changes"], GOALS,
                           lambda n, v: check_number(n, v, low=-0.99, high=10))
    path = None
    if p["satellite_file"] is not None:
        if not isinstance(p["satellite_file"], str):
            raise ParameterError(f"parameter 'satellite_file' = {p['satellite_file']!r} is invalid: allowed a path")
        path = Path(p["satellite_file"])
        path = path if path.is_absolute() else repo_root() / path
        if not path.is_file():
            raise ParameterError(f"parameter 'satellite_file' = {p['satellite_file']!r} is invalid: no such file")
    energy_data = p["energy_data"]
    try:
        intensity = satellite.load(path, table.codes, energy_data)
    except (ValueError, KeyError, OSError) as err:
        raise ParameterError(f"parameter 'satellite_file'"
                             + ("" if path is None else f" = {p['satellite_file']!r}")
                             + f" is invalid: {err}") from None
    bounds_spec = spec["bounds"]
    reading = bounds_spec["default_reading"] if p["range_reading"] is None else p["range_reading"]
    band = bounds_spec["band"]["value"] if p["band"] is None else p["band"]
    nexus = spec["nexus"]["default"] if p["nexus_reading"] is None else p["nexus_reading"]
    fixed = ()
    if p["fixed_sectors"] is not None:
        if p["fixed_sectors"] == "paper":
            fixed = tuple(spec["bounds"]["paper_unchanged"]["value"])
        elif not isinstance(p["fixed_sectors"], (list, tuple)) or any(str(c) not in codes for c in p["fixed_sectors"]):
            raise ParameterError(f"parameter 'fixed_sectors' = {p['fixed_sectors']!r} is invalid: allowed None, "
                                 f"'paper' (the eight sectors the paper's Table 4 leaves unchanged) or a list of "
                                 f"sector codes from 01 to 42")
        else:
            fixed = tuple(dict.fromkeys(str(c) for c in p["fixed_sectors"]))
            if len(fixed) >= len(codes):
                raise ParameterError(f"parameter 'fixed_sectors' is invalid: it names all {len(codes)} sectors, "
                                     f"which leaves nothing to optimise; allowed at most {len(codes) - 1} codes")
    settings = Settings(p["lang"], years, table, sectors, intensity, spec, scenarios, priorities, active, changes,
                        p["sweep_points"], path is None, reading, fixed, p["reference_point"], p["targets_2022"], band,
                        nexus, p["final_demand_floor"], energy_data)
    try:
        for year in years:
            first = next(iter(scenarios.values()))
            solve_scenario(settings.economy(year), first["r"], first["energy_water_goals"], priorities, active,
                           target_changes=changes, **settings.options)
    except goalprog.GoalProgramError as err:
        raise ParameterError(f"the goal set is infeasible with these parameters: {err}") from None
    except RuntimeError as err:
        raise ParameterError(f"parameters 'ranges', 'band', 'fixed_sectors' and 'final_demand_floor' leave the "
                             f"solver too little room (allowed wider ranges or band, fewer fixed sectors, no "
                             f"floor): {err}") from None
    return settings
