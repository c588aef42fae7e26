"""What a sweep runs: a Cartesian grid or a Sobol / Latin-hypercube sample of notebook parameters,
checked before any work.

A varied name is a notebook parameter (``effect``) or one element of a list parameter
(``efficiencies[2]``, ``demands[0][1]``: the other elements keep their values). Every check
raises :class:`SweepSpecError` with one line naming the offending item:

* an unknown parameter, an index outside the list, an empty grid or range;
* a value or a range end that the notebook's own ``resolve`` refuses (each grid value and each
  range end is validated with the other parameters at their fixed values);
* more points than the machine's memory holds for the table and the resume index.

Points are produced lazily, in order, so a grid of millions is never held as dicts.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .parameters import ParameterError, check_known
from .runapi import paper_module

NAME = re.compile(r"^([A-Za-z_]\w*)((?:\[\d+\])*)$")
METHODS = ("sobol", "lhs", "saltelli")
BYTES_PER_VALUE = 8
RESULT_COLUMNS_BOUND = 64   # no paper has more headline numbers than this
ROW_OVERHEAD = 400          # key, status, error, seconds, index, and pandas/pyarrow copies per row
ROWS_AT_ONCE = 100_000      # sampled points turned into Python values at a time
MEMORY_SHARE = 0.5          # of the memory available now, what a sweep's table may take


class SweepSpecError(ValueError):
    """A sweep specification that cannot run; the message names the item."""


@dataclass(frozen=True)
class Varied:
    name: str                 # as written: "efficiencies[2]"
    base: str                 # the parameter: "efficiencies"
    index: tuple[int, ...]    # () for a whole parameter


@dataclass(frozen=True)
class SweepSpec:
    paper: str
    fixed: dict[str, Any]                 # every point's other parameters (lists in full when an element varies)
    varied: tuple[Varied, ...]
    grid: dict[str, list] | None = None   # name -> values (a grid)
    ranges: dict[str, tuple] | None = None  # name -> (low, high) (a sample)
    method: str | None = None
    samples: int = 0
    seed: int = 0
    integer: frozenset = field(default_factory=frozenset)  # sampled names whose ends are integers

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.varied)

    def size(self) -> int:
        if self.grid is not None:
            return math.prod(len(v) for v in self.grid.values())
        return sample_size(self.method, self.samples, len(self.varied))

    def rows(self) -> Iterator[tuple]:
        """The varied values of every point, in order."""
        if self.grid is not None:
            yield from itertools.product(*self.grid.values())
            return
        sample = draw(self.method, len(self.varied), self.samples, self.seed)
        lows = np.array([self.ranges[n][0] for n in self.names], float)
        highs = np.array([self.ranges[n][1] for n in self.names], float)
        for start in range(0, len(sample), ROWS_AT_ONCE):
            values = lows + sample[start:start + ROWS_AT_ONCE] * (highs - lows)
            columns = [np.rint(values[:, k]).astype(int).tolist() if name in self.integer else values[:, k].tolist()
                       for k, name in enumerate(self.names)]
            yield from zip(*columns)

    def describe(self) -> dict:
        """The specification as the manifest records it, enough to rebuild it
        (:func:`spec_from_description`): the grid and the ranges as lists in the order that numbers
        the points (a mapping would be reordered by sorted JSON keys), the sampler and its version."""
        out = {"paper": self.paper, "fixed": self.fixed, "varied": list(self.names), "points": self.size()}
        if self.grid is not None:
            out["grid"] = [[name, list(values)] for name, values in self.grid.items()]
        else:
            out.update(ranges=[[name, *self.ranges[name]] for name in self.names], method=self.method,
                       samples=self.samples, seed=self.seed, sampler=sampler_versions(self.method))
            if self.method == "saltelli":  # what SALib.analyze.sobol.analyze needs beside the table
                out["salib_problem"] = {"num_vars": len(self.varied), "names": list(self.names),
                                        "bounds": [list(self.ranges[n]) for n in self.names],
                                        "calc_second_order": False}
        return out


def sampler_versions(method: str) -> dict[str, str]:
    """The package that draws a sample (scipy.stats.qmc, or SALib for saltelli) and its version."""
    from importlib.metadata import version

    name = "SALib" if method == "saltelli" else "scipy"
    return {name: version(name)}


def spec_from_description(described: dict, check_sampler: bool = True) -> SweepSpec:
    """The sweep a manifest's ``spec`` describes, checked as on the command line; the same points
    in the same order. A sample drawn by another version of its sampler is refused (its points
    could differ) unless ``check_sampler`` is false."""
    try:
        paper, fixed = described["paper"], dict(described.get("fixed") or {})
        if "grid" in described:
            grid = described["grid"]
            if isinstance(grid, dict):  # manifests before the order was kept: names in sorted order
                grid = list(grid.items())
            return grid_spec(paper, [(name, values) for name, values in grid], fixed)
        ranges = described["ranges"]
        if isinstance(ranges, dict):
            ranges = [[name, *ends] for name, ends in ranges.items()]
        method = described["method"]
        if check_sampler and described.get("sampler") and described["sampler"] != sampler_versions(method):
            (name, then), = described["sampler"].items()
            raise SweepSpecError(f"the sample was drawn with {name} {then}, this environment has "
                                 f"{sampler_versions(method)[name]}: its points could differ; install {name}=={then}")
        return sample_spec(paper, described["samples"], {name: [low, high] for name, low, high in ranges},
                           method, described["seed"], fixed)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, SweepSpecError):
            raise
        raise SweepSpecError(f"not a sweep description ({type(exc).__name__}: {exc})") from None


def sample_size(method: str, n: int, dimensions: int) -> int:
    """Points a sample of base size ``n`` has: ``n``, or n (d + 2) for Saltelli's scheme."""
    return n * (dimensions + 2) if method == "saltelli" else n


