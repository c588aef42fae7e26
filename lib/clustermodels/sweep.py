"""Run a sweep (:mod:`.sweepspec`) on one executor and write a tidy table that nothing half-done
can be mistaken for.

Executors, all behind one ``concurrent.futures`` interface (``submit`` + futures):

* ``serial``: in this process (tests, debugging);
* ``processes`` (default): a local process pool;
* ``local``: a Dask ``LocalCluster``; ``tcp://HOST:PORT`` or a scheduler file: an existing Dask
  cluster (``Client.get_executor()``). Dask is the optional extra ``distributed``.

The points go out in chunks (paper 2's run API simulates a chunk as one numpy array). The client
writes each finished chunk as its own Parquet file under ``parts/`` (a temporary name, then a
rename, so a part is whole or absent). Every point has a key, a hash of the paper, its parameters
and the package version; ``--resume`` reads the keys already in ``parts/`` and submits only the
others. The table (``results.parquet``, ``results.csv``: one row per point, its varied parameters,
status, error, seconds and every headline number) and ``manifest.json`` are assembled from the
parts at the end and renamed into place, the manifest last; a sweep that starts first removes
them, so a table in the folder always belongs to a finished sweep.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import multiprocessing
import os
import platform
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from . import provenance
from .runapi import describe, paper_module, run_columns
from .sweepspec import SweepSpec, Varied, point, point_key

NOTEBOOKS = {"01": "01_eco_cluster_supernetwork", "02": "02_innovation_network_dynamics",
             "03": "03_industrial_structure_goal_programming", "04": "04_water_allocation_fuzzy_coalitions"}
CHUNK_HINT = {"01": 16, "02": 20_000, "03": 1, "04": 8}  # points per task: about 0.1-1 s of work each
MARKER = ".clustermodels-sweep"
TABLE, CSV, MANIFEST = "results.parquet", "results.csv", "manifest.json"
FIRST_COLUMNS = ("point", "key", "status", "error", "seconds")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DASK_PREFIXES = ("tcp://", "tls://", "ucx://", "inproc://")


class SweepError(RuntimeError):
    """A sweep that cannot start (folder, scheduler); one line for the user."""


@dataclass(frozen=True)
class Chunk:
    paper: str
    fixed: dict
    varied: tuple[Varied, ...]
    rows: list[tuple]
    indices: list[int]       # the points' places in the sweep
    keys: list[str] | None   # known when resuming; otherwise the worker computes them
    version: str

    def point_keys(self) -> list[str]:
        if self.keys is not None:
            return self.keys
        return [point_key(self.paper, point(self.fixed, self.varied, row), self.version) for row in self.rows]


def package_version() -> str:
    try:
        return version("clustermodels")
    except PackageNotFoundError:
        return "unknown"


def _cell(value):
    """A table cell: lists and mappings as JSON text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, sort_keys=True)
    return value


def run_chunk(chunk: Chunk) -> pd.DataFrame:
    """On a worker: the rows of one chunk (a bad point is a row with its error)."""
    points = [point(chunk.fixed, chunk.varied, row) for row in chunk.rows]
    numbers, errors, seconds = run_columns(chunk.paper, points)
    keys = chunk.keys or [point_key(chunk.paper, p, chunk.version) for p in points]
    frame = {"point": chunk.indices, "key": keys, "status": ["ok" if e is None else "error" for e in errors],
             "error": [e or "" for e in errors], "seconds": seconds}
    for v, values in zip(chunk.varied, zip(*chunk.rows)):
        frame[v.name] = [_cell(x) for x in values]
    for key, values in numbers.items():
        first = next((x for x in values if x is not None), None)  # a column holds one kind of value
        frame[key] = [_cell(x) for x in values] if isinstance(first, (bool, list, dict)) else values
    return pd.DataFrame(frame)


def failed_chunk(chunk: Chunk, exc: BaseException) -> pd.DataFrame:
    """Rows for a chunk whose task itself failed (a lost worker): kept in the table, not in parts/,
    so that ``--resume`` tries them again."""
    message = f"task failed: {describe(exc)}"
    return pd.DataFrame.from_records(
        [{"point": i, "key": k, "status": "error", "error": message, "seconds": float("nan"),
          **{v.name: _cell(x) for v, x in zip(chunk.varied, row)}}
         for i, k, row in zip(chunk.indices, chunk.point_keys(), chunk.rows)])


class SerialExecutor(cf.Executor):
    """``submit`` runs the call at once, in this process."""

    def submit(self, fn, /, *args, **kwargs):
        future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def import_paper(paper: str) -> int:
    """On a worker: import the paper's run API before the clock starts."""
    paper_module(paper)
    return os.getpid()


