"""The system-dynamics model of paper 2 (Section 2.2.2), as a numpy engine.

Model (1 stock, 2 rates, 9 auxiliaries)::

    E(t)          = lookup(t)                    embedded dynamic capability (网络嵌入动态能力)
    element_k(t)  = c_k * E(t)                   eight synergy elements, k = 1..8
    internal(t)   = effect * sum_{k internal} element_k(t)
    external(t)   = effect * sum_{k external} element_k(t)
    dC/dt         = internal(t) + external(t),   C(0) = 0   innovation capability

``lookup`` is a Vensim lookup: linear interpolation between points, constant beyond the ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..paths import data_dir
from . import NOTEBOOK

SIDES = ("internal", "external")
METHODS = ("euler", "rk4")


@dataclass(frozen=True)
class Element:
    key: str
    side: str
    kind: str
    name_zh: str
    name_en: str
    coefficient: float
    status: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class ModelSpec:
    """All numbers of one model run. Build it with :func:`load_spec` and ``with_``."""

    elements: tuple[Element, ...]
    effect: float
    lookup_x: tuple[float, ...]
    lookup_y: tuple[float, ...]
    initial_time: float = 0.0
    final_time: float = 20.0
    time_step: float = 0.125
    method: str = "euler"
    initial_capability: float = 0.0
    source: dict = field(default_factory=dict, compare=False, repr=False)

    def with_(self, **changes) -> "ModelSpec":
        return replace(self, **changes)

    @property
    def coefficients(self) -> np.ndarray:
        return np.array([e.coefficient for e in self.elements], dtype=float)

    def with_coefficients(self, coefficients) -> "ModelSpec":
        coefficients = list(coefficients)
        if len(coefficients) != len(self.elements):
            raise ValueError(f"need {len(self.elements)} coefficients, got {len(coefficients)}")
        elements = tuple(replace(e, coefficient=float(c)) for e, c in zip(self.elements, coefficients))
        return replace(self, elements=elements)

    def side_mask(self, side: str) -> np.ndarray:
        return np.array([e.side == side for e in self.elements])

    @property
    def times(self) -> np.ndarray:
        return time_grid(self.initial_time, self.final_time, self.time_step)


def default_spec_path() -> Path:
    return data_dir(NOTEBOOK) / "model.yaml"


def load_spec(path: Path | None = None) -> ModelSpec:
    """Read the model's numbers from ``data/02_innovation_network_dynamics/model.yaml``."""
    raw = yaml.safe_load(Path(path or default_spec_path()).read_text(encoding="utf-8"))
    elements = tuple(
        Element(e["key"], e["side"], e["kind"], e["name_zh"], e["name_en"],
                float(e["coefficient"]), e["status"])
        for e in raw["elements"]
    )
    lookup = raw["embedded_capability_lookup"]
    t = raw["time"]
    return ModelSpec(
        elements=elements,
        effect=float(raw["effect"]["value"]),
        lookup_x=tuple(float(v) for v in lookup["x"]),
        lookup_y=tuple(float(v) for v in lookup["y"]),
        initial_time=float(t["initial_time"]["value"]),
        final_time=float(t["final_time"]["value"]),
        time_step=float(t["time_step"]["value"]),
        method=t["method"]["value"],
        initial_capability=float(raw["initial_capability"]["value"]),
        source=raw,
    )


def step_count(initial_time: float, final_time: float, time_step: float) -> int:
    """The number of steps of ``time_step`` in the span, without building the grid; raises
    ValueError unless the span is a positive whole number of steps."""
    steps = (final_time - initial_time) / time_step
    if not np.isfinite(steps) or steps < 0.5:
        raise ValueError(
            f"time span {final_time - initial_time:g} is not a positive whole number of "
            f"time steps {time_step:g}"
        )
    n = int(round(steps))
    if n < 1 or abs(steps - n) > 1e-9 * max(1.0, steps):
        raise ValueError(
            f"time span {final_time - initial_time:g} is not a positive whole number of "
            f"time steps {time_step:g}"
        )
    return n


def time_grid(initial_time: float, final_time: float, time_step: float) -> np.ndarray:
    """Times ``initial, initial + dt, ..., final``; the span must be a whole number of steps.

    Each time is computed as ``initial + i * span / n`` (not by adding up ``dt``) and times within
    1e-9 of a whole year are set to that year, so that whole years that lie on the grid are
    exactly representable (``run.loc[15.0]`` works for any step that divides 15 years)."""
    n = step_count(initial_time, final_time, time_step)
    span = final_time - initial_time
    times = initial_time + (np.arange(n + 1) * span) / n
    whole = np.round(times)
    tol = min(1e-9, 1e-6 * span / n) * np.maximum(1.0, np.abs(whole))
    near = np.abs(times - whole) <= tol
    times[near] = whole[near]
    return times


def embedded_capability(t, lookup_x, lookup_y) -> np.ndarray:
    """E(t): Vensim lookup semantics (linear interpolation, flat beyond the end points)."""
    return np.interp(np.asarray(t, dtype=float), lookup_x, lookup_y)


