"""Paper 1: F against finite differences, the VI solvers, uniqueness, a closed-form case."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustermodels.supernetwork import equilibrium, feasible, model, policies, vi
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
    x = random_feasible(XINWEN, rng)
    step = 1e-6
    numeric = np.array([-(model.utilities(XINWEN, x + step * e).sum() - model.utilities(XINWEN, x - step * e).sum())
                        / (2 * step) for e in np.eye(x.size)])
    assert np.allclose(model.F(XINWEN, x, mode="cooperative"), numeric, atol=1e-7)


def random_feasible(inst, rng):
    """A random point of K: uniform in the box, then each supplier's takes scaled into its cap."""
    lower, upper = inst.bounds()
    y = rng.uniform(lower, upper)
    a, b = inst.split(y)
    totals = inst.supplier_totals(b)
    scale = np.where(totals > inst.available, inst.available / np.maximum(totals, 1e-300), 1.0)
    return np.r_[a, b * scale[inst.supplier] * rng.uniform(0.2, 1.0)]


@pytest.mark.parametrize("method", equilibrium.METHODS)
def test_solution_satisfies_the_vi(method):
    result = equilibrium.solve(XINWEN, method, tol=1e-10)
    F = model.make_F(XINWEN)
    K = XINWEN.feasible_set()
    assert result.converged and vi.natural_residual(F, result.x, K.project) <= 1e-10
    assert K.contains(result.x, tol=1e-12)
    check = equilibrium.conditions(XINWEN, result.x)
    assert check["violation"] < 1e-8
    # the VI itself: <F(x*), y - x*> >= 0 for random y in K (some on the caps' faces)
    rng = np.random.default_rng(2)
    for _ in range(200):
        y = random_feasible(XINWEN, rng)
        assert K.contains(y)
        assert F(result.x) @ (y - result.x) >= -1e-8


@pytest.mark.parametrize("case", ["nash", "separable", "planner"])
def test_no_supplier_delivers_more_than_it_holds(case):
    inst = XINWEN.with_(scarcity=np.zeros(XINWEN.m)) if case == "separable" else XINWEN
    x = equilibrium.solve(inst, mode="cooperative" if case == "planner" else "nash").x
    _, b = inst.split(x)
    assert np.all(inst.supplier_totals(b) <= inst.available + 1e-12)
    assert equilibrium.conditions(inst, x, mode="cooperative" if case == "planner" else "nash")["violation"] < 1e-8


def test_some_cap_binds_with_a_positive_shadow_price_and_the_box_alone_overdraws():
    """The default instance needs the caps: without them A and B deliver more than they hold,
    and the KKT check on the capped set flags that point."""
    x = equilibrium.solve(XINWEN).x
    check = equilibrium.conditions(XINWEN, x)
    assert check["binding"].any() and (check["multipliers"][check["binding"]] > 1e-3).any()
    assert np.all(check["multipliers"][~check["binding"]] == 0)
    F = model.make_F(XINWEN)
    lower, upper = XINWEN.bounds()
    box_only = vi.extragradient(F, lambda y: np.clip(y, lower, upper), np.zeros(lower.size),
                                0.9 / vi.lipschitz(F, lower.size), 1e-10).x
    assert (XINWEN.supplier_totals(XINWEN.split(box_only)[1]) > XINWEN.available + 0.1).any()
    assert equilibrium.conditions(XINWEN, box_only)["violation"] > 0.1


def test_a_wrong_multiplier_is_caught():
    """Moving one take of a binding supplier off its optimum (keeping the cap) must show up."""
    x = equilibrium.solve(XINWEN).x.copy()
    n = XINWEN.n_edges
    j = int(np.argmax(equilibrium.conditions(XINWEN, x)["multipliers"]))
    k, l = np.flatnonzero(XINWEN.supplier == j)[:2]
    shift = 0.5 * min(x[n + k], XINWEN.available[j])
    x[n + k] -= shift
    x[n + l] += shift
    assert XINWEN.feasible_set().contains(x)
    assert equilibrium.conditions(XINWEN, x)["violation"] > 1e-3


@settings(max_examples=20)
@given(st.integers(0, 2**31 - 1))
def test_solution_does_not_depend_on_the_starting_point(seed):
    start = random_feasible(XINWEN, np.random.default_rng(seed))
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
    assume(alpha * gamma > 1.05 * beta**2)  # strictly monotone: the closed form is the unique equilibrium
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


