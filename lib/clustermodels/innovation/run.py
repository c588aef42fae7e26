"""Paper 2's run API: the final capability of the baseline and of each raised element.

See :mod:`clustermodels.runapi`. Keys: ``baseline.*`` and ``sensitivity.<element>.*`` as in
``results.json``. :func:`headline_many` is vectorised: points that differ only in ``effect`` and
the coefficients are simulated together, as rows of one numpy array, so a sweep of a million
scenarios takes seconds per chunk instead of a Python loop per scenario.
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np

from ..parameters import ParameterError
from . import analysis
from .model import ModelSpec, simulate_capability
from .notebook import COEFFICIENT_RANGE, DECLARATION, EFFECT_RANGE, Settings, resolve

VECTORISED = ("effect", "internal_coefficients", "external_coefficients")


def _rounded(values: np.ndarray, digits: int) -> list:
    return [round(v, digits) for v in values.tolist()]


def _columns(spec: ModelSpec, increase: float, effect: np.ndarray, coef: np.ndarray,
             path: np.ndarray | None = None) -> dict[str, list]:
    """Headline numbers, one list per key, for S scenarios of ``spec`` with their own effects (S,)
    and coefficients (S, 8); ``path``: their baseline capability over time, if already simulated."""
    s, n = coef.shape
    raised = np.repeat(coef[:, None, :], n + 1, axis=1)  # (S, 1 + 8, 8): baseline, then each element raised
    for k in range(n):
        raised[:, k + 1, k] *= 1 + increase
    finals = np.empty((s, n + 1))
    if path is None:
        path = simulate_capability(spec, coef, effect=effect)
    finals[:, 0] = path[:, -1]
    fastest = spec.times[np.argmax(np.diff(path, axis=1), axis=1)]
    finals[:, 1:] = simulate_capability(spec, raised[:, 1:].reshape(-1, n), final_only=True,
                                        effect=np.repeat(effect, n))[:, -1].reshape(s, n)
    change = finals[:, 1:] - finals[:, :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = np.where(finals[:, :1] != 0, 100 * change / finals[:, :1], np.nan)
    rank = np.zeros((s, n), dtype=int)
    for side in ("internal", "external"):  # rank 1 = largest gain, ties share the best rank
        idx = np.flatnonzero(spec.side_mask(side))
        block = change[:, idx]
        rank[:, idx] = 1 + (block[:, None, :] > block[:, :, None]).sum(axis=2)
    columns = {"baseline.capability_final": _rounded(finals[:, 0], 6),
               "baseline.E_peak": [round(float(max(spec.lookup_y)), 6)] * s,
               "baseline.final_time_years": [spec.final_time] * s,
               "baseline.area_under_E": [round(analysis.lookup_area(spec), 6)] * s,
               "baseline.fastest_growth_year": fastest.tolist()}
    for k, el in enumerate(spec.elements):
        columns[f"sensitivity.{el.key}.capability_final"] = _rounded(finals[:, k + 1], 6)
        columns[f"sensitivity.{el.key}.change"] = _rounded(change[:, k], 6)
        columns[f"sensitivity.{el.key}.change_pct"] = _rounded(change_pct[:, k], 4)
        columns[f"sensitivity.{el.key}.rank_in_side"] = rank[:, k].tolist()
    return columns


def solve(settings: Settings) -> tuple[dict[str, float], dict]:
    """The headline numbers and the baseline capability over time (what Fig. 4 draws:
    ``{"times": ..., "capability": ...}``), from one simulation of the baseline."""
    spec = settings.spec
    effect, coef = np.array([spec.effect]), spec.coefficients[None, :]
    path = simulate_capability(spec, coef, effect=effect)
    columns = _columns(spec, settings.increase, effect, coef, path)
    return ({key: values[0] for key, values in columns.items()},
            {"times": [float(t) for t in spec.times], "capability": [float(v) for v in path[0]]})


def numbers(settings: Settings) -> dict[str, float]:
    return solve(settings)[0]


def headline(**params) -> dict[str, float]:
    """The headline numbers of notebook 02 run with ``params`` (validated by its ``resolve``)."""
    return numbers(resolve(params))


def headline_with_figure(**params) -> tuple[dict[str, float], dict]:
    """:func:`headline`'s numbers and the data of Fig. 4 (see :func:`solve`), from one simulation."""
    return solve(resolve(params))


