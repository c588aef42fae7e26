"""Repository paths, resolved from the repository root whatever the working directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "CLUSTERMODELS_ROOT"


def _looks_like_root(path: Path) -> bool:
    return (path / "pyproject.toml").is_file() and (path / "data").is_dir()


def repo_root() -> Path:
    """The compendium's root folder.

    Order: the ``CLUSTERMODELS_ROOT`` environment variable, then the folders above this package
    (an editable install, the normal case), then the folders above the working directory.
    """
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for candidate in (start, *start.parents):
            if _looks_like_root(candidate):
                return candidate
    raise FileNotFoundError(
        "cannot find the compendium's root folder (one holding pyproject.toml and data/); "
        f"set {ROOT_ENV} to it"
    )


def data_dir(notebook: str) -> Path:
    """``data/<notebook>/``: the inputs of one notebook."""
    return repo_root() / "data" / notebook


def figures_dir(notebook: str) -> Path:
    """``figures/<notebook>/``: the committed figures, tables and results of one notebook."""
    return repo_root() / "figures" / notebook


EDITIONS = ("en", "zh")  # the language of a notebook's narrative-and-figures edition; "en" is the default


def edition_notebook(notebook: str, edition: str) -> Path:
    """The committed executed notebook of one edition: ``notebooks/<name>.ipynb`` (en) or
    ``notebooks/zh/<name>.ipynb``."""
    return notebooks_dir() / ("" if edition == "en" else edition) / f"{notebook}.ipynb"


def edition_figures(notebook: str, edition: str) -> Path:
    """The committed figures of one edition: ``figures/<name>/`` (en) or ``figures/zh/<name>/``.
    A separate tree, not ``figures/<name>/zh/``, so each edition's folder is swapped in whole on
    its own without disturbing the other's."""
    return repo_root() / "figures" / ("" if edition == "en" else edition) / notebook


def runs_dir() -> Path:
    """``runs/``: git-ignored outputs of parameterised runs."""
    return repo_root() / "runs"


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


PROTECTED = ("figures", "notebooks", "data", "lib", "tests")


def is_protected(path: Path) -> bool:
    """True if ``path`` lies inside a committed folder a parameterised run must not write to."""
    path = Path(path).resolve()
    root = repo_root()
    return any(path == root / name or (root / name) in path.parents for name in PROTECTED)
