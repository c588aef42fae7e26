"""What a notebook ran with: package versions and the git commit, for its closing cell."""

from __future__ import annotations

import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version

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
    lines.append(f"git commit {git_commit()}")
    return "\n".join(lines)
