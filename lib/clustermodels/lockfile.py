"""The exact environment: ``requirements.lock``, made by ``make lock`` (uv pip compile of
pyproject.toml's dependencies and every extra, with hashes, for one Python version); its hash,
which every executed notebook records; and whether it still agrees with pyproject.toml."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from .paths import repo_root

LOCK_NAME = "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
DIRECT = "clustermodels (pyproject.toml)"  # uv's "# via" note on a requirement pyproject.toml names


def lock_path(root: Path | None = None) -> Path:
    return (root or repo_root()) / LOCK_NAME


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def _hash(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def lock_hash(root: Path | None = None) -> str:
    """The first 12 hex digits of the lock's SHA-256, or ``"missing"``."""
    path = lock_path(root)
    try:
        return _hash(path, path.stat().st_mtime_ns)
    except OSError:
        return "missing"


def read_lock(root: Path | None = None) -> dict:
    """``{"python": "3.11", "versions": {name: version}, "direct": {names pyproject.toml asks for}}``."""
    text = lock_path(root).read_text(encoding="utf-8")
    python = re.search(r"--python-version[ =](\S+)", text)
    versions: dict[str, str] = {}
    direct: set[str] = set()
    current = None
    for line in text.splitlines():
        match = PINNED.match(line)
        if match:
            current = canonical(match.group(1))
            versions[current] = match.group(2)
        elif current and line.strip().lstrip("#").strip().removeprefix("via ").strip() == DIRECT:
            direct.add(current)
    return {"python": python.group(1) if python else None, "versions": versions, "direct": direct}


def pyproject_requirements(root: Path | None = None) -> tuple[str, list]:
    """pyproject.toml's ``requires-python`` and every requirement, main and of every extra."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads(((root or repo_root()) / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = [*project["dependencies"], *(r for extra in project.get("optional-dependencies", {}).values() for r in extra)]
    return project["requires-python"], [Requirement(t) for t in texts]


def disagreements(root: Path | None = None) -> list[str]:
    """Why the lock no longer describes pyproject.toml (empty when it does): a requirement the lock
    lacks or pins outside its range, a package the lock still takes from pyproject.toml that
    pyproject.toml no longer names, or a locked Python that ``requires-python`` excludes."""
    from packaging.specifiers import SpecifierSet

    lock = read_lock(root)
    requires_python, requirements = pyproject_requirements(root)
    problems = []
    if lock["python"] is None:
        problems.append(f"{LOCK_NAME} does not say which Python it was made for (--python-version)")
    elif lock["python"] not in SpecifierSet(requires_python):
        problems.append(f"{LOCK_NAME} is made for Python {lock['python']}, outside requires-python {requires_python}")
    named = set()
    for req in requirements:
        name = canonical(req.name)
        named.add(name)
        pinned = lock["versions"].get(name)
        if pinned is None:
            problems.append(f"{req} (pyproject.toml) is not in {LOCK_NAME}")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req} (pyproject.toml) but {LOCK_NAME} pins {name}=={pinned}")
    for name in sorted(lock["direct"] - named):
        problems.append(f"{LOCK_NAME} still takes {name} from pyproject.toml, which no longer names it")
    return problems