def integrate(rate, times: np.ndarray, initial: np.ndarray, method: str,
              final_only: bool = False) -> np.ndarray:
    """Integrate dC/dt = rate(t, C) on ``times`` with fixed-step Euler or classical RK4.

    ``initial`` has shape (S,) for S scenarios; the result has shape (S, len(times)), or (S, 1)
    with only the final value when ``final_only`` (same arithmetic, memory S instead of S * T:
    what a sweep of many scenarios needs).
    """
    if method not in METHODS:
        raise ValueError(f"method {method!r} is not one of {METHODS}")
    stock = np.array(initial, dtype=float)
    if final_only:
        out = None
    else:
        out = np.empty((stock.shape[0], times.size))
        out[:, 0] = stock
    for n in range(times.size - 1):
        t, dt = times[n], times[n + 1] - times[n]
        if method == "euler":
            stock = stock + dt * rate(t, stock)
        else:
            k1 = rate(t, stock)
            k2 = rate(t + dt / 2, stock + dt / 2 * k1)
            k3 = rate(t + dt / 2, stock + dt / 2 * k2)
            k4 = rate(t + dt, stock + dt * k3)
            stock = stock + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if out is not None:
            out[:, n + 1] = stock
    return stock[:, None] if out is None else out


def simulate_capability(spec: ModelSpec, coefficients=None, final_only: bool = False, effect=None) -> np.ndarray:
    """Capability C(t) for many coefficient sets at once.

    ``coefficients`` has shape (S, 8) (default: the spec's own, S = 1); returns (S, T), or (S, 1)
    holding C at the final time when ``final_only``. ``effect`` (S,) gives each scenario its own
    effect (default: the spec's); each scenario's arithmetic is the same either way.
    """
    coef = spec.coefficients[None, :] if coefficients is None else np.atleast_2d(coefficients)
    internal, external = spec.side_mask("internal"), spec.side_mask("external")
    sum_internal = coef[:, internal].sum(axis=1)
    sum_external = coef[:, external].sum(axis=1)
    beta = spec.effect if effect is None else np.asarray(effect, dtype=float)

    def rate(t, _stock):
        e = embedded_capability(t, spec.lookup_x, spec.lookup_y)
        return beta * sum_internal * e + beta * sum_external * e

    initial = np.full(coef.shape[0], spec.initial_capability)
    return integrate(rate, spec.times, initial, spec.method, final_only)


def simulate(spec: ModelSpec) -> pd.DataFrame:
    """One run with every model variable, indexed by time (years)."""
    times = spec.times
    e = embedded_capability(times, spec.lookup_x, spec.lookup_y)
    frame = pd.DataFrame({"embedded_dynamic_capability": e}, index=pd.Index(times, name="time"))
    for element in spec.elements:
        frame[element.key] = element.coefficient * e
    for side in SIDES:
        keys = [el.key for el in spec.elements if el.side == side]
        frame[f"{side}_rate"] = spec.effect * frame[keys].sum(axis=1)
    frame["innovation_capability"] = simulate_capability(spec)[0]
    return frame


@dataclass(frozen=True)
class Case:
    key: str  # "baseline" or the raised element's key
    element: Element | None
    spec: ModelSpec

    def label(self, lang: str) -> str:
        if self.element is None:
            return "基准" if lang == "zh" else "baseline"
        return self.element.name(lang)


def sensitivity_cases(spec: ModelSpec, increase: float) -> list[Case]:
    """The baseline and one case per element with its level raised by ``increase`` (0.5 = +50 %)."""
    cases = [Case("baseline", None, spec)]
    for i, element in enumerate(spec.elements):
        coef = spec.coefficients.copy()
        coef[i] *= 1 + increase
        cases.append(Case(element.key, element, spec.with_coefficients(coef)))
    return cases


def final_capability_table(spec: ModelSpec, increase: float) -> pd.DataFrame:
    """Capability at the final time for the baseline and each raised element, ranked per side."""
    cases = sensitivity_cases(spec, increase)
    coef = np.array([c.spec.coefficients for c in cases])
    final = simulate_capability(spec, coef)[:, -1]
    base = final[0]
    rows = []
    for case, value in zip(cases, final):
        el = case.element
        rows.append({
            "case": case.key,
            "side": "baseline" if el is None else el.side,
            "name_zh": "基准" if el is None else el.name_zh,
            "name_en": "baseline" if el is None else el.name_en,
            "coefficient": np.nan if el is None else el.coefficient,
            "capability_final": value,
            "change": value - base,
            "change_pct": 100 * (value - base) / base if base else np.nan,
        })
    table = pd.DataFrame(rows)
    table["rank_in_side"] = (
        table[table.side != "baseline"].groupby("side")["change"].rank(ascending=False, method="min")
    )
    table["rank_in_side"] = table["rank_in_side"].astype("Int64")
    return table


def lookup_area(spec: ModelSpec) -> float:
    """The exact integral of the lookup E(t) over [initial_time, final_time]."""
    xs = np.union1d(np.asarray(spec.lookup_x), [spec.initial_time, spec.final_time])
    xs = xs[(xs >= spec.initial_time) & (xs <= spec.final_time)]
    return float(np.trapezoid(embedded_capability(xs, spec.lookup_x, spec.lookup_y), xs))


def analytic_final_capability(spec: ModelSpec) -> float:
    """C(T) = C(0) + effect * sum(c) * integral of E over [t0, T] (exact integral of the lookup).

    Equals the Euler result when the lookup's break points lie on the time grid and E takes the
    same value at both ends; the tests use it as an independent check.
    """
    return spec.initial_capability + spec.effect * spec.coefficients.sum() * lookup_area(spec)