def _point_values(point: dict, spec: ModelSpec, internal, external):
    """This point's effect and coefficients, checked as ``resolve`` checks them."""
    coef = spec.coefficients.copy()
    effect = spec.effect
    if point.get("effect") is not None:
        effect = DECLARATION.check("effect", point["effect"])
    for name, mask in (("internal_coefficients", internal), ("external_coefficients", external)):
        if point.get(name) is not None:
            coef[mask] = DECLARATION.check(name, point[name])
    return effect, coef


def _plain_numbers(value, length: int | None = None) -> bool:
    """A number (not a bool), or a list of ``length`` of them: what numpy may take unchecked."""
    if length is None:
        return type(value) in (int, float)
    return type(value) in (list, tuple) and len(value) == length and all(type(v) in (int, float) for v in value)


def _group_values(points: list[dict], spec: ModelSpec):
    """Effects (S,), coefficients (S, 8) and each point's error (or None), validated with the bounds
    ``resolve`` uses: plain numbers in bulk with numpy, anything else (and every failure, for its
    message) by the same checks ``resolve`` calls."""
    internal, external = spec.side_mask("internal"), spec.side_mask("external")
    sides = (("internal_coefficients", internal, int(internal.sum())),
             ("external_coefficients", external, int(external.sum())))
    effect = np.full(len(points), spec.effect)
    coef = np.tile(spec.coefficients, (len(points), 1))
    slow = np.zeros(len(points), dtype=bool)
    for j, point in enumerate(points):
        value = point.get("effect")
        if value is not None:
            if _plain_numbers(value):
                effect[j] = value
            else:
                slow[j] = True
        for name, mask, length in sides:
            value = point.get(name)
            if value is not None:
                if _plain_numbers(value, length):
                    coef[j, mask] = value
                else:
                    slow[j] = True
    with np.errstate(invalid="ignore"):
        inside = ((effect >= EFFECT_RANGE[0]) & (effect <= EFFECT_RANGE[1])
                  & ((coef >= COEFFICIENT_RANGE[0]) & (coef <= COEFFICIENT_RANGE[1])).all(axis=1))
    errors: list = [None] * len(points)
    for j in np.flatnonzero(slow | ~inside):
        try:
            effect[j], coef[j] = _point_values(points[j], spec, internal, external)
        except ParameterError as exc:
            errors[j] = exc
    return effect, coef, errors


def headline_columns(points: list[dict]) -> tuple[dict[str, list], list]:
    """The headline numbers of many points as columns (None where a point failed) and each point's
    exception or None. Points that share every parameter but ``effect`` and the coefficients are
    validated once by ``resolve`` and simulated as one array."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, point in enumerate(points):
        rest = {k: v for k, v in point.items() if k not in VECTORISED}
        groups[json.dumps(rest, sort_keys=True, default=repr)].append(i)
    columns: dict[str, list] = {}
    errors: list = [None] * len(points)
    for rows in groups.values():
        try:
            settings = resolve({k: v for k, v in points[rows[0]].items() if k not in VECTORISED})
        except Exception as exc:
            for i in rows:
                errors[i] = exc
            continue
        effect, coef, group_errors = _group_values([points[i] for i in rows], settings.spec)
        good = [j for j, e in enumerate(group_errors) if e is None]
        for j, e in enumerate(group_errors):
            errors[rows[j]] = e
        if not good:
            continue
        computed = _columns(settings.spec, settings.increase, effect[good], coef[good])
        for key, values in computed.items():
            column = columns.setdefault(key, [None] * len(points))
            for j, v in zip(good, values):
                column[rows[j]] = v
    return columns, errors


def headline_many(points: list[dict]) -> list[dict | Exception]:
    """The headline numbers of many points (see :func:`headline_columns`), one mapping or
    exception per point."""
    columns, errors = headline_columns(points)
    return [error if error is not None else {k: v[i] for k, v in columns.items() if v[i] is not None}
            for i, error in enumerate(errors)]


def explicit_defaults() -> dict[str, list]:
    spec = resolve({}).spec
    return {"internal_coefficients": [float(c) for c in spec.coefficients[spec.side_mask("internal")]],
            "external_coefficients": [float(c) for c in spec.coefficients[spec.side_mask("external")]],
            "lookup_x": list(spec.lookup_x), "lookup_y": list(spec.lookup_y)}
