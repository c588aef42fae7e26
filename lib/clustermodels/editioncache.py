"""What made each edition's committed outputs on this machine, so that ``clustermodels reproduce``
re-executes only the editions whose inputs changed.

An edition's inputs, each kept as a hash per file so that the reason for a re-execution can name
the file:

* ``notebook``: the cells of ``notebooks/<name>.ipynb`` (their type and source, not their outputs);
* ``package``: every module of ``lib/clustermodels`` the notebook imports, directly or through
  other modules (read from the source, not by importing it): a change under ``water/`` touches
  only notebook 04, a change to a module every notebook imports (``outputs.py``, ``i18n.py``)
  touches all;
* ``data``: ``data/<name>/`` and ``CITATION.cff`` (every notebook cites from it);
* ``still``: the explore panel's still image the edition embeds (``figures/explore/<edition>/<name>.png``,
  taken by ``make explore-stills``, not by the reproduction);
* ``environment``: the hash of ``requirements.lock`` and the Python version;
* ``parameters``: what ``reproduce`` passes to the edition (``lang``);
* ``catalogues`` (editions other than English only): ``runtime/*.po`` (``i18n`` reads them all into
  one table, so a change to any of them touches every Chinese edition), the paper's own
  ``papers/<name>.po``, and ``lib/clustermodels/parameter_cells.json`` (its parameters cell);
* ``outputs``: the committed notebook and figures the edition wrote, so that outputs changed
  since (a checkout, an edit) are made again.

The record lives in ``runs/.cache/editions/`` (git-ignored): a fresh clone has none and executes
everything, which is what reproducing means. Beside it, ``file-memo.json`` keeps what reading each
file gave (its hash, its imports) with the file's modification time and size, so that a rerun with
nothing changed reads no file again, as git's index does.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import uuid
from functools import lru_cache
from pathlib import Path

from .lockfile import LOCK_NAME, lock_hash
from .paramtable import CELLS_FILE
from .paths import edition_figures, edition_notebook, repo_root, runs_dir

RECORD_VERSION = 1  # bump when what a key covers changes: every edition executes once more
CATALOGUES = Path("book") / "locales" / "zh_CN" / "LC_MESSAGES"
PACKAGE = "clustermodels"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _relative(path: Path) -> str:
    return path.relative_to(repo_root()).as_posix()


def _files(paths) -> dict[str, str]:
    """``{repository-relative path: hash}`` of the files given and the files under the folders given."""
    out = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and "__pycache__" not in child.parts and not child.name.startswith("."):
                    out[_relative(child)] = _file_sha(_stamp(child))
        elif path.is_file():
            out[_relative(path)] = _file_sha(_stamp(path))
    return out


def _file_sha(stamp: tuple) -> str:
    return _remembered("sha", stamp, lambda: _sha(Path(stamp[0]).read_bytes()))


def _stamp(path: Path) -> tuple:
    """What the per-process caches below are keyed on: a file changed on disk is read again."""
    info = path.stat()
    return str(path), info.st_mtime_ns, info.st_size


_memo: dict | None = None  # (kind, path) -> [mtime_ns, size, value]: what reading a file gave last time
_used: set[str] = set()


def _memo_file() -> Path:
    return runs_dir() / ".cache" / "editions" / "file-memo.json"


def _remembered(kind: str, stamp: tuple, compute):
    """``compute()``, or what it gave for the same file (path, modification time and size) last
    time, on this machine: a rerun with nothing changed reads no file again (as git does)."""
    global _memo
    if _memo is None:
        try:
            _memo = json.loads(_memo_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _memo = {}
    key = f"{kind}:{stamp[0]}"
    _used.add(key)
    entry = _memo.get(key)
    if isinstance(entry, list) and entry[:2] == [stamp[1], stamp[2]]:
        return entry[2]
    value = compute()
    _memo[key] = [stamp[1], stamp[2], value]
    return value


def save_memo() -> None:
    """Write the memo, keeping only the files this process read (others may be gone)."""
    if _memo is not None:
        _write(_memo_file(), {k: v for k, v in _memo.items() if k in _used})


def _write(target: Path, data) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def notebook_cells(path: Path) -> list[dict]:
    """The notebook's cells without outputs or metadata, and without the cell papermill injects."""
    return _cells(_stamp(path))


def _notebook_source(path: Path) -> str:
    return _remembered("cells", _stamp(path), lambda: _sha(json.dumps(notebook_cells(path), ensure_ascii=False).encode()))


