"""Where a notebook writes its figures, tables and results, and how.

* A default run (the parameters as committed) writes to ``figures/<notebook>/``: that is the
  reproduction.
* A run with any other parameters writes to ``runs/<notebook>/<hash of the parameters>/``, so
  the committed figures are never overwritten by an experiment.
* The environment variable ``CLUSTERMODELS_OUTPUT_DIR`` overrides both (the ``clustermodels run``
  command and the tests set it).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .paths import figures_dir, repo_root, runs_dir

OUTPUT_ENV = "CLUSTERMODELS_OUTPUT_DIR"


def parameters_hash(parameters: dict[str, Any]) -> str:
    text = json.dumps(parameters, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class OutputFolder:
    path: Path
    is_reproduction: bool  # True: the committed figures/<notebook>/ folder

    @classmethod
    def for_run(cls, notebook: str, parameters: dict, defaults: dict) -> "OutputFolder":
        if os.environ.get(OUTPUT_ENV):
            return cls(Path(os.environ[OUTPUT_ENV]).resolve(), False)
        if parameters == defaults:
            return cls(figures_dir(notebook), True)
        return cls(runs_dir() / notebook / parameters_hash(parameters), False)

    def describe(self) -> str:
        try:
            shown = self.path.relative_to(repo_root())
        except ValueError:
            shown = self.path
        kind = "the committed reproduction" if self.is_reproduction else "a separate run folder"
        return f"outputs go to {shown}/ ({kind})"

    def _target(self, name: str) -> tuple[Path, Path]:
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path / name, self.path / f".{name}.tmp"

    def save_table(self, frame: pd.DataFrame, name: str, index: bool = False) -> Path:
        """Write ``name.csv`` (UTF-8, ``\\n`` line ends) atomically."""
        path, tmp = self._target(f"{name}.csv")
        frame.to_csv(tmp, index=index, lineterminator="\n", encoding="utf-8")
        os.replace(tmp, path)
        return path

    def save_results(self, results: dict[str, Any]) -> Path:
        """Write ``results.json`` (sorted keys, 2-space indent) atomically."""
        path, tmp = self._target("results.json")
        tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)
        return path

    def save_figure(self, fig, name: str) -> list[Path]:
        from .style import save_figure

        return save_figure(fig, self.path, name)

    def show_figure(self, fig, name: str, width: int = 760):
        """Save ``fig`` (PNG + SVG), close it, and return the saved PNG for display, so the
        notebook shows exactly the file that was written."""
        import matplotlib.pyplot as plt
        from IPython.display import Image

        png = self.save_figure(fig, name)[0]
        plt.close(fig)
        return Image(filename=str(png), width=width)
