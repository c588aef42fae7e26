"""The shipped Vensim model, run by PySD, equals the numpy engine."""

import numpy as np
import pytest

from clustermodels.innovation import model, vensim

SPEC = model.load_spec()
CASES = model.sensitivity_cases(SPEC, 0.5)


@pytest.fixture(scope="module")
def pysd_model():
    return vensim.load_model()


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_pysd_trajectory_equals_numpy(case, pysd_model):
    ours = model.simulate(case.spec)
    theirs = vensim.simulate_pysd(case.spec, pysd_model)[ours.columns]
    np.testing.assert_array_equal(theirs.index.to_numpy(), ours.index.to_numpy())
    np.testing.assert_allclose(theirs.to_numpy(), ours.to_numpy(), rtol=0, atol=1e-9)


def test_pysd_follows_a_changed_lookup_and_step(pysd_model):
    spec = SPEC.with_(lookup_x=(0, 10, 20), lookup_y=(0, 4.6, 0), time_step=0.5)  # the triangle
    ours = model.simulate(spec)
    theirs = vensim.simulate_pysd(spec, pysd_model)[ours.columns]
    np.testing.assert_allclose(theirs.to_numpy(), ours.to_numpy(), rtol=0, atol=1e-9)


def test_mdl_constants_equal_the_data_file():
    constants = vensim.model_constants()
    assert constants["effect coefficient"] == SPEC.effect
    assert constants["TIME STEP"] == SPEC.time_step
    assert (constants["INITIAL TIME"], constants["FINAL TIME"]) == (SPEC.initial_time, SPEC.final_time)
    for e in SPEC.elements:
        assert constants[vensim.coefficient_name(e)] == e.coefficient
    assert vensim.model_lookup() == (SPEC.lookup_x, SPEC.lookup_y)


def test_pysd_refuses_rk4():
    with pytest.raises(ValueError, match="Euler"):
        vensim.simulate_pysd(SPEC.with_(method="rk4"))
