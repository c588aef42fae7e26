"""What a notebook ran with: package versions, the lock of the whole environment and the git commit,
for its closing cell."""

from __future__ import annotations

import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version

from .lockfile import LOCK_NAME, canonical, lock_hash, read_lock
from .paths import repo_root

PACKAGES = ("clustermodels", "numpy", "scipy", "pandas", "matplotlib", "networkx", "pysd", "papermill")


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=repo_root(), capture_output=True, text=True, check=True,
        ).stdout.strip()
        # the executed notebooks and their figures are what a reproduction rewrites: they do not
        # make the code the notebook ran with uncommitted
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
             ":(exclude)notebooks/*.ipynb", ":(exclude)figures"],
            cwd=repo_root(), capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def report(packages: tuple[str, ...] = PACKAGES) -> str:
    lines = [f"python {platform.python_version()}"]
    for name in packages:
        try:
            lines.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    lines.append(f"{LOCK_NAME} sha256 {lock_hash()}{_differs_from_lock(packages)}")
    lines.append(f"git commit {git_commit()}")
    return "\n".join(lines)


def _differs_from_lock(packages: tuple[str, ...]) -> str:
    """A note when an installed version is not the locked one (an environment not made from the lock)."""
    try:
        locked = read_lock()["versions"]
    except OSError:
        return ""
    differ = []
    for name in packages:
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue
        if canonical(name) in locked and locked[canonical(name)] != installed:
            differ.append(f"{name} {installed} installed, {locked[canonical(name)]} locked")
    return f" (not this environment: {'; '.join(differ)})" if differ else ""