def draw(method: str, dimensions: int, n: int, seed: int) -> np.ndarray:
    """Points in the unit cube: ``n`` scrambled Sobol' or Latin-hypercube points (scipy.stats.qmc),
    or Saltelli's n (d + 2) points for first- and total-order Sobol indices (SALib; analyse the
    table, in point order, with ``SALib.analyze.sobol.analyze(..., calc_second_order=False)``)."""
    from scipy.stats import qmc

    if method == "saltelli":
        from SALib.sample import sobol as saltelli

        problem = {"num_vars": dimensions, "names": [f"x{i}" for i in range(dimensions)],
                   "bounds": [[0.0, 1.0]] * dimensions}
        with warnings.catch_warnings():  # as for Sobol': a power of 2 converges best, any n is valid
            warnings.simplefilter("ignore", UserWarning)
            return saltelli.sample(problem, n, calc_second_order=False, seed=seed)
    if method == "sobol":
        engine = qmc.Sobol(dimensions, scramble=True, seed=seed)
        with warnings.catch_warnings():  # balance is best at a power of 2; any n is still a valid sample
            warnings.simplefilter("ignore", UserWarning)
            return engine.random(n)
    return qmc.LatinHypercube(dimensions, seed=seed).random(n)


def point(fixed: dict, varied: tuple[Varied, ...], values: tuple) -> dict:
    """The parameters of one point: ``fixed`` with the varied values put in (elements into lists)."""
    params = dict(fixed)
    copied = set()
    for v, value in zip(varied, values):
        if not v.index:
            params[v.base] = value
            continue
        if v.base not in copied:
            params[v.base] = _copy_lists(params[v.base])
            copied.add(v.base)
        target = params[v.base]
        for i in v.index[:-1]:
            target = target[i]
        target[v.index[-1]] = value
    return params


def _copy_lists(value):
    """A copy of nested lists (what an element is written into); other values are shared."""
    return [_copy_lists(v) for v in value] if isinstance(value, (list, tuple)) else value


