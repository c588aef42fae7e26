"""Where a notebook writes its figures, tables and results, and how.

The rule: **only ``clustermodels reproduce`` updates ``figures/``**, and it does so from outside
the kernel, by moving a finished run's folder into place. A notebook itself never writes into a
committed folder, whatever route started it:

* run by ``clustermodels reproduce`` or ``clustermodels run``: into the private folder the command
  names in ``CLUSTERMODELS_OUTPUT_DIR`` (refused if it lies inside a committed folder);
* run any other way (JupyterLab, plain papermill): into ``runs/<notebook>/<tag>/``, where the tag
  is ``default`` or a hash of the parameters that differ from the defaults (the same hash
  ``clustermodels run`` uses).

Every file is written to a fresh temporary name in the folder and then renamed into place, so
two runs never collide on a temporary name, a symlink planted in the folder is replaced rather
than followed, and an interrupted write never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .i18n import _
from .paths import edition_figures, edition_notebook, is_protected, repo_root, runs_dir

OUTPUT_ENV = "CLUSTERMODELS_OUTPUT_DIR"
SHOWN_ENV = "CLUSTERMODELS_OUTPUT_SHOWN"  # how the notebook names its folder (reproduce: figures/…)
NOTEBOOK_DIR_ENV = "CLUSTERMODELS_NOTEBOOK_DIR"  # where the executed notebook is saved: links start there
EDITION = "{edition}"  # SHOWN_ENV value for reproduce and the tests: the committed folders of the run's lang


class ProtectedFolderError(RuntimeError):
    """A run was asked to write into a committed folder."""


def changed_parameters(parameters: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The parameters that differ from the notebook's defaults."""
    return {k: v for k, v in parameters.items() if k not in defaults or v != defaults[k]}


def parameters_tag(parameters: dict[str, Any], defaults: dict[str, Any]) -> str:
    """``default``, or a hash of the parameters that differ from the defaults."""
    changed = changed_parameters(parameters, defaults)
    if not changed:
        return "default"
    text = json.dumps(changed, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def check_writable(path: Path) -> Path:
    """``path`` resolved (symlinks followed), or an error if it lies in a committed folder."""
    resolved = Path(path).resolve()
    if is_protected(resolved):
        raise ProtectedFolderError(f"refusing to write into {resolved}: it is inside a committed folder "
                                   f"(figures/, notebooks/, data/, lib/, tests/); only "
                                   f"`clustermodels reproduce` updates figures/")
    return resolved


def _from_root(path: Path) -> str:
    """``path`` relative to the repository (POSIX), or absolute when it lies outside."""
    try:
        return Path(path).resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class OutputFolder:
    path: Path
    shown: str | None = None  # the name to print instead of the path
    notebook_dir: str = "notebooks"  # where the executed notebook lives (repo-relative): links start there

    @classmethod
    def for_run(cls, notebook: str, parameters: dict, defaults: dict) -> "OutputFolder":
        if os.environ.get(OUTPUT_ENV):
            try:
                path = check_writable(Path(os.environ[OUTPUT_ENV]))
            except ProtectedFolderError as exc:  # say where the folder came from
                raise ProtectedFolderError(f"{OUTPUT_ENV}={os.environ[OUTPUT_ENV]}: {exc}") from None
            shown = os.environ.get(SHOWN_ENV)
            if shown == EDITION:
                edition = parameters.get("lang", "en")
                figures, saved = edition_figures(notebook, edition), edition_notebook(notebook, edition)
                return cls(path, _from_root(figures), _from_root(saved.parent))
            return cls(path, shown.replace("{notebook}", notebook) if shown else None,
                       os.environ.get(NOTEBOOK_DIR_ENV, "notebooks"))
        return cls(check_writable(runs_dir() / notebook / parameters_tag(parameters, defaults)))

    def describe(self) -> str:
        if self.shown:
            return _("outputs go to {folder}/").format(folder=self.shown)
        try:
            shown = self.path.relative_to(repo_root())
        except ValueError:
            shown = self.path
        return _("outputs go to {folder}/").format(folder=shown)

    @contextmanager
    def _writing(self, name: str):
        """Yield a fresh temporary path in the folder; on success rename it to ``name``."""
        folder = check_writable(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        try:
            yield Path(tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private (0600); outputs are ordinary files
            os.replace(tmp, folder / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def save_table(self, frame: pd.DataFrame, name: str, index: bool = False) -> Path:
        """Write ``name.csv`` (UTF-8, ``\\n`` line ends) atomically."""
        with self._writing(f"{name}.csv") as tmp:
            frame.to_csv(tmp, index=index, lineterminator="\n", encoding="utf-8")
        return self.path / f"{name}.csv"

    def save_results(self, results: dict[str, Any]) -> Path:
        """Write ``results.json`` (sorted keys, 2-space indent) atomically."""
        with self._writing("results.json") as tmp:
            tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                           encoding="utf-8")
        return self.path / "results.json"

    def save_figure(self, fig, name: str) -> list[Path]:
        """Save ``fig`` as ``name.png`` and ``name.svg`` without timestamps, atomically; refuse
        (:class:`~clustermodels.style.IllegibleFigure`) a figure whose text would show smaller
        than body text."""
        from PIL import Image

        from .style import FIGURE_METADATA, check_legible

        saved = []
        for ext, metadata in FIGURE_METADATA.items():
            with self._writing(f"{name}.{ext}") as tmp:
                fig.savefig(tmp, format=ext, metadata=metadata)
            saved.append(self.path / f"{name}.{ext}")
        with Image.open(saved[0]) as png:
            check_legible(fig, png.width, name)
        return saved

    def show_figure(self, fig, name: str):
        """Save ``fig`` (PNG + SVG), close it, and return the saved PNG for display at the width
        its text was sized for, so the notebook shows exactly the file that was written."""
        import matplotlib.pyplot as plt
        from IPython.display import Image as ShownImage
        from PIL import Image

        from .style import display_width

        png = self.save_figure(fig, name)[0]
        plt.close(fig)
        with Image.open(png) as image:
            width = display_width(image.width)
        return ShownImage(filename=str(png), width=width)

    def link(self, name: str) -> str:
        """A link to the file ``name`` in this folder, relative to where the executed notebook lives
        (``notebooks/``, ``notebooks/zh/`` or a run's folder)."""
        target = self.shown or _from_root(self.path)
        if Path(target).is_absolute():
            return self.path.joinpath(name).as_uri()
        return posixpath.relpath(f"{target}/{name}", self.notebook_dir)
