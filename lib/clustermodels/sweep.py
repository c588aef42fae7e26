"""Run a sweep (:mod:`.sweepspec`) on one executor and write a tidy table that a lab can trust:
no rows of two code versions, no lost rows reported as success, no hangs.

Executors: ``serial`` (in this process), ``processes`` (default, a local process pool), ``local``
(a Dask ``LocalCluster``), ``tcp://HOST:PORT`` or a scheduler file (an existing Dask cluster).

* **Code identity.** :func:`code_fingerprint` hashes what computes a point: the package's ``.py``
  files, the ``data/`` files and the versions of the dependencies that matter. It is part of every
  point's key (so ``--resume`` never reuses a row of other code; parts of other code are discarded
  and counted) and of the manifest. Every task carries the client's fingerprint and a worker whose
  own differs refuses it; Dask workers are also checked before any work. Either stops the sweep
  with one line naming the worker.
* **One sweep per folder.** An exclusive ``flock`` on ``.clustermodels-sweep.lock`` is taken before
  anything in ``--out`` is touched and held to the end; the OS releases it when its process dies,
  so a stale lock never blocks.
* **Lost is not failed.** A point whose model raised is an ``error`` row; one that ran past
  ``--point-timeout`` is a ``timeout`` row. A task lost with its worker, pool or scheduler is
  retried (alone, up to :data:`MAX_ATTEMPTS` times; a broken process pool is restarted); a point
  still lost is left out of the table and counted in the manifest (``complete: false``), and the
  command exits non-zero asking for ``--resume``.
* **Never hang.** Waits poll; a Dask scheduler without contact for :data:`SCHEDULER_TIMEOUT`
  seconds ends the sweep (its points counted lost). Process-pool workers end when the client dies.
* **Parts.** Each finished chunk is a Parquet file under ``parts/`` (temporary name, then a
  rename: whole or absent). The table (``results.parquet``, ``results.csv``) and ``manifest.json``
  are assembled at the end and renamed into place, the manifest last.

Test hook (inert unless set): ``CLUSTERMODELS_SWEEP_FAULT=ACTION@P1,P2`` makes the points numbered
P1, P2 misbehave on the worker before computing: ``sleep:SECONDS``, ``raise``, ``exit`` (the
worker process ends at once) or ``block:SECONDS`` (SIGALRM blocked, then a sleep: stuck as in a
long C call). With ``CLUSTERMODELS_SWEEP_FAULT_ONCE=FILE`` a fault fires only while
FILE does not exist (the first to fire creates it).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import platform
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from . import provenance
from .paths import repo_root
from .runapi import describe, paper_module
from .sweepspec import SweepSpec, Varied, point, point_key

NOTEBOOKS = {"01": "01_eco_cluster_supernetwork", "02": "02_innovation_network_dynamics",
             "03": "03_industrial_structure_goal_programming", "04": "04_water_allocation_fuzzy_coalitions"}
CHUNK_HINT = {"01": 16, "02": 20_000, "03": 1, "04": 8}  # points per task: about 0.1-1 s of work each
MARKER = ".clustermodels-sweep"
LOCK = ".clustermodels-sweep.lock"
TABLE, CSV, MANIFEST = "results.parquet", "results.csv", "manifest.json"
FIRST_COLUMNS = ("point", "key", "status", "error", "seconds")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DASK_PREFIXES = ("tcp://", "tls://", "ucx://", "inproc://")
# What computes a point besides this package's source and data (their installed versions).
FINGERPRINT_PACKAGES = ("numpy", "scipy", "pandas", "networkx", "pyyaml", "pysd", "xarray", "clarabel",
                        "highspy", "SALib")
POINT_TIMEOUT = 900.0     # default --point-timeout (seconds); the slowest valid point measured took 32 s
SCHEDULER_TIMEOUT = 30.0  # default --scheduler-timeout: seconds without the Dask scheduler before the sweep ends
POLL = 2.0                # seconds between liveness checks while waiting for tasks
MAX_ATTEMPTS = 3          # a lost task is tried this many times in all (retries run alone)
FAULT, FAULT_ONCE = "CLUSTERMODELS_SWEEP_FAULT", "CLUSTERMODELS_SWEEP_FAULT_ONCE"
# A LocalCluster for sweeps: its scheduler and nannies share the client's process and the cores
# with the workers, so everything that wakes up often is off or slowed (measured on 2 cores: paper 1
# went from +16 % to +8 % of the process pool's wall time). The profiler samples every 10 ms.
QUIET_DASK = {"distributed.worker.profile.enabled": False,
              "distributed.admin.tick.interval": "1s",                  # event-loop watchdog, 20 ms
              "distributed.admin.system-monitor.interval": "2s",        # 500 ms
              "distributed.admin.system-monitor.gil.enabled": False,    # 1 ms when gilknocker is there
              "distributed.worker.memory.monitor-interval": "1s",       # 100 ms
              "distributed.scheduler.work-stealing": False}             # equal chunks: nothing to steal


class SweepError(RuntimeError):
    """A sweep that cannot start or go on (folder, scheduler, worker); one line for the user."""


class FingerprintMismatch(RuntimeError):
    """Raised on a worker whose code differs from the client's; the message names the worker."""


