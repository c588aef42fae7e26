"""Benchmark of `clustermodels sweep`: points per second for each paper on each executor, the
per-point overhead of each executor, and the largest sweep of paper 2 (vectorised chunks).

    python benchmarks/bench_sweep.py                 # every paper, every executor, then 10^6 scenarios
    python benchmarks/bench_sweep.py --big 0         # skip the large sweep
    python benchmarks/bench_sweep.py --workers 4
    python benchmarks/bench_sweep.py --papers 01 04 --repeat 3 --big 0   # the executor comparison only

Executors: serial (in this process), processes (a local pool), dask-local (a LocalCluster) and
dask-tcp (a `dask scheduler` and `dask worker` started here on 127.0.0.1, stopped by PID).
Columns: start = seconds to start the executor, import the paper's run API on every worker and
stop it, with no work (the Dask-over-TCP workers are started once, before the first paper);
wall = the sweep itself (chunks out, parts written; workers started and warm); points/s =
points / wall;
compute = the run API's own time per point (the table's `seconds`), so the pool's and Dask's
per-point compute stand side by side; overhead = per point, wall x workers - compute: what an
executor adds (transfer, scheduling, idle workers at the end); vs pool = wall / the process pool's
wall for the same paper (the goal: every executor within 10 %). With --repeat R each executor runs
R times, interleaved, and the median wall is shown. Every run starts with cold per-process caches
(serial runs in a fresh process, the Dask-over-TCP workers are restarted), as a new pool does.
Wall-clock on a shared machine: read ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from clustermodels.sweep import TABLE, open_executor, run_sweep
from clustermodels.sweepspec import grid_spec, sample_spec

BIN = Path(sys.executable).parent
RANGES_02 = {"effect": [0.001, 0.002],
             **{f"internal_coefficients[{i}]": [0.5 * c, 1.5 * c] for i, c in enumerate((10, 4, 20, 1))},
             **{f"external_coefficients[{i}]": [0.5 * c, 1.5 * c] for i, c in enumerate((20, 1, 10, 4))}}


def specs():
    return {
        "01": grid_spec("01", [("green_subsidy", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]),
                               ("discard_tax", [0.0, 0.5, 1.0, 2.0])], {}),
        "02": sample_spec("02", 20_000, RANGES_02, "sobol", 0, {}),
        "03": grid_spec("03", [("ranges", [[0.05, 0.03, 0.02, 0.05], [0.1, 0.06, 0.04, 0.1]]),
                               ("targets_2022", ["paper", "base"])], {}),
        "04": grid_spec("04", [("shared_supply", [40.0, 45.0, 50.0, 57.3, 65.0, 70.0]),
                               ("efficiencies[2]", [500.0, 1257.1658453183143, 3000.0, 5000.0])], {}),
    }


class DaskOnTCP:
    """A scheduler and workers on 127.0.0.1, started as processes and stopped by PID."""

    def __init__(self, workers: int):
        self.folder = tempfile.mkdtemp(prefix="bench-dask-")
        self.file = Path(self.folder) / "scheduler.json"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        self.procs = [subprocess.Popen([BIN / "dask", "scheduler", "--scheduler-file", self.file, "--host",
                                        "127.0.0.1", "--port", "0", "--no-dashboard"], **quiet)]
        while not self.file.exists():
            time.sleep(0.2)
        self.procs.append(subprocess.Popen([BIN / "dask", "worker", "--scheduler-file", self.file, "--nworkers",
                                            str(workers), "--nthreads", "1", "--no-dashboard", "--host",
                                            "127.0.0.1"], **quiet))
        from distributed import Client

        with Client(scheduler_file=str(self.file)) as client:
            client.wait_for_workers(workers, timeout=60)

    def restart(self):
        """Fresh worker processes (through their nannies): cold caches, as a new pool's."""
        from distributed import Client

        with Client(scheduler_file=str(self.file)) as client:
            client.restart(wait_for_workers=True)

    def stop(self):
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=30)


def measure(spec, scheduler: str, workers: int, folder: Path) -> dict:
    start = time.perf_counter()
    with open_executor(scheduler, workers, spec.paper):
        pass
    startup = time.perf_counter() - start
    manifest = run_sweep(spec, folder, scheduler, workers, progress=False, csv=False)
    table = pd.read_parquet(folder / TABLE)
    used = manifest["scheduler"].get("workers") or 1
    compute = float(table["seconds"].sum())
    wall = manifest["seconds"]
    return {"paper": spec.paper, "executor": manifest["scheduler"]["kind"], "workers": used,
            "points": manifest["points"], "errors": manifest["errors"], "start s": round(startup, 2),
            "wall s": round(wall, 2), "points/s": round(manifest["points"] / wall, 1),
            "compute ms/pt": round(1000 * compute / manifest["points"], 3),
            "overhead ms/pt": round(1000 * (wall * used - compute) / manifest["points"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--papers", nargs="+", default=["01", "02", "03", "04"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per executor (median wall shown)")
    parser.add_argument("--big", type=int, default=1_000_000, help="paper 2 scenarios in the large sweep (0: skip)")
    args = parser.parse_args()
    rows = []
    tcp = DaskOnTCP(args.workers)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
            for paper, spec in specs().items():
                if paper not in args.papers:
                    continue
                runs: dict[str, list[dict]] = {}
                for _ in range(args.repeat):  # interleaved, so a busy moment of the machine hits every executor
                    for scheduler in ("serial", "processes", "local", str(tcp.file)):
                        folder = Path(tmp) / f"{paper}-{sum(map(len, runs.values()))}"
                        if scheduler == "serial":  # in a fresh process: per-process caches cold, as a new pool's
                            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as one:
                                row = one.submit(measure, spec, scheduler, 1, folder).result()
                        else:
                            if scheduler == str(tcp.file):
                                tcp.restart()
                            row = measure(spec, scheduler, args.workers, folder)
                        if scheduler == str(tcp.file):
                            row["executor"] = "dask-tcp"
                        runs.setdefault(row["executor"], []).append(row)
                        print(f"  {row}", file=sys.stderr, flush=True)
                median = {name: sorted(rs, key=lambda r: r["wall s"])[len(rs) // 2] for name, rs in runs.items()}
                for name, row in median.items():
                    row["vs pool"] = round(row["wall s"] / median["processes"]["wall s"], 3)
                    rows.append(row)
    finally:
        tcp.stop()
    print("\nclustermodels sweep: points per second per paper and executor "
          f"({args.workers} workers; {os.cpu_count()} cores, shared)")
    print(pd.DataFrame(rows).to_string(index=False))
    if args.big:
        with tempfile.TemporaryDirectory(prefix="bench-sweep-big-") as tmp:
            spec = sample_spec("02", args.big, RANGES_02, "sobol", 1, {})
            start = time.perf_counter()
            manifest = run_sweep(spec, Path(tmp) / "big", "processes", args.workers, progress=False, csv=False)
            total = time.perf_counter() - start
            size = (Path(tmp) / "big" / TABLE).stat().st_size
        print(f"\nlargest sweep: paper 2, {manifest['points']:,} Sobol scenarios over 9 inputs (effect and the "
              f"8 coefficients), chunks of {manifest['chunk_size']:,} on {args.workers} processes: "
              f"{manifest['seconds']:.1f} s computing ({manifest['points_per_second']:,.0f} points/s), "
              f"{total:.1f} s with start-up and the table ({size / 1e6:.0f} MB Parquet, "
              f"{manifest['errors']} errors)")


if __name__ == "__main__":
    main()
