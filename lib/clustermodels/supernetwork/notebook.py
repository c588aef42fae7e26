"""Parameters of notebook 01: defaults, validation, and the instance they resolve to.

``None`` means "the value in data/01_eco_cluster_supernetwork/instance.yaml"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..parameters import ParameterError, check_choice, check_known, check_number, check_numbers
from ..paths import repo_root
from ..style import LANGS
from .equilibrium import METHODS, NotMonotone, certify
from .model import Instance, load_instance
from .policies import apply

MAX_FILE_BYTES = 5_000_000  # an instance file is read whole

DEFAULTS = {
    "lang": "en",
    "weights": None,
    "green_subsidy": 0.0,
    "discard_tax": 0.0,
    "rd_saving": 0.0,
    "instance_file": None,
    "tolerance": 1e-10,
    "method": "extragradient",
    "sweep_points": 9,
}


@dataclass(frozen=True)
class Settings:
    lang: str
    base: Instance          # the instance as in the file (with the weights parameter)
    instance: Instance      # with the policy levers applied
    raw: dict
    waste_edges: np.ndarray
    tolerance: float
    method: str
    sweep_points: int
    certificate: dict


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one), load
    the instance and certify uniqueness. Nothing is written before this succeeds."""
    check_known(params, DEFAULTS)
    p = {**DEFAULTS, **params}
    lang = check_choice("lang", p["lang"], LANGS)
    path = None
    if p["instance_file"] is not None:
        if not isinstance(p["instance_file"], str):
            raise ParameterError(f"parameter 'instance_file' = {p['instance_file']!r} is invalid: allowed a path")
        path = Path(p["instance_file"])
        path = path if path.is_absolute() else repo_root() / path
        if not path.is_file():
            raise ParameterError(f"parameter 'instance_file' = {p['instance_file']!r} is invalid: no such file")
    label = "parameter 'instance_file'" + ("" if path is None else f" = {p['instance_file']!r}")
    try:
        if path is not None and path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        base, raw = load_instance(path)
    except yaml.YAMLError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ParameterError(f"{label} is invalid: not readable as YAML ({first})") from None
    except UnicodeDecodeError:
        raise ParameterError(f"{label} is invalid: not a UTF-8 text (YAML) file") from None
    except (ValueError, KeyError, TypeError, OSError) as err:
        raise ParameterError(f"{label} is invalid: {err}") from None
    if p["weights"] is not None:
        w = check_numbers("weights", p["weights"], length=3, low=0, high=1)
        if abs(sum(w) - 1) > 1e-9:
            raise ParameterError(f"parameter 'weights' = {list(w)!r} is invalid: allowed three numbers in "
                                 f"[0, 1] that sum to 1 (they sum to {sum(w):g})")
        base = base.with_(weights=np.array(w))
    subsidy = check_number("green_subsidy", p["green_subsidy"], low=0, high=1, high_open=True)
    tax = check_number("discard_tax", p["discard_tax"], low=0, high=10)
    rd = check_number("rd_saving", p["rd_saving"], low=0, high=10)
    tol = check_number("tolerance", p["tolerance"], low=1e-14, high=1e-2)
    method = check_choice("method", p["method"], METHODS)
    points = check_number("sweep_points", p["sweep_points"], low=2, high=200, integer=True)
    waste = np.array([e["economic"] in raw["policies"]["waste_resources"] for e in raw["edges"]])
    inst = apply(base, waste, green_subsidy=subsidy, discard_tax=tax, rd_saving=rd)
    try:
        certificate = certify(inst)
    except NotMonotone as err:
        raise ParameterError(f"parameters 'weights', 'green_subsidy', 'rd_saving' or 'instance_file' give "
                             f"an instance without a unique variational equilibrium: {err}") from None
    return Settings(lang, base, inst, raw, waste, tol, method, points, certificate)
