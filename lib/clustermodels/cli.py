"""``clustermodels``: reproduce every notebook, or run one with new parameters.

    clustermodels reproduce                 # execute the editions (English, Chinese) whose inputs changed
    clustermodels reproduce --force         # execute all notebooks, both editions
    clustermodels run 02 -p lang zh         # one notebook, new parameters, into runs/<name>/<tag>/
    clustermodels run 02 -f params.yaml --out runs/my-experiment
    clustermodels sweep 02 --grid effect=0.001,0.0015,0.002 --scheduler local   # the model only, as a table
    clustermodels params 04                 # the parameters: default, unit, allowed values, meaning
    clustermodels params 04 --json-schema > params.schema.json   # checks a -f file in an editor

The promises, and how they are kept:

* A bad parameter stops the command with one line naming it and the allowed values, before any
  folder exists or any kernel starts: ``run`` validates in-process with the notebook's own
  ``resolve``. Values are read as YAML, with numbers read the way people write them (``1e-8``).
* Only ``reproduce`` updates ``figures/`` and ``notebooks/``: it executes each notebook twice, the
  English edition (``notebooks/<name>.ipynb``, ``figures/<name>/``) and the Chinese edition
  (``lang = "zh"``: ``notebooks/zh/<name>.ipynb``, ``figures/zh/<name>/``). Each runs into a private
  folder, and only a notebook whose every cell succeeded replaces the committed one, its folder of
  figures swapped in whole. ``run`` writes into ``runs/`` or ``--out``, never a committed folder.
* ``reproduce`` re-executes an edition only when something it depends on changed since it last
  executed on this machine (its notebook, the package modules it imports, its data, the lock, its
  parameters, for the Chinese edition its catalogues: :mod:`.editioncache`), and says which it
  skipped and why; ``--force`` executes every edition. Each executed notebook keeps the seconds it
  took (``metadata.clustermodels.execution.seconds``).
* Runs are atomic: a run works in a private temporary folder and is moved into place only when
  every cell succeeded; a failed run's notebook goes to ``runs/failed/``; an interrupted run
  leaves no folder that looks complete. Two identical runs at once both succeed.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from . import markdown_zh, sharedresults
from .outputs import EDITION, NOTEBOOK_DIR_ENV, OUTPUT_ENV, SHOWN_ENV, parameters_tag
from .parameters import ParameterError, check_known
from .paths import (
    EDITIONS,
    edition_figures,
    edition_notebook,
    is_protected,
    notebooks_dir,
    repo_root,
    runs_dir,
)

VOLATILE_NB = ("papermill",)
EDITION_DROPPED_METADATA = ("jupytext",)  # an edition other than en is an output, not paired with a .py
VOLATILE_CELL = ("papermill", "execution")
VALIDATORS = {"01": "clustermodels.supernetwork.notebook", "02": "clustermodels.innovation.notebook",
              "03": "clustermodels.industry.notebook", "04": "clustermodels.water.notebook"}
MARKER = ".clustermodels-run"  # marks a folder that ``run`` made, so --out may reuse it


class UserError(Exception):
    """Something the user can fix; printed as one line, never as a traceback."""


class _Loader(yaml.SafeLoader):
    """YAML as people write numbers: ``1e-8`` and ``2E3`` are numbers (YAML 1.1 reads them as strings)."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def read_value(name: str, text: str):
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise UserError(f"-p {name}: {text!r} is not a YAML value ({_first_line(exc)})") from None


