"""Paper 4's payoff and value functions: priority rule (8), Shapley values (15)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clustermodels.water.priority import (coalition_payoff, knapsack_payoff, priority_allocation,
                                          priority_payoff)
from clustermodels.water.shapley import (choquet_shapley, choquet_value, fuzzy_shapley, shapley,
                                         shapley_from_values, subset_payoffs)

positive = st.floats(0.0, 100.0, allow_nan=False)
efficiency = st.floats(1.0, 5000.0, allow_nan=False)


@st.composite
def members(draw, low=1, high=6):
    t = draw(st.integers(low, high))
    water = np.array(draw(st.lists(positive, min_size=t, max_size=t)))
    extra = np.array(draw(st.lists(positive, min_size=t, max_size=t)))
    b = np.array(draw(st.lists(efficiency, min_size=t, max_size=t)))
    rates = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=t, max_size=t)))
    return rates, water, water + extra, b  # caps C >= X


@given(members(), st.floats(0.0, 500.0))
def test_priority_rule_equals_the_knapsack_lp_optimum(m, water):
    _, _, caps, b = m
    assert priority_payoff(water, caps, b) == pytest.approx(knapsack_payoff(water, caps, b), rel=1e-9, abs=1e-6)


def test_priority_rule_fills_the_most_efficient_member_first():
    used = priority_allocation(5.0, caps=[2.0, 4.0, 10.0], efficiency=[3.0, 9.0, 1.0])
    assert used.tolist() == [1.0, 4.0, 0.0]
    assert priority_payoff(100.0, [2.0, 4.0], [3.0, 9.0]) == 42.0  # water beyond all caps is unused


def test_crisp_shapley_on_the_talmud_example():
    # R CoopGame documentation (Aumann's Talmud example): coalitions 1,2,3,4,12,...,1234
    order = ["1", "2", "3", "4", "12", "13", "14", "23", "24", "34", "123", "124", "134", "234", "1234"]
    values = [120, 60, 40, 30, 120, 120, 120, 60, 60, 40, 120, 120, 120, 60, 120]
    table = {frozenset(int(c) for c in k): v for k, v in zip(order, values)}
    phi = shapley(lambda s: table.get(frozenset(s), 0.0), [1, 2, 3, 4])
    assert [phi[i] for i in (1, 2, 3, 4)] == pytest.approx([80.8333333, 20.8333333, 10.8333333, 7.5])


@given(members())
def test_fuzzy_shapley_is_efficient(m):
    rates, water, caps, b = m
    assert fuzzy_shapley(rates, water, caps, b).sum() == pytest.approx(
        coalition_payoff(rates, water, caps, b), rel=1e-9, abs=1e-6)


@given(members(low=2))
def test_a_zero_participation_member_gets_zero(m):
    rates, water, caps, b = m
    rates = rates.copy()
    rates[0] = 0.0
    assert fuzzy_shapley(rates, water, caps, b)[0] == pytest.approx(0.0, abs=1e-9)


@given(positive, positive, efficiency, st.floats(0.0, 1.0), members(low=1, high=3))
def test_symmetric_members_get_equal_shares(x, extra, b, rate, rest):
    r, w, c, e = rest
    rates = np.r_[rate, rate, r]
    phi = fuzzy_shapley(rates, np.r_[x, x, w], np.r_[x + extra, x + extra, c], np.r_[b, b, e])
    assert phi[0] == pytest.approx(phi[1], rel=1e-9, abs=1e-6)


@given(members())
def test_individual_rationality_holds_whenever_water_fits_the_caps(m):
    """The theorem behind (14)-(16): with X <= C every share is at least b_i s_i X_i."""
    rates, water, caps, b = m
    phi = fuzzy_shapley(rates, water, caps, b)
    assert np.all(phi >= b * rates * water - 1e-6 * max(1.0, (b * water).sum()))


@given(members(low=2, high=5))
def test_the_priority_game_is_superadditive(m):
    rates, water, caps, b = m
    values = subset_payoffs(rates, water, caps, b)
    full = len(values) - 1
    for mask in range(1, full):
        assert values[full] >= values[mask] + values[full ^ mask] - 1e-6 * max(1.0, values[full])


def test_shapley_from_values_rejects_a_wrong_length():
    with pytest.raises(ValueError, match="2\\*\\*t"):
        shapley_from_values(np.zeros(3))


@given(members(low=1, high=4))
def test_choquet_shares_add_up_to_the_choquet_value(m):
    rates, water, caps, b = m

    def crisp(group):
        full = np.array([1.0 if i in group else 0.0 for i in range(rates.size)])
        return coalition_payoff(full, water, caps, b)

    assert choquet_shapley(rates, crisp).sum() == pytest.approx(choquet_value(rates, crisp), rel=1e-9, abs=1e-6)
