import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clustermodels.innovation import analysis, model

SPEC = model.load_spec()
RAW = SPEC.source
CONSTRAINTS = RAW["paper_constraints"]
PEAK, AXIS_TOP = CONSTRAINTS["peak"]["value"], CONSTRAINTS["axis_top"]["value"]
TRIANGLE = {k: tuple(v) for k, v in RAW["alternative_lookups"]["triangle_peak_10"].items() if k in "xy"}


def test_paper_numbers_loaded():
    assert SPEC.effect == 0.0015
    assert list(SPEC.coefficients[SPEC.side_mask("internal")]) == [10, 4, 20, 1]
    assert list(SPEC.coefficients[SPEC.side_mask("external")]) == [20, 1, 10, 4]
    assert max(SPEC.lookup_y) == 4.6 and SPEC.lookup_y[0] == SPEC.lookup_y[-1] == 0
    assert (SPEC.initial_time, SPEC.final_time) == (0, 20)


def test_baseline_matches_closed_form():
    # 0.0015 * (35 + 35) * area 36.84 of the yearly S-curve lookup = 3.8682
    final = model.simulate_capability(SPEC)[0, -1]
    assert analysis.lookup_area(SPEC) == pytest.approx(36.84, abs=1e-12)
    assert final == pytest.approx(3.8682, abs=1e-12)
    assert final == pytest.approx(model.analytic_final_capability(SPEC), abs=1e-12)
    triangle = SPEC.with_(lookup_x=TRIANGLE["x"], lookup_y=TRIANGLE["y"])
    assert model.simulate_capability(triangle)[0, -1] == pytest.approx(4.83, abs=1e-12)


def test_simulate_columns_are_consistent():
    run = model.simulate(SPEC)
    e = run["embedded_dynamic_capability"]
    assert run["knowledge_restructuring"].equals(20 * e)
    internal = [el.key for el in SPEC.elements if el.side == "internal"]
    np.testing.assert_allclose(run["internal_rate"], 0.0015 * run[internal].sum(axis=1))
    assert run.index[0] == 0 and run.index[-1] == 20


def test_sensitivity_table_ranks_by_coefficient():
    table = model.final_capability_table(SPEC, 0.5).set_index("case")
    assert table.loc["knowledge_restructuring", "change"] == pytest.approx(0.5 * 0.0015 * 20 * 36.84)
    assert table.loc["knowledge_restructuring", "rank_in_side"] == 1
    assert table.loc["resource_mining", "rank_in_side"] == 2
    assert table.loc["resource_utilisation", "rank_in_side"] == 1
    assert table.loc["knowledge_internalisation", "rank_in_side"] == 2


def test_time_grid_rejects_steps_that_do_not_divide_the_span():
    with pytest.raises(ValueError, match="whole number"):
        model.time_grid(0, 20, 0.3)
    with pytest.raises(ValueError):
        model.time_grid(0, -5, 1)


def test_lookup_is_flat_beyond_its_ends():
    assert model.embedded_capability([-5, 30], (0, 10, 20), (1, 4.6, 2)).tolist() == [1, 2]


def test_rk4_integrates_a_cubic_exactly():
    times = np.linspace(0, 2, 5)
    out = model.integrate(lambda t, c: np.full_like(c, 3 * t**2), times, np.zeros(1), "rk4")
    np.testing.assert_allclose(out[0], times**3, atol=1e-12)


coefs = st.lists(st.floats(0, 100), min_size=8, max_size=8)
# peaks on the 1/8-year grid: Euler is exact for a piecewise-linear E whose kinks lie on it
peaks = st.integers(8, 152).map(lambda k: k * 0.125)


@given(coefs, peaks, st.floats(0.01, 2))
def test_linear_in_coefficients_and_ranking_follows_them(c, peak, increase):
    spec = SPEC.with_coefficients(c).with_(lookup_x=(0, peak, 20), lookup_y=(0, 4.6, 0))
    final = model.simulate_capability(spec)[0, -1]
    area = 0.5 * 20 * 4.6  # any triangle with zero ends has the same area
    assert final == pytest.approx(spec.effect * sum(c) * area, rel=1e-6, abs=1e-9)
    table = model.final_capability_table(spec, increase).set_index("case")
    for e in spec.elements:
        assert table.loc[e.key, "change"] == pytest.approx(
            increase * spec.effect * e.coefficient * area, rel=1e-6, abs=1e-9)


@given(st.lists(st.floats(0, 50), min_size=8, max_size=8))
def test_vectorised_scenarios_equal_single_runs(c):
    many = model.simulate_capability(SPEC, np.array([c, SPEC.coefficients]))
    single = model.simulate_capability(SPEC.with_coefficients(c))
    np.testing.assert_allclose(many[0], single[0], rtol=1e-12, atol=1e-12)


