"""``clustermodels``: reproduce every notebook, or run one with new parameters.

    clustermodels reproduce                 # execute all notebooks with their committed parameters
    clustermodels run 02 -p lang en         # one notebook, new parameters, into runs/<name>/<tag>/
    clustermodels run 02 -f params.yaml --out runs/my-experiment

A reproduction executes each notebook into a temporary file and replaces the committed notebook
only when every cell succeeded. A parameterised run writes only into its own output folder and
refuses a folder inside the committed ones (figures/, notebooks/, data/, lib/, tests/).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .outputs import OUTPUT_ENV, parameters_hash
from .parameters import ParameterError, check_known
from .paths import is_protected, notebooks_dir, runs_dir

VOLATILE_NB = ("papermill",)
VOLATILE_CELL = ("papermill", "execution")


def notebook_paths() -> list[Path]:
    return sorted(p for p in notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def find_notebook(name: str) -> Path:
    matches = [p for p in notebook_paths() if p.stem == name or p.stem.startswith(f"{name}_")]
    if len(matches) != 1:
        known = ", ".join(p.stem for p in notebook_paths())
        raise SystemExit(f"error: notebook {name!r} not found; known notebooks: {known}")
    return matches[0]


def strip_volatile(path: Path) -> None:
    """Drop papermill's timings and timestamps so an unchanged rerun gives no git diff."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for key in VOLATILE_NB:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL:
            cell.metadata.pop(key, None)
    nbformat.write(nb, path)


def execute(source: Path, target: Path, parameters: dict | None, env: dict) -> None:
    import papermill as pm

    old = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        pm.execute_notebook(
            str(source), str(target), parameters=parameters or {}, kernel_name="python3",
            cwd=str(notebooks_dir()), progress_bar=False, log_output=False,
        )
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def reproduce(names: list[str]) -> int:
    paths = [find_notebook(n) for n in names] if names else notebook_paths()
    failed = []
    for path in paths:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / path.name
            try:
                execute(path, out, None, {})
            except Exception as exc:  # keep the committed notebook; report and go on
                failed.append(path.stem)
                keep = runs_dir() / "failed" / path.name
                keep.parent.mkdir(parents=True, exist_ok=True)
                if out.exists():
                    shutil.copyfile(out, keep)
                print(f"FAILED {path.stem}: {exc}\n  (committed notebook left unchanged; "
                      f"the failed execution is in {keep})", file=sys.stderr)
                continue
            strip_volatile(out)
            shutil.copyfile(out, path)
        print(f"reproduced {path.stem} in {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


def run(name: str, pairs: list[list[str]], files: list[str], out: str | None) -> int:
    import papermill as pm

    path = find_notebook(name)
    params: dict = {}
    for f in files:
        params.update(yaml.safe_load(Path(f).read_text(encoding="utf-8")) or {})
    for key, value in pairs:
        params[key] = yaml.safe_load(value)  # "-p lang en", "-p lookup_y [0,3,0]"
    known = pm.inspect_notebook(str(path)).keys()
    try:
        check_known(params, known)
    except ParameterError as exc:
        raise SystemExit(f"error: {exc}") from None
    folder = Path(out) if out else runs_dir() / path.stem / parameters_hash(params)
    folder = folder.resolve()
    if is_protected(folder):
        raise SystemExit(f"error: --out {folder} is inside a committed folder; choose another")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "parameters.json").write_text(json.dumps(params, indent=2, ensure_ascii=False) + "\n")
    target = folder / path.name
    try:
        execute(path, target, params, {OUTPUT_ENV: folder})
    except Exception as exc:
        print(f"FAILED {path.stem}: {exc}\n  see {target}", file=sys.stderr)
        return 1
    strip_volatile(target)
    print(f"ran {path.stem} with {params}\n  notebook, figures and results in {folder}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clustermodels", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("reproduce", help="execute notebooks with their committed parameters")
    rep.add_argument("names", nargs="*", help="notebook numbers or names (default: all)")
    one = sub.add_parser("run", help="execute one notebook with new parameters")
    one.add_argument("name", help="notebook number (02) or name")
    one.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="a parameter; VALUE is read as YAML (numbers, lists, strings)")
    one.add_argument("-f", action="append", default=[], metavar="PARAMS.yaml",
                     help="a YAML file of parameters")
    one.add_argument("--out", help="output folder (default runs/<notebook>/<hash>)")
    args = parser.parse_args(argv)
    if args.command == "reproduce":
        return reproduce(args.names)
    return run(args.name, args.p, args.f, args.out)


if __name__ == "__main__":
    sys.exit(main())
