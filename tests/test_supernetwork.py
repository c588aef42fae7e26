"""Paper 1: F against finite differences, the VI solvers, uniqueness, a closed-form case."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels.supernetwork import equilibrium, model, policies, vi
from clustermodels.supernetwork.model import Instance

XINWEN, RAW = model.load_instance()


def test_F_equals_minus_the_gradient_of_each_agents_utility():
    """(3)-(4) derived analytically vs central finite differences of U_i in its own variables."""
    rng = np.random.default_rng(0)
    lower, upper = XINWEN.bounds()
    x = rng.uniform(lower, upper)
    f = model.F(XINWEN, x)
    owner = np.r_[XINWEN.buyer, XINWEN.buyer]
    step = 1e-6
    numeric = np.empty_like(x)
    for k in range(x.size):
        up, down = x.copy(), x.copy()
        up[k] += step
        down[k] -= step
        numeric[k] = -(model.utilities(XINWEN, up)[owner[k]] - model.utilities(XINWEN, down)[owner[k]]) / (2 * step)
    assert np.allclose(f, numeric, atol=1e-7)


def test_cooperative_map_is_the_gradient_of_total_utility():
    rng = np.random.default_rng(1)
    x = rng.uniform(*XINWEN.bounds())
    step = 1e-6
    numeric = np.array([-(model.utilities(XINWEN, x + step * e).sum() - model.utilities(XINWEN, x - step * e).sum())
                        / (2 * step) for e in np.eye(x.size)])
    assert np.allclose(model.F(XINWEN, x, mode="cooperative"), numeric, atol=1e-7)


@pytest.mark.parametrize("method", equilibrium.METHODS)
def test_solution_satisfies_the_vi(method):
    result = equilibrium.solve(XINWEN, method, tol=1e-10)
    F = model.make_F(XINWEN)
    lower, upper = XINWEN.bounds()
    assert result.converged and vi.natural_residual(F, result.x, lower, upper) <= 1e-10
    assert vi.complementarity_violation(F, result.x, lower, upper) < 1e-8
    # the VI itself: <F(x*), y - x*> >= 0 for random y in K
    rng = np.random.default_rng(2)
    for _ in range(200):
        y = rng.uniform(lower, upper)
        assert F(result.x) @ (y - result.x) >= -1e-8


@settings(max_examples=20)
@given(st.integers(0, 2**31 - 1))
def test_solution_does_not_depend_on_the_starting_point(seed):
    lower, upper = XINWEN.bounds()
    start = np.random.default_rng(seed).uniform(lower, upper)
    reference = equilibrium.solve(XINWEN, tol=1e-11).x
    assert np.abs(equilibrium.solve(XINWEN, "euler", tol=1e-11, x0=start).x - reference).max() < 1e-8


@given(st.floats(0.5, 2.0), st.floats(0.5, 2.0), st.floats(0.5, 2.0), st.floats(0.1, 0.5),
       st.floats(0.0, 0.3), st.floats(0.2, 0.6), st.floats(0.1, 0.4))
def test_one_agent_one_supplier_matches_the_closed_form(g, c, e, h, theta, phi, psi):
    """One buyer, one supplier, no scarcity: interior F = 0 is a 2x2 linear system."""
    lam = 0.5 * phi
    inst = Instance(agents=("buyer", "supplier"), buyer=np.array([0]), supplier=np.array([1]),
                    g=[g], c=[c], e=[e], h=[h], theta=[theta], phi=[phi], psi=[psi], lam=[lam],
                    available=np.array([0.0, 100.0]), price=np.array([0.0, 0.05]),
                    scarcity=np.zeros(2), weights=np.array([1 / 3, 1 / 3, 1 / 3]))
    w = 1 / 3
    alpha, beta, gamma = w * (c + g), w * (lam + theta), w * (psi + h)
    rhs = np.array([w * g, w * (e - phi - 0.05)])
    a, b = np.linalg.solve(np.array([[alpha, -beta], [-beta, gamma]]), rhs)
    a_clipped = min(max(a, 0.0), 1.0)
    if a_clipped != a:  # a at a bound: b solves its own first-order condition given a
        a = a_clipped
        b = (rhs[1] + beta * a) / gamma
    b = max(b, 0.0)
    if b == 0.0:
        a = min(max(rhs[0] / alpha, 0.0), 1.0)
    x = equilibrium.solve(inst, tol=1e-12).x
    assert x == pytest.approx([a, b], abs=1e-8)


def test_coupling_changes_the_answer():
    nash = equilibrium.solve(XINWEN).x
    alone = equilibrium.solve(XINWEN.with_(scarcity=np.zeros(XINWEN.m))).x
    planner = equilibrium.solve(XINWEN, mode="cooperative").x
    assert np.abs(nash - alone).max() > 0.1 and np.abs(nash - planner).max() > 0.1
    assert model.utilities(XINWEN, planner).sum() >= model.utilities(XINWEN, nash).sum() - 1e-9


def test_certificate_bounds_the_exact_eigenvalue_and_rejects_non_monotone_instances():
    cert = equilibrium.certify(XINWEN)
    assert 0 < cert["block_bound"] <= cert["exact"] + 1e-12
    bad = XINWEN.with_(theta=XINWEN.theta * 20, h=XINWEN.h * 0.01)
    with pytest.raises(equilibrium.NotMonotone, match="not strongly monotone"):
        equilibrium.certify(bad)


@given(st.integers(3, 30), st.integers(0, 1000))
def test_block_bound_never_exceeds_the_exact_modulus(m, seed):
    inst = model.random_instance(m, seed, density=0.3)
    if inst.n_edges == 0:
        return
    assert model.block_min_eigenvalues(inst).min() <= model.min_eigenvalue(inst) + 1e-10


def test_policies_move_the_equilibrium_as_section_5_argues():
    waste = np.array([e["economic"] in RAW["policies"]["waste_resources"] for e in RAW["edges"]])
    base = model.totals(XINWEN, equilibrium.solve(XINWEN).x)
    for lever, value, key in (("green_subsidy", 0.5, "green_flow"), ("discard_tax", 0.3, "economic_flow"),
                              ("rd_saving", 0.5, "economic_flow")):
        changed = policies.apply(XINWEN, waste, **{lever: value})
        assert model.totals(changed, equilibrium.solve(changed).x)[key] > base[key]


@pytest.mark.parametrize("change, message", [
    ({"weights": np.array([0.5, 0.5, 0.5])}, "sum to 1"),
    ({"c": -XINWEN.c}, "'c' must be"),
    ({"available": -XINWEN.available}, "'available' must be"),
    ({"lam": XINWEN.phi * 2}, "exceeds the processing cost"),
])
def test_bad_instances_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        XINWEN.with_(**change)