class PointTimeout(BaseException):
    """A point ran past its time limit (a BaseException, so that a model's ``except Exception``
    cannot swallow it)."""


# ----------------------------------------------------------------------------- code identity

def installed_versions(names) -> dict[str, str]:
    """Python's version and each named distribution's ("not installed" when absent)."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def dependency_versions() -> dict[str, str]:
    return installed_versions(FINGERPRINT_PACKAGES)


def fingerprint_of(package: Path, data: Path, dependencies: dict) -> str:
    """A hash of the ``.py`` files under ``package``, every file under ``data`` (sorted relative
    paths and bytes; caches and hidden files left out) and ``dependencies``."""
    digest = hashlib.blake2b(digest_size=8)
    for label, root, pattern in (("package", package, "*.py"), ("data", data, "*")):
        paths = sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))
        for path in paths:
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    digest.update(json.dumps(dependencies, sort_keys=True).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The fingerprint of the code this process computes points with (computed once)."""
    return fingerprint_of(Path(__file__).resolve().parent, repo_root() / "data", dependency_versions())


def worker_name() -> str:
    try:
        from distributed import get_worker

        return f"Dask worker {get_worker().address}"
    except (ImportError, ValueError):
        return f"worker pid {os.getpid()} on {socket.gethostname()}"


def worker_identity(paper: str) -> dict:
    """On a worker, before any work: import the paper's run API and compute its default point once
    (0.02-0.6 s: it loads the libraries and fills the per-process caches, which would otherwise
    make each worker's first points slower than the serial executor's); its fingerprint and name."""
    module = paper_module(paper)
    try:
        module.headline()
    except Exception:  # only a warm-up
        pass
    return {"fingerprint": code_fingerprint(), "name": worker_name(), "pid": os.getpid()}


# ----------------------------------------------------------------------------- on a worker

@dataclass(frozen=True)
class Chunk:
    paper: str
    fixed: dict
    varied: tuple[Varied, ...]
    rows: list[tuple]
    indices: list[int]       # the points' places in the sweep
    keys: list[str] | None   # known when resuming; otherwise the worker computes them
    fingerprint: str         # the client's
    point_timeout: float | None = None

    def point_keys(self) -> list[str]:
        if self.keys is not None:
            return self.keys
        return [point_key(self.paper, point(self.fixed, self.varied, row), self.fingerprint) for row in self.rows]


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


def _fault(index: int) -> None:
    """The test hook (module docstring); does nothing unless CLUSTERMODELS_SWEEP_FAULT is set."""
    text = os.environ.get(FAULT)
    if not text:
        return
    action, _, where = text.partition("@")
    if where and str(index) not in where.split(","):
        return
    once = os.environ.get(FAULT_ONCE)
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    kind, _, argument = action.partition(":")
    if kind == "sleep":  # in slices: a point stuck in Python code, which every time limit can stop
        end = time.monotonic() + float(argument)
        while time.monotonic() < end:
            time.sleep(min(0.05, max(0.0, end - time.monotonic())))
    elif kind == "raise":
        raise RuntimeError(f"injected fault at point {index}")
    elif kind == "exit":
        os._exit(70)
    elif kind == "block":  # stuck where no signal gets through, as in a long C call
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
        time.sleep(float(argument))


