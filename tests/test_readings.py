"""Paper 3's readings of r, the nexus and the final-demand floor; energy in TJ from WIOD."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels.industry import iotable, model, readings, satellite
from clustermodels.paths import data_dir

SECTORS = iotable.load_sectors()
T42 = iotable.aggregate(iotable.load_139(), SECTORS)
SPEC = model.load_spec()
PRIORITIES = {k: v for k, v in SPEC["priorities"].items() if k != "status"}
ECON = model.economy("2012", T42, SECTORS, satellite.load(None, T42.codes), SPEC)
STRUCTURE = ("total_input", "value_added", "suppressed_value_added", "encouraged_value_added")


def tiny_economy() -> model.Economy:
    """Three sectors (encouraged, suppressed, other), base inputs 1, equal value-added rates (so
    value added is fixed by total input and only the group goals act), no coefficients."""
    columns = ["water_m3_per_wan_yuan", "energy_tj_per_wan_yuan", "so2_t_per_wan_yuan", "nox_t_per_wan_yuan",
               "cod_t_per_wan_yuan", "nh3n_t_per_wan_yuan"]
    intensity = pd.DataFrame(1.0, index=["E", "S", "O"], columns=columns)
    return model.Economy(("E", "S", "O"), np.array(["encouraged", "suppressed", "other"]), np.ones(3),
                         np.full(3, 0.3), intensity, ("O",), "O", {}, np.zeros((3, 3)))


def test_band_reading_on_a_small_problem_with_a_known_answer():
    econ = tiny_economy()
    # r = 5 % inside a 10 % band: the group goals are met; E in [1.05, 1.1], S in [0.9, 0.95], O the rest
    res = model.solve_scenario(econ, 0.05, True, PRIORITIES, active=STRUCTURE, reading="band", band=0.10)
    ranges = res.sector_ranges(econ.codes).set_index("code")
    assert ranges.loc["E", ["min", "max"]].tolist() == pytest.approx([0.05, 0.10], abs=1e-8)
    assert ranges.loc["S", ["min", "max"]].tolist() == pytest.approx([-0.10, -0.05], abs=1e-8)
    assert ranges.loc["O", ["min", "max"]].tolist() == pytest.approx([-0.05, 0.05], abs=1e-8)
    assert res.x == pytest.approx([1.05, 0.95, 1.0], abs=1e-7)  # least change
    # a 3 % band cannot reach the 5 % targets: both groups go to the band's edge, and miss
    narrow = model.solve_scenario(econ, 0.05, True, PRIORITIES, active=STRUCTURE, reading="band", band=0.03)
    assert narrow.x == pytest.approx([1.03, 0.97, 1.0], abs=1e-7)
    assert narrow.after["encouraged_value_added"] == pytest.approx(0.3 * 1.03)
    # the sector reading makes r a hard bound too: E in [1, 1.05] and the target forces 1.05
    sector = model.solve_scenario(econ, 0.05, True, PRIORITIES, active=STRUCTURE, reading="sector")
    assert sector.sector_ranges(econ.codes)["direction"].tolist() == ["+", "-", "0"]
    assert sector.x == pytest.approx([1.05, 0.95, 1.0], abs=1e-7)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.01, 0.2), st.floats(0.01, 0.3))
def test_band_reading_bounds_every_sector_and_meets_what_the_band_allows(r, band):
    econ = tiny_economy()
    res = model.solve_scenario(econ, r, True, PRIORITIES, active=STRUCTURE, reading="band", band=band)
    assert np.all(res.x >= 1 - band - 1e-9) and np.all(res.x <= 1 + band + 1e-9)
    reach = min(r, band)  # how far the encouraged sector can rise towards its target
    assert res.after["encouraged_value_added"] == pytest.approx(0.3 * (1 + reach), abs=1e-8)
    assert res.after["total_input"] == pytest.approx(3.0, abs=1e-9)


def held_levels_violation(res: model.ScenarioResult) -> float:
    """How far the point ``res.x`` lies outside the optimal set, with every deviation at its least
    for that point: the largest violation of the face's rows (0 for a point meeting every level)."""
    face = res.face
    goals = res.goals
    targets = goals["target"].to_numpy(float)
    scale = np.maximum(np.abs(targets), 1.0)
    values = np.array([res.rows[g] @ res.x for g in goals["goal"]])
    d_minus, d_plus = np.maximum(0, targets - values) / scale, np.maximum(0, values - targets) / scale
    z = np.concatenate([res.x / res.x0, d_minus, d_plus])
    worst = max(np.max(face.A_ub @ z - face.b_ub, initial=0.0), np.max(np.abs(face.A_eq @ z - face.b_eq)))
    low = np.array([-np.inf if b[0] is None else b[0] for b in face.bounds])
    high = np.array([np.inf if b[1] is None else b[1] for b in face.bounds])
    return max(worst, np.max(low - z, initial=0.0), np.max(z - high, initial=0.0))


