"""Model results the editions of one ``clustermodels reproduce`` share.

The English and Chinese editions of a notebook solve the same models with the same inputs; only
their words differ. ``reproduce`` gives each run of one invocation the same fresh folder (in
:data:`ENV`); a function marked :func:`shared` then stores its result there under a hash of its
name and arguments, and a later call with equal arguments (the other edition) reads it back
instead of solving again. The folder is deleted when ``reproduce`` ends, so nothing outlives one
reproduction, and without the variable (``clustermodels run``, the tests, nbval, a reader's
kernel) every call computes.

Only functions whose result depends on their arguments alone are marked: no language, no clock,
no global random state. A pickle round trip returns floats bit for bit, so a read result equals a
computed one; nbval re-executes both editions without the folder and compares.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

ENV = "CLUSTERMODELS_SHARED_RESULTS"


def _key(fn, args, kwargs) -> str:
    payload = pickle.dumps((args, sorted(kwargs.items())), protocol=5)
    return hashlib.sha256(f"{fn.__module__}.{fn.__qualname__}\0".encode() + payload).hexdigest()


def shared(fn):
    """Mark ``fn`` as a pure function of its arguments whose result the editions of one
    reproduction may share. Arguments that do not pickle make the call compute, as it would
    without the folder."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        folder = os.environ.get(ENV)
        if not folder:
            return fn(*args, **kwargs)
        try:
            path = Path(folder) / f"{_key(fn, args, kwargs)}.pickle"
        except (pickle.PicklingError, TypeError, AttributeError):
            return fn(*args, **kwargs)
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            pass  # not there yet (or half written by a run that died): compute
        result = fn(*args, **kwargs)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            with open(tmp, "wb") as f:
                pickle.dump(result, f, protocol=5)
            os.replace(tmp, path)  # whole or not at all: the other edition never reads half a file
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            tmp.unlink(missing_ok=True)  # a result that does not pickle is simply not shared
        return result

    return wrapper


@contextmanager
def for_this_process():
    """A fresh folder in :data:`ENV` for the kernels this process starts; removed at the end."""
    folder, before = tempfile.mkdtemp(prefix="clustermodels-shared-"), os.environ.get(ENV)
    os.environ[ENV] = folder
    try:
        yield Path(folder)
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
        shutil.rmtree(folder, ignore_errors=True)