def read_parameter_file(name: str, option: str = "-f") -> dict:
    path = Path(name)
    if not path.exists():
        raise UserError(f"{option} {name}: no such file")
    if path.is_dir():
        raise UserError(f"{option} {name}: is a folder; give a YAML file of parameters")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{option} {name}: is not a text (UTF-8) file; give a YAML file of parameters") from None
    except OSError as exc:
        raise UserError(f"{option} {name}: cannot be read ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise UserError(f"{option} {name}: is not valid YAML ({_first_line(exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{option} {name}: must hold a mapping of parameter names to values, not a "
                        f"{type(data).__name__}")
    keys = [k for k in data if not isinstance(k, str)]
    if keys:
        raise UserError(f"{option} {name}: parameter names must be text; found {keys}")
    return data


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160]


def notebook_paths() -> list[Path]:
    return sorted(p for p in notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def find_notebook(name: str) -> Path:
    matches = [p for p in notebook_paths() if p.stem == name or p.stem.startswith(f"{name}_")]
    if len(matches) != 1:
        known = ", ".join(p.stem for p in notebook_paths())
        raise UserError(f"notebook {name!r} not found; known notebooks: {known}")
    return matches[0]


def notebook_module(path: Path):
    return importlib.import_module(VALIDATORS[path.stem[:2]])


def validate(path: Path, params: dict) -> None:
    """The notebook's own validation, in this process, before anything is created."""
    module = notebook_module(path)
    try:
        check_known(params, module.DEFAULTS)
        module.resolve(params)
    except ParameterError as exc:
        raise UserError(str(exc)) from None
    except Exception as exc:  # a value of a type validation did not foresee: still one line
        raise UserError(f"parameters rejected: {type(exc).__name__}: {_first_line(exc)}") from None


def strip_volatile(path: Path, drop_metadata: tuple[str, ...] = (), seconds: float | None = None) -> None:
    """Drop papermill's timings and timestamps, give the cell papermill injects a fixed id (it
    draws a random one), and join the pieces a stream was split into (the split depends on
    timing), so an unchanged rerun gives no git diff. ``seconds``, when given, is kept as the
    one timing: ``metadata.clustermodels.execution.seconds`` (the book's execution facts)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for key in VOLATILE_NB + drop_metadata:
        nb.metadata.pop(key, None)
    if seconds is not None:
        nb.metadata.setdefault("clustermodels", {})["execution"] = {"seconds": round(seconds, 1)}
    for cell in nb.cells:
        for key in VOLATILE_CELL:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        joined = []
        for out in cell.get("outputs", []):
            last = joined[-1] if joined else None
            if (out.output_type == "stream" and last is not None and last.output_type == "stream"
                    and last.name == out.name):
                last.text += out.text
            else:
                joined.append(out)
        if "outputs" in cell:
            cell.outputs = joined
    nbformat.write(nb, path)


def execute(source: Path, target: Path, parameters: dict | None, env: dict, save_each_cell: bool = True) -> None:
    """Execute ``source`` into ``target`` with papermill; ``env`` reaches the kernel.
    ``save_each_cell=False`` writes ``target`` once, at the end or on a cell's error (papermill
    does both), instead of after every cell: each save re-serialises megabytes of figures."""
    import papermill as pm

    old = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        pm.execute_notebook(
            str(source), str(target), parameters=parameters or {}, kernel_name="python3",
            cwd=str(notebooks_dir()), progress_bar=False, log_output=False,
            kernel_manager_class=_ipc_kernel_manager(), request_save_on_cell_execute=save_each_cell,
        )
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _ipc_kernel_manager():
    """A kernel manager that talks to its kernel over local socket files instead of TCP ports:
    kernels started at once cannot race for a port, and no kernel warns that TCP is unencrypted;
    and that shuts its kernel down without interrupting it first."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):  # the socket files' prefix; the manager removes them at shutdown
            return os.path.join(tempfile.gettempdir(), f"clustermodels-kernel-{uuid.uuid4().hex[:12]}")

        async def _async_interrupt_kernel(self):
            # jupyter_client interrupts (SIGINT) before every shutdown; after a run the kernel is
            # idle, and a SIGINT that meets it still finishing its last reply prints
            # "ERROR | KeyboardInterrupt caught in kernel" after a success. A timeout still interrupts.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return IPCKernelManager


def install(work: Path, final: Path) -> None:
    """Move the finished folder ``work`` to ``final``, replacing what was there. Safe when two
    runs finish at once: each retries until its rename wins, and the last one stays."""
    while True:
        try:
            os.rename(work, final)
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise
        trash = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(final, trash)
        except FileNotFoundError:
            continue
        if trash.is_symlink() or trash.is_file():
            trash.unlink()
        else:
            shutil.rmtree(trash, ignore_errors=True)


def keep_failed(work: Path, stem: str) -> Path:
    failed = runs_dir() / "failed"
    failed.mkdir(parents=True, exist_ok=True)
    target = failed / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    shutil.move(str(work), target)
    return target


def describe_failure(exc: Exception) -> str:
    """papermill's error as one line: the cell and the exception, without the traceback."""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    return f"{ename}: {_first_line(evalue)}" + (f" (cell [{cell}])" if cell else "")


def edition_parameters(edition: str) -> dict | None:
    """What ``reproduce`` passes to papermill: nothing for the default (English) edition, the
    language for the others."""
    return None if edition == "en" else {"lang": edition}


def job_name(stem: str, edition: str) -> str:
    return stem if edition == "en" else f"{edition}/{stem}"


def _reproduce_one(job: tuple[str, str]) -> tuple[str, bool, float, str]:
    """Run in a worker process: execute one edition of one notebook privately and, if every cell
    succeeded, swap its figures folder and executed notebook into place."""
    path, edition = Path(job[0]), job[1]
    name = job_name(path.stem, edition)
    start = time.perf_counter()
    staging = runs_dir() / ".reproduce"
    staging.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{path.stem}-{edition}-", dir=staging))
    target, figures = edition_notebook(path.stem, edition), edition_figures(path.stem, edition)
    try:
        out = work / "figures"
        execute(path, work / path.name, edition_parameters(edition),
                {OUTPUT_ENV: out, SHOWN_ENV: EDITION}, save_each_cell=False)
        strip_volatile(work / path.name, () if edition == "en" else EDITION_DROPPED_METADATA,
                       seconds=time.perf_counter() - start)
        if edition != "en":  # its markdown from the book's catalogues, its parameters' comments from the declaration
            markdown_zh.translate_file(work / path.name, path.stem, edition)
        out.mkdir(exist_ok=True)
        figures.parent.mkdir(parents=True, exist_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        install(out, figures)
        os.replace(work / path.name, target)
        shutil.rmtree(work, ignore_errors=True)
        return name, True, time.perf_counter() - start, ""
    except Exception as exc:
        kept = keep_failed(work, f"{path.stem}-{edition}")
        return name, False, time.perf_counter() - start, f"{describe_failure(exc)}; the failed run is in {kept}"
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _durations_file() -> Path:
    return runs_dir() / ".cache" / "reproduce-seconds.json"


def known_durations() -> dict[str, float]:
    """Seconds each notebook took in the last ``reproduce`` (git-ignored; empty if unknown)."""
    try:
        data = json.loads(_durations_file().read_text())
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _remember_durations(outcomes) -> None:
    data = known_durations()
    data.update({stem: round(seconds, 2) for stem, ok, seconds, _ in outcomes if ok})
    try:
        target = _durations_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, target)
    except OSError:
        pass


def longest_first(jobs: list, durations: dict[str, float], name=lambda job: job.stem) -> list:
    """The order to start jobs in on a pool: longest (last time) first, so that the longest
    one does not start last and leave the other workers idle; never-timed jobs first of all,
    in the given order."""
    return sorted(jobs, key=lambda job: -durations.get(name(job), float("inf")))


def english_first(jobs: list) -> list:
    """The English editions before the others, each group in the order given: an edition other
    than English then reads the model results its English edition stored (:mod:`.sharedresults`)
    instead of solving them again."""
    return sorted(jobs, key=lambda job: job[1] != "en")


def reproduce(names: list[str], jobs: int | None = None, force: bool = False) -> int:
    """Execute both editions (English and Chinese) of the notebooks with their committed
    parameters, in parallel on the available cores; without ``force``, only the editions whose
    inputs changed since they last executed on this machine (:mod:`.editioncache`)."""
    from . import editioncache

    start = time.perf_counter()
    paths = list(dict.fromkeys(find_notebook(n) for n in names)) if names else notebook_paths()
    every = [(str(p), edition) for p in paths for edition in EDITIONS]
    inputs = {job: editioncache.inputs(Path(job[0]).stem, job[1], edition_parameters(job[1])) for job in every}
    reasons = {job: ["--force"] if force else editioncache.changes(Path(job[0]).stem, job[1], inputs[job])
               for job in every}
    editioncache.save_memo()
    work = [job for job in every if reasons[job]]
    skipped = [job_name(Path(p).stem, e) for p, e in every if not reasons[(p, e)]]
    if skipped:
        print(f"skipped {len(skipped)} edition(s), nothing they depend on changed since they last executed "
              f"here: {', '.join(skipped)} (--force executes them anyway)")
    if not work:
        print(f"nothing to execute ({time.perf_counter() - start:.1f} s)")
        return 0
    for p, e in work:
        print(f"executing {job_name(Path(p).stem, e)}: {'; '.join(reasons[(p, e)])}", flush=True)
    jobs = max(1, min(len(work), jobs or os.cpu_count() or 1))
    order = english_first(longest_first(work, known_durations(), lambda job: job_name(Path(job[0]).stem, job[1])))
    with sharedresults.for_this_process():  # the kernels share model results: an English edition solves, the Chinese reads
        if jobs == 1:
            done = {job: _reproduce_one(job) for job in order}
        else:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                done = dict(zip(order, pool.map(_reproduce_one, order)))
    outcomes = [done[job] for job in work]
    _remember_durations(outcomes)
    for (p, e), (_, ok, _, _) in zip(work, outcomes):
        if ok:
            editioncache.remember(Path(p).stem, e, inputs[(p, e)])
        else:
            editioncache.remember_failure(Path(p).stem, e)
    for name, ok, seconds, message in outcomes:
        if ok:
            print(f"reproduced {name} in {seconds:.1f} s")
        else:
            print(f"FAILED {name}: {message} (committed notebook and figures left unchanged)", file=sys.stderr)
    print(f"{len(work)} notebook edition(s) in {time.perf_counter() - start:.1f} s on {jobs} worker(s)")
    return 0 if all(ok for _, ok, _, _ in outcomes) else 1


def _outside_committed(out: str) -> Path:
    """``--out`` resolved, or an error if it is the repository, above it, or a committed folder."""
    folder = Path(out).expanduser().resolve()
    root = repo_root()
    if folder == root or folder in root.parents:
        raise UserError(f"--out {out}: is the repository or a folder above it; choose a new folder")
    if folder == root / ".git" or root / ".git" in folder.parents or is_protected(folder):
        raise UserError(f"--out {out}: is inside a committed folder (or .git); choose a folder under runs/ "
                        f"or outside the repository")
    return folder


def output_folder(path: Path, params: dict, out: str | None) -> Path:
    """The folder a run ends in: ``runs/<notebook>/<tag>/`` or ``--out``, checked."""
    if out is None:
        return runs_dir() / path.stem / parameters_tag(params, notebook_module(path).DEFAULTS)
    folder = _outside_committed(out)
    if folder.exists():
        if not folder.is_dir():
            raise UserError(f"--out {out}: is a file, not a folder")
        if any(folder.iterdir()) and not (folder / MARKER).is_file():
            raise UserError(f"--out {out}: exists, is not empty and was not made by `clustermodels run`; "
                            f"choose a new or empty folder")
    return folder


def run(name: str, pairs: list[list[str]], files: list[str], out: str | None) -> int:
    path = find_notebook(name)
    params: dict = {}
    for f in files:
        params.update(read_parameter_file(f))
    for key, value in pairs:
        params[key] = read_value(key, value)
    validate(path, params)
    final = output_folder(path, params, out)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{final.name}.running-", dir=final.parent))
        work.chmod(0o755)
    except OSError as exc:
        raise UserError(f"cannot create the output folder {final}: {exc.strerror}") from None
    try:
        shown = final.relative_to(repo_root()) if repo_root() in final.parents else final
        execute(path, work / path.name, params, {OUTPUT_ENV: work, SHOWN_ENV: shown, NOTEBOOK_DIR_ENV: shown})
    except Exception as exc:
        kept = keep_failed(work, path.stem)
        print(f"error: {path.stem} failed: {describe_failure(exc)}\n  the failed notebook is in {kept}",
              file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    strip_volatile(work / path.name)
    (work / "parameters.json").write_text(json.dumps(params, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                                          encoding="utf-8")
    (work / MARKER).write_text(f"{path.stem}\n", encoding="utf-8")
    install(work, final)
    print(f"ran {path.stem} with {params}\n  notebook, figures and results in {final}")
    return 0


def sweep(name: str | None, pairs: list[list[str]], files: list[str], grid: list[str], samples: int | None,
          ranges: str | None, method: str, seed: int, scheduler: str, workers: int | None, out: str | None,
          resume: bool, chunk_size: int | None, csv: bool = True, point_timeout: float | None = None,
          from_manifest: str | None = None, scheduler_timeout: float | None = None) -> int:
    """``clustermodels sweep``: check the whole specification, then run it (see :mod:`.sweep`).
    Exit status 0: every point has a row; 2: nothing ran (a one-line error); 3: points were lost
    (the table holds the others; rerun with --resume)."""
    from . import sweep as engine
    from .sweepspec import SweepSpecError, grid_spec, sample_spec, spec_from_description

    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers}: allowed a whole number, at least 1")
    if chunk_size is not None and chunk_size < 1:
        raise UserError(f"--chunk-size {chunk_size}: allowed a whole number, at least 1")
    if point_timeout is None:
        point_timeout = engine.POINT_TIMEOUT
    elif not point_timeout >= 0 or point_timeout == float("inf"):
        raise UserError(f"--point-timeout {point_timeout}: allowed seconds > 0, or 0 for no limit")
    if scheduler_timeout is None:
        scheduler_timeout = engine.SCHEDULER_TIMEOUT
    elif not 0 < scheduler_timeout < float("inf"):
        raise UserError(f"--scheduler-timeout {scheduler_timeout}: allowed seconds > 0")
    try:
        if from_manifest is not None:
            if name or grid or samples is not None or ranges or pairs or files:
                raise UserError("--from-manifest takes the whole sweep from the manifest; give no paper, "
                                "--grid, --sample, --ranges, -p or -f with it")
            try:
                described = json.loads(Path(from_manifest).read_text(encoding="utf-8"))["spec"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise UserError(f"--from-manifest {from_manifest}: not a sweep manifest "
                                f"({type(exc).__name__}: {exc})") from None
            spec = spec_from_description(described)
            path = find_notebook(spec.paper)
        else:
            if not name:
                raise UserError("name the paper (e.g. clustermodels sweep 02 ...) or give --from-manifest FILE")
            path = find_notebook(name)
            paper = path.stem[:2]
            fixed: dict = {}
            for f in files:
                fixed.update(read_parameter_file(f))
            for key, value in pairs:
                fixed[key] = read_value(key, value)
            if samples is not None:
                if grid:
                    raise UserError("give either --grid or --sample with --ranges, not both")
                if ranges is None:
                    raise UserError("--sample needs --ranges FILE.yaml (NAME: [LOW, HIGH] per varied parameter)")
                spec = sample_spec(paper, samples, read_parameter_file(ranges, "--ranges"), method, seed, fixed,
                                   f"--ranges {ranges}:")
            else:
                spec = grid_spec(paper, [_grid_item(text) for text in grid], fixed)
    except SweepSpecError as exc:
        raise UserError(str(exc)) from None
    folder = sweep_folder(path, spec, out)
    try:
        manifest = engine.run_sweep(spec, folder, scheduler, workers, resume, chunk_size, csv=csv,
                                    point_timeout=point_timeout or None, scheduler_timeout=scheduler_timeout)
    except engine.SweepError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # anything not mapped by the engine: still one line
        raise UserError(f"--out {folder}: {type(exc).__name__}: {exc}") from None
    discarded = (f", {manifest['discarded_other_code']} rows of other code discarded and recomputed"
                 if manifest["discarded_other_code"] else "")
    print(f"swept {path.stem}: {manifest['points']} points ({manifest['computed']} computed, "
          f"{manifest['reused']} reused{discarded}; {manifest['errors']} model errors, {manifest['timeouts']} "
          f"timeouts, {manifest['lost']} lost) in {manifest['seconds']:.1f} s on {manifest['scheduler']['kind']}"
          f"\n  table and manifest in {folder}")
    if manifest["lost"]:
        cause = max(manifest["lost_causes"], key=manifest["lost_causes"].get) if manifest["lost_causes"] else "?"
        print(f"error: {manifest['lost']} of {manifest['points']} points were lost, not computed ({cause}); the "
              f"table holds the others; rerun the same command with --resume", file=sys.stderr)
        return 3
    return 0


def _grid_item(text: str) -> tuple[str, list]:
    """``NAME=V1,V2`` -> (NAME, [V1, V2]); the values are read as one YAML list, so a value may be a
    list itself (``weights=[0.3,0.4,0.3],[0.4,0.3,0.3]``)."""
    name, sep, values = text.partition("=")
    if not sep or not name:
        raise UserError(f"--grid {text!r}: write --grid NAME=V1,V2,...")
    try:
        parsed = yaml.load(f"[{values}]", Loader=_Loader)
    except yaml.YAMLError as exc:
        raise UserError(f"--grid {name}: {values!r} is not a comma-separated list of YAML values "
                        f"({_first_line(exc)})") from None
    return name.strip(), parsed


def sweep_folder(path: Path, spec, out: str | None) -> Path:
    """``runs/sweeps/<notebook>/<hash of the specification>`` or ``--out`` (checked as for run)."""
    if out is None:
        import hashlib

        text = json.dumps(spec.describe(), sort_keys=True, default=repr)
        return runs_dir() / "sweeps" / path.stem / hashlib.sha1(text.encode()).hexdigest()[:10]
    return _outside_committed(out)


def _pairs_as_options(argv: list[str]) -> list[str]:
    """``-p NAME VALUE`` taken literally, even when VALUE starts with "-" (e.g. ``-.inf``)."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] == "-p":
            if i + 2 >= len(argv):
                raise UserError("-p needs a NAME and a VALUE, e.g. -p lang en")
            out.append(f"--param={argv[i + 1]}={argv[i + 2]}")
            i += 3
        else:
            out.append(argv[i])
            i += 1
    return out


def params(name: str, schema: bool, lang: str) -> int:
    from . import paramtable

    paper = name.zfill(2)[:2] if name[:2].isdigit() or name.isdigit() else name
    if paper not in paramtable.PAPERS:
        raise UserError(f"paper {name!r}: allowed 01, 02, 03 or 04")
    print(paramtable.json_schema(paper) if schema else paramtable.text_table(paper, lang))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clustermodels", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("reproduce", help="execute notebooks (English and Chinese editions) with their committed parameters")
    rep.add_argument("names", nargs="*", help="notebook numbers or names (default: all)")
    rep.add_argument("-j", "--jobs", type=int, help="notebooks at once (default: the number of cores)")
    rep.add_argument("--force", action="store_true",
                     help="execute every edition, also those whose inputs have not changed since they last "
                          "executed on this machine")
    one = sub.add_parser("run", help="execute one notebook with new parameters")
    one.add_argument("name", help="notebook number (02) or name")
    one.add_argument("-p", "--param", action="append", default=[], metavar="NAME VALUE",
                     help="a parameter: -p NAME VALUE; VALUE is read as YAML (numbers, lists, strings)")
    one.add_argument("-f", action="append", default=[], metavar="PARAMS.yaml",
                     help="a YAML file of parameters (see parameters.example.yaml)")
    one.add_argument("--out", help="output folder (default runs/<notebook>/<tag>); new, empty or made by run")
    swp = sub.add_parser("sweep", help="run a paper's model over a grid or a sample of parameters",
                         description="Sweep one paper's run API (no notebook, no figures) over a Cartesian "
                                     "grid or a Sobol / Latin-hypercube sample; writes results.parquet, "
                                     "results.csv and manifest.json.")
    swp.add_argument("name", nargs="?", help="notebook number (02) or name")
    swp.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2",
                     help="values of one parameter (or element, NAME[i]); repeat for a Cartesian grid")
    swp.add_argument("--sample", type=int, metavar="N", help="N points sampled over --ranges")
    swp.add_argument("--ranges", metavar="RANGES.yaml", help="YAML: NAME: [LOW, HIGH] per sampled parameter")
    swp.add_argument("--method", default="sobol",
                     help="sampling method: sobol (default), lhs, or saltelli (N x (d + 2) points for "
                          "SALib's Sobol indices; the manifest holds the SALib problem)")
    swp.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    swp.add_argument("-p", "--param", action="append", default=[], metavar="NAME VALUE",
                     help="a parameter every point shares: -p NAME VALUE")
    swp.add_argument("-f", action="append", default=[], metavar="PARAMS.yaml", help="a YAML file of shared parameters")
    swp.add_argument("--scheduler", default="processes",
                     help="processes (default, a local pool), serial, local (Dask LocalCluster), "
                          "tcp://HOST:PORT or a Dask scheduler file")
    swp.add_argument("--workers", type=int, help="worker processes for processes/local (default: the cores)")
    swp.add_argument("--chunk-size", type=int, help="points per task (default: chosen per paper)")
    swp.add_argument("--out", help="output folder (default runs/sweeps/<notebook>/<hash of the sweep>)")
    swp.add_argument("--no-csv", action="store_true", help="write the Parquet table only (for millions of points)")
    swp.add_argument("--resume", action="store_true", help="finish an earlier sweep in --out: compute only "
                                                           "the points not yet written by the same code")
    swp.add_argument("--point-timeout", type=float, metavar="SECONDS",
                     help="a point computing longer becomes a timeout row (default 900; 0: no limit)")
    swp.add_argument("--from-manifest", metavar="MANIFEST.json",
                     help="rerun exactly the sweep a manifest describes (same points, same order)")
    swp.add_argument("--scheduler-timeout", type=float, metavar="SECONDS",
                     help="Dask: end the sweep when the scheduler has not answered for this long (default 30)")
    par = sub.add_parser("params", help="list a paper's parameters (default, unit, allowed values, meaning)")
    par.add_argument("name", help="paper number: 01, 02, 03 or 04")
    par.add_argument("--json-schema", action="store_true", help="print the JSON Schema of a -f parameters file")
    par.add_argument("--lang", default="en", choices=("en", "zh"), help="language of the table (default en)")
    try:
        args = parser.parse_args(_pairs_as_options(list(sys.argv[1:] if argv is None else argv)))
        if args.command == "reproduce":
            return reproduce(args.names, args.jobs, args.force)
        if args.command == "params":
            return params(args.name, args.json_schema, args.lang)
        pairs = [p.split("=", 1) for p in args.param]
        if any(len(p) != 2 or not p[0] for p in pairs):
            raise UserError("a parameter is given as -p NAME VALUE, e.g. -p lang en")
        if args.command == "sweep":
            return sweep(args.name, pairs, args.f, args.grid, args.sample, args.ranges, args.method, args.seed,
                         args.scheduler, args.workers, args.out, args.resume, args.chunk_size, not args.no_csv,
                         args.point_timeout, args.from_manifest, args.scheduler_timeout)
        return run(args.name, pairs, args.f, args.out)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
