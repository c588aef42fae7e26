"""One run API for every paper: parameters in, the headline numbers out.

Each paper package has a ``run`` module with

* ``headline(**params) -> dict[str, float]``: validates ``params`` with the notebook's own
  ``resolve`` (a bad one raises :class:`~clustermodels.parameters.ParameterError` naming it),
  solves the model and returns the headline results as a flat mapping of named numbers. A key is
  the path of the same number in the notebook's ``results.json``, joined by dots
  (``"baseline.capability_final"`` is ``results["baseline"]["capability_final"]``), rounded as
  there. No figures, no files.
* ``numbers(settings)``: the same numbers from already resolved settings (what the notebook calls,
  so notebook and sweeps share one code path).
* ``headline_with_figure(**params) -> (numbers, figure data)``: the same numbers and, from the
  same solve, what the explore panel's figure of the paper draws (a mapping of plain lists,
  documented by each paper's ``figure_data``; paper 2's by ``solve``); the paper's ``plots.panel_figure``
  draws it.
* ``headline_many(points)`` and ``headline_columns(points)`` (optional, paper 2): many points at
  once, vectorised; :func:`run_points` and :func:`run_columns` loop over ``headline`` otherwise.
* ``explicit_defaults()``: the default value of every list parameter as a list, so that a sweep
  can vary one element (``efficiencies[2]``) and keep the others.

Example::

    from clustermodels.innovation.run import headline
    headline(effect=0.002)["baseline.capability_final"]
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Mapping, Sequence
from typing import Any

PAPERS = {"01": "clustermodels.supernetwork.run", "02": "clustermodels.innovation.run",
          "03": "clustermodels.industry.run", "04": "clustermodels.water.run"}


def paper_module(paper: str):
    """The ``run`` module of paper ``"01"`` .. ``"04"``."""
    if paper not in PAPERS:
        raise KeyError(f"paper {paper!r} is not one of {', '.join(PAPERS)}")
    return importlib.import_module(PAPERS[paper])


def flatten(nested: Mapping, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1}`` -> ``{"a": {"b": 1}}``: how the notebook files the numbers in results.json."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def run_points(paper: str, points: Sequence[Mapping[str, Any]]) -> list[tuple[dict | None, str | None, float]]:
    """Headline numbers of every point: ``(numbers, None, seconds)``, or ``(None, error, seconds)``
    when the point raised (a bad point is a result, not a crash)."""
    module = paper_module(paper)
    if hasattr(module, "headline_many"):
        start = time.perf_counter()
        outcomes = module.headline_many([dict(p) for p in points])
        each = (time.perf_counter() - start) / max(1, len(points))
        return [(None, describe(o), each) if isinstance(o, BaseException) else (o, None, each) for o in outcomes]
    rows = []
    for point in points:
        start = time.perf_counter()
        try:
            rows.append((module.headline(**point), None, time.perf_counter() - start))
        except Exception as exc:  # recorded in the point's row
            rows.append((None, describe(exc), time.perf_counter() - start))
    return rows


def run_columns(paper: str, points: Sequence[Mapping[str, Any]]) -> tuple[dict[str, list], list, list[float]]:
    """The same as :func:`run_points` as columns: ``(numbers by key, None where a point failed;
    each point's error or None; each point's seconds)``. A paper with ``headline_columns`` (paper 2)
    computes them without a mapping per point."""
    module = paper_module(paper)
    if hasattr(module, "headline_columns"):
        start = time.perf_counter()
        columns, errors = module.headline_columns([dict(p) for p in points])
        each = (time.perf_counter() - start) / max(1, len(points))
        return columns, [None if e is None else describe(e) for e in errors], [each] * len(points)
    rows = run_points(paper, points)
    columns: dict[str, list] = {}
    for i, (numbers, _, _) in enumerate(rows):
        for key, value in (numbers or {}).items():
            columns.setdefault(key, [None] * len(rows))[i] = value
    return columns, [error for _, error, _ in rows], [seconds for _, _, seconds in rows]


def describe(exc: BaseException) -> str:
    """An exception as one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:500]
