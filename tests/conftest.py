"""Test set-up: notebooks executed by nbval write into a temporary folder, never figures/."""

import os
import tempfile

from hypothesis import settings

# Set before any kernel starts: nbval's kernels inherit the environment.
os.environ.setdefault("CLUSTERMODELS_OUTPUT_DIR", tempfile.mkdtemp(prefix="clustermodels-test-"))
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

settings.register_profile("default", deadline=None, max_examples=60)
settings.load_profile("default")