@contextmanager
def time_limit(seconds: float | None, what: str):
    """Raise :class:`PointTimeout` in this thread after ``seconds``: by SIGALRM in the main thread
    (serial, process pool: it also interrupts sleeps and waits), by an asynchronous exception in
    other threads (Dask workers' task threads: raised when the thread next runs Python code). Code
    stuck inside one C call (a solver) is stopped when that call returns."""
    if not seconds:
        yield
        return
    message = f"{what} ran past --point-timeout {seconds:g} s"
    if threading.current_thread() is threading.main_thread():
        def alarm(signum, frame):
            raise PointTimeout(message)

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    ident, lock, state = threading.get_ident(), threading.Lock(), {"active": True, "fired": False}
    set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc

    def fire():
        with lock:
            if state["active"]:
                state["fired"] = True
                set_async(ctypes.c_ulong(ident), ctypes.py_object(PointTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except PointTimeout:
        raise PointTimeout(message) from None
    finally:
        with lock:
            state["active"] = False
            if state["fired"]:  # fired as the block ended: clear it if still pending
                set_async(ctypes.c_ulong(ident), None)
        timer.cancel()


def compute(chunk: Chunk, points: list[dict]) -> tuple[dict[str, list], list[str], list[str], list[float]]:
    """Numbers by key, statuses (ok, error, timeout), errors and seconds of each point."""
    module = paper_module(chunk.paper)
    n = len(points)
    if hasattr(module, "headline_columns"):  # paper 2: the chunk at once; the limit is per point x points
        start = time.perf_counter()
        budget = chunk.point_timeout * n if chunk.point_timeout else None
        try:
            with time_limit(budget, f"the chunk of points {chunk.indices[0]}-{chunk.indices[-1]}"):
                for index in chunk.indices:
                    _fault(index)
                columns, raised = module.headline_columns([dict(p) for p in points])
        except PointTimeout as exc:
            each = (time.perf_counter() - start) / max(1, n)
            return {}, ["timeout"] * n, [str(exc)] * n, [each] * n
        except Exception as exc:  # the model raised for the whole chunk: every point's error
            each = (time.perf_counter() - start) / max(1, n)
            return {}, ["error"] * n, [describe(exc)] * n, [each] * n
        each = (time.perf_counter() - start) / max(1, n)
        return (columns, ["ok" if e is None else "error" for e in raised],
                ["" if e is None else describe(e) for e in raised], [each] * n)
    columns: dict[str, list] = {}
    statuses, errors, seconds = [], [], []
    for i, (index, params) in enumerate(zip(chunk.indices, points)):
        start = time.perf_counter()
        try:
            with time_limit(chunk.point_timeout, f"point {index}"):
                _fault(index)
                numbers = module.headline(**params)
        except PointTimeout as exc:
            statuses.append("timeout")
            errors.append(str(exc))
        except Exception as exc:  # recorded in the point's row
            statuses.append("error")
            errors.append(describe(exc))
        else:
            statuses.append("ok")
            errors.append("")
            for key, value in numbers.items():
                columns.setdefault(key, [None] * n)[i] = value
        seconds.append(time.perf_counter() - start)
    return columns, statuses, errors, seconds


def run_chunk(chunk: Chunk) -> pd.DataFrame:
    """On a worker: the rows of one chunk (a bad point is a row with its error). Refuses the chunk
    if this worker's code differs from the client's."""
    mine = code_fingerprint()
    if mine != chunk.fingerprint:
        raise FingerprintMismatch(f"{worker_name()} runs other code (fingerprint {mine}, the client's is "
                                  f"{chunk.fingerprint}); install the client's commit there (pip install -e .)")
    points = [point(chunk.fixed, chunk.varied, row) for row in chunk.rows]
    numbers, statuses, errors, seconds = compute(chunk, points)
    keys = chunk.keys or [point_key(chunk.paper, p, chunk.fingerprint) for p in points]
    frame = {"point": chunk.indices, "key": keys, "status": statuses, "error": errors, "seconds": seconds}
    for v, values in zip(chunk.varied, zip(*chunk.rows)):
        frame[v.name] = [_cell(x) for x in values]
    for key, values in numbers.items():
        first = next((x for x in values if x is not None), None)  # a column holds one kind of value
        frame[key] = [_cell(x) for x in values] if isinstance(first, (bool, list, dict)) else values
    frame["fingerprint"] = [mine] * len(points)
    return pd.DataFrame(frame)


def timed_out(chunk: Chunk, message: str) -> pd.DataFrame:
    """Timeout rows for a chunk whose worker had to be ended."""
    n = len(chunk.rows)
    frame = {"point": chunk.indices, "key": chunk.point_keys(), "status": ["timeout"] * n, "error": [message] * n,
             "seconds": [float("nan")] * n}
    for v, values in zip(chunk.varied, zip(*chunk.rows)):
        frame[v.name] = [_cell(x) for x in values]
    frame["fingerprint"] = [chunk.fingerprint] * n
    return pd.DataFrame(frame)


# ----------------------------------------------------------------------------- executors

class SerialExecutor(cf.Executor):
    """``submit`` runs the call at once, in this process."""

    def submit(self, fn, /, *args, **kwargs):
        future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _pool_worker_start(parent: int) -> None:
    """In each pool worker: end when the client process is gone (a SIGKILLed client leaves none)."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-client").start()


class Backend:
    """One executor behind ``submit``; ``lost`` after a task was lost (restarts a broken pool);
    ``check`` while waiting (raises :class:`SchedulerLost`)."""

    kind = "serial"

    def __init__(self, workers: int | None, paper: str | None):
        self.workers, self.paper, self.executor = 1, paper, SerialExecutor()
        if paper:  # warm up as the workers of the other executors do
            worker_identity(paper)

    def submit(self, fn, arg):
        return self.executor.submit(fn, arg), 0

    def lost(self, exc: BaseException, generation: int) -> None:
        pass

    def check(self) -> None:
        pass

    def info(self) -> dict:
        return {"kind": self.kind, "workers": self.workers}

    def close(self, abort: bool = False) -> None:
        pass


class SchedulerLost(Exception):
    pass


class ProcessBackend(Backend):
    kind = "processes"

    def __init__(self, workers: int | None, paper: str | None):
        self.workers, self.paper, self.generation, self.restarts = workers or os.cpu_count() or 1, paper, 0, 0
        self.pool = None
        self._start()

    def _start(self) -> None:
        self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_pool_worker_start, initargs=(os.getpid(),))
        self.generation += 1
        if self.paper:  # start every worker process and import the run API before the clock
            try:
                list(self.pool.map(worker_identity, [self.paper] * self.workers))
            except cf.process.BrokenProcessPool as exc:
                raise SweepError(f"--scheduler processes: the process pool broke while starting ({describe(exc)})") \
                    from None

    def submit(self, fn, arg):
        try:
            return self.pool.submit(fn, arg), self.generation
        except cf.process.BrokenProcessPool as exc:  # broke before its lost tasks were collected
            self.lost(exc, self.generation)
            return self.pool.submit(fn, arg), self.generation

    def lost(self, exc: BaseException, generation: int) -> None:
        if isinstance(exc, cf.process.BrokenProcessPool) and generation == self.generation:
            self.close(abort=True)
            self.restarts += 1
            self._start()

    def info(self) -> dict:
        return {"kind": self.kind, "workers": self.workers, "pool_restarts": self.restarts}

    def close(self, abort: bool = False) -> None:
        """Shut the pool down; with ``abort`` (an error, Ctrl-C, a broken pool) without waiting
        for running points: its worker processes are ended."""
        if self.pool is None:
            return
        if abort:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskBackend(Backend):
    def __init__(self, scheduler: str, workers: int | None, paper: str | None, fingerprint: str,
                 timeout: float = SCHEDULER_TIMEOUT):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise SweepError(f"--scheduler {scheduler}: needs Dask; install it with "
                             f".venv/bin/pip install -e '.[distributed]'") from None
        self.cluster = self.client = None
        self.timeout = timeout
        self.no_workers_since: float | None = None
        self.last_contact = time.monotonic()
        try:
            if scheduler == "local":
                with dask.config.set(QUIET_DASK):
                    self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                                processes=True, host="127.0.0.1", dashboard_address=":0",
                                                scheduler_kwargs={"dashboard": False},
                                                silence_logs=logging.ERROR)
                self.client = Client(self.cluster, timeout=f"{timeout:g}s")
            elif scheduler.startswith(DASK_PREFIXES):
                self.client = Client(scheduler, timeout=f"{timeout:g}s")
            else:
                self.client = Client(scheduler_file=scheduler, timeout=f"{timeout:g}s")
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise SweepError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({describe(exc)})") from None
        try:
            self.kind = "dask-local" if self.cluster else "dask"
            self.address = self.client.scheduler.address
            self.workers = max(1, len(self.client.nthreads()))
            if paper:  # every worker's code checked before it gets work
                for address, identity in sorted(self.client.run(worker_identity, paper).items()):
                    if identity["fingerprint"] != fingerprint:
                        raise SweepError(f"Dask worker {address} runs other code (fingerprint "
                                         f"{identity['fingerprint']}, the client's is {fingerprint}); install "
                                         f"the client's commit there (pip install -e .)")
            self.executor = self.client.get_executor(pure=False)
        except BaseException:
            self.close()
            raise

    def submit(self, fn, arg):
        return self.executor.submit(fn, arg), 0

    def check(self) -> None:
        """Contact with the scheduler (an identity call, 5 s at most); none, or a scheduler without
        workers, for ``timeout`` seconds raises SchedulerLost."""
        try:
            if self.client.status != "running":
                raise OSError(f"client {self.client.status}")
            identity = self.client.sync(self.client.scheduler.identity, callback_timeout=5)
            if not isinstance(identity, dict):  # distributed's sync returns None when the call was cancelled
                raise OSError(f"no answer ({identity!r})")
            self.last_contact = now = time.monotonic()
        except (Exception, asyncio.CancelledError) as exc:
            silent = time.monotonic() - self.last_contact
            if silent > self.timeout:
                raise SchedulerLost(f"the Dask scheduler at {self.address} has not answered for {silent:.0f} s "
                                    f"({describe(exc)})") from None
            return
        if identity.get("n_workers", 1):
            self.no_workers_since = None
            return
        self.no_workers_since = self.no_workers_since or now
        if now - self.no_workers_since > self.timeout:
            raise SchedulerLost(f"the Dask scheduler at {self.address} has had no workers for "
                                f"{now - self.no_workers_since:.0f} s")

    def info(self) -> dict:
        return {"kind": self.kind, "address": self.address, "workers": self.workers, "dask": version("distributed")}

    def close(self, abort: bool = False) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close(timeout=5)
                except Exception:  # a dead scheduler: nothing left to close cleanly
                    pass


def check_scheduler_name(scheduler: str) -> None:
    if not (scheduler in ("serial", "processes", "local") or scheduler.startswith(DASK_PREFIXES)
            or Path(scheduler).is_file()):
        raise SweepError(f"--scheduler {scheduler!r}: allowed serial, processes, local, tcp://HOST:PORT or the "
                         f"path of a Dask scheduler file")


@contextmanager
def open_executor(scheduler: str, workers: int | None, paper: str | None = None, fingerprint: str | None = None,
                  scheduler_timeout: float = SCHEDULER_TIMEOUT):
    """A :class:`Backend` for ``scheduler``, with the run API of ``paper`` imported (and, on Dask,
    every worker's fingerprint checked) on every worker; closes what it started."""
    check_scheduler_name(scheduler)
    for name in THREAD_VARIABLES:  # one thread per worker process: the workers are the parallelism
        os.environ.setdefault(name, "1")
    if scheduler == "serial":
        backend = Backend(workers, paper)
    elif scheduler == "processes":
        backend = ProcessBackend(workers, paper)
    else:
        backend = DaskBackend(scheduler, workers, paper, fingerprint or code_fingerprint(), scheduler_timeout)
    try:
        yield backend
    except BaseException:
        backend.close(abort=True)
        raise
    else:
        backend.close()


# ----------------------------------------------------------------------------- the folder

def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _made_by_sweep(out: Path) -> bool:
    return (out / MARKER).is_file() or (out / LOCK).is_file()


def check_folder(out: Path, resume: bool) -> None:
    """A new or empty folder, or (with ``resume``) one an earlier sweep made."""
    if out.exists() and not out.is_dir():
        raise SweepError(f"--out {out}: is a file, not a folder")
    if out.exists() and any(p.name != LOCK for p in out.iterdir()):
        if not _made_by_sweep(out):
            raise SweepError(f"--out {out}: exists, is not empty and was not made by `clustermodels sweep`; "
                             f"choose a new or empty folder")
        if not resume:
            raise SweepError(f"--out {out}: holds an earlier sweep; add --resume to finish it (only points not "
                             f"yet written are computed) or choose a new folder")


class FolderLock:
    """An exclusive ``flock`` on ``out/.clustermodels-sweep.lock``, which names its holder."""

    def __init__(self, out: Path):
        self.out, self.fd, self.created = out, None, False

    def acquire(self) -> None:
        out = self.out
        if out.exists() and not out.is_dir():
            raise SweepError(f"--out {out}: is a file, not a folder")
        if out.exists() and any(out.iterdir()) and not _made_by_sweep(out):
            raise SweepError(f"--out {out}: exists, is not empty and was not made by `clustermodels sweep`; "
                             f"choose a new or empty folder")
        self.created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 1000).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise SweepError(f"--out {out}: another sweep is running into this folder ({holder}); wait for it "
                             f"or choose another folder") from None
        self.fd = fd
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, since "
                      f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n".encode(), 0)

    def release(self, remove_folder: bool = False) -> None:
        if self.fd is None:
            return
        if remove_folder and self.created:  # nothing was written: leave no folder behind
            (self.out / LOCK).unlink(missing_ok=True)
            (self.out / MARKER).unlink(missing_ok=True)
            try:
                (self.out / "parts").rmdir()
                self.out.rmdir()
            except OSError:
                pass
        os.close(self.fd)
        self.fd = None


def prepare_folder(out: Path) -> None:
    """Mark the folder and remove an earlier table and manifest, so a table present later
    belongs to a finished sweep."""
    (out / "parts").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("clustermodels sweep\n", encoding="utf-8")
    for name in (MANIFEST, TABLE, CSV):
        (out / name).unlink(missing_ok=True)


def scan_parts(out: Path, fingerprint: str) -> tuple[set[str], int, set[str]]:
    """Keys of the points already written in ``parts/`` by this code; parts of other code (or
    without a fingerprint) are removed, their rows counted; a damaged part's points are redone."""
    import pyarrow.parquet as pq

    keys: set[str] = set()
    stale, others = 0, set()
    for part in sorted((out / "parts").glob("part-*.parquet")):
        try:
            names = pq.read_schema(part).names
            table = pq.read_table(part, columns=[c for c in ("key", "fingerprint") if c in names])
        except Exception:  # parts are renamed into place whole; this one was damaged later
            continue
        prints = set(table.column("fingerprint").to_pylist()) if "fingerprint" in table.column_names else {"?"}
        if prints != {fingerprint}:
            stale += table.num_rows
            others |= prints
            part.unlink()
            continue
        keys.update(table.column("key").to_pylist())
    return keys, stale, others


def read_parts(out: Path) -> list[pd.DataFrame]:
    frames = []
    for part in sorted((out / "parts").glob("part-*.parquet")):
        try:
            frames.append(pd.read_parquet(part))
        except Exception:  # damaged: its points were recomputed (see scan_parts)
            continue
    return frames


def chunk_size_for(spec: SweepSpec, workers: int, requested: int | None) -> int:
    """Points per task: ``requested``, or about four tasks per worker, at most the paper's hint.
    On a grid, whole runs of the last dimension when they fit in the hint: points that differ in
    one parameter only share a worker's per-process caches (paper 4's coalition values)."""
    if requested:
        return requested
    balanced = -(-spec.size() // (4 * max(1, workers)))  # at least about four chunks per worker
    size = max(1, min(CHUNK_HINT[spec.paper], balanced))
    if spec.grid is not None:
        inner = len(list(spec.grid.values())[-1])
        if 1 < inner <= CHUNK_HINT[spec.paper] and size % inner:
            size = inner * max(1, min(size // inner, CHUNK_HINT[spec.paper] // inner))
    return size


def _disk(exc: OSError, out: Path) -> SweepError:
    what = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
            errno.EACCES: "permission denied", errno.EDQUOT: "the disk quota is exceeded"}.get(exc.errno,
                                                                                             describe(exc))
    return SweepError(f"--out {out}: cannot write ({what}); finished parts are kept: fix it and rerun with --resume")


# ----------------------------------------------------------------------------- the sweep

def run_sweep(spec: SweepSpec, out: Path, scheduler: str = "processes", workers: int | None = None,
              resume: bool = False, chunk_size: int | None = None, progress: bool = True,
              csv: bool = True, point_timeout: float | None = POINT_TIMEOUT,
              scheduler_timeout: float = SCHEDULER_TIMEOUT) -> dict:
    """Run ``spec`` into ``out``; return the manifest (``complete`` false and ``lost`` > 0 when
    points were lost: the caller should exit non-zero)."""
    out = Path(out)
    check_scheduler_name(scheduler)
    fingerprint = code_fingerprint()
    lock = FolderLock(out)
    try:
        lock.acquire()
    except OSError as exc:
        raise _disk(exc, out) from None
    try:
        check_folder(out, resume)
        try:
            backend_context = open_executor(scheduler, workers, spec.paper, fingerprint, scheduler_timeout)
            backend = backend_context.__enter__()
        except BaseException:
            lock.release(remove_folder=True)
            raise
        try:
            manifest = _sweep(spec, out, backend, fingerprint, resume, chunk_size, progress, point_timeout)
        except BaseException as exc:
            backend_context.__exit__(type(exc), exc, exc.__traceback__)
            raise
        backend_context.__exit__(None, None, None)
        return _finish(spec, out, manifest, csv)
    except OSError as exc:
        raise _disk(exc, out) from None
    finally:
        lock.release()


def _sweep(spec: SweepSpec, out: Path, backend: Backend, fingerprint: str, resume: bool,
           chunk_size: int | None, progress: bool, point_timeout: float | None) -> dict:
    from tqdm import tqdm

    prepare_folder(out)
    started = time.time()
    done, stale, others = scan_parts(out, fingerprint) if resume else (set(), 0, set())
    size = chunk_size_for(spec, backend.workers, chunk_size)
    keys: list[str] | None = [] if resume else None  # every point's key, in order, to match old parts
    pending: dict = {}          # future -> (chunk, attempt, generation)
    running_since: dict = {}    # future -> when it was first seen running (process pool)
    stuck: set = set()          # futures ended for running too long
    retry: list = []            # (chunk, attempt): lost tasks to try again, one at a time
    limit = 4 * max(1, backend.workers)
    counts = Counter()
    causes = Counter()
    bar = tqdm(total=spec.size(), desc=f"sweep {spec.paper}", unit="pt",
               disable=None if progress else True,  # None: no bar when stderr is not a terminal (batch logs)
               smoothing=0.05, mininterval=0.5)

    def submit(chunk: Chunk, attempt: int) -> None:
        future, generation = backend.submit(run_chunk, chunk)
        pending[future] = (chunk, attempt, generation)

    def unstick() -> None:
        """Process pool: a task running past twice its points' time limit (plus 5 s) is stuck in
        code SIGALRM cannot interrupt; the pool is ended and restarted, the task's points become
        timeout rows (the other tasks it took with it are retried)."""
        if not point_timeout or not isinstance(backend, ProcessBackend):
            return
        now = time.monotonic()
        for future, (chunk, _, generation) in pending.items():
            if future.running() and generation == backend.generation:
                began = running_since.setdefault(future, now)
                if now - began > 2 * point_timeout * len(chunk.rows) + 5:
                    stuck.add(future)
                    backend.lost(cf.process.BrokenProcessPool("a task stuck past --point-timeout"), generation)
                    return

    def collect() -> None:
        """Wait (polling the scheduler) for at least one task; write each finished chunk as a part."""
        unstick()
        finished, _ = cf.wait(list(pending), timeout=POLL, return_when=cf.FIRST_COMPLETED)
        if not finished:
            backend.check()
            return
        backend.last_contact = time.monotonic()
        for future in finished:
            chunk, attempt, generation = pending.pop(future)
            running_since.pop(future, None)
            try:
                frame = future.result()
            except FingerprintMismatch as exc:
                raise SweepError(str(exc)) from None
            except (Exception, asyncio.CancelledError) as exc:  # the task was lost (worker, pool, scheduler)
                if future in stuck:
                    stuck.discard(future)
                    frame = timed_out(chunk, f"ran past --point-timeout {point_timeout:g} s in code that could not "
                                             f"be interrupted; its pool worker was ended")
                    _write_atomic(out / "parts" / f"part-{uuid.uuid4().hex}.parquet",
                                  lambda tmp: frame.to_parquet(tmp, index=False))
                    counts["computed"] += len(chunk.rows)
                    bar.update(len(chunk.rows))
                    continue
                backend.lost(exc, generation)
                if attempt < MAX_ATTEMPTS:
                    retry.append((chunk, attempt + 1))
                else:
                    counts["lost"] += len(chunk.rows)
                    causes[describe(exc)] += len(chunk.rows)
                    bar.update(len(chunk.rows))
                continue
            _write_atomic(out / "parts" / f"part-{uuid.uuid4().hex}.parquet",
                          lambda tmp: frame.to_parquet(tmp, index=False))
            counts["computed"] += len(chunk.rows)
            bar.update(len(chunk.rows))

    def drain_retries() -> None:
        """Retry lost tasks alone, so a task that kills its worker cannot take others with it."""
        while retry:
            while pending:
                collect()
            if retry:
                submit(*retry.pop(0))
                while pending:
                    collect()

    try:
        rows, indices, row_keys, seen = [], [], [], set(done)
        for index, values in enumerate(spec.rows()):
            if resume:  # keys here only to skip what is done; otherwise the workers hash
                key = point_key(spec.paper, point(spec.fixed, spec.varied, values), fingerprint)
                keys.append(key)
                if key in seen:
                    if key in done:
                        counts["reused"] += 1
                        bar.update(1)
                    continue
                seen.add(key)
                row_keys.append(key)
            rows.append(values)
            indices.append(index)
            if len(rows) == size:
                while len(pending) >= limit:  # a bounded number of tasks in flight
                    collect()
                drain_retries()
                submit(Chunk(spec.paper, spec.fixed, spec.varied, rows, indices, row_keys if resume else None,
                             fingerprint, point_timeout), 1)
                rows, indices, row_keys = [], [], []
        if rows:
            submit(Chunk(spec.paper, spec.fixed, spec.varied, rows, indices, row_keys if resume else None,
                         fingerprint, point_timeout), 1)
        while pending or retry:
            while pending:
                collect()
            drain_retries()
    except SchedulerLost as exc:
        lost = spec.size() - counts["computed"] - counts["reused"] - counts["lost"]
        counts["lost"] += lost
        causes[str(exc)] += lost
        for future in pending:
            future.cancel()
    finally:
        bar.close()
    elapsed = time.time() - started
    return {"spec": spec, "backend": backend.info(), "chunk_size": size, "counts": counts, "causes": causes,
            "stale": stale, "stale_fingerprints": sorted(others), "keys": keys, "started": started,
            "elapsed": elapsed, "fingerprint": fingerprint, "point_timeout": point_timeout}


def _finish(spec: SweepSpec, out: Path, run: dict, csv: bool) -> dict:
    counts, elapsed = run["counts"], run["elapsed"]
    table = assemble(out, spec, run["keys"])
    _write_atomic(out / TABLE, lambda tmp: table.to_parquet(tmp, index=False))
    if csv:
        _write_atomic(out / CSV, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
    status = table["status"].value_counts()
    lost = spec.size() - len(table)
    manifest = {
        "complete": lost == 0,
        "paper": spec.paper, "notebook": NOTEBOOKS[spec.paper],
        "spec": spec.describe(),
        "fingerprint": run["fingerprint"],
        "fingerprint_covers": {"package": "every .py file of clustermodels", "data": "every file under data/",
                               "dependencies": dependency_versions()},
        "scheduler": run["backend"], "chunk_size": run["chunk_size"], "point_timeout": run["point_timeout"],
        "points": spec.size(), "rows": len(table), "computed": counts["computed"], "reused": counts["reused"],
        "errors": int(status.get("error", 0)), "timeouts": int(status.get("timeout", 0)), "lost": lost,
        "lost_causes": dict(run["causes"]),
        "discarded_other_code": run["stale"], "other_fingerprints": run["stale_fingerprints"],
        "seconds": round(elapsed, 3),
        "points_per_second": round(counts["computed"] / elapsed, 3) if elapsed else None,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(run["started"])),
        "versions": versions(run["backend"]), "commit": provenance.git_commit(),
        "files": [TABLE] + ([CSV] if csv else []),
        "columns": {"point": "the point's place in the grid or sample (from 0)",
                    "key": "hash of paper, parameters and code fingerprint (what --resume matches)",
                    "status": "ok, error (the model raised) or timeout (ran past point_timeout)",
                    "error": "the point's error, one line",
                    "seconds": "compute time of the point (a vectorised chunk's time shared equally)"},
    }
    _write_atomic(out / MANIFEST, lambda tmp: tmp.write_text(
        json.dumps(manifest, indent=2, default=repr, ensure_ascii=False) + "\n", encoding="utf-8"))
    return manifest


def assemble(out: Path, spec: SweepSpec, keys: list[str] | None) -> pd.DataFrame:
    """One row per computed point of ``spec``, in point order, from the parts (lost points are
    absent). With ``keys`` (a resumed sweep) rows are matched by key, since older parts may come
    from a different specification; otherwise every part is this sweep's."""
    frames = [f for f in read_parts(out) if len(f)]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["point", "key", "status", "error", "seconds"])
    rows = rows.drop(columns="fingerprint", errors="ignore")
    if keys is None:
        table = rows.drop_duplicates("point", keep="last").sort_values("point", kind="stable").reset_index(drop=True)
    else:
        rows = rows[rows["key"].isin(set(keys))].drop_duplicates("key", keep="last").drop(columns="point")
        table = pd.DataFrame({"point": range(len(keys)), "key": keys}).merge(rows, on="key", how="inner")
    for name in spec.names:
        if name not in table.columns:
            table[name] = pd.Series(dtype=object)
    results = sorted(c for c in table.columns if c not in FIRST_COLUMNS and c not in spec.names)
    return table[[*FIRST_COLUMNS[:2], *spec.names, *FIRST_COLUMNS[2:], *results]]


def versions(info: dict) -> dict:
    names = ["clustermodels", "numpy", "scipy", "pandas", "pyarrow", "SALib"] + (
        ["dask", "distributed"] if "dask" in info else [])
    return installed_versions(names)