@pytest.mark.parametrize("options", [
    {"reading": "band"}, {"reading": "band", "band": 0.05}, {"reading": "sector"}, {"reading": "group"},
    {"reading": "band", "nexus": "double"}, {"reading": "band", "final_demand_floor": True},
    {"reading": "sector", "final_demand_floor": True}, {"reading": "band", "point_rule": "most_value_added"},
])
@pytest.mark.parametrize("scenario", ["1", "4"])
def test_the_returned_point_meets_every_held_level(options, scenario):
    cfg = SPEC["scenarios"][scenario]
    res = model.solve_scenario(ECON, cfg["r"], cfg["energy_water_goals"], PRIORITIES, **options)
    assert held_levels_violation(res) <= 1e-7
    # and the solver's vertex is a point of the same set
    vertex = replace(res, x=res.vertex)
    assert held_levels_violation(vertex) <= 1e-6


def test_a_point_off_the_optimal_set_is_caught():
    res = model.solve_scenario(ECON, 0.05, True, PRIORITIES)
    off = replace(res, x=res.x0 * 1.01)  # total input 1 % too high
    assert held_levels_violation(off) > 1e-3


def test_the_double_nexus_keeps_the_base_totals_and_weights_by_intensity():
    narrow, double = ECON.rows("narrow"), ECON.rows("double")
    for key in model.NEXUS:
        assert double[key] @ ECON.x0 == pytest.approx(narrow[key] @ ECON.x0, rel=1e-12)
    energy, water = ECON.rows()["energy"], ECON.rows()["water"]
    # proportional to each sector's own energy use (water for energy) and water use (energy for water)
    assert np.allclose(double["water_used_by_energy"], energy * double["water_used_by_energy"][0] / energy[0])
    assert np.allclose(double["energy_used_by_water"], water * double["energy_used_by_water"][0] / water[0])
    with pytest.raises(ValueError, match="nexus reading 'wide'"):
        ECON.rows("wide")


def test_the_final_demand_floor_holds_at_every_optimum():
    res = model.solve_scenario(ECON, 0.05, True, PRIORITIES, final_demand_floor=True)
    floor = np.minimum(0.0, ECON.final_demand(ECON.x0))
    assert np.all(ECON.final_demand(res.x) >= floor - 1e-6 * ECON.x0.max())
    leontief = np.eye(len(ECON.x0)) - ECON.coefficients
    from clustermodels.industry import optimalset
    for i in (10, 12):  # S11 and S13, whose net final demand turns negative without the floor
        low, _ = optimalset.extremes(res.face, leontief[i] * ECON.x0)
        assert low >= floor[i] - 1e-6 * ECON.x0.max()
    free = model.solve_scenario(ECON, 0.05, True, PRIORITIES)
    assert ECON.final_demand(free.x)[12] < 0 < ECON.final_demand(ECON.x0)[12]


def test_the_default_reading_is_the_best_fitting_one():
    econ = model.economy("2012", T42, SECTORS, satellite.load(None, T42.codes), SPEC)
    scenarios = {k: v for k, v in SPEC["scenarios"].items() if k != "status"}
    fit = readings.fit(econ, scenarios, PRIORITIES, model.GOALS, {}, T42.codes, SPEC)
    assert fit.best.reading == SPEC["bounds"]["default_reading"]
    assert fit.best.band == SPEC["bounds"]["band"]["value"]
    assert fit.best.nexus == SPEC["nexus"]["default"]
    assert fit.attained[fit.best.name] == max(fit.attained.values())
    assert len(fit.table) == len(readings.ROWS) + 1 and len(fit.summary) == 9
    # the sector reading cannot let a suppressed sector rise: S13 up is not attainable there
    sector = readings.Reading("sector", fit.best.band, fit.best.nexus).name
    assert not fit.cells[sector]["s1_signs"].attainable and fit.cells[fit.best.name]["s1_signs"].attainable
    # the narrow nexus holds the water sector, so energy for water cannot fall
    narrow = readings.Reading(fit.best.reading, fit.best.band, "narrow").name
    assert not fit.cells[narrow]["s1_nexus_both_fall"].attainable


