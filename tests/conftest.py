"""Test set-up: notebooks executed by nbval write into a temporary folder, never figures/; the
run-time-text tests share one per-edition fixture."""

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# Set before any kernel starts: nbval's kernels inherit the environment.
if "CLUSTERMODELS_OUTPUT_DIR" not in os.environ:
    os.environ["CLUSTERMODELS_OUTPUT_DIR"] = tempfile.mkdtemp(prefix="clustermodels-test-")
    atexit.register(shutil.rmtree, os.environ["CLUSTERMODELS_OUTPUT_DIR"], ignore_errors=True)
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
# Links printed in the notebooks name the committed folder, as under `clustermodels reproduce`, so
# nbval compares the HTML tables (and their CSV links) with the committed outputs.
os.environ.setdefault("CLUSTERMODELS_OUTPUT_SHOWN", "{edition}")  # as reproduce: figures/… of the run's lang

# derandomize: every run (and CI) draws the same examples, so a property test cannot fail by chance
settings.register_profile("default", deadline=None, max_examples=60, derandomize=True)
settings.load_profile("default")


@pytest.fixture(params=["en", "zh"])
def lang(request):
    """Each run-time-text test once per edition: the active language set, then restored."""
    from clustermodels import i18n

    token = i18n._language.set(request.param)
    yield request.param
    i18n._language.reset(token)