def point_key(paper: str, params: dict, fingerprint: str) -> str:
    """A point's identity: a hash of the paper, its parameters and the fingerprint of the code
    that computes it (:func:`clustermodels.sweep.code_fingerprint`)."""
    text = json.dumps([paper, fingerprint, params], sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _varied(paper: str, name: str, fixed: dict, option: str) -> Varied:
    module = paper_module(paper)
    notebook = importlib_notebook(paper)
    match = NAME.match(name)
    if not match:
        raise SweepSpecError(f"{option} {name!r}: not a parameter name (write NAME or NAME[i])")
    base, index_text = match.groups()
    try:
        check_known([base], notebook.DECLARATION.parameters)
    except ParameterError as exc:
        raise SweepSpecError(f"{option} {name}: {exc}") from None
    index = tuple(int(i) for i in re.findall(r"\d+", index_text))
    if index:
        if base not in fixed:
            defaults = module.explicit_defaults()
            if base not in defaults:
                raise SweepSpecError(f"{option} {name}: parameter {base!r} is not a list; write {base} without [i]")
            fixed[base] = defaults[base]
        target = fixed[base]
        for depth, i in enumerate(index):
            if not isinstance(target, list) or i >= len(target):
                shown = base + "".join(f"[{j}]" for j in index[:depth])
                size = len(target) if isinstance(target, list) else 0
                raise SweepSpecError(f"{option} {name}: index {i} is outside {shown}, which has {size} "
                                     f"element(s) (indices from 0)")
            target = target[i]
    return Varied(name, base, index)


def importlib_notebook(paper: str):
    import importlib

    return importlib.import_module(paper_module(paper).__name__.rsplit(".", 1)[0] + ".notebook")


def _check_point(paper: str, fixed: dict, varied: tuple[Varied, ...], values: tuple, item: str) -> None:
    """``resolve`` on one point; its refusal becomes a SweepSpecError naming ``item``."""
    notebook = importlib_notebook(paper)
    try:
        notebook.resolve(point(fixed, varied, values))
    except ParameterError as exc:
        raise SweepSpecError(f"{item}: {exc}") from None
    except Exception as exc:  # a type validation did not foresee: still one line
        raise SweepSpecError(f"{item}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None


def _check_fixed(paper: str, fixed: dict) -> dict:
    notebook = importlib_notebook(paper)
    try:
        check_known(fixed, notebook.DECLARATION.parameters)
    except ParameterError as exc:
        raise SweepSpecError(f"-p: {exc}") from None
    if fixed:
        _check_point(paper, fixed, (), (), "-p " + ", ".join(fixed))
    return dict(fixed)


def check_memory(points: int, dimensions: int) -> None:
    """Refuse a sweep whose table and resume index would not fit in half the available memory."""
    need = points * ((dimensions + RESULT_COLUMNS_BOUND) * BYTES_PER_VALUE + ROW_OVERHEAD)
    have = available_memory()
    if need > MEMORY_SHARE * have:
        raise SweepSpecError(f"{points:,} points: too many for this machine's memory (the table needs about "
                             f"{need / 1e9:.1f} GB, {MEMORY_SHARE:.0%} of the {have / 1e9:.1f} GB available is "
                             f"{MEMORY_SHARE * have / 1e9:.1f} GB); split the sweep into smaller ones")


def available_memory() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def grid_spec(paper: str, pairs: list[tuple[str, list]], fixed: dict) -> SweepSpec:
    """A Cartesian grid from ``--grid NAME=VALUES`` pairs (values already read as a YAML list)."""
    fixed = _check_fixed(paper, fixed)
    if not pairs:
        raise SweepSpecError("no --grid given; write --grid NAME=V1,V2 (or use --sample with --ranges)")
    varied, grid = [], {}
    for name, values in pairs:
        if name in grid:
            raise SweepSpecError(f"--grid {name}: given twice; list all its values in one --grid")
        v = _varied(paper, name, fixed, "--grid")
        if not values:
            raise SweepSpecError(f"--grid {name}: empty grid; give at least one value, e.g. --grid {name}=V1,V2")
        varied.append(v)
        grid[name] = list(values)
    bases = [v.base for v in varied]
    for v in varied:
        if not v.index and bases.count(v.base) > 1:
            raise SweepSpecError(f"--grid {v.name}: its elements are varied too; vary the list or its elements")
    check_memory(math.prod(len(v) for v in grid.values()), len(varied))
    varied = tuple(varied)
    for k, v in enumerate(varied):
        for value in dict.fromkeys(json.dumps(x, sort_keys=True) for x in grid[v.name]):
            values = tuple(json.loads(value) if j == k else grid[w.name][0] for j, w in enumerate(varied))
            _check_point(paper, fixed, varied, values, f"--grid {v.name}={json.loads(value)!r}")
    return SweepSpec(paper, fixed, varied, grid=grid)


def sample_spec(paper: str, samples: int, ranges: dict, method: str, seed: int, fixed: dict,
                ranges_name: str = "--ranges") -> SweepSpec:
    """A Sobol' or Latin-hypercube sample of ``samples`` points over ``ranges`` (name -> [low, high])."""
    fixed = _check_fixed(paper, fixed)
    if method not in METHODS:
        raise SweepSpecError(f"--method {method!r}: allowed {', '.join(METHODS)}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise SweepSpecError(f"--sample {samples!r}: allowed a whole number of points, at least 1")
    if not isinstance(ranges, dict) or not ranges:
        raise SweepSpecError(f"{ranges_name}: empty; give a mapping NAME: [LOW, HIGH] for each varied parameter")
    varied, clean, integer = [], {}, set()
    for name, bounds in ranges.items():
        v = _varied(paper, str(name), fixed, ranges_name)
        if (not isinstance(bounds, (list, tuple)) or len(bounds) != 2
                or not all(isinstance(b, (int, float)) and not isinstance(b, bool) and math.isfinite(b)
                           for b in bounds)):
            raise SweepSpecError(f"{ranges_name} {name}: {bounds!r} is not a range; write {name}: [LOW, HIGH]")
        low, high = bounds
        if not low < high:
            raise SweepSpecError(f"{ranges_name} {name}: [{low}, {high}] is an empty range; LOW must be below HIGH")
        if isinstance(low, int) and isinstance(high, int):
            integer.add(v.name)
        varied.append(v)
        clean[v.name] = (low, high)
    if len({v.base for v in varied if not v.index} & {v.base for v in varied if v.index}):
        raise SweepSpecError(f"{ranges_name}: a list and its elements are both varied; vary one or the other")
    check_memory(sample_size(method, samples, len(varied)), len(varied))
    varied = tuple(varied)
    middle = tuple((lo + hi) / 2 if v.name not in integer else (lo + hi) // 2 for v, (lo, hi) in
                   zip(varied, clean.values()))
    for k, v in enumerate(varied):
        for end in clean[v.name]:
            values = middle[:k] + (end,) + middle[k + 1:]
            _check_point(paper, fixed, varied, values, f"{ranges_name} {v.name}: end {end!r}")
    return SweepSpec(paper, fixed, varied, ranges=clean, method=method, samples=samples, seed=seed,
                     integer=frozenset(integer))