def test_wiod_mapping_covers_every_sector_and_keeps_the_totals():
    folder = data_dir("03_industrial_structure_goal_programming")
    energy = pd.read_csv(folder / "wiod_energy_2012_tj.csv")
    concordance = pd.read_csv(folder / "wiod_to_io42.csv", dtype=str)
    assert sorted(concordance["wiod_code"]) == sorted(energy["wiod_code"]) and concordance["wiod_code"].is_unique
    targets = {c for codes in concordance["io42_codes"] for c in codes.split()}
    assert targets == set(T42.codes)
    carriers = [c for c in energy.columns if c.endswith("_tj") and c != "total_tj"]
    assert np.allclose(energy[carriers].sum(axis=1), energy["total_tj"], rtol=1e-9)
    assert energy["total_tj"].sum() == pytest.approx(152_058_366.344298, rel=1e-12)  # WIOD's vTOTII_new
    mapped = satellite.wiod_energy(T42.Z, T42.codes)
    assert mapped.sum() == pytest.approx(energy["total_tj"].sum(), rel=1e-12)
    # a WIOD sector mapped to one of ours arrives whole
    assert mapped["11"] == pytest.approx(energy.set_index("wiod_code").loc["vC19", "total_tj"], rel=1e-12)
    # each split group keeps its WIOD total: mining over 02-05, electricity and gas over 25-26
    assert mapped[["02", "03", "04", "05"]].sum() == pytest.approx(
        energy.set_index("wiod_code").loc["vB", "total_tj"], rel=1e-12)
    assert mapped[["25", "26"]].sum() == pytest.approx(energy.set_index("wiod_code").loc["vD", "total_tj"], rel=1e-12)


def test_committed_default_satellite_table_is_what_the_builder_gives():
    x = pd.Series(T42.output, index=T42.codes)
    built = satellite.build_satellite(x, T42.Z).set_index("code")
    committed = satellite.load(None, T42.codes)
    assert list(committed.columns) == list(built.columns)
    assert np.allclose(committed.to_numpy(float), built.to_numpy(float), rtol=1e-8, atol=0)
    assert (committed["energy_tj_per_wan_yuan"] * x).sum() == pytest.approx(152_058_366.344298, rel=1e-8)
    proxy = satellite.load(None, T42.codes, "ceads_co2")
    assert "energy_co2_t_per_wan_yuan" in proxy.columns
    assert np.allclose(proxy["water_m3_per_wan_yuan"], committed["water_m3_per_wan_yuan"])


def test_committed_fuels_only_table_counts_bought_electricity_once():
    x = pd.Series(T42.output, index=T42.codes)
    built = satellite.build_satellite(x, T42.Z, fuels_only=True).set_index("code")
    committed = satellite.load(None, T42.codes, "wiod_tj_fuels")
    assert np.allclose(committed.to_numpy(float), built.to_numpy(float), rtol=1e-8, atol=0)
    energy = pd.read_csv(data_dir("03_industrial_structure_goal_programming") / "wiod_energy_2012_tj.csv")
    bought = energy.loc[energy["wiod_code"] != "vD", "electr_heatprod_tj"].sum()
    total = (committed["energy_tj_per_wan_yuan"] * x).sum()
    assert total == pytest.approx(energy["total_tj"].sum() - bought, rel=1e-8)
    gross = satellite.load(None, T42.codes)["energy_tj_per_wan_yuan"]
    assert committed.loc["25", "energy_tj_per_wan_yuan"] == pytest.approx(gross["25"], rel=1e-12)  # power keeps all
    assert (committed["energy_tj_per_wan_yuan"] <= gross + 1e-12).all()
