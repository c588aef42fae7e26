"""Run the shipped Vensim model (``innovation_capability.mdl``) with PySD.

The ``.mdl`` is the same model as :mod:`.model`, written for Vensim users; variable names are
ASCII (each element's English name) so PySD keeps them readable. PySD integrates with Euler's
method only.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..paths import data_dir, runs_dir
from ..sharedresults import shared
from . import NOTEBOOK
from .model import ModelSpec, simulate

STOCK = "innovation capability"
E_NAME = "embedded dynamic capability"
LOOKUP = "embedded capability lookup"
EFFECT = "effect coefficient"


def mdl_path() -> Path:
    return data_dir(NOTEBOOK) / "innovation_capability.mdl"


def coefficient_name(element) -> str:
    return f"{element.name_en} coefficient"


@lru_cache(maxsize=1)
def _translation_folder() -> tempfile.TemporaryDirectory:
    """The process's temporary folder for PySD's translation, removed when the process exits
    (PySD reloads the translated .py on every run, so it must live as long as the process)."""
    folder = tempfile.TemporaryDirectory(prefix="clustermodels-pysd-")
    atexit.register(folder.cleanup)
    return folder


CACHE_ENV = "CLUSTERMODELS_PYSD_CACHE"  # "0": translate into a temporary folder, no disk cache


def _translate(folder: Path) -> Path:
    """Copy the .mdl into ``folder`` and translate it there (PySD writes the .py beside it)."""
    import pysd

    copy = folder / mdl_path().name
    shutil.copyfile(mdl_path(), copy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pysd.read_vensim(str(copy))
    return copy.with_suffix(".py")


def cache_folder() -> Path:
    """``runs/.cache/pysd/<key>/``: the translation, keyed by the .mdl's bytes and PySD's version
    (git ignores ``runs/``). Any change to either gives a new key, so a stale translation is never
    used; delete ``runs/.cache`` to reclaim the space."""
    import pysd

    digest = hashlib.sha256(mdl_path().read_bytes() + b"\0pysd " + pysd.__version__.encode()).hexdigest()
    return runs_dir() / ".cache" / "pysd" / digest[:20]


def _cached_translation() -> Path | None:
    """The translated .py from the disk cache, translating into it first if needed; ``None`` if
    the cache is switched off or cannot be written. Written atomically: a private folder is
    renamed into place, so concurrent processes never see half a translation."""
    if os.environ.get(CACHE_ENV, "1") == "0":
        return None
    try:
        target = cache_folder()
        done = target / mdl_path().with_suffix(".py").name
        if done.is_file():
            return done
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
        try:
            _translate(work)
            try:
                work.rename(target)
            except OSError:  # another process got there first
                pass
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return done if done.is_file() else None
    except OSError:
        return None


@lru_cache(maxsize=1)
def _translated_model_file() -> Path:
    """The .mdl translated by PySD: from the disk cache (see :func:`cache_folder`), else once per
    process in a temporary folder removed at exit."""
    cached = _cached_translation()
    if cached is not None:
        return cached
    return _translate(Path(_translation_folder().name))


def cleanup() -> None:
    """Remove the translation folder now (it is removed at exit anyway); a later call translates
    again."""
    if _translation_folder.cache_info().currsize:
        _translation_folder().cleanup()
    _translation_folder.cache_clear()
    _translated_model_file.cache_clear()


def load_model():
    """A fresh PySD model of the shipped .mdl (no parameters carried over from earlier runs)."""
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.load(str(_translated_model_file()))


def model_constants() -> dict[str, float]:
    """The constants as written in the .mdl, keyed by Vensim name (from a fresh model: a PySD
    run's parameters stay set on the model object after the run)."""
    model = load_model()
    names = [EFFECT, "INITIAL TIME", "FINAL TIME", "TIME STEP"]
    names += [n for n in model.doc["Real Name"] if str(n).endswith(" coefficient")]
    return {n: float(model[n]) for n in dict.fromkeys(names)}


def model_lookup() -> tuple[tuple[float, ...], tuple[float, ...]]:
    data = load_model().get_series_data(LOOKUP)
    return (tuple(float(x) for x in data.coords["lookup_dim"].values),
            tuple(float(y) for y in data.values))


def simulate_pysd(spec: ModelSpec, model=None) -> pd.DataFrame:
    """Run the .mdl with every number of ``spec`` set, returning the same columns as
    :func:`.model.simulate` (capability, E, rates and elements), indexed by time."""
    if spec.method != "euler":
        raise ValueError("PySD integrates with Euler's method only; set method='euler'")
    model = model or load_model()
    params = {EFFECT: spec.effect,
              LOOKUP: pd.Series(spec.lookup_y, index=spec.lookup_x)}
    params.update({coefficient_name(e): e.coefficient for e in spec.elements})
    columns = {STOCK: "innovation_capability", E_NAME: "embedded_dynamic_capability",
               "internal rate": "internal_rate", "external rate": "external_rate"}
    columns.update({e.name_en: e.key for e in spec.elements})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.run(
            params=params,
            initial_condition=(spec.initial_time, {STOCK: spec.initial_capability}),
            final_time=spec.final_time,
            time_step=spec.time_step,
            saveper=spec.time_step,
            return_columns=list(columns),
            reload=True,
        )
    result = result.rename(columns=columns)
    result.index = pd.Index(result.index.to_numpy(dtype=float), name="time")
    return result


@shared
def largest_difference(specs) -> float:
    """The largest |PySD - numpy| over every variable and time step of each spec's run (Euler)."""
    worst = 0.0
    for spec in specs:
        ours = simulate(spec)
        theirs = simulate_pysd(spec)[ours.columns]
        worst = max(worst, float(np.abs(theirs.to_numpy() - ours.to_numpy()).max()))
    return worst
