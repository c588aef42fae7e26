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

from ..parameters import ParameterError, check_number, check_numbers
from . import analysis
from .model import ModelSpec, simulate_capability
from .notebook import COEFFICIENT_RANGE, EFFECT_RANGE, Settings, resolve

VECTORISED = ("effect", "internal_coefficients", "external_coefficients")


def _numbers(spec: ModelSpec, increase: float, effect: np.ndarray, coef: np.ndarray) -> list[dict]:
    """Headline numbers for S scenarios of ``spec`` with their own effects (S,) and coefficients (S, 8)."""
    s, n = coef.shape
    raised = np.repeat(coef[:, None, :], n + 1, axis=1)  # (S, 1 + 8, 8): baseline, then each element raised
    for k in range(n):
        raised[:, k + 1, k] *= 1 + increase
    finals = np.empty((s, n + 1))
    fastest = np.empty(s)
    for e in np.unique(effect):  # the model's effect is a scalar: one simulation per distinct value
        rows = np.flatnonzero(effect == e)
        spec_e = spec.with_(effect=float(e))
        path = simulate_capability(spec_e, coef[rows])
        finals[rows, 0] = path[:, -1]
        fastest[rows] = spec.times[np.argmax(np.diff(path, axis=1), axis=1)]
        finals[rows, 1:] = simulate_capability(spec_e, raised[rows, 1:].reshape(-1, n),
                                               final_only=True)[:, -1].reshape(len(rows), n)
    change = finals[:, 1:] - finals[:, :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = np.where(finals[:, :1] != 0, 100 * change / finals[:, :1], np.nan)
    rank = np.zeros((s, n), dtype=int)
    for side in ("internal", "external"):  # rank 1 = largest gain, ties share the best rank
        idx = np.flatnonzero(spec.side_mask(side))
        block = change[:, idx]
        rank[:, idx] = 1 + (block[:, None, :] > block[:, :, None]).sum(axis=2)
    keys = [el.key for el in spec.elements]
    common = {"baseline.E_peak": round(float(max(spec.lookup_y)), 6),
              "baseline.final_time_years": spec.final_time,
              "baseline.area_under_E": round(analysis.lookup_area(spec), 6)}
    out = []
    for i in range(s):
        row = {"baseline.capability_final": round(float(finals[i, 0]), 6), **common,
               "baseline.fastest_growth_year": float(fastest[i])}
        for k, key in enumerate(keys):
            row[f"sensitivity.{key}.capability_final"] = round(float(finals[i, k + 1]), 6)
            row[f"sensitivity.{key}.change"] = round(float(change[i, k]), 6)
            row[f"sensitivity.{key}.change_pct"] = round(float(change_pct[i, k]), 4)
            row[f"sensitivity.{key}.rank_in_side"] = int(rank[i, k])
        out.append(row)
    return out


def numbers(settings: Settings) -> dict[str, float]:
    spec = settings.spec
    return _numbers(spec, settings.increase, np.array([spec.effect]), spec.coefficients[None, :])[0]


def headline(**params) -> dict[str, float]:
    """The headline numbers of notebook 02 run with ``params`` (validated by its ``resolve``)."""
    return numbers(resolve(params))


def _point_values(point: dict, spec: ModelSpec, internal, external):
    """This point's effect and coefficients, checked with the bounds ``resolve`` uses."""
    coef = spec.coefficients.copy()
    effect = spec.effect
    if point.get("effect") is not None:
        effect = check_number("effect", point["effect"], low=EFFECT_RANGE[0], high=EFFECT_RANGE[1])
    for name, mask in (("internal_coefficients", internal), ("external_coefficients", external)):
        if point.get(name) is not None:
            coef[mask] = check_numbers(name, point[name], length=int(mask.sum()),
                                       low=COEFFICIENT_RANGE[0], high=COEFFICIENT_RANGE[1])
    return effect, coef


def headline_many(points: list[dict]) -> list[dict | Exception]:
    """The headline numbers of many points: each group of points that share every parameter but
    ``effect`` and the coefficients is validated once by ``resolve`` and simulated as one array."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, point in enumerate(points):
        rest = {k: v for k, v in point.items() if k not in VECTORISED}
        groups[json.dumps(rest, sort_keys=True, default=repr)].append(i)
    out: list = [None] * len(points)
    for rows in groups.values():
        rest = {k: v for k, v in points[rows[0]].items() if k not in VECTORISED}
        try:
            settings = resolve(rest)
        except Exception as exc:
            for i in rows:
                out[i] = exc
            continue
        spec = settings.spec
        internal, external = spec.side_mask("internal"), spec.side_mask("external")
        good, effects, coefs = [], [], []
        for i in rows:
            try:
                effect, coef = _point_values(points[i], spec, internal, external)
            except ParameterError as exc:
                out[i] = exc
                continue
            good.append(i)
            effects.append(effect)
            coefs.append(coef)
        if good:
            for i, row in zip(good, _numbers(spec, settings.increase, np.array(effects), np.array(coefs))):
                out[i] = row
    return out


def explicit_defaults() -> dict[str, list]:
    spec = resolve({}).spec
    return {"internal_coefficients": [float(c) for c in spec.coefficients[spec.side_mask("internal")]],
            "external_coefficients": [float(c) for c in spec.coefficients[spec.side_mask("external")]],
            "lookup_x": list(spec.lookup_x), "lookup_y": list(spec.lookup_y)}