def test_sweep_is_reproducible_and_centred():
    a = analysis.coefficient_sweep(SPEC, 2000, 0.5, 7, 0.5)
    b = analysis.coefficient_sweep(SPEC, 2000, 0.5, 7, 0.5)
    np.testing.assert_array_equal(a["finals"], b["finals"])
    assert abs(a["finals"].mean() - 3.8682) < 0.1
    assert 0.8 < a["top_two_holds"]["internal"] < 1.0


def test_zero_spread_keeps_the_paper_ranking_everywhere():
    sweep = analysis.coefficient_sweep(SPEC, 50, 0.0, 1, 0.5)
    assert sweep["top_two_holds"] == {"internal": 1.0, "external": 1.0}
    np.testing.assert_allclose(sweep["finals"], 3.8682)


# --- the default E(t) satisfies every constraint the paper gives; the alternatives do not ----

def test_paper_constraints_are_the_papers_numbers():
    assert PEAK == 4.6 and AXIS_TOP == 5.0 and CONSTRAINTS["end_values"]["value"] == 0
    assert RAW["embedded_capability_lookup"]["status"] == "assumed"


def test_default_lookup_satisfies_every_constraint():
    checks = analysis.lookup_checks(SPEC, 0.5, PEAK, AXIS_TOP)
    assert checks["peak_ok"] and checks["zero_ends"] and checks["slow_fast_slow"]
    assert checks["lowest_curve"] >= 0 and checks["highest_curve"] <= AXIS_TOP
    assert checks["highest_curve"] == pytest.approx(3.8682 * (1 + 0.5 * 20 / 70))
    assert checks["all_ok"]
    # the peak lies in the middle year, where the paper puts the fastest growth of capability
    assert analysis.fastest_growth_year(SPEC) == SPEC.final_time / 2


def test_triangle_leaves_the_axis_and_is_not_slow_fast_slow():
    checks = analysis.lookup_checks(SPEC.with_(lookup_x=TRIANGLE["x"], lookup_y=TRIANGLE["y"]),
                                    0.5, PEAK, AXIS_TOP)
    assert checks["peak_ok"] and checks["zero_ends"]
    assert checks["highest_curve"] == pytest.approx(5.52) and not checks["within_axis"]
    assert not checks["slow_fast_slow"] and not checks["all_ok"]


@pytest.mark.parametrize("key", ["convex_rise", "triangle_peak_6", "plateau"])
def test_other_alternatives_miss_the_slow_finish(key):
    lk = RAW["alternative_lookups"][key]
    checks = analysis.lookup_checks(SPEC.with_(lookup_x=tuple(lk["x"]), lookup_y=tuple(lk["y"])),
                                    0.5, PEAK, AXIS_TOP)
    assert not checks["slow_fast_slow"] and not checks["all_ok"]


def test_slow_fast_slow_means_convex_then_concave():
    assert analysis.rise_is_slow_fast_slow((0, 1, 2, 3, 4), (0, 1, 3, 4, 0))
    assert not analysis.rise_is_slow_fast_slow((0, 1, 2, 3), (0, 2, 3, 4))   # concave only
    assert not analysis.rise_is_slow_fast_slow((0, 1, 2, 3), (0, 1, 2.5, 4))  # convex only
    assert not analysis.rise_is_slow_fast_slow((0, 1, 2, 3, 4), (0, 2, 2.5, 4, 0))  # fast-slow-fast
    assert not analysis.rise_is_slow_fast_slow((0, 10, 20), (0, 4.6, 0))


def test_beta_rise_is_the_stated_polynomial():
    x = np.linspace(0, 1, 11)
    np.testing.assert_allclose(analysis.beta_rise(x, 3, 2), 4 * x**3 - 3 * x**4, atol=1e-15)
    np.testing.assert_allclose(analysis.beta_rise(x, 2, 2), 3 * x**2 - 2 * x**3, atol=1e-15)


def test_data_file_lookup_is_the_rules_output():
    rule = RAW["embedded_capability_lookup"]["rule"]
    xs, ys = analysis.s_curve_lookup(rule["p"], rule["q"], PEAK, rule["peak_year"], SPEC.final_time,
                                     rule["step"], rule["decimals"])
    assert (xs, ys) == (SPEC.lookup_x, SPEC.lookup_y)
    # and the rule picks (p, q): the first fitting candidate in order of p + q, and the only one
    # of its order
    table = analysis.s_curve_candidates(SPEC, 0.5, PEAK, AXIS_TOP, rule["step"], rule["decimals"], 6)
    first = table[table.all_ok].iloc[0]
    assert (first.p, first.q) == (rule["p"], rule["q"])
    assert table[table.p_plus_q == first.p_plus_q].all_ok.sum() == 1
    assert not table[table.p_plus_q < first.p_plus_q].all_ok.any()
    # the symmetric S-curve has the triangle's area (up to rounding) and leaves the axis
    assert table.iloc[0].area_E == pytest.approx(46, abs=0.05) and not table.iloc[0].within_axis
