"""Parameters of notebook 02: defaults, validation, and the model spec they resolve to.

``None`` means "the value in data/02_innovation_network_dynamics/model.yaml", so every number
lives in that one file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parameters import ParameterError, check_choice, check_known, check_number, check_numbers
from ..style import LANGS
from .model import METHODS, ModelSpec, load_spec, step_count

# What a run may cost. Every simulation walks the time grid, PySD at about 1.6 ms a step (nine runs
# in the notebook), and the Fig. A3 sweep costs scenarios x steps x 9 vector operations.
MAX_STEPS = 4000            # time steps in the span: PySD's nine runs take about a minute at most
MAX_LOOKUP_POINTS = 1000    # points of the E(t) lookup
MAX_SWEEP_WORK = 160_000_000  # sweep_scenarios x time steps: 1e6 scenarios at the default 160 steps
CHECKPOINT_YEARS = (5, 10, 15)  # the notebook prints C(t) in these years (those before final_time)
EFFECT_RANGE = (0, 1)
COEFFICIENT_RANGE = (0, 1e4)  # every coefficient; the run API checks vectorised sweeps with the same bounds

DEFAULTS = {
    "lang": "en",
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
                      lambda n, v: check_number(n, v, low=base.initial_time + 0.1, high=200))
    time_step = pick("time_step", base.time_step,
                     lambda n, v: check_number(n, v, low=0, low_open=True, high=5))
    span = final_time - base.initial_time
    marks = [t for t in CHECKPOINT_YEARS if base.initial_time < t < final_time]
    step_rule = (f"a step in (0, 5] years that divides the time span {span:g} years"
                 + (f" and the year(s) {', '.join(f'{t:g}' for t in marks)} (where C(t) is reported)"
                    if marks else "")
                 + f" into whole numbers of steps, at most {MAX_STEPS} steps in the span "
                   f"(so at least {span / MAX_STEPS:g} years)")
    if span / time_step > MAX_STEPS + 0.5:
        raise ParameterError(f"parameter 'time_step' = {time_step!r} is invalid: allowed {step_rule}")
    try:
        steps = step_count(base.initial_time, final_time, time_step)
        for t in marks:
            step_count(base.initial_time, t, time_step)
    except ValueError:
        raise ParameterError(f"parameter 'time_step' = {time_step!r} is invalid: allowed {step_rule}") from None
    method = pick("method", base.method, lambda n, v: check_choice(n, v, METHODS))
    effect = pick("effect", base.effect, lambda n, v: check_number(n, v, low=EFFECT_RANGE[0], high=EFFECT_RANGE[1]))
    coef = base.coefficients.copy()
    internal, external = base.side_mask("internal"), base.side_mask("external")
    if p["internal_coefficients"] is not None:
        coef[internal] = check_numbers("internal_coefficients", p["internal_coefficients"],
                                       length=int(internal.sum()), low=COEFFICIENT_RANGE[0],
                                       high=COEFFICIENT_RANGE[1])
    if p["external_coefficients"] is not None:
        coef[external] = check_numbers("external_coefficients", p["external_coefficients"],
                                       length=int(external.sum()), low=COEFFICIENT_RANGE[0],
                                       high=COEFFICIENT_RANGE[1])
    lookup_x = pick("lookup_x", base.lookup_x,
                    lambda n, v: check_numbers(n, v, min_length=2, max_length=MAX_LOOKUP_POINTS, low=-1e3,
                                                high=1e3, increasing=True))
    lookup_y = pick("lookup_y", base.lookup_y,
                    lambda n, v: check_numbers(n, v, min_length=2, max_length=MAX_LOOKUP_POINTS, low=0,
                                                high=1e4))
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
    if scenarios * steps > MAX_SWEEP_WORK:
        raise ParameterError(
            f"parameter 'sweep_scenarios' = {scenarios!r} is invalid with {steps} time steps: allowed an "
            f"integer in [1, {min(1_000_000, MAX_SWEEP_WORK // steps)}] (scenarios x time steps at most "
            f"{MAX_SWEEP_WORK:.3g}; a larger sweep needs a larger time_step)")
    spread = pick("sweep_spread", sweep["spread"]["value"],
                  lambda n, v: check_number(n, v, low=0, high=1, high_open=True))
    seed = pick("seed", sweep["seed"]["value"],
                lambda n, v: check_number(n, v, low=0, high=2**32 - 1, integer=True))
    spec = base.with_coefficients(coef).with_(
        final_time=final_time, time_step=time_step, method=method, effect=effect,
        lookup_x=lookup_x, lookup_y=lookup_y,
    )
    return Settings(lang, spec, float(increase), int(scenarios), float(spread), int(seed))
