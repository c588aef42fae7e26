"""How close is a full reproduction to the floor of executing the notebooks at all?

Prints, side by side, median wall times (this machine) of

(a) the floor: for each of the eight jobs of a reproduction (four notebooks, each in its English and
    Chinese edition), a tiny notebook that only imports what the real one imports, executed with
    papermill like the real ones (written to a temporary folder at run time);
(b) the eight real jobs executed with papermill as ``clustermodels reproduce`` does (same kernel,
    working folder and ``lang`` parameter; the English editions first, and one folder of shared
    model results per run, so that the Chinese editions read what the English ones solved:
    :mod:`clustermodels.sharedresults`), with ``CLUSTERMODELS_OUTPUT_DIR`` pointing at a
    temporary folder per job, so the repository is never written to;
each sequentially and with a 2-worker thread pool, and the ratio of (b) to (a); and

(c) the test suite, serial (``-n 0``) against ``-n 2 --dist loadscope`` (pytest-xdist).
    Skip it with ``--skip-tests`` (it takes minutes).

It also prints where each edition's time goes (sequential runs, median), from papermill's record
of each cell's seconds: *kernel* (starting and stopping the kernel, papermill's own work: the
run's total less its cells), *imports* (cells of imports only), *figures* (cells that save a
figure), *tables and text* (cells that save or display a table or generated prose), *checks*
(other cells whose output nbval compares) and *model* (the rest). A cell is counted whole under
the first of these it fits, so a cell that solves a model and draws it counts as *figures*.

(d) With ``--cli``: ``clustermodels reproduce`` itself, on a copy of the repository in a temporary
    folder (``CLUSTERMODELS_ROOT``): ``--force -j 2`` against the same command on a second copy
    whose notebooks are the import-only ones (the floor on the same workers: both pay the command's
    own start, its worker processes importing papermill), and against the thread-pool floor of (a);
    then a second ``reproduce`` with nothing changed against one import-only notebook; then one
    after touching a file under ``lib/clustermodels/water/`` (which editions executed).

Runs are interleaved (floor, real, floor, real...) so that load from other processes falls on both.
The script checks that ``git status`` is unchanged at the end.

    python benchmarks/bench_reproduce.py [--repeats 3] [--skip-tests] [--cli]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import nbformat
import papermill as pm
from clustermodels import sharedresults
from clustermodels.cli import (
    _ipc_kernel_manager,
    edition_parameters,
    english_first,
    job_name,
    longest_first,
)
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


PARTS = ("kernel", "imports", "model", "figures", "tables and text", "checks")
BREAKDOWN: dict[str, list[dict[str, float]]] = {}  # job name -> one breakdown per sequential run
RECORD_PARTS = {"on": False}  # on for the sequential runs only: with 2 workers the parts overlap


def part_of(cell) -> str:
    """Which part of an edition's time a code cell is counted in (see the module's docstring)."""
    source = cell.source
    try:
        body = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))).body
    except SyntaxError:
        body = []
    if body and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body):
        return "imports"
    if re.search(r"show_figure|save_figure", source):
        return "figures"
    if re.search(r"save_table|Table\(|Markdown\(", source):
        return "tables and text"
    if "nbval-check-output" in cell.metadata.get("tags", []):
        return "checks"
    return "model"


def breakdown(executed: Path, total: float) -> dict[str, float]:
    parts = dict.fromkeys(PARTS, 0.0)
    for cell in nbformat.read(executed, as_version=4).cells:
        if cell.cell_type == "code":
            parts[part_of(cell)] += float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
    parts["kernel"] = total - sum(parts.values())
    return parts


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
    if not source.name.startswith("floor_"):
        if not (outputs / "results.json").exists():
            raise SystemExit(f"{source.name} wrote no results.json into {outputs}: the output folder "
                             f"was not passed to its kernel")
    if RECORD_PARTS["on"]:
        BREAKDOWN.setdefault(job_name(source.stem, edition), []).append(breakdown(outputs / source.name, seconds))
    return seconds


def copy_of_repository(folder: Path, name: str = "repo") -> Path:
    """What ``clustermodels reproduce`` reads and writes, copied (the package itself still runs from
    the installed checkout: the copy's lib/ is what the record of inputs hashes)."""
    root = folder / name
    for name in ("lib", "notebooks", "data", "figures", "book/locales"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "requirements.lock", "CITATION.cff"):
        shutil.copy2(ROOT / name, root / name)
    return root


def floor_repository(folder: Path, floor: list[Path]) -> Path:
    """A copy of the repository whose notebooks are the import-only ones, under the real names:
    ``clustermodels reproduce`` there executes the floor on the same workers, in the same way
    (process pool, papermill, one fresh kernel per edition) as it executes the real notebooks."""
    root = copy_of_repository(folder, "floor-repo")
    for path in floor:
        target = root / "notebooks" / path.name.removeprefix("floor_")
        if not target.exists():
            raise SystemExit(f"{target} is not a notebook of the copy")
        shutil.copy2(path, target)
    return root


def time_cli(root: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("clustermodels")), "reproduce", *args],
                          env={**os.environ, "CLUSTERMODELS_ROOT": str(root)}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"clustermodels reproduce {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def executed_editions(output: str) -> list[str]:
    return re.findall(r"^reproduced (\S+) in", output, re.MULTILINE)


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
    parser.add_argument("--cli", action="store_true", help="(d): time `clustermodels reproduce` on a copy")
    args = parser.parse_args(argv)
    before = git_status()
    real = jobs(real_notebooks())
    times: dict[tuple[str, int], list[float]] = {}
    per_notebook: dict[str, list[float]] = {name_of(job): [] for job in real}
    with tempfile.TemporaryDirectory(prefix="bench-reproduce-") as tmp:
        tmp = Path(tmp)
        floor = jobs(floor_notebooks(tmp))
        cli_root = copy_of_repository(tmp) if args.cli else None
        cli_floor_root = floor_repository(tmp, [p for p, e in floor if e == "en"]) if args.cli else None
        # warm-up (font cache, .pyc files, the kernel spec): not timed
        execute(floor[0][0], tmp)
        for r in range(args.repeats):
            for workers in (1, 2):
                kinds = [("floor", floor), ("reproduce", real)]
                if args.cli and workers == 2:
                    kinds += [("cli floor", None), ("cli", None)]
                for kind, paths in kinds:
                    if kind == "reproduce":
                        # as `clustermodels reproduce` does: longest (last timed) first on a pool,
                        # and the English editions first, whose model results the others read
                        if workers > 1:
                            paths = longest_first(paths, {k: statistics.median(v) for k, v in per_notebook.items()},
                                                  name_of)
                        paths = english_first(paths)
                    if kind in ("cli", "cli floor"):
                        total = time_cli(cli_root if kind == "cli" else cli_floor_root, "--force", "-j", "2")[0]
                        times.setdefault((kind, workers), []).append(total)
                        print(f"  run {r + 1}/{args.repeats}: {kind:9s} clustermodels reproduce --force -j 2 "
                              f"{total:6.1f} s", file=sys.stderr, flush=True)
                        continue
                    RECORD_PARTS["on"] = kind == "reproduce" and workers == 1
                    with sharedresults.for_this_process() if kind == "reproduce" else nullcontext():
                        total, each = run_all(paths, tmp, workers)
                    times.setdefault((kind, workers), []).append(total)
                    if kind == "reproduce" and workers == 1:
                        for name, t in each.items():
                            per_notebook[name].append(t)
                    print(f"  run {r + 1}/{args.repeats}: {kind:9s} {workers} worker(s) {total:6.1f} s",
                          file=sys.stderr, flush=True)
        incremental = {}
        if args.cli:
            seconds, output = time_cli(cli_root)
            incremental["unchanged"] = seconds, executed_editions(output)
            touched = sorted((cli_root / "lib" / "clustermodels" / "water").glob("*.py"))[0]
            touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            seconds, output = time_cli(cli_root, "-j", "2")
            incremental["touched"] = seconds, executed_editions(output)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{len(real)} notebook editions: median wall time of {args.repeats} interleaved runs, "
          f"{os.cpu_count()} cores")
    print(f"{'':28s}{'floor (imports only)':>22s}{'reproduce':>12s}{'ratio':>8s}")
    for workers, label in ((1, "sequential"), (2, "2-worker thread pool")):
        f, r = med[("floor", workers)], med[("reproduce", workers)]
        print(f"{label:28s}{f:20.1f} s{r:10.1f} s{r / f:7.2f}x")
    f1, r2 = med[("floor", 1)], med[("reproduce", 2)]
    print(f"{'2 workers vs sequential floor':28s}{f1:20.1f} s{r2:10.1f} s{r2 / f1:7.2f}x")
    if args.cli:
        c, f2, fc = med[("cli", 2)], med[("floor", 2)], med[("cli floor", 2)]
        print(f"{'clustermodels reproduce --force -j 2':28s}{fc:20.1f} s{c:10.1f} s{c / fc:7.2f}x"
              f"   (floor through the same command: done-when of issue 21)")
        print(f"{'  the same, vs thread-pool floor':28s}{f2:20.1f} s{c:10.1f} s{c / f2:7.2f}x"
              f"   (the floor without the command's own start: worker processes, papermill's import)")
    print("\nPer notebook edition (sequential reproduce, median seconds):")
    print(f"  {'':45s}{'total':>7s}" + "".join(f"{p:>17s}" for p in PARTS))
    for name, v in per_notebook.items():
        parts = {p: statistics.median(b[p] for b in BREAKDOWN[name]) for p in PARTS}
        print(f"  {name:45s}{statistics.median(v):7.1f}" + "".join(f"{parts[p]:17.1f}" for p in PARTS))
    if args.cli:
        one_floor = med[("floor", 1)] / len(real)
        seconds, executed = incremental["unchanged"]
        print(f"\nclustermodels reproduce, nothing changed: {seconds:.1f} s, {seconds / one_floor:.2f}x one "
              f"import-only notebook ({one_floor:.1f} s); executed: {', '.join(executed) or 'none'}")
        seconds, executed = incremental["touched"]
        print(f"after touching a file under lib/clustermodels/water/: {seconds:.1f} s; executed: "
              f"{', '.join(executed) or 'none'}")
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