def test_heterogeneous_w1_w2_are_allowed_and_the_jacobian_stays_symmetric():
    rng = np.random.default_rng(3)
    w12 = rng.uniform(0.1, 0.6, XINWEN.m)
    inst = XINWEN.with_(weights=np.column_stack([w12, 0.7 - w12, np.full(XINWEN.m, 0.3)]))
    J = model.jacobian(inst)
    assert np.allclose(J, J.T)
    assert np.allclose(model.jacobian(inst, "cooperative"), model.jacobian(inst, "cooperative").T)


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
    ({"weights": np.tile([0.3, 0.4, 0.3], (9, 1)) + np.r_[np.zeros((1, 3)), [[0, 0.1, -0.1]], np.zeros((7, 3))]},
     r"weights: the buyers of supplier A .* must share the cost weight w3"),
])
def test_bad_instances_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        XINWEN.with_(**change)


# --- the projection onto K: per-edge box and a cap per supplier ----------------------------------

@st.composite
def capped_problems(draw):
    """A random capped box-simplex problem: groups of varying size (some empty), caps that bind or
    not, per-coordinate upper bounds, and a point y far inside and outside."""
    seed = draw(st.integers(0, 2**31 - 1))
    n_groups = draw(st.integers(1, 6))
    n = draw(st.integers(1, 40))
    rng = np.random.default_rng(seed)
    group = rng.integers(0, n_groups, n)
    upper = rng.uniform(0.0, 3.0, n) * (rng.random(n) > 0.05)
    cap = rng.uniform(0.0, 4.0, n_groups) * (rng.random(n_groups) > 0.1)
    y = rng.normal(0.5, draw(st.sampled_from([0.1, 1.0, 5.0])), n)
    if draw(st.booleans()):
        y[: n // 2] = y[0]  # ties
    return y, upper, group, cap, rng


def _set(upper, group, cap):
    n = upper.size
    return feasible.CappedBox(np.zeros(n), upper, group, cap)


def _random_point_of(K, rng):
    z = rng.uniform(0, K.upper)
    totals = K.group_totals(z)
    scale = np.where(totals > K.cap, K.cap / np.maximum(totals, 1e-300), 1.0)
    return z * scale[K.group] * (1 - 1e-12)


@settings(max_examples=300, deadline=None)
@given(capped_problems())
def test_projection_is_feasible_nearest_and_idempotent(problem):
    y, upper, group, cap, rng = problem
    K = _set(upper, group, cap)
    x = K.project(y)
    assert K.contains(x, tol=1e-10)
    # the projection's variational inequality: <y - P(y), z - P(y)> <= 0 for every z in K
    for _ in range(30):
        z = _random_point_of(K, rng)
        assert (y - x) @ (z - x) <= 1e-9 * (1 + np.abs(y).sum())
        assert np.linalg.norm(y - x) <= np.linalg.norm(y - z) + 1e-9
    # the vertices of each group's set are points of K too
    assert np.allclose(K.project(x), x, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(capped_problems())
def test_projection_matches_a_reference_solver(problem):
    """Against the same projection computed as a small QP by scipy (SLSQP), one group at a time."""
    from scipy.optimize import minimize

    y, upper, group, cap, _ = problem
    x = _set(upper, group, cap).project(y)
    for g in np.unique(group):
        idx = group == g
        res = minimize(lambda v: 0.5 * ((v - y[idx]) ** 2).sum(), np.zeros(idx.sum()),
                       jac=lambda v: v - y[idx], bounds=list(zip(np.zeros(idx.sum()), upper[idx])),
                       constraints=[{"type": "ineq", "fun": lambda v: cap[g] - v.sum(),
                                     "jac": lambda v: -np.ones_like(v)}], method="SLSQP",
                       options={"ftol": 1e-14, "maxiter": 500})
        ours = 0.5 * ((x[idx] - y[idx]) ** 2).sum()
        assert ours <= res.fun + 1e-7


def test_projection_is_fast_and_exact_at_the_benchmark_size():
    inst = model.random_instance(120, seed=1)
    K = inst.feasible_set()
    rng = np.random.default_rng(0)
    y = rng.normal(2.0, 3.0, 2 * inst.n_edges)
    x = K.project(y)
    assert K.contains(x, tol=1e-10)
    totals = K.group_totals(x)
    assert np.allclose(totals[K.group_totals(np.clip(y, K.lower, K.upper)) > K.cap], K.cap[K.group_totals(np.clip(y, K.lower, K.upper)) > K.cap])


@settings(max_examples=10, deadline=None)
@given(st.integers(5, 25), st.integers(0, 10_000))
def test_random_clusters_respect_every_cap(m, seed):
    inst = model.random_instance(m, seed, density=0.5)
    inst = inst.with_(available=inst.available * 0.2)  # make caps bind
    x = equilibrium.solve(inst, tol=1e-10).x
    assert inst.feasible_set().contains(x, tol=1e-12)
    assert equilibrium.conditions(inst, x)["violation"] < 1e-7


@settings(max_examples=200, deadline=None)
@given(capped_problems(), st.floats(0.0, 2.0))
def test_projection_skipping_redundant_upper_bounds_is_the_same_projection(problem, slack):
    """With every upper bound at least its group's cap (as in K, where both are b_j), the fast
    path that ignores the upper bounds gives the full projection."""
    y, _, group, cap, _ = problem
    upper = cap[group] + slack
    K = _set(upper, group, cap)
    assert K.project(y) is not None and K.warm["redundant"]
    full, _ = feasible.project_capped_simplex(y, upper, group, cap, upper_redundant=False)
    assert np.allclose(K.project(y), full, atol=1e-12)
    assert K.contains(full, tol=1e-10)


# --- other equilibria of the capped game (clustermodels.supernetwork.gne) -------------------------


def _default_instance():
    from clustermodels.supernetwork.notebook import resolve

    return resolve({}).instance


def test_the_variational_equilibrium_is_a_nash_equilibrium_and_unit_price_weights_give_it():
    from clustermodels.supernetwork import gne

    inst = _default_instance()
    ve = equilibrium.solve(inst, tol=1e-11).x
    assert np.abs(gne.best_response_gains(inst, ve)).max() < 1e-9
    assert np.abs(gne.weighted_solve(inst, np.ones(inst.m), tol=1e-11).x - ve).max() < 1e-8


def test_another_price_weight_gives_another_certified_equilibrium():
    from clustermodels.supernetwork import gne

    inst = _default_instance()
    ve = equilibrium.solve(inst, tol=1e-11).x
    r = np.ones(inst.m)
    r[inst.agents.index("B")] = 2.0
    other = gne.weighted_solve(inst, r, tol=1e-11).x
    assert inst.feasible_set().contains(other, tol=1e-12)
    assert np.abs(other - ve).max() > 1e-2           # a different point ...
    assert np.abs(gne.best_response_gains(inst, other)).max() < 1e-9  # ... at which nobody can gain
    table = gne.compare(inst, ve, other).set_index("edge")
    # at the variational one A's buyers value A's resource alike; at the other, B values it at
    # twice what the others do
    a_edges = [e for e in table.index if e.startswith("A→")]
    assert np.ptp(table.loc[a_edges, "marginal value (variational)"]) < 1e-6
    others = [e for e in a_edges if e != "A→B"]
    assert table.loc["A→B", "marginal value (other)"] == pytest.approx(
        2 * table.loc[others, "marginal value (other)"].mean(), rel=1e-5)


def test_a_point_off_equilibrium_shows_a_positive_gain():
    """The certificate has teeth: move one buyer's flows away from its best response."""
    from clustermodels.supernetwork import gne

    inst = _default_instance()
    x = equilibrium.solve(inst, tol=1e-11).x.copy()
    k = int(np.flatnonzero(inst.buyer == inst.agents.index("C"))[0])
    x[k] = 0.5 * x[k]  # halve one green level of C
    gains = gne.best_response_gains(inst, x)
    assert gains[inst.agents.index("C")] > 1e-6
    assert np.all(gains >= -1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_solve_fast_reaches_the_variational_equilibrium_of_solve(seed):
    inst = model.random_instance(10, seed=seed, density=0.5)
    slow = equilibrium.solve(inst, tol=1e-11)
    fast = equilibrium.solve_fast(inst, tol=1e-10)
    fast_warm = equilibrium.solve_fast(inst, tol=1e-10, x0=slow.x + 0.01)
    assert fast.converged and fast_warm.converged
    for x in (fast.x, fast_warm.x):
        assert inst.feasible_set().contains(x, tol=1e-12)
        assert np.abs(x - slow.x).max() < 1e-8
        assert equilibrium.conditions(inst, x)["violation"] < 1e-8


def test_polish_refuses_a_point_off_the_solutions_face():
    """The exact step is only accepted when it certifies itself: from the origin (every flow at
    its lower bound, a face the Xinwen equilibrium is not on) it returns None."""
    assert equilibrium.polish(XINWEN, np.zeros(2 * XINWEN.n_edges), 1e-10) is None
    x = equilibrium.solve(XINWEN, tol=1e-11).x
    y = equilibrium.polish(XINWEN, x, 1e-10)
    assert y is not None and np.abs(y - x).max() < 1e-8