@lru_cache(maxsize=64)
def _cells(stamp: tuple) -> list[dict]:
    cells = json.loads(Path(stamp[0]).read_text(encoding="utf-8"))["cells"]
    return [{"type": c["cell_type"], "source": "".join(c["source"]) if isinstance(c["source"], list) else c["source"]}
            for c in cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]


def _module_imports(stamp: tuple, package: str) -> frozenset[str]:
    return frozenset(_remembered(f"imports {package}", stamp, lambda: sorted(
        _imported(_parse(Path(stamp[0]).read_text(encoding="utf-8")), package))))


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = repo_root() / "lib" / Path(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST, package: str) -> set[str]:
    """Modules an AST imports (anywhere, also inside functions); relative imports resolved
    against ``package``; ``from a import b`` counts ``a.b`` too, in case ``b`` is a module."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _parse(source: str) -> ast.AST:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def notebook_modules(path: Path) -> list[Path]:
    """The package's source files a notebook runs: its imports of ``clustermodels``, their parent
    packages, and everything those import in turn."""
    todo = set(_remembered("imports", _stamp(path), lambda: sorted(
        {m for cell in notebook_cells(path) if cell["type"] == "code" for m in _imported(_parse(cell["source"]), PACKAGE)})))
    seen: dict[str, Path] = {}
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ first
            name = ".".join(parts[:i])
            if name in seen:
                continue
            file = _module_file(name)
            if file is None:
                continue
            seen[name] = file
            package = name if file.name == "__init__.py" else name.rpartition(".")[0]
            todo |= _module_imports(_stamp(file), package) - seen.keys()
    return sorted(set(seen.values()))


def inputs(stem: str, edition: str, parameters: dict | None) -> dict[str, dict[str, str]]:
    """Everything an edition's outputs depend on, as ``{kind: {name: hash}}``."""
    root = repo_root()
    source = edition_notebook(stem, "en")  # every edition executes the English notebook's cells
    found = {
        "notebook": {_relative(source): _notebook_source(source)},
        "package": _files(notebook_modules(source)),
        "data": _files([root / "data" / stem, root / "CITATION.cff"]),
        "still": _files([root / "figures" / "explore" / edition / f"{stem}.png"]),
        "environment": {LOCK_NAME: lock_hash(), "python": _python()},
        "parameters": {"passed": json.dumps(parameters or {}, sort_keys=True), "record": str(RECORD_VERSION)},
    }
    if edition != "en":
        found["catalogues"] = _files([*sorted((root / CATALOGUES / "runtime").glob("*.po")),
                                      root / CATALOGUES / "papers" / f"{stem}.po",
                                      root / "lib" / PACKAGE / CELLS_FILE.name])  # its parameters cell
    return found


def _python() -> str:
    import platform

    return platform.python_version()


def outputs(stem: str, edition: str) -> dict[str, str]:
    """The committed notebook and figures of an edition, as they are now."""
    return _files([edition_notebook(stem, edition), edition_figures(stem, edition)])


def _record_file(stem: str, edition: str) -> Path:
    return runs_dir() / ".cache" / "editions" / f"{edition}--{stem}.json"


def changes(stem: str, edition: str, now: dict[str, dict[str, str]]) -> list[str]:
    """Why an edition must execute again: ``[]`` when its inputs and outputs are those recorded
    when it last executed; otherwise short reasons (``"package: lib/clustermodels/water/core.py"``)."""
    try:
        record = json.loads(_record_file(stem, edition).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["never executed on this machine"]
    if record.get("failed"):
        return ["its last execution here failed"]
    before = record.get("inputs", {})
    reasons = []
    for kind in sorted(set(now) | set(before)):
        old, new = before.get(kind, {}), now.get(kind, {})
        differ = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        if differ:
            shown = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
            reasons.append(f"{kind}: {shown}")
    if not reasons and record.get("outputs") != outputs(stem, edition):
        reasons.append("outputs: the committed notebook or figures differ from those it wrote")
    return reasons


def remember(stem: str, edition: str, inputs_before: dict[str, dict[str, str]]) -> None:
    """Record the inputs an edition executed with and the outputs it wrote."""
    _write(_record_file(stem, edition), {"inputs": inputs_before, "outputs": outputs(stem, edition)})
    save_memo()


def remember_failure(stem: str, edition: str) -> None:
    """An edition whose execution failed: it executes again next time, and says why."""
    _write(_record_file(stem, edition), {"failed": True})
