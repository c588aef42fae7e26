"""clustermodels.lp solves what scipy's linprog solves, with scipy's status codes (ScipyLP: bit for bit)."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import sparse
from scipy.optimize import linprog as scipy_linprog

from clustermodels import lp


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 8), st.integers(1, 8),
       st.sampled_from(["highs", "highs-ds", "highs-ipm"]))
def test_same_optimum_as_scipy(seed, n, m, method):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=n)
    A = sparse.random(m, n, density=0.6, random_state=seed, format="csr")
    b = rng.uniform(0.5, 2.0, m)
    A_eq, b_eq = np.ones((1, n)), [rng.uniform(0.1, 1.0)]
    bounds = [(0, rng.uniform(0.2, 1.0)) for _ in range(n)]
    ours = lp.linprog(c, A_ub=A, b_ub=b, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method=method)
    theirs = scipy_linprog(c, A_ub=A, b_ub=b, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method=method)
    assert ours.status == theirs.status
    if theirs.status == 0:
        assert ours.fun == pytest.approx(theirs.fun, rel=1e-7, abs=1e-9)
        assert np.all(A @ ours.x <= b + 1e-7) and abs(ours.x.sum() - b_eq[0]) <= 1e-7


def test_infeasible_and_unbounded_use_scipys_codes():
    assert lp.linprog([1.0], A_ub=[[1.0]], b_ub=[-1.0]).status == 2        # x >= 0 and x <= -1
    assert lp.linprog([-1.0], bounds=[(0, None)]).status == 3              # max x, x unbounded
    assert lp.linprog([1.0, 1.0], bounds=(1, 2)).fun == pytest.approx(2.0)  # one pair for all


def test_no_banner_on_standard_output():
    # HiGHS prints its banner once per process, at the first solver: check in fresh processes,
    # and that the banner is really there to hide
    def stdout_of(code: str) -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert "HiGHS" in stdout_of("import highspy; highspy.Highs()")
    assert stdout_of("from clustermodels import lp; lp.linprog([1.0], bounds=[(0, 1)]); print('done')") == "done\n"


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="highs-ds"):
        lp.linprog([1.0], method="simplex")


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 8), st.integers(1, 8),
       st.sampled_from(["highs", "highs-ds", "highs-ipm"]), st.booleans())
def test_scipy_lp_is_scipys_answer_bit_for_bit(seed, n, m, method, tight):
    # the same constraints solved for several costs, some infeasible or unbounded (b may be < 0,
    # a variable may have no bound): status, message, x and fun exactly scipy's
    rng = np.random.default_rng(seed)
    A = sparse.random(m, n, density=0.6, random_state=seed, format="csr")
    b = rng.uniform(-0.5, 2.0, m)
    A_eq, b_eq = np.ones((1, n)), [rng.uniform(0.1, 1.0)]
    bounds = [(0 if rng.random() < 0.8 else None, rng.uniform(0.2, 1.0) if rng.random() < 0.8 else None)
              for _ in range(n)]
    options = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10} if tight else None
    problem = lp.ScipyLP(n, A, b, A_eq, b_eq, bounds, method, options)
    for _ in range(3):
        c = rng.normal(size=n)
        ours = problem.minimise(c)
        theirs = scipy_linprog(c, A_ub=A, b_ub=b, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method=method,
                               options=options)
        assert (ours.status, ours.message, ours.fun) == (theirs.status, theirs.message, theirs.fun)
        assert (ours.x is None and theirs.x is None) or np.array_equal(ours.x, theirs.x)


def test_scipy_lp_refuses_what_it_does_not_pass_on():
    with pytest.raises(ValueError, match="presolve"):
        lp.ScipyLP(1, bounds=[(0, 1)], options={"presolve": False})
    with pytest.raises(ValueError, match="highs-ds"):
        lp.ScipyLP(1, bounds=[(0, 1)], method="simplex")
    with pytest.raises(ValueError, match="2 entries for 1 variables"):
        lp.ScipyLP(1, bounds=[(0, 1)]).minimise([1.0, 2.0])


def _scipys_columns(blocks, n):
    A = sparse.vstack([sparse.csr_matrix(B) for B in blocks]).tocsc() if blocks else sparse.csc_matrix((0, n))
    return A.indptr, A.indices, A.data, A.shape[0]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 7), rows=st.lists(st.integers(0, 5), min_size=0, max_size=3))
def test_stacked_columns_are_scipys_arrays(data, n, rows):
    """The constraint matrix HiGHS receives is entry for entry scipy's (sparse blocks keep their
    explicit zeros, dense ones keep their nonzeros, a column's entries in row order)."""
    blocks = []
    for m in rows:
        dense = np.array(data.draw(st.lists(st.lists(st.sampled_from([0.0, -0.0, 1.0, -2.5, 3e-12, 7.0]),
                                                     min_size=n, max_size=n), min_size=m, max_size=m)),
                         dtype=float).reshape(m, n)
        kind = data.draw(st.sampled_from(["dense", "csr", "coo with explicit zeros"]))
        if kind == "csr":
            dense = sparse.csr_matrix(dense)
        elif kind == "coo with explicit zeros":
            r, c = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
            dense = sparse.csr_matrix((dense.ravel(), (r.ravel(), c.ravel())), shape=(m, n))
        blocks.append(dense)
    ours, theirs = lp.stacked_columns(blocks, n), _scipys_columns(blocks, n)
    assert ours[3] == theirs[3]
    for a, b in zip(ours[:3], theirs[:3]):
        assert np.array_equal(a, b) and np.asarray(a).tobytes() == np.asarray(b).astype(np.asarray(a).dtype).tobytes()
