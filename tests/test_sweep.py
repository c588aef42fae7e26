"""clustermodels sweep: same table on every executor, a real Dask cluster, resume, bad points, bad specs."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from clustermodels.cli import main
from clustermodels.sweep import MANIFEST, TABLE, run_sweep
from clustermodels.sweepspec import SweepSpecError, grid_spec, sample_spec

BIN = Path(sys.executable).parent


def small_grid():
    return grid_spec("01", [("green_subsidy", [0.0, 0.5]), ("discard_tax", [0.0, 2.0])], {})


def comparable(folder: Path) -> pd.DataFrame:
    """The table without the timings (the only column that may differ between runs)."""
    return pd.read_parquet(folder / TABLE).drop(columns="seconds")


@pytest.fixture(scope="module")
def serial_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "sweep"
    run_sweep(small_grid(), out, "serial", progress=False)
    return comparable(out)


def test_serial_table_is_tidy(serial_table):
    assert len(serial_table) == 4 and (serial_table["status"] == "ok").all()
    assert list(serial_table["point"]) == [0, 1, 2, 3]
    assert serial_table["green_flow"].nunique() == 4  # the parameters reach the model


@pytest.mark.parametrize("scheduler", ["processes", "local"])
def test_executors_give_identical_tables(tmp_path, serial_table, scheduler):
    manifest = run_sweep(small_grid(), tmp_path / "s", scheduler, workers=2, chunk_size=1, progress=False)
    assert manifest["computed"] == 4
    pd.testing.assert_frame_equal(comparable(tmp_path / "s"), serial_table)


def _wait_for(predicate, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_cli_on_a_real_dask_cluster(tmp_path, serial_table):
    """A scheduler and two workers started as processes on 127.0.0.1, the CLI run against them
    through the scheduler file, all stopped by PID."""
    file = tmp_path / "scheduler.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    scheduler = subprocess.Popen([BIN / "dask", "scheduler", "--scheduler-file", file, "--host", "127.0.0.1",
                                  "--port", "0", "--no-dashboard"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        _wait_for(file.exists, 30, "the scheduler file")
        worker = subprocess.Popen([BIN / "dask", "worker", "--scheduler-file", file, "--nworkers", "2",
                                   "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = tmp_path / "sweep"
        done = subprocess.run([BIN / "clustermodels", "sweep", "01", "--grid", "green_subsidy=0.0,0.5",
                               "--grid", "discard_tax=0.0,2.0", "--scheduler", str(file), "--chunk-size", "1",
                               "--out", out], capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        manifest = json.loads((out / MANIFEST).read_text())
        assert manifest["scheduler"]["kind"] == "dask"
        assert manifest["scheduler"]["address"].startswith("tcp://127.0.0.1:")
        pd.testing.assert_frame_equal(comparable(out), serial_table)
        address = json.loads(file.read_text())["address"]  # the same cluster by its tcp:// address
        done = subprocess.run([BIN / "clustermodels", "sweep", "04", "--grid", "shared_supply=45.0,57.3",
                               "--scheduler", address, "--out", tmp_path / "by-address"],
                              capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        table = pd.read_parquet(tmp_path / "by-address" / TABLE)
        assert list(table["status"]) == ["ok", "ok"]
        assert table["player_benefit.1"].iloc[1] == pytest.approx(466.642)  # the default run's number
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
        for proc in (worker, scheduler):
            if proc is not None:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def test_resume_recomputes_only_the_deleted_rows(tmp_path):
    spec = grid_spec("02", [("effect", [0.001, 0.0015, 0.002, 0.0025]), ("internal_coefficients[0]", [5, 10])], {})
    out = tmp_path / "sweep"
    first = run_sweep(spec, out, "serial", chunk_size=2, progress=False)
    assert first["computed"] == 8
    full = comparable(out)
    deleted = set()
    for part in sorted((out / "parts").glob("part-*.parquet")):  # delete half the rows: one of each part's two
        frame = pd.read_parquet(part)
        deleted.add(frame["key"].iloc[0])
        frame.iloc[1:].to_parquet(part, index=False)
    assert len(deleted) == 4
    with pytest.raises(Exception):
        run_sweep(spec, out, "serial", progress=False)  # without --resume an earlier sweep is not overwritten
    before = set((out / "parts").glob("part-*.parquet"))
    second = run_sweep(spec, out, "serial", resume=True, chunk_size=2, progress=False)
    assert (second["computed"], second["reused"]) == (4, 4)
    new = set((out / "parts").glob("part-*.parquet")) - before
    recomputed = set(pd.concat([pd.read_parquet(p) for p in new])["key"])
    assert recomputed == deleted
    pd.testing.assert_frame_equal(comparable(out), full)


def test_a_failing_point_is_a_row_not_a_crash(tmp_path):
    # each value alone is valid; 19.5 years cannot be cut into 1-year steps
    spec = grid_spec("02", [("final_time", [20, 19.5]), ("time_step", [0.5, 1])], {})
    manifest = run_sweep(spec, tmp_path / "s", "serial", progress=False)
    table = pd.read_parquet(tmp_path / "s" / TABLE)
    assert manifest["errors"] == 1
    bad = table[table["status"] == "error"]
    assert list(zip(bad["final_time"], bad["time_step"])) == [(19.5, 1)]
    assert "time_step" in bad["error"].iloc[0]
    assert bad["baseline.capability_final"].isna().all()
    assert table.loc[table["status"] == "ok", "baseline.capability_final"].notna().all()


def test_samples_are_reproducible_and_in_range():
    spec = sample_spec("02", 8, {"effect": [0.001, 0.002], "internal_coefficients[2]": [5, 30]}, "sobol", 7, {})
    rows = list(spec.rows())
    assert rows == list(spec.rows()) and len(set(rows)) == 8
    assert all(0.001 <= e <= 0.002 and isinstance(c, int) and 5 <= c <= 30 for e, c in rows)
    lhs = sample_spec("02", 8, {"effect": [0.001, 0.002]}, "lhs", 7, {})
    bins = sorted(int((e - 0.001) / 0.001 * 8) for (e,) in lhs.rows())
    assert bins == list(range(8))  # a Latin hypercube: one point in each eighth


@pytest.mark.parametrize("argv,message", [
    (["--grid", "nonsense=1,2"], "unknown parameter"),
    (["--grid", "green_subsidy="], "empty grid"),
    (["--grid", "green_subsidy=0,1.5"], "'green_subsidy' = 1.5 is invalid"),
    (["--grid", "weights[5]=0.2"], "index 5 is outside weights"),
    (["--grid", "green_subsidy=0,0.5", "--scheduler", "nowhere"], "--scheduler 'nowhere'"),
])
def test_bad_specifications_stop_before_any_work(tmp_path, capsys, argv, message):
    out = tmp_path / "never"
    assert main(["sweep", "01", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_too_many_points_and_bad_ranges_are_refused():
    with pytest.raises(SweepSpecError, match="too many for this machine's memory"):
        sample_spec("02", 10**11, {"effect": [0.001, 0.002]}, "sobol", 0, {})
    with pytest.raises(SweepSpecError, match="effect: end 2"):
        sample_spec("02", 10, {"effect": [0.001, 2]}, "sobol", 0, {})
    with pytest.raises(SweepSpecError, match="empty range"):
        sample_spec("02", 10, {"effect": [0.002, 0.001]}, "sobol", 0, {})


def test_saltelli_sample_gives_sobol_indices(tmp_path):
    """The saltelli method's table, in point order, is what SALib analyses; in paper 2 the final
    capability is linear in the effect and in each coefficient, so the large coefficient's range
    must dominate the small one's."""
    from SALib.analyze import sobol

    ranges = {"effect": [0.001, 0.002], "internal_coefficients[2]": [10.0, 30.0],
              "internal_coefficients[3]": [0.5, 1.5]}
    spec = sample_spec("02", 64, ranges, "saltelli", 0, {})
    manifest = run_sweep(spec, tmp_path / "s", "serial", progress=False)
    assert manifest["points"] == 64 * (3 + 2)
    table = pd.read_parquet(tmp_path / "s" / TABLE)
    problem = manifest["spec"]["salib_problem"]
    assert problem["names"] == list(ranges)
    indices = sobol.analyze({k: problem[k] for k in ("num_vars", "names", "bounds")},
                            table["baseline.capability_final"].to_numpy(), calc_second_order=False, seed=0)
    first = dict(zip(problem["names"], indices["S1"]))
    assert first["internal_coefficients[2]"] > 10 * first["internal_coefficients[3]"]
    assert first["effect"] > 0.1
