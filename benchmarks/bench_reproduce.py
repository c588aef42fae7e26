"""How close is a full reproduction to the floor of executing the notebooks at all?

Prints, side by side, median wall times (this machine) of

(a) the floor: for each of the eight jobs of a reproduction (four notebooks, each in its English and
    Chinese edition), a tiny notebook that only imports what the real one imports, executed with
    papermill like the real ones (written to a temporary folder at run time);
(b) the eight real jobs executed with papermill as ``clustermodels reproduce`` does (same kernel,
    working folder and ``lang`` parameter), with ``CLUSTERMODELS_OUTPUT_DIR`` pointing at a
    temporary folder per job, so the repository is never written to;
each sequentially and with a 2-worker thread pool, and the ratio of (b) to (a); and

(c) the test suite, serial (``-n 0``) against ``-n 2 --dist loadscope`` (pytest-xdist).
    Skip it with ``--skip-tests`` (it takes minutes).

Runs are interleaved (floor, real, floor, real...) so that load from other processes falls on both.
The script checks that ``git status`` is unchanged at the end.

    python benchmarks/bench_reproduce.py [--repeats 3] [--skip-tests]
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill as pm

from clustermodels.cli import _ipc_kernel_manager, edition_parameters, job_name, longest_first
from clustermodels.outputs import OUTPUT_ENV
from clustermodels.paths import EDITIONS, notebooks_dir

ROOT = Path(__file__).resolve().parents[1]


def real_notebooks() -> list[Path]:
    return sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def imports_of(path: Path) -> list[str]:
    """The top-level import statements of a notebook's code cells, in order, without repeats."""
    seen: dict[str, None] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                seen[ast.unparse(node)] = None
    return list(seen)


def jobs(paths: list[Path]) -> list[tuple[Path, str]]:
    """What `clustermodels reproduce` executes: every notebook in every edition."""
    return [(path, edition) for path in paths for edition in EDITIONS]


def floor_notebooks(folder: Path) -> list[Path]:
    """One notebook per real one, with a parameters cell and a cell of its imports only."""
    out = []
    for path in real_notebooks():
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("lang = 'en'")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [params, nbformat.v4.new_code_cell("\n".join(imports_of(path)))]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        target = folder / f"floor_{path.name}"
        nbformat.write(nb, target)
        out.append(target)
    return out


def kernel_manager(env: dict[str, str], cwd: Path):
    """A kernel manager class that starts its kernel with ``env`` added and in ``cwd``.

    The environment and the working folder are per kernel, not per process, so notebooks can run
    in threads side by side without sharing an output folder."""

    class EnvKernelManager(_ipc_kernel_manager()):  # the CLI's kernels: IPC, quiet
        async def start_kernel(self, **kw):
            kw["env"] = {**(kw.get("env") or os.environ), **env}
            kw.setdefault("cwd", str(cwd))
            return await super().start_kernel(**kw)

    return EnvKernelManager


def execute(source: Path, scratch: Path, edition: str = "en") -> float:
    """Execute one notebook with papermill (as the CLI's reproduce does: the output notebook is
    written at the end, not after every cell); its outputs go under ``scratch``."""
    outputs = Path(tempfile.mkdtemp(prefix=source.stem[:20] + "-", dir=scratch))
    start = time.perf_counter()
    pm.execute_notebook(str(source), str(outputs / source.name), parameters=edition_parameters(edition) or {},
                        kernel_name="python3",
                        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                        kernel_manager_class=kernel_manager({OUTPUT_ENV: str(outputs)}, notebooks_dir()))
    seconds = time.perf_counter() - start
    if not source.name.startswith("floor_") and not (outputs / "results.json").exists():
        raise SystemExit(f"{source.name} wrote no results.json into {outputs}: the output folder "
                         f"was not passed to its kernel")
    return seconds


def name_of(job: tuple[Path, str]) -> str:
    return job_name(job[0].stem, job[1])


def run_all(work: list[tuple[Path, str]], scratch: Path, workers: int) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    if workers == 1:
        each = [execute(p, scratch, e) for p, e in work]
    else:
        with ThreadPoolExecutor(workers) as pool:
            each = list(pool.map(lambda job: execute(job[0], scratch, job[1]), work))
    return time.perf_counter() - start, {name_of(job): t for job, t in zip(work, each)}


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout


def time_tests(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-15:])
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{tail}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each (median reported)")
    parser.add_argument("--skip-tests", action="store_true", help="skip (c), the test suite timing")
    parser.add_argument("--test-repeats", type=int, default=1, help="runs of each test-suite mode")
    args = parser.parse_args(argv)
    before = git_status()
    real = jobs(real_notebooks())
    times: dict[tuple[str, int], list[float]] = {}
    per_notebook: dict[str, list[float]] = {name_of(job): [] for job in real}
    with tempfile.TemporaryDirectory(prefix="bench-reproduce-") as tmp:
        tmp = Path(tmp)
        floor = jobs(floor_notebooks(tmp))
        # warm-up (font cache, .pyc files, the kernel spec): not timed
        execute(floor[0][0], tmp)
        for r in range(args.repeats):
            for workers in (1, 2):
                for kind, paths in (("floor", floor), ("reproduce", real)):
                    if kind == "reproduce" and workers > 1:
                        # as `clustermodels reproduce` does: longest (last timed) first
                        paths = longest_first(paths, {k: statistics.median(v) for k, v in per_notebook.items()}, name_of)
                    total, each = run_all(paths, tmp, workers)
                    times.setdefault((kind, workers), []).append(total)
                    if kind == "reproduce" and workers == 1:
                        for name, t in each.items():
                            per_notebook[name].append(t)
                    print(f"  run {r + 1}/{args.repeats}: {kind:9s} {workers} worker(s) {total:6.1f} s",
                          file=sys.stderr, flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{len(real)} notebook editions: median wall time of {args.repeats} interleaved runs, "
          f"{os.cpu_count()} cores")
    print(f"{'':28s}{'floor (imports only)':>22s}{'reproduce':>12s}{'ratio':>8s}")
    for workers, label in ((1, "sequential"), (2, "2-worker thread pool")):
        f, r = med[("floor", workers)], med[("reproduce", workers)]
        print(f"{label:28s}{f:20.1f} s{r:10.1f} s{r / f:7.2f}x")
    f1, r2 = med[("floor", 1)], med[("reproduce", 2)]
    print(f"{'2 workers vs sequential floor':28s}{f1:20.1f} s{r2:10.1f} s{r2 / f1:7.2f}x")
    print("\nPer notebook edition (sequential reproduce, median):")
    for name, v in per_notebook.items():
        print(f"  {name:45s}{statistics.median(v):6.1f} s")
    if not args.skip_tests:
        serial, parallel = [], []
        for _ in range(args.test_repeats):
            serial.append(time_tests(["-n", "0"]))
            parallel.append(time_tests(["-n", "2", "--dist", "loadscope"]))
        s, p = statistics.median(serial), statistics.median(parallel)
        print(f"\nTest suite (median of {args.test_repeats}): serial {s:.0f} s, "
              f"-n 2 --dist loadscope {p:.0f} s, speed-up {s / p:.2f}x")
    after = git_status()
    if after != before:
        print(f"\nWARNING: git status changed during the benchmark:\n{after}", file=sys.stderr)
        return 1
    print("\ngit status unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
