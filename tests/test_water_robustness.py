"""Paper 4's referee additions: the Monte Carlo check, the precision of T, the printed (15), the prose."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels.water import analysis, narrative, robustness, stage2
from clustermodels.water.inputs import load_model, stage1_inputs
from clustermodels.water.shapley import fuzzy_shapley, printed_formula_shares, subset_payoffs

MODEL = load_model()
RANGES = robustness.load_ranges(MODEL)


# --- the Monte Carlo over plausible inputs ---------------------------------------------------

@settings(max_examples=20)
@given(st.integers(0, 2**32 - 1), st.integers(1, 50))
def test_samples_are_reproducible_with_their_seed_and_stay_in_the_ranges(seed, draws):
    a = robustness.sample(MODEL, RANGES, draws, seed)
    assert a.equals(robustness.sample(MODEL, RANGES, draws, seed))
    assert not a.equals(robustness.sample(MODEL, RANGES, draws, seed + 1))
    for prefix, (low, high) in (("b", RANGES.efficiency), ("demand_", RANGES.demand),
                                ("local_", RANGES.local), ("shared", RANGES.shared)):
        cols = [c for c in a.columns if c.startswith(prefix)]
        assert cols and (a[cols] >= low).all().all() and (a[cols] <= high).all().all()


def test_the_frequency_is_reproducible_with_its_seed():
    f1 = robustness.structures(MODEL, robustness.sample(MODEL, RANGES, 12, 7))
    f2 = robustness.structures(MODEL, robustness.sample(MODEL, RANGES, 12, 7))
    assert f1.equals(f2)
    assert robustness.frequency(f1) == robustness.frequency(f2)


def _brute_force_structure(b3_factor: float, shared_factor: float) -> str:
    """The model rebuilt from the raw data (not via robustness.apply), solved by the paper's
    enumeration (not our LP)."""
    raw = MODEL.source
    stage1 = stage1_inputs(raw, shared_supply=raw["stage1"]["shared_supply"]["value"] * shared_factor)
    eff = MODEL.efficiency.copy()
    eff[2] *= b3_factor
    changed = MODEL.with_(stage1=stage1, efficiency=eff)
    return analysis.structure(analysis.run(changed, "enumeration").allocation)


def test_the_frequency_equals_a_brute_force_count_on_a_small_grid():
    grid = list(itertools.product([1.0, 1.5], [1.0, 0.8]))  # b3 factor x middle-route factor
    samples = pd.DataFrame([{c: 1.0 for c in robustness.columns(MODEL)} | {"b3": b, "shared": w}
                            for b, w in grid])
    frame = robustness.structures(MODEL, samples)
    brute = [_brute_force_structure(b, w) for b, w in grid]
    assert frame["structure"].tolist() == brute
    count = sum(s == robustness.PAPER_STRUCTURE for s in brute)
    assert 0 < count < len(grid), "the grid must contain both outcomes, or the test proves little"
    assert robustness.frequency(frame) == count / len(grid)


def test_unit_factors_give_the_paper_structure():
    ones = pd.DataFrame([{c: 1.0 for c in robustness.columns(MODEL)}])
    frame = robustness.structures(MODEL, ones)
    assert frame["structure"].tolist() == [robustness.PAPER_STRUCTURE]
    assert frame["order"].tolist() == ["3<4<1<2"]


def test_summary_groups_split_the_feasible_draws():
    frame = robustness.structures(MODEL, robustness.sample(MODEL, RANGES, 30, 3))
    table = robustness.summary(frame, robustness.ranking(MODEL.efficiency))
    assert table["n"].iloc[1:].sum() == table["n"].iloc[0] == frame["feasible"].sum()
    assert table["paper's structure"].iloc[1:].sum() == table["paper's structure"].iloc[0]


@pytest.mark.parametrize("field, value", [("efficiency", (0.0, 2.0)), ("demand", (1.2, 0.8)), ("draws", 0)])
def test_bad_ranges_are_refused(field, value):
    spec = dict(efficiency=(0.5, 2.0), demand=(0.8, 1.2), local=(0.8, 1.2), shared=(0.6, 1.4), draws=10, seed=1)
    spec[field] = value
    with pytest.raises(ValueError, match=field):
        robustness.Ranges(**spec)


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_interval_holds_the_share(k, n):
    k = min(k, n)
    low, high = robustness.wilson(k, n)
    assert 0 <= low <= k / n <= high <= 1


# --- precision of T ---------------------------------------------------------------------------

@given(st.floats(1e-9, 1e6))
def test_guaranteed_decimals_print_digits_worth_at_least_the_bound(bound):
    d = stage2.guaranteed_decimals(bound)
    assert 10.0 ** -d >= bound * (1 - 1e-12) or d == 0
    assert d == 0 or 10.0 ** -(d + 1) < bound * (1 + 1e-12)


def test_guaranteed_decimals_refuses_a_non_positive_bound():
    with pytest.raises(ValueError, match="bound"):
        stage2.guaranteed_decimals(0.0)


def test_default_T_is_good_to_two_decimals_and_both_solvers_are_within_the_bound():
    out = analysis.run(MODEL)
    alloc, players = out.allocation, out.players
    bound = stage2.total_error_bound(players, alloc.coalitions, alloc.total())
    assert 1e-3 < bound < 1e-2
    assert stage2.guaranteed_decimals(bound) == 2
    enum = stage2.solve_enumeration(players, alloc.coalitions)
    assert abs(alloc.total() - enum.total()) <= bound
    assert abs(alloc.total() - 19572.82) <= bound  # the calibrated value, to the guaranteed digits


# --- formula (15) as printed ------------------------------------------------------------------

@st.composite
def coalition(draw):
    t = draw(st.integers(1, 4))
    floats = st.floats(0.0, 50.0, allow_nan=False)
    water = np.array(draw(st.lists(floats, min_size=t, max_size=t)))
    caps = water + np.array(draw(st.lists(floats, min_size=t, max_size=t)))
    b = np.array(draw(st.lists(st.floats(1.0, 5000.0), min_size=t, max_size=t)))
    rates = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=t, max_size=t)))
    return rates, water, caps, b, t + draw(st.integers(0, 3))


@given(coalition())
def test_printed_weights_over_all_of_N_equal_our_reading(c):
    rates, water, caps, b, n = c
    ours = fuzzy_shapley(rates, water, caps, b)
    printed = printed_formula_shares(rates, water, caps, b, n, over_all_of_n=True)
    assert printed == pytest.approx(ours, rel=1e-9, abs=1e-6)


@given(coalition())
def test_printed_weights_on_the_coalition_alone_hand_out_less_when_N_is_larger(c):
    rates, water, caps, b, n = c
    printed = printed_formula_shares(rates, water, caps, b, n)
    gamma = subset_payoffs(rates, water, caps, b)[-1]
    if n == rates.size:
        assert printed == pytest.approx(fuzzy_shapley(rates, water, caps, b), rel=1e-9, abs=1e-6)
    else:
        assert printed.sum() <= gamma + 1e-6
        if gamma > 1e-6:
            assert printed.sum() < gamma


def test_printed_formula_refuses_fewer_players_than_members():
    with pytest.raises(ValueError, match="n_players"):
        printed_formula_shares([1, 1], [1, 1], [1, 1], [1, 2], 1)


# --- prose generated from the run ---------------------------------------------------------------

def test_spare_capacity_prose_names_both_players_and_says_whose_is_worth_filling():
    players = analysis.run(MODEL).players
    text = narrative.spare_capacity_note(players, [1, 2, 3, 4])
    assert "2 players have spare capacity" in text
    assert "player 2 (C − X = 1.067" in text and "player 3 (C − X = 0.212" in text
    assert "The spare capacity that cooperation can fill is that of player 2." in text
    assert "only player with spare capacity" not in text


def test_prose_follows_a_changed_run():
    s1 = MODEL.stage1
    changed = MODEL.with_(stage1=type(s1)(**{**s1.__dict__, "shared_capacity": np.array([45.0])}))
    out = analysis.run(changed)
    default = analysis.run(MODEL)
    a = narrative.spare_capacity_note(out.players, [1, 2, 3, 4])
    b = narrative.spare_capacity_note(default.players, [1, 2, 3, 4])
    assert a != b and "1.067" not in a


def test_rankings_reached_counts_what_the_factor_range_allows():
    frame = pd.DataFrame({"order": ["3<4<1<2", "4<3<1<2", "3<4<1<2"]})
    got = robustness.rankings_reached(frame, [10.0, 41.5, 10.0, 20.0], (0.5, 2.0))
    # b2/b1 = b2/b3 = 4.15 > 4: players 1 and 3 can never rank above player 2
    assert got["never_above"] == [(1, 2), (3, 2)]
    assert got["all"] == 24 and got["possible"] == 8 and got["reached"] == 2
    assert got["outside_possible"] == 0
    wide = robustness.rankings_reached(frame, [10.0, 41.5, 10.0, 20.0], (0.25, 4.0))
    assert wide["never_above"] == [] and wide["possible"] == 24


def test_player_3s_rate_range_is_where_T_stays_at_its_optimum():
    from clustermodels.water import run as run_api
    from clustermodels.water.notebook import resolve

    solved = run_api.solve(resolve({}))
    players, best = solved.players, solved.allocation.total()
    small = [(0,), (1,), (2,), (3,), (1, 2)]
    lo, hi = stage2.rate_range(players, small, (1, 2), 2)
    assert lo == pytest.approx(0.57, abs=1e-6) and hi == pytest.approx(1.0, abs=1e-9)

    def total(r):
        rates = np.zeros((len(small), 4))
        rates[0, 0] = rates[3, 3] = rates[4, 1] = 1.0
        rates[4, 2], rates[2, 2] = r, 1.0 - r
        return stage2.evaluate(players, small, rates).total()

    for r in np.linspace(lo, hi, 7):
        assert total(r) == pytest.approx(best, rel=1e-9)
    assert total(lo - 0.05) < best - 1.0  # below the range T falls