@contextmanager
def open_executor(scheduler: str, workers: int | None, paper: str | None = None):
    """``(executor, description)`` for ``scheduler``, with the run API of ``paper`` imported on
    every worker if given; closes what it started."""
    for name in THREAD_VARIABLES:  # one thread per worker process: the workers are the parallelism
        os.environ.setdefault(name, "1")
    if scheduler == "serial":
        yield SerialExecutor(), {"kind": "serial", "workers": 1}
        return
    if scheduler == "processes":
        count = workers or os.cpu_count() or 1
        with cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
            if paper:  # starts every worker process (one per task while none is idle) and imports
                list(pool.map(import_paper, [paper] * count))
            yield pool, {"kind": "processes", "workers": count}
        return
    if not (scheduler == "local" or scheduler.startswith(DASK_PREFIXES) or Path(scheduler).is_file()):
        raise SweepError(f"--scheduler {scheduler!r}: allowed serial, processes, local, tcp://HOST:PORT or the "
                         f"path of a Dask scheduler file")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SweepError(f"--scheduler {scheduler}: needs Dask; install it with "
                         f".venv/bin/pip install -e '.[distributed]'") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=":0",  # any free port, no clash
                                   scheduler_kwargs={"dashboard": False},
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        elif scheduler.startswith(DASK_PREFIXES):
            client = Client(scheduler, timeout="20s")
        else:
            client = Client(scheduler_file=scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise SweepError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({describe(exc)})") from None
    try:
        count = max(1, len(client.nthreads()))
        if paper:
            client.run(import_paper, paper)
        info = {"kind": "dask-local" if cluster else "dask", "address": client.scheduler.address,
                "workers": count, "dask": version("distributed")}
        yield client.get_executor(pure=False), info
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def check_folder(out: Path, resume: bool) -> None:
    """A new or empty folder, or (with ``resume``) one an earlier sweep made."""
    if out.exists() and not out.is_dir():
        raise SweepError(f"--out {out}: is a file, not a folder")
    made_by_sweep = (out / MARKER).is_file()
    if out.exists() and any(out.iterdir()):
        if not made_by_sweep:
            raise SweepError(f"--out {out}: exists, is not empty and was not made by `clustermodels sweep`; "
                             f"choose a new or empty folder")
        if not resume:
            raise SweepError(f"--out {out}: holds an earlier sweep; add --resume to finish it (only points not "
                             f"yet written are computed) or choose a new folder")


def prepare_folder(out: Path) -> None:
    """Mark the folder and remove an earlier table and manifest, so a table present later
    belongs to a finished sweep."""
    (out / "parts").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("clustermodels sweep\n", encoding="utf-8")
    for name in (MANIFEST, TABLE, CSV):
        (out / name).unlink(missing_ok=True)


def done_keys(out: Path) -> set[str]:
    """Keys of the points already written in ``parts/`` (a damaged part's points are redone)."""
    import pyarrow.parquet as pq

    keys: set[str] = set()
    for part in sorted((out / "parts").glob("part-*.parquet")):
        try:
            keys.update(pq.read_table(part, columns=["key"]).column("key").to_pylist())
        except Exception:  # parts are renamed into place whole; this one was damaged later
            continue
    return keys


def read_parts(out: Path) -> list[pd.DataFrame]:
    frames = []
    for part in sorted((out / "parts").glob("part-*.parquet")):
        try:
            frames.append(pd.read_parquet(part))
        except Exception:  # damaged: its points were recomputed (see done_keys)
            continue
    return frames


def chunk_size_for(spec: SweepSpec, workers: int, requested: int | None) -> int:
    if requested:
        return requested
    balanced = -(-spec.size() // (4 * max(1, workers)))  # at least about four chunks per worker
    return max(1, min(CHUNK_HINT[spec.paper], balanced))


def run_sweep(spec: SweepSpec, out: Path, scheduler: str = "processes", workers: int | None = None,
              resume: bool = False, chunk_size: int | None = None, progress: bool = True,
              csv: bool = True) -> dict:
    """Run ``spec`` into ``out``; return the manifest."""
    from tqdm import tqdm

    out = Path(out)
    check_folder(out, resume)
    with open_executor(scheduler, workers, spec.paper) as (executor, info):
        prepare_folder(out)
        started = time.time()
        pkg = package_version()
        done = done_keys(out) if resume else set()
        size = chunk_size_for(spec, info.get("workers") or 1, chunk_size)
        keys: list[str] | None = [] if resume else None  # every point's key, in order, to match old parts
        failed: list[pd.DataFrame] = []
        pending: dict[cf.Future, Chunk] = {}
        limit = 4 * max(1, info.get("workers") or 1)
        computed = 0
        bar = tqdm(total=spec.size(), desc=f"sweep {spec.paper}", unit="pt", disable=not progress,
                   smoothing=0.05, mininterval=0.5)

        def collect() -> None:
            """Wait for at least one task; write each finished chunk as a part."""
            nonlocal computed
            finished, _ = cf.wait(list(pending), return_when=cf.FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    frame = future.result()
                except Exception as exc:  # the task, not a point, failed: record it, retry on --resume
                    failed.append(failed_chunk(chunk, exc))
                else:
                    _write_atomic(out / "parts" / f"part-{uuid.uuid4().hex}.parquet",
                                  lambda tmp: frame.to_parquet(tmp, index=False))
                computed += len(chunk.rows)
                bar.update(len(chunk.rows))

        def submit(rows: list, indices: list, row_keys: list | None) -> None:
            chunk = Chunk(spec.paper, spec.fixed, spec.varied, rows, indices, row_keys, pkg)
            pending[executor.submit(run_chunk, chunk)] = chunk

        rows, indices, row_keys, seen = [], [], [], set(done)
        reused = 0
        for index, values in enumerate(spec.rows()):
            if resume:  # keys here only to skip what is done; otherwise the workers hash
                key = point_key(spec.paper, point(spec.fixed, spec.varied, values), pkg)
                keys.append(key)
                if key in seen:
                    if key in done:
                        reused += 1
                        bar.update(1)
                    continue
                seen.add(key)
                row_keys.append(key)
            rows.append(values)
            indices.append(index)
            if len(rows) == size:
                while len(pending) >= limit:  # a bounded number of tasks in flight
                    collect()
                submit(rows, indices, row_keys if resume else None)
                rows, indices, row_keys = [], [], []
        if rows:
            submit(rows, indices, row_keys if resume else None)
        while pending:
            collect()
        bar.close()
    elapsed = time.time() - started
    table = assemble(out, spec, keys, failed)
    _write_atomic(out / TABLE, lambda tmp: table.to_parquet(tmp, index=False))
    if csv:
        _write_atomic(out / CSV, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
    errors = int((table["status"] != "ok").sum())
    manifest = {
        "complete": True,
        "paper": spec.paper, "notebook": NOTEBOOKS[spec.paper],
        "spec": spec.describe(),
        "scheduler": info, "chunk_size": size,
        "points": len(table), "computed": computed, "reused": reused, "errors": errors,
        "failed_tasks": int(sum(len(f) for f in failed)),
        "seconds": round(elapsed, 3), "points_per_second": round(computed / elapsed, 3) if elapsed else None,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "versions": versions(info), "commit": provenance.git_commit(),
        "files": [TABLE] + ([CSV] if csv else []),
        "columns": {"point": "the point's place in the grid or sample (from 0)",
                    "key": "hash of paper, parameters and package version (what --resume matches)",
                    "status": "ok or error", "error": "the point's error, one line",
                    "seconds": "compute time of the point (a vectorised chunk's time shared equally)"},
    }
    _write_atomic(out / MANIFEST, lambda tmp: tmp.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, default=repr, ensure_ascii=False) + "\n", encoding="utf-8"))
    return manifest


def assemble(out: Path, spec: SweepSpec, keys: list[str] | None, failed: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per point of ``spec``, in order, from the parts (and any failed tasks). With
    ``keys`` (a resumed sweep) rows are matched by key, since older parts may come from a
    different specification; otherwise every part is this sweep's, placed by its point number."""
    frames = [f for f in read_parts(out) + failed if len(f)]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["point", "key"])
    if keys is None:
        table = rows.sort_values("point", kind="stable").reset_index(drop=True)
    else:
        rows = rows[rows["key"].isin(set(keys))].drop_duplicates("key", keep="last").drop(columns="point")
        table = pd.DataFrame({"point": range(len(keys)), "key": keys}).merge(rows, on="key", how="left")
    if len(table) != spec.size() or not (table["point"].to_numpy() == range(spec.size())).all():
        raise SweepError(f"the parts in {out / 'parts'} do not hold every point once; rerun with --resume")
    results = sorted(c for c in table.columns if c not in FIRST_COLUMNS and c not in spec.names)
    return table[[*FIRST_COLUMNS[:2], *spec.names, *FIRST_COLUMNS[2:], *results]]


def versions(info: dict) -> dict:
    names = ["clustermodels", "numpy", "scipy", "pandas", "pyarrow"] + (["dask", "distributed"] if "dask" in info else [])
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out
