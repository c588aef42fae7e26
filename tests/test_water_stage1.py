"""Paper 4's stage 1, LP (1)-(7), and the calibration to the paper's printed results."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clustermodels.water import analysis, calibration, core
from clustermodels.water.inputs import load_model, stage1_inputs
from clustermodels.water.stage1 import Stage1Infeasible, check_stage1, solve_stage1

MODEL = load_model()


@given(st.lists(st.floats(0.7, 1.3), min_size=3, max_size=3), st.floats(0.6, 1.6),
       st.lists(st.floats(0.8, 1.2), min_size=12, max_size=12))
def test_stage1_output_satisfies_2_to_7(local_scale, shared_scale, demand_scale):
    raw = MODEL.source
    base = MODEL.stage1
    inp = stage1_inputs(raw, demand=base.demand * np.reshape(demand_scale, base.demand.shape),
                        local_supply=base.local_capacity * np.array(local_scale),
                        shared_supply=float(base.shared_capacity.sum()) * shared_scale)
    try:
        table = solve_stage1(inp)
    except Stage1Infeasible:
        return  # too little water for domestic demand: reported, never a wrong number
    assert check_stage1(inp, table) == []
    assert (table["shortage"] >= -1e-7).all()


def test_check_stage1_catches_a_violation():
    table = solve_stage1(MODEL.stage1)
    broken = table.copy()
    broken.loc[0, "local"] -= 1.0  # Beijing domestic no longer fully met
    broken.loc[0, "supply"] -= 1.0
    assert "(2) beijing" in check_stage1(MODEL.stage1, broken)


def test_infeasible_stage1_names_its_cause():
    inp = stage1_inputs(MODEL.source, local_supply=[1.0, 1.0, 1.0], shared_supply=5.0)
    with pytest.raises(Stage1Infeasible, match="domestic demand of beijing .* exceeds"):
        solve_stage1(inp)


def test_the_default_allocation_short_changes_industry_only():
    table = solve_stage1(MODEL.stage1).set_index(["region", "user"])
    short = table[table["shortage"] > 1e-7].index.tolist()
    assert short == [("tianjin", "industry"), ("hebei", "industry")]
    assert table["shared"].sum() == pytest.approx(57.3)


def test_calibrated_shares_in_the_data_are_the_ones_the_algebra_gives():
    cal = calibration.calibrate_shares(MODEL, solve_stage1(MODEL.stage1))
    stored = calibration.stored_shares(MODEL)
    assert set(stored) == {1, 2, 3}
    assert calibration.max_share_difference(cal.shares, stored) < 1e-12


def test_the_paper_results_are_reproduced_by_both_solvers():
    for solver in ("lp", "enumeration"):
        out = analysis.run(MODEL, solver)
        alloc = out.allocation
        assert analysis.structure(alloc) == "{1} {3} {4} {2,3}"
        k23 = alloc.coalitions.index((1, 2))
        assert alloc.rates[k23].tolist() == pytest.approx([0.0, 1.0, 0.57, 0.0], abs=1e-7)
        assert alloc.total() == pytest.approx(19572.82, abs=1e-4)
        assert out.players.standalone().sum() == pytest.approx(15352.76, abs=1e-4)
        assert np.all(alloc.player_benefit() >= out.players.standalone() - 1e-7)


def test_core_check_values_the_grand_coalition_at_the_optimum():
    alloc = analysis.run(MODEL).allocation
    table = core.core_table(alloc)
    assert len(table) == 15
    grand = table[table["group"] == "{1,2,3,4}"].iloc[0]
    assert grand["value"] == pytest.approx(alloc.total()) and grand["excess"] == pytest.approx(0, abs=1e-6)
    assert core.in_core(table, 1e4)


def test_core_check_detects_a_blocking_group():
    # player 3's water is the cheapest to move to player 2, but {1,2} alone gains more than the
    # equal Shapley split of {2,3} leaves player 2: (5000 - 2000) * 2 > (5000 - 1000) * 2 / 2
    from clustermodels.water.stage2 import Players, solve_lp

    players = Players(("1", "2", "3"), [5.0, 1.0, 5.0], [5.0, 3.0, 5.0], [2000.0, 5000.0, 1000.0])
    alloc = solve_lp(players, [(0,), (1,), (2,), (0, 1), (1, 2)])
    table = core.core_table(alloc)
    assert table["excess"].max() > 1.0
    assert table.loc[table["excess"].idxmax(), "group"] == "{1,2}"
