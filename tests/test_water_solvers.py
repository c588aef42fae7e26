"""Paper 4's stage-2 solvers: the one-LP method against the paper's enumeration."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels.water.stage2 import (Players, check_coalitions, enumeration_cases, evaluate,
                                        rationality_table, solve_enumeration, solve_lp)


@st.composite
def instances(draw, n_low=2, n_high=4):
    n = draw(st.integers(n_low, n_high))
    water = np.array(draw(st.lists(st.floats(0.0, 10.0).map(lambda v: round(v, 3)), min_size=n, max_size=n)))
    spare = np.array(draw(st.lists(st.sampled_from([0.0, 0.5, 2.0, 5.0]), min_size=n, max_size=n)))
    b = np.array(draw(st.lists(st.integers(1, 50), min_size=n, max_size=n)), float) * 100
    return Players(tuple(str(i + 1) for i in range(n)), water, water + spare, b)


def all_coalitions(n):
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def chain(n):
    """Singletons, each pair of neighbours along the chain 1-2-...-n, and all players together."""
    return [(i,) for i in range(n)] + [(i, i + 1) for i in range(n - 1)] + [tuple(range(n))]


@settings(max_examples=25)
@given(instances(n_high=3))
def test_both_solvers_agree_with_every_coalition_allowed(players):
    coalitions = all_coalitions(players.n)
    lp, enum = solve_lp(players, coalitions), solve_enumeration(players, coalitions)
    assert lp.total() == pytest.approx(enum.total(), rel=1e-7, abs=1e-6)


@settings(max_examples=15)
@given(instances(n_low=4, n_high=4))
def test_both_solvers_agree_on_a_chain(players):
    coalitions = chain(players.n)
    lp, enum = solve_lp(players, coalitions), solve_enumeration(players, coalitions)
    assert lp.total() == pytest.approx(enum.total(), rel=1e-7, abs=1e-6)


@given(instances(), st.data())
def test_no_feasible_rates_beat_the_lp_optimum(players, data):
    coalitions = all_coalitions(players.n)
    raw = np.array([[data.draw(st.floats(0.0, 1.0)) if i in u else 0.0 for i in range(players.n)]
                    for u in coalitions])
    raw[[coalitions.index((i,)) for i in range(players.n)], range(players.n)] += 1e-3
    rates = raw / raw.sum(axis=0)
    assert evaluate(players, coalitions, rates).total() <= solve_lp(players, coalitions).total() + 1e-6


@given(instances())
def test_solutions_satisfy_13_17_and_16(players):
    alloc = solve_lp(players, all_coalitions(players.n))
    assert np.allclose(alloc.rates.sum(axis=0), 1.0, atol=1e-7)
    assert alloc.rates.min() >= 0 and alloc.rates.max() <= 1
    assert (rationality_table(alloc)["slack"] >= -1e-6).all()
    shares = alloc.shares()
    assert np.allclose(shares.sum(axis=1), alloc.payoffs(), atol=1e-6)


def test_the_tie_break_reports_the_smallest_pooling():
    # player 1 (b 10) has 2 spare; player 2 (b 1) holds 4: optimum moves exactly 2 = rate 0.5
    players = Players(("1", "2"), [1.0, 4.0], [3.0, 4.0], [10.0, 1.0])
    for solve in (solve_lp, solve_enumeration):
        alloc = solve(players, [(0,), (1,), (0, 1)])
        assert alloc.total() == pytest.approx(10 * 3 + 1 * 2)
        assert alloc.rates[2].tolist() == pytest.approx([1.0, 0.5])


def test_enumeration_counts_its_cases():
    assert enumeration_cases([(0,), (1,), (0, 1), (0, 1, 2)]) == 3 * 4
    with pytest.raises(ValueError, match="max_cases"):
        solve_enumeration(Players(("1", "2", "3"), [1, 1, 1], [2, 2, 2], [1, 2, 3]),
                          all_coalitions(3), max_cases=10)


@pytest.mark.parametrize("coalitions, message", [
    ([(0,), (1,), (0, 5)], r"unknown player\(s\) \[6\]"),
    ([(0,), (0,), (1,)], "listed twice"),
    ([(0,)], r"player\(s\) \[2\] belong to no candidate"),
    ([(), (0,), (1,)], "empty"),
])
def test_bad_coalitions_are_named(coalitions, message):
    with pytest.raises(ValueError, match=message):
        check_coalitions(coalitions, 2)


def test_players_who_hold_more_than_they_can_use_are_rejected():
    with pytest.raises(ValueError, match=r"player 2 .* X_i <= C_i"):
        Players(("1", "2"), [1.0, 3.0], [2.0, 2.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="water must be finite and >= 0"):
        Players(("1",), [-1.0], [2.0], [1.0])


@pytest.mark.parametrize("rates, message", [
    ([[1.2, 0.0], [0.0, 1.0]], r"\[0, 1\]"),
    ([[0.5, 0.0], [0.0, 1.0]], "add up to 0.5"),
    ([[1.0, 0.3], [0.0, 0.7]], "non-member"),
])
def test_evaluate_rejects_bad_rates(rates, message):
    players = Players(("1", "2"), [1.0, 1.0], [2.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=message):
        evaluate(players, [(0,), (1,)], rates)


def test_badly_scaled_water_still_gives_the_optimum():
    # found by hypothesis: tiny and denormal amounts once made the tie-break LP look infeasible
    cases = [
        (Players(("1", "2"), [0.0, 1e-7], [0.0, 1e-7], [100.0, 100.0]), all_coalitions(2)),
        (Players(tuple("1234"), [7.90393324, 1.1920929e-07, 2.22507386e-311, 5.54837945],
                 [7.90393324, 1.1920929e-07, 5.0, 5.54837945], [100.0, 100.0, 4500.0, 100.0]),
         [(0,), (1,), (2,), (3,), (0, 1), (1, 2), (2, 3), (0, 1, 2, 3)]),
    ]
    for players, coalitions in cases:
        lp, enum = solve_lp(players, coalitions), solve_enumeration(players, coalitions)
        assert lp.total() == pytest.approx(enum.total(), rel=1e-7, abs=1e-9)  # HiGHS tolerances


@st.composite
def candidate_lists(draw, n):
    """Singletons plus a random selection of larger coalitions."""
    larger = [c for c in all_coalitions(n) if len(c) > 1]
    chosen = draw(st.lists(st.sampled_from(larger), unique=True, max_size=len(larger)))
    return [(i,) for i in range(n)] + chosen


@settings(max_examples=30)
@given(instances(n_low=3, n_high=5), st.data())
def test_the_staged_lp_equals_one_lp_over_every_candidate(players, data):
    """Step 1 of solve_lp (only maximal candidates) loses nothing: superadditivity in the rates."""
    from clustermodels.water.stage2 import _knapsack_lp

    coalitions = data.draw(candidate_lists(players.n))
    full_value = _knapsack_lp(players, coalitions)[0]
    assert solve_lp(players, coalitions).total() == pytest.approx(full_value, rel=1e-7, abs=1e-6)


@settings(max_examples=20)
@given(instances(n_low=3, n_high=3), st.data())
def test_both_solvers_agree_on_random_candidate_lists(players, data):
    coalitions = data.draw(candidate_lists(players.n))
    assert solve_lp(players, coalitions).total() == pytest.approx(
        solve_enumeration(players, coalitions).total(), rel=1e-7, abs=1e-6)


def test_maximal_coalitions():
    from clustermodels.water.stage2 import maximal_coalitions

    assert maximal_coalitions([(0,), (1,), (0, 1), (1, 2), (2,)]) == [(0, 1), (1, 2)]
    assert maximal_coalitions(all_coalitions(4)) == [(0, 1, 2, 3)]


@settings(max_examples=80, deadline=None)
@given(st.data(), st.integers(1, 5))
def test_knapsack_rows_are_the_matrices_scipy_builds_from_triples(data, n):
    """The stage-2 rows built directly in compressed-row form equal, entry for entry and in order
    (explicit zeros of a player without water or capacity kept), what scipy builds from the
    (row, column, value) triples, the construction they replace."""
    from scipy import sparse

    from clustermodels.water.stage2 import _knapsack_rows, _pairs

    everyone = [u for k in range(1, n + 1) for u in itertools.combinations(range(n), k)]
    drawn = data.draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=6, unique=True))
    coalitions = check_coalitions(drawn + [(i,) for i in range(n) if (i,) not in drawn], n)
    water = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.5, 2.0, 13.25]), min_size=n, max_size=n)))
    cap = water + np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0, 4.5]), min_size=n, max_size=n)))
    ks, iis = _pairs(coalitions)
    m, K, r = ks.size, len(coalitions), np.arange(ks.size)
    A_eq = sparse.csr_matrix((np.ones(m), (iis, r)), shape=(n, 2 * m))
    pool = sparse.csr_matrix((np.r_[np.ones(m), -water[iis]], (np.r_[ks, ks], np.r_[r + m, r])), shape=(K, 2 * m))
    caps = sparse.csr_matrix((np.r_[np.ones(m), -cap[iis]], (np.r_[r, r], np.r_[r + m, r])), shape=(m, 2 * m))
    A_ub = sparse.vstack([pool, caps]).tocsr()
    ours = _knapsack_rows(ks, iis, K, n, water, cap)
    for mine, theirs in zip(ours, (A_ub, A_eq)):
        assert mine.shape == theirs.shape
        assert np.array_equal(mine.indptr, theirs.indptr) and np.array_equal(mine.indices, theirs.indices)
        assert mine.data.tobytes() == theirs.data.astype(float).tobytes()  # -0.0 and 0.0 told apart
