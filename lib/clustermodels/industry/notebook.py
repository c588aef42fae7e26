"""Parameters of notebook 03: defaults, validation, and the inputs they resolve to.

``None`` means "the value in data/03_industrial_structure_goal_programming/model.yaml"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import i18n
from ..parameters import ParameterError, check_choice, check_flag, check_known, check_number, check_numbers
from ..paths import repo_root
from ..style import LANGS
from . import goalprog, iotable, satellite
from .model import (GOALS, NEXUS_READINGS, POINT_RULES, RANGE_READINGS, Economy, economy, load_spec,
                    solve_scenario)

DEFAULTS = {
    "lang": "en",
    "years": None,
    "ranges": None,
    "priorities": None,
    "active_goals": None,
    "target_changes": None,
    "group_changes": None,
    "satellite_file": None,
    "energy_data": "wiod_tj",
    "range_reading": None,
    "band": None,
    "nexus_reading": None,
    "final_demand_floor": False,
    "fixed_sectors": None,
    "reference_point": "least_change",
    "targets_2022": "paper",
    "sweep_points": 11,
}
MIN_RANGE = 0.001  # r = 0 fixes every sector and the nearest-point QP has no interior
MAX_BAND = 0.5     # a sector's input may at most halve or grow by half
GROUPS = ("suppressed", "encouraged", "livelihood", "other")


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
    check_known(params, DEFAULTS)
    p = {**DEFAULTS, **params}
    spec = load_spec()
    lang = check_choice("lang", p["lang"], LANGS)
    years = ("2012", "2022")
    if p["years"] is not None:
        if not isinstance(p["years"], (list, tuple)) or not p["years"]:
            raise ParameterError(f"parameter 'years' = {p['years']!r} is invalid: allowed a non-empty list of "
                                 f"'2012' and '2022'")
        years = tuple(sorted({str(check_choice("years", str(y), ("2012", "2022"))) for y in p["years"]}))
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
        ranges = check_numbers("ranges", p["ranges"], length=len(scenarios), low=MIN_RANGE, high=0.99)
        for (name, cfg), r in zip(scenarios.items(), ranges):
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
    energy_data = check_choice("energy_data", p["energy_data"], tuple(satellite.ENERGY_DATA))
    try:
        intensity = satellite.load(path, table.codes, energy_data)
    except (ValueError, KeyError, OSError) as err:
        raise ParameterError(f"parameter 'satellite_file'"
                             + ("" if path is None else f" = {p['satellite_file']!r}")
                             + f" is invalid: {err}") from None
    points = check_number("sweep_points", p["sweep_points"], low=2, high=200, integer=True)
    bounds_spec = spec["bounds"]
    reading = check_choice("range_reading", bounds_spec["default_reading"] if p["range_reading"] is None
                           else p["range_reading"], RANGE_READINGS)
    band = check_number("band", bounds_spec["band"]["value"] if p["band"] is None else p["band"],
                        low=MIN_RANGE, high=MAX_BAND)
    nexus = check_choice("nexus_reading", spec["nexus"]["default"] if p["nexus_reading"] is None
                         else p["nexus_reading"], NEXUS_READINGS)
    floor = check_flag("final_demand_floor", p["final_demand_floor"])
    rule = check_choice("reference_point", p["reference_point"], POINT_RULES)
    targets_2022 = check_choice("targets_2022", p["targets_2022"], ("paper", "base"))
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
    settings = Settings(lang, years, table, sectors, intensity, spec, scenarios, priorities, active, changes, points,
                        path is None, reading, fixed, rule, targets_2022, band, nexus, floor, energy_data)
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
    i18n.activate(lang)  # run-time text in the notebook's language, once every parameter is valid
    return settings
