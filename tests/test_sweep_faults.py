"""clustermodels sweep under faults (issue 19): code identity, one sweep per folder, lost is not
failed, no hangs, one-line errors, a manifest that rebuilds its sweep.

Faults are injected with the engine's test hook CLUSTERMODELS_SWEEP_FAULT (see clustermodels.sweep)
or by killing processes. Every Dask process is started here on 127.0.0.1 and stopped by PID."""

import asyncio
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermodels import sweep as engine
from clustermodels.cli import main
from clustermodels.paths import repo_root
from clustermodels.sweep import (LOCK, MANIFEST, TABLE, Chunk, FingerprintMismatch, PointTimeout, code_fingerprint,
                                 dependency_versions, fingerprint_of, run_chunk, run_sweep, time_limit)
from clustermodels.sweepspec import grid_spec, sample_spec, spec_from_description

BIN = Path(sys.executable).parent
GRID_01 = ["--grid", "green_subsidy=0.0,0.25,0.5", "--grid", "discard_tax=0.0,2.0"]  # 6 points


def grid_01():
    return grid_spec("01", [("green_subsidy", [0.0, 0.25, 0.5]), ("discard_tax", [0.0, 2.0])], {})


def comparable(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / TABLE).drop(columns="seconds")


@pytest.fixture(scope="module")
def serial_01(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "s"
    run_sweep(grid_01(), out, "serial", progress=False)
    return comparable(out)


def env(**extra):
    return {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", **extra}


def cli(*argv, environ=None, timeout=180):
    """The command as a lab runs it: a process of its own."""
    return subprocess.run([BIN / "clustermodels", "sweep", *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout, env=environ or env())


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def wait_for(predicate, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what} after {seconds} s")


def stop(*procs):
    for proc in procs:
        if proc is not None and proc.poll() is None:
            proc.terminate()
    for proc in procs:
        if proc is not None:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def dask_scheduler(folder: Path):
    file = folder / "scheduler.json"
    proc = subprocess.Popen([BIN / "dask", "scheduler", "--scheduler-file", file, "--host", "127.0.0.1", "--port",
                             "0", "--no-dashboard"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(file.exists, 60, "the scheduler file")
    except BaseException:
        stop(proc)
        raise
    return proc, file


def dask_worker(file: Path, **extra):
    return subprocess.Popen([BIN / "dask", "worker", "--scheduler-file", file, "--nworkers", "1", "--nthreads", "1",
                             "--no-dashboard", "--host", "127.0.0.1"], env=env(**extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_workers(file: Path, n: int):
    from distributed import Client

    with Client(scheduler_file=str(file), timeout="30s") as client:
        client.wait_for_workers(n, timeout=90)


# ------------------------------------------------------------------ 1. code identity

def test_fingerprint_covers_source_data_and_dependencies(tmp_path):
    package, data = tmp_path / "clustermodels", tmp_path / "data"
    shutil.copytree(Path(engine.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(repo_root() / "data", data)
    deps = dependency_versions()
    assert fingerprint_of(package, data, deps) == code_fingerprint()  # paths relative: a copy is the same code
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert fingerprint_of(package, data, deps) == code_fingerprint()
    changed = []
    model = package / "water" / "stage2.py"
    model.write_text(model.read_text() + "\n# a committed model change\n")
    changed.append(fingerprint_of(package, data, deps))
    table = sorted(p for p in data.rglob("*") if p.is_file())[-1]
    table.write_bytes(table.read_bytes() + b"\n")
    changed.append(fingerprint_of(package, data, deps))
    changed.append(fingerprint_of(package, data, {**deps, "numpy": "0.0"}))
    assert len({code_fingerprint(), *changed}) == 4


def test_resume_after_a_code_change_keeps_no_row_of_the_old_code(tmp_path, monkeypatch, serial_01):
    """Defect 1: the key held the package version (0.1.0 before and after a change), so a resumed
    sweep mixed old and new rows."""
    from clustermodels.supernetwork import run as model

    new_headline = model.headline
    monkeypatch.setattr(engine, "code_fingerprint", lambda: "0ldc0de0ldc0de00")
    monkeypatch.setattr(model, "headline", lambda **p: {k: (v + 1000 if isinstance(v, float) else v)
                                                         for k, v in new_headline(**p).items()})
    out = tmp_path / "s"
    run_sweep(grid_01(), out, "serial", chunk_size=1, progress=False)
    old = comparable(out)
    assert not (old["green_flow"] == serial_01["green_flow"]).any()
    parts = sorted((out / "parts").glob("part-*.parquet"))
    for part in parts[:2]:  # as if killed before these two were written
        part.unlink()
    monkeypatch.undo()  # the new code
    manifest = run_sweep(grid_01(), out, "serial", resume=True, chunk_size=1, progress=False)
    assert (manifest["computed"], manifest["reused"], manifest["discarded_other_code"]) == (6, 0, 4)
    assert manifest["other_fingerprints"] == ["0ldc0de0ldc0de00"] and manifest["fingerprint"] == code_fingerprint()
    pd.testing.assert_frame_equal(comparable(out), serial_01)


def test_a_task_of_other_code_is_refused_on_the_worker():
    spec = grid_01()
    chunk = Chunk("01", spec.fixed, spec.varied, [(0.0, 0.0)], [0], None, "ffffffffffffffff")
    with pytest.raises(FingerprintMismatch, match=rf"worker pid {os.getpid()} .*runs other code"):
        run_chunk(chunk)


def test_a_dask_worker_with_other_code_is_refused(tmp_path):
    """Defect 2: a worker running other code (same version number) wrote wrong rows as `ok`. Here
    the worker reads a changed data folder (CLUSTERMODELS_ROOT); the sweep stops with one line
    naming it and writes no table."""
    root = tmp_path / "other-checkout"
    root.mkdir()
    shutil.copy(repo_root() / "pyproject.toml", root)
    shutil.copytree(repo_root() / "data", root / "data")
    with open(root / "data" / "README.md", "a", encoding="utf-8") as f:
        f.write("\nchanged\n")
    scheduler = worker = None
    try:
        scheduler, file = dask_scheduler(tmp_path)
        worker = dask_worker(file, CLUSTERMODELS_ROOT=str(root))
        wait_for_workers(file, 1)
        done = cli("01", *GRID_01, "--scheduler", file, "--out", tmp_path / "s")
        assert done.returncode == 2
        line = one_line(done.stderr)
        assert "Dask worker tcp://127.0.0.1:" in line and "runs other code" in line and code_fingerprint() in line
        assert not (tmp_path / "s" / TABLE).exists() and not list((tmp_path / "s" / "parts").glob("*"))
    finally:
        stop(worker, scheduler)


# ------------------------------------------------------------------ 2. one sweep per folder

def test_a_second_sweep_into_a_busy_folder_stops_and_the_first_table_survives(tmp_path, capsys, serial_01):
    """Defect 3: the folder was checked before the executor started and cleared after it, so a
    second sweep deleted the first one's table."""
    out = tmp_path / "s"
    first = subprocess.Popen([BIN / "clustermodels", "sweep", "01", *GRID_01, "--scheduler", "serial", "--out", out],
                             env=env(CLUSTERMODELS_SWEEP_FAULT="sleep:4@0"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: (out / LOCK).is_file() and "pid" in (out / LOCK).read_text(), 60, "the first sweep's lock")
        for extra in ([], ["--resume"]):
            capsys.readouterr()
            assert main(["sweep", "01", *GRID_01, "--scheduler", "serial", "--out", str(out), *extra]) == 2
            line = one_line(capsys.readouterr().err)
            assert f"another sweep is running into this folder (pid {first.pid} on " in line
        assert first.wait(timeout=120) == 0, first.stderr.read()
    finally:
        stop(first)
    table = (out / TABLE).read_bytes()
    capsys.readouterr()
    assert main(["sweep", "01", *GRID_01, "--scheduler", "serial", "--out", str(out)]) == 2  # finished: no --resume
    assert "holds an earlier sweep" in one_line(capsys.readouterr().err)
    assert (out / TABLE).read_bytes() == table
    pd.testing.assert_frame_equal(comparable(out), serial_01)


def test_a_stale_lock_does_not_block(tmp_path, serial_01):
    out = tmp_path / "s"
    run_sweep(grid_01(), out, "serial", chunk_size=3, progress=False)
    (out / LOCK).write_text("pid 999999 on a-crashed-host, since 2026-01-01T00:00:00Z\n")  # no process holds it
    (out / TABLE).unlink()
    manifest = run_sweep(grid_01(), out, "serial", resume=True, progress=False)
    assert (manifest["reused"], manifest["computed"]) == (6, 0)
    pd.testing.assert_frame_equal(comparable(out), serial_01)


# ------------------------------------------------------------------ 3. lost is not failed

def test_a_killed_pool_worker_is_retried_or_reported_lost(tmp_path, monkeypatch, capsys, serial_01):
    """Defect 5: points of a dead pool worker became error rows with exit 0 and "complete"."""
    once = tmp_path / "fired"
    monkeypatch.setenv(engine.FAULT, "exit@2")  # the pool worker computing point 2 dies at once
    monkeypatch.setenv(engine.FAULT_ONCE, str(once))
    argv = ["sweep", "01", *GRID_01, "--scheduler", "processes", "--workers", "2", "--chunk-size", "1"]
    assert main([*argv, "--out", str(tmp_path / "once")]) == 0  # the pool is restarted, the task rerun
    manifest = json.loads((tmp_path / "once" / MANIFEST).read_text())
    assert once.exists() and manifest["complete"] and manifest["scheduler"]["pool_restarts"] >= 1
    pd.testing.assert_frame_equal(comparable(tmp_path / "once"), serial_01)

    monkeypatch.delenv(engine.FAULT_ONCE)  # now point 2 kills every worker that tries it
    out = tmp_path / "always"
    capsys.readouterr()
    assert main([*argv, "--out", str(out)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: 1 of 6 points were lost") and err[-1].endswith("rerun the same command with --resume")
    table = comparable(out)
    assert list(table["point"]) == [0, 1, 3, 4, 5] and (table["status"] == "ok").all()
    manifest = json.loads((out / MANIFEST).read_text())
    assert (manifest["complete"], manifest["lost"], manifest["rows"]) == (False, 1, 5)
    assert "BrokenProcessPool" in next(iter(manifest["lost_causes"]))

    monkeypatch.delenv(engine.FAULT)
    assert main([*argv[:-6], "--scheduler", "serial", "--out", str(out), "--resume"]) == 0
    assert json.loads((out / MANIFEST).read_text())["computed"] == 1
    pd.testing.assert_frame_equal(comparable(out), serial_01)


def test_a_killed_scheduler_ends_the_sweep_within_its_timeout(tmp_path):
    """Defect 4: the client waited forever on a dead scheduler."""
    scheduler = worker = client = None
    try:
        scheduler, file = dask_scheduler(tmp_path)
        worker = dask_worker(file, CLUSTERMODELS_SWEEP_FAULT="sleep:2")
        wait_for_workers(file, 1)
        out = tmp_path / "s"
        client = subprocess.Popen([BIN / "clustermodels", "sweep", "01", *GRID_01, "--scheduler", file,
                                   "--chunk-size", "1", "--scheduler-timeout", "5", "--out", out], env=env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: any((out / "parts").glob("part-*.parquet")), 120, "the first part")
        scheduler.kill()
        killed = time.monotonic()
        code = client.wait(timeout=120)
        ended = time.monotonic() - killed
        stderr = client.stderr.read()
        assert code == 3, stderr
        assert ended < 5 + 25, f"the client ended {ended:.0f} s after the scheduler died"  # timeout + poll + close
        last = stderr.strip().splitlines()[-1]
        assert "the Dask scheduler at tcp://127.0.0.1:" in last and "rerun the same command with --resume" in last
        manifest = json.loads((out / MANIFEST).read_text())
        assert not manifest["complete"] and manifest["lost"] == 6 - manifest["rows"] > 0
        assert (pd.read_parquet(out / TABLE)["status"] == "ok").all()
    finally:
        stop(client, worker, scheduler)


class _DyingClient:
    """A client whose scheduler call ends as distributed's ``sync`` ends a cancelled call: with no
    value (None), or with asyncio's CancelledError (a BaseException)."""

    status = "running"
    scheduler = type("Rpc", (), {"identity": None})()

    def __init__(self, outcome):
        self.outcome = outcome

    def sync(self, *args, **kwargs):
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.mark.parametrize("outcome", [None, asyncio.CancelledError()], ids=["none", "cancelled"])
def test_a_cancelled_scheduler_call_is_silence_not_a_crash(outcome):
    """A killed scheduler once made the client exit 1 (an uncaught error) instead of 3: a cancelled
    identity call counts as no answer, and the sweep ends only after --scheduler-timeout."""
    backend = object.__new__(engine.DaskBackend)
    backend.client, backend.address, backend.timeout = _DyingClient(outcome), "tcp://127.0.0.1:1", 5.0
    backend.no_workers_since, backend.last_contact = None, time.monotonic()
    backend.check()  # within the timeout: silence is waited out
    backend.last_contact -= 6
    with pytest.raises(engine.SchedulerLost, match="has not answered for 6 s"):
        backend.check()


def test_a_scheduler_without_workers_ends_the_sweep(tmp_path):
    scheduler = None
    try:
        scheduler, file = dask_scheduler(tmp_path)
        done = cli("01", *GRID_01, "--scheduler", file, "--scheduler-timeout", "3", "--out", tmp_path / "s")
        assert done.returncode == 3, done.stderr
        assert "has had no workers for" in done.stderr.strip().splitlines()[-1]
        assert json.loads((tmp_path / "s" / MANIFEST).read_text())["lost"] == 6
    finally:
        stop(scheduler)


# ------------------------------------------------------------------ 4. time limits

@pytest.mark.parametrize("scheduler", ["serial", "processes", "local"])
def test_point_timeout_gives_a_timeout_row(tmp_path, monkeypatch, scheduler, serial_01):
    """Defect 8: no time limit per point. SIGALRM in serial and pool workers; an asynchronous
    exception in a Dask worker's task thread."""
    monkeypatch.setenv(engine.FAULT, "sleep:600@4")
    manifest = run_sweep(grid_01(), tmp_path / "s", scheduler, workers=2, chunk_size=2, progress=False,
                         point_timeout=2)
    table = comparable(tmp_path / "s")
    assert list(table["status"]) == ["ok"] * 4 + ["timeout", "ok"]
    assert table["error"].iloc[4] == "point 4 ran past --point-timeout 2 s"
    assert table["green_flow"].isna().iloc[4] and (manifest["timeouts"], manifest["complete"]) == (1, True)
    ok = table["status"] == "ok"
    pd.testing.assert_frame_equal(table[ok], serial_01[ok], check_dtype=False)  # NaN makes int columns float


def test_a_pool_worker_stuck_past_the_time_limit_is_ended(tmp_path, monkeypatch, serial_01):
    """A point stuck where SIGALRM cannot reach it (as in a long C call): after twice its time
    limit plus 5 s the pool is ended and restarted; the point is a timeout row, the others ok."""
    monkeypatch.setenv(engine.FAULT, "block:600@1")
    manifest = run_sweep(grid_01(), tmp_path / "s", "processes", workers=2, chunk_size=1, progress=False,
                         point_timeout=1)
    table = comparable(tmp_path / "s")
    assert list(table["status"]) == ["ok", "timeout", "ok", "ok", "ok", "ok"]
    assert "could not be interrupted" in table["error"].iloc[1]
    assert manifest["complete"] and manifest["scheduler"]["pool_restarts"] == 1
    ok = table["status"] == "ok"
    pd.testing.assert_frame_equal(table[ok], serial_01[ok], check_dtype=False)


def test_time_limit_in_a_worker_thread():
    """Dask runs tasks in threads: there the limit is an asynchronous exception."""
    outcome = []

    def task():
        try:
            with time_limit(0.5, "point 7"):
                while True:
                    time.sleep(0.01)
        except PointTimeout as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(60)
    assert outcome == ["point 7 ran past --point-timeout 0.5 s"]


# ------------------------------------------------------------------ 5. disks and dying clients

@pytest.mark.parametrize("code,message", [(errno.ENOSPC, "the disk is full"),
                                          (errno.EROFS, "the file system is read-only")])
def test_a_full_or_read_only_disk_is_one_line_and_resume_finishes(tmp_path, monkeypatch, capsys, code, message,
                                                                  serial_01):
    real = pd.DataFrame.to_parquet
    calls = []

    def failing(self, path, *args, **kwargs):
        calls.append(path)
        if len(calls) > 2:
            raise OSError(code, os.strerror(code), str(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    argv = ["sweep", "01", *GRID_01, "--scheduler", "serial", "--chunk-size", "1", "--out", str(tmp_path / "s")]
    assert main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert message in line and "rerun with --resume" in line
    assert not (tmp_path / "s" / TABLE).exists() and len(list((tmp_path / "s" / "parts").iterdir())) == 2
    monkeypatch.undo()
    assert main([*argv, "--resume"]) == 0
    pd.testing.assert_frame_equal(comparable(tmp_path / "s"), serial_01)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_pool_workers_end_when_their_client_is_killed(tmp_path):
    """Defect 9: pool workers (about 150 MB each) outlived a SIGKILLed client."""
    client = subprocess.Popen([BIN / "clustermodels", "sweep", "01", *GRID_01, "--workers", "2", "--chunk-size", "1",
                               "--out", tmp_path / "s"], env=env(CLUSTERMODELS_SWEEP_FAULT="sleep:600"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        wait_for(lambda: len(_children(client.pid)) == 2, 120, "two pool workers")
        workers = _children(client.pid)
        client.kill()
        client.wait()
        wait_for(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 30, "the pool workers to end")
    finally:
        stop(client)
        for w in workers:  # only if the test failed
            if Path(f"/proc/{w}").exists():
                os.kill(w, signal.SIGKILL)


# ------------------------------------------------------------------ 6. a manifest that rebuilds its sweep

@pytest.mark.parametrize("argv", [
    ["01", "--grid", "green_subsidy=0.5,0.0", "--grid", "discard_tax=2.0,0.0"],  # names not in sorted order
    ["02", "--sample", "8", "--ranges", "RANGES", "--seed", "3"],
])
def test_a_sweep_rebuilt_from_its_manifest_gives_the_same_table(tmp_path, capsys, argv):
    """Defect 7: sorted keys in the manifest reordered the grid and the sampled dimensions."""
    ranges = tmp_path / "ranges.yaml"
    ranges.write_text('"internal_coefficients[2]": [10.0, 30.0]\neffect: [0.001, 0.002]\n')
    argv = [str(ranges) if a == "RANGES" else a for a in argv]
    assert main(["sweep", *argv, "--scheduler", "serial", "--out", str(tmp_path / "a")]) == 0
    manifest = tmp_path / "a" / MANIFEST
    assert main(["sweep", "--from-manifest", str(manifest), "--scheduler", "serial", "--out", str(tmp_path / "b")]) == 0
    pd.testing.assert_frame_equal(comparable(tmp_path / "b"), comparable(tmp_path / "a"))
    described = json.loads(manifest.read_text())["spec"]
    if "sampler" in described:
        described["sampler"] = {"scipy": "0.0"}
        manifest.write_text(json.dumps({"spec": described}))
        capsys.readouterr()
        assert main(["sweep", "--from-manifest", str(manifest), "--out", str(tmp_path / "c")]) == 2
        assert "drawn with scipy 0.0" in one_line(capsys.readouterr().err) and not (tmp_path / "c").exists()


NAMES_01 = ["green_subsidy", "discard_tax", "rd_saving"]


@settings(max_examples=15)
@given(order=st.permutations(NAMES_01), sizes=st.lists(st.integers(1, 3), min_size=3, max_size=3),
       sample=st.booleans(), seed=st.integers(0, 2**31))
def test_description_round_trip_keeps_every_point_in_order(order, sizes, sample, seed):
    values = {"green_subsidy": [0.0, 0.25, 0.5], "discard_tax": [0.0, 1.0, 2.0], "rd_saving": [0.0, 0.5, 1.0]}
    if sample:
        spec = sample_spec("01", sizes[0] * 3, {n: [values[n][0], values[n][-1]] for n in order}, "sobol", seed, {})
    else:
        spec = grid_spec("01", [(n, values[n][:k]) for n, k in zip(order, sizes)], {})
    rebuilt = spec_from_description(json.loads(json.dumps(spec.describe(), sort_keys=True)))
    assert rebuilt.names == spec.names and list(rebuilt.rows()) == list(spec.rows()) and rebuilt.fixed == spec.fixed
