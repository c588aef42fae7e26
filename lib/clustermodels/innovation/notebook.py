"""Parameters of notebook 02: defaults, validation, and the model spec they resolve to.

``None`` means "the value in data/02_innovation_network_dynamics/model.yaml", so every number
lives in that one file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parameters import ParameterError, check_choice, check_known, check_number, check_numbers
from ..style import LANGS
from .model import METHODS, ModelSpec, load_spec, time_grid

DEFAULTS = {
    "lang": "zh",
    "final_time": None,
    "time_step": None,
    "method": None,
    "effect": None,
    "internal_coefficients": None,
    "external_coefficients": None,
    "lookup_x": None,
    "lookup_y": None,
    "sensitivity_increase": None,
    "sweep_scenarios": None,
    "sweep_spread": None,
    "seed": None,
}


@dataclass(frozen=True)
class Settings:
    lang: str
    spec: ModelSpec
    increase: float
    sweep_scenarios: int
    sweep_spread: float
    seed: int


def resolve(params: dict) -> Settings:
    """Validate every parameter (raising :class:`ParameterError` naming the first bad one)
    and build the model spec. Nothing is computed or written before this succeeds."""
    check_known(params, DEFAULTS)
    p = {**DEFAULTS, **params}
    base = load_spec()
    raw = base.source
    lang = check_choice("lang", p["lang"], LANGS)

    def pick(name, default, check):
        return default if p[name] is None else check(name, p[name])

    final_time = pick("final_time", base.final_time,
                      lambda n, v: check_number(n, v, low=base.initial_time, low_open=True, high=200))
    time_step = pick("time_step", base.time_step,
                     lambda n, v: check_number(n, v, low=0, low_open=True, high=5))
    try:
        time_grid(base.initial_time, final_time, time_step)
    except ValueError:
        raise ParameterError(
            f"parameter 'time_step' = {time_step!r} is invalid: allowed a step that divides the "
            f"time span {final_time - base.initial_time:g} years into a whole number of steps"
        ) from None
    method = pick("method", base.method, lambda n, v: check_choice(n, v, METHODS))
    effect = pick("effect", base.effect, lambda n, v: check_number(n, v, low=0, high=1))
    coef = base.coefficients.copy()
    internal, external = base.side_mask("internal"), base.side_mask("external")
    if p["internal_coefficients"] is not None:
        coef[internal] = check_numbers("internal_coefficients", p["internal_coefficients"],
                                       length=int(internal.sum()), low=0, high=1e4)
    if p["external_coefficients"] is not None:
        coef[external] = check_numbers("external_coefficients", p["external_coefficients"],
                                       length=int(external.sum()), low=0, high=1e4)
    lookup_x = pick("lookup_x", base.lookup_x,
                    lambda n, v: check_numbers(n, v, min_length=2, low=-1e3, high=1e3, increasing=True))
    lookup_y = pick("lookup_y", base.lookup_y,
                    lambda n, v: check_numbers(n, v, min_length=2, low=0, high=1e4))
    if len(lookup_x) != len(lookup_y):
        raise ParameterError(
            f"parameters 'lookup_x' and 'lookup_y' are invalid: allowed two lists of the same "
            f"length (got {len(lookup_x)} and {len(lookup_y)})"
        )
    increase = pick("sensitivity_increase", raw["sensitivity"]["increase"]["value"],
                    lambda n, v: check_number(n, v, low=0, low_open=True, high=10))
    sweep = raw["sweep"]
    scenarios = pick("sweep_scenarios", sweep["scenarios"]["value"],
                     lambda n, v: check_number(n, v, low=1, high=1_000_000, integer=True))
    spread = pick("sweep_spread", sweep["spread"]["value"],
                  lambda n, v: check_number(n, v, low=0, high=1, high_open=True))
    seed = pick("seed", sweep["seed"]["value"],
                lambda n, v: check_number(n, v, low=0, high=2**32 - 1, integer=True))
    spec = base.with_coefficients(coef).with_(
        final_time=final_time, time_step=time_step, method=method, effect=effect,
        lookup_x=lookup_x, lookup_y=lookup_y,
    )
    return Settings(lang, spec, float(increase), int(scenarios), float(spread), int(seed))
