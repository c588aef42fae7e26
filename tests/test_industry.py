"""Paper 3 foundations: the real 2012 table, its 42-sector aggregate, linkages, goal programming."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels.industry import goalprog, iotable, linkages
from clustermodels.paths import repo_root

TABLE = iotable.load_139()
SECTORS = iotable.load_sectors()
T42 = iotable.aggregate(TABLE, SECTORS)


@pytest.mark.parametrize("table", [TABLE, T42], ids=["139", "42"])
def test_tables_balance_by_row_and_column(table):
    scale = table.output.max()
    assert np.abs(table.column_balance()).max() < 1e-9 * scale
    assert np.abs(table.row_balance()).max() < 1e-9 * scale


def test_aggregation_keeps_the_totals_the_paper_prints():
    for table in (TABLE, T42):
        # 万元 / 1e8 = trillion yuan (万亿元)
        assert table.output.sum() / 1e8 == pytest.approx(160.16, abs=0.005)
        assert table.total_value_added.sum() / 1e8 == pytest.approx(53.68, abs=0.005)
    assert T42.Z.sum() == pytest.approx(TABLE.Z.sum(), rel=1e-12)
    assert T42.final_use.sum() == pytest.approx(TABLE.final_use.sum(), rel=1e-12)


def test_policy_groups_and_value_added_rates_match_the_paper():
    va = pd.Series(T42.total_value_added, index=T42.codes) / 1e8  # trillion yuan
    groups = SECTORS.set_index("code")["policy_group"]
    assert va[groups == "suppressed"].sum() == pytest.approx(7.01, abs=0.005)
    assert va[groups == "encouraged"].sum() == pytest.approx(10.07, abs=0.005)
    rates = T42.value_added_rate()
    assert rates[T42.codes.index("06")] == pytest.approx(0.2353, abs=5e-5)     # food and tobacco 23.53 %
    assert rates.mean() == pytest.approx(0.3663, abs=5e-5)


def test_concordance_rejects_gaps():
    broken = SECTORS.copy()
    broken.loc[0, "codes139_to"] = "004"  # 005 is left out
    with pytest.raises(ValueError, match="exactly one sector.*005"):
        iotable.concordance(broken, TABLE.codes)


def test_inverses_equal_direct_solves():
    A = linkages.technical_coefficients(T42.Z, T42.output)
    H = linkages.allocation_coefficients(T42.Z, T42.output)
    rng = np.random.default_rng(0)
    y = rng.uniform(size=T42.n)
    assert linkages.leontief_inverse(A) @ y == pytest.approx(np.linalg.solve(np.eye(T42.n) - A, y), rel=1e-10)
    assert y @ linkages.ghosh_inverse(H) == pytest.approx(np.linalg.solve((np.eye(T42.n) - H).T, y), rel=1e-10)
    # the Leontief inverse reproduces output from final demand: x = L (final use - imports + error)
    demand = T42.final_use.sum(axis=1) - T42.imports + T42.error
    assert linkages.leontief_inverse(A) @ demand == pytest.approx(T42.output, rel=1e-8)


def test_dispersion_indices_average_one_and_split_into_quadrants():
    p = linkages.power_of_dispersion(T42.Z, T42.output)
    s = linkages.sensitivity_of_dispersion(T42.Z, T42.output)
    assert p.mean() == pytest.approx(1) and s.mean() == pytest.approx(1)
    q = linkages.quadrant(p, s)
    assert set(q) <= {"I", "II", "III", "IV"} and len(q) == 42
    assert linkages.quadrant([1.2, 0.8, 0.8, 1.2], [1.1, 1.1, 0.9, 0.9]).tolist() == ["I", "II", "III", "IV"]


def test_goal_programme_with_a_known_lexicographic_optimum():
    # x1 + x2 = 10 (P1); x1 >= 7 (P2); x2 >= 6 (P3): P2 is met (x1 = 7), P3 falls short by 3
    goals = [goalprog.Goal("total", np.array([1.0, 1.0]), 10.0, "=", 1),
             goalprog.Goal("x1", np.array([1.0, 0.0]), 7.0, ">=", 2),
             goalprog.Goal("x2", np.array([0.0, 1.0]), 6.0, ">=", 3)]
    res = goalprog.solve(2, goals, bounds=[(0, None), (0, None)])
    assert res.x == pytest.approx([7.0, 3.0])
    assert res.goals.set_index("goal")["unwanted"].to_dict() == pytest.approx({"total": 0, "x1": 0, "x2": 3}, abs=1e-6)
    # swap the priorities: now x2 is met first
    swapped = [goals[0], goalprog.Goal("x1", goals[1].coefficients, 7.0, ">=", 3),
               goalprog.Goal("x2", goals[2].coefficients, 6.0, ">=", 2)]
    assert goalprog.solve(2, swapped, bounds=[(0, None), (0, None)]).x == pytest.approx([4.0, 6.0])


def test_weights_within_a_level_are_respected():
    # one level, x >= 10 against x <= 5; deviations are relative to the targets, so the first goal
    # wins exactly when its weight exceeds twice the second's
    def goals(w_high, w_low):
        return [goalprog.Goal("high", np.array([1.0]), 10.0, ">=", 1, weight=w_high),
                goalprog.Goal("low", np.array([1.0]), 5.0, "<=", 1, weight=w_low)]

    assert goalprog.solve(1, goals(3.0, 1.0), bounds=[(0, 20)]).x == pytest.approx([10.0])
    assert goalprog.solve(1, goals(1.0, 1.0), bounds=[(0, 20)]).x == pytest.approx([5.0])


@settings(max_examples=30)
@given(st.lists(st.floats(0.0, 10.0), min_size=3, max_size=3), st.permutations([1, 2, 3]))
def test_an_earlier_level_is_never_sacrificed(targets, order):
    """Solving the top level alone gives the same achievement as within the full programme."""
    rows = np.eye(3)
    goals = [goalprog.Goal(f"g{k}", rows[k], targets[k], ">=", order[k]) for k in range(3)]
    budget = dict(A_ub=np.ones((1, 3)), b_ub=[12.0], bounds=[(0, None)] * 3)
    full = goalprog.solve(3, goals, **budget)
    top = [g for g in goals if g.priority == 1]
    assert full.levels[1] == pytest.approx(goalprog.solve(3, top, **budget).levels[1], abs=1e-7)


def test_infeasible_hard_constraints_name_the_level():
    goals = [goalprog.Goal("g", np.array([1.0]), 1.0, ">=", 1)]
    with pytest.raises(goalprog.GoalProgramError, match="level 1 \\(g\\) is infeasible"):
        goalprog.solve(1, goals, A_ub=np.array([[1.0]]), b_ub=[-1.0], bounds=[(0, None)])
    with pytest.raises(ValueError, match="sense"):
        goalprog.Goal("bad", np.array([1.0]), 1.0, ">", 1)


from clustermodels.industry import satellite  # noqa: E402


def test_committed_proxy_satellite_table_is_what_the_builder_gives_and_keeps_the_national_totals():
    x = pd.Series(T42.output, index=T42.codes)
    built = satellite.build_proxy(x).set_index("code")
    committed = satellite.load(None, T42.codes, "ceads_co2")
    assert np.allclose(committed.to_numpy(float), built.to_numpy(float), rtol=1e-8, atol=0)
    water = (committed["water_m3_per_wan_yuan"] * x).sum() / 1e8  # 亿m3
    assert water == pytest.approx(3902.5 + 1380.7 + 108.3 + 0.25 * 739.7, rel=1e-6)
    # pollutants in the paper's scope: official totals less domestic sources (and vehicles for NOx)
    for column, total in (("so2", 2117.6 - 205.7), ("nox", 2337.8 - 39.3 - 640.0), ("cod", 2423.7 - 912.7),
                          ("nh3n", 253.6 - 144.6)):
        assert (committed[f"{column}_t_per_wan_yuan"] * x).sum() / 1e4 == pytest.approx(total, rel=1e-5)


def test_emission_sources_add_up_to_the_official_totals():
    frame = pd.read_csv(repo_root() / "data" / "03_industrial_structure_goal_programming" / "emissions_by_source_2012.csv")
    totals = {"SO2": 2117.6, "NOx": 2337.8, "COD": 2423.7, "NH3-N": 253.6}
    for pollutant, total in totals.items():
        assert frame.loc[frame["pollutant"] == pollutant, "value"].sum() == pytest.approx(total, abs=0.051)


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(index=3), r"missing \['04'\]"),
    (lambda f: f.rename(columns={"water_m3_per_wan_yuan": "water_t_per_wan_yuan"}), "water_m3_per_wan_yuan"),
    (lambda f: f.assign(so2_t_per_wan_yuan=-1.0), "so2_t_per_wan_yuan"),
    (lambda f: f.assign(energy_tce_per_wan_yuan=1.0), "exactly one of"),
])
def test_satellite_tables_with_missing_sectors_or_wrong_units_are_refused(change, message):
    frame = pd.read_csv(repo_root() / "data" / "03_industrial_structure_goal_programming" / "satellite_proxy_2012.csv",
                        dtype={"code": str})
    with pytest.raises(ValueError, match=message):
        satellite.validate(change(frame), T42.codes)


from clustermodels.industry import model  # noqa: E402

SPEC = model.load_spec()
PRIORITIES = {k: v for k, v in SPEC["priorities"].items() if k != "status"}
ECON_2012 = model.economy("2012", T42, SECTORS, satellite.load(None, T42.codes), SPEC)


@pytest.mark.parametrize("r", [0.02, 0.05])
def test_scenario_respects_bounds_and_holds_the_earlier_goals(r):
    res = model.solve_scenario(ECON_2012, r, True, PRIORITIES, reading="sector", band=r)
    x, x0, g = res.x, res.x0, ECON_2012.groups
    assert np.all(x <= (1 + r) * x0 * (1 + 1e-9)) and np.all(x >= (1 - r) * x0 * (1 - 1e-9))  # clipped to bounds
    assert np.all(x[g == "encouraged"] >= x0[g == "encouraged"] * (1 - 1e-9))
    assert np.all(x[g == "suppressed"] <= x0[g == "suppressed"] * (1 + 1e-9))
    assert np.all(x[g == "livelihood"] >= x0[g == "livelihood"] * (1 - 1e-9))
    assert res.after["total_input"] == pytest.approx(res.base["total_input"], rel=1e-9)
    assert res.after["value_added"] >= res.base["value_added"] * (1 - 1e-9)
    for key in ("water", "energy", "so2", "nox", "cod", "nh3n"):
        assert res.after[key] <= res.base[key] * (1 + 1e-9)


def test_priority_order_matters_only_when_goals_conflict():
    first = dict(PRIORITIES, suppressed_value_added=1, encouraged_value_added=1, total_input=2)
    # every level reaches zero deviation: the optimal set, hence the reported point, is the same
    a = model.solve_scenario(ECON_2012, 0.05, True, PRIORITIES, reading="sector")
    b = model.solve_scenario(ECON_2012, 0.05, True, first, reading="sector")
    assert np.allclose(a.x, b.x, rtol=1e-7)
    # ask for 3 % growth: growth and the group goals now conflict, and the order decides
    grow = {"value_added": 0.03}
    a = model.solve_scenario(ECON_2012, 0.05, True, PRIORITIES, target_changes=grow, reading="sector")
    b = model.solve_scenario(ECON_2012, 0.05, True, first, target_changes=grow, reading="sector")
    assert b.after["suppressed_value_added"] == pytest.approx(b.base["suppressed_value_added"] * 0.95, rel=1e-8)
    assert b.after["encouraged_value_added"] == pytest.approx(b.base["encouraged_value_added"] * 1.05, rel=1e-8)
    assert a.after["value_added"] > b.after["value_added"] * (1 + 1e-4)


def test_bad_range_is_refused():
    with pytest.raises(ValueError, match="r = -0.1"):
        model.solve_scenario(ECON_2012, -0.1)
