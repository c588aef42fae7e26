"""The 2012 national input-output table of China (NBS, 139 sectors) and its 42-sector aggregate.

Unit: 10^4 yuan (万元), as published. Rows of the table are intermediate inputs, then value added
(VA001-VA004, TVA) and total input TI; columns are intermediate uses, then final uses (rural and
urban household consumption, government consumption, capital formation, inventories, exports),
imports IM (positive numbers, subtracted in the row identity), the statistical error ERR and total output GO.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..paths import data_dir
from . import NOTEBOOK

FINAL_USE = ("FU101", "FU102", "FU103", "FU201", "FU202", "EX")
VALUE_ADDED = ("VA001", "VA002", "VA003", "VA004")


@dataclass(frozen=True)
class IOTable:
    codes: tuple[str, ...]
    names: tuple[str, ...]
    Z: np.ndarray            # intermediate flows, rows supply columns
    final_use: np.ndarray    # (n, 6) FINAL_USE columns
    imports: np.ndarray      # (n,) IM, as published (positive)
    error: np.ndarray        # (n,) ERR
    value_added: np.ndarray  # (4, n) VALUE_ADDED rows
    output: np.ndarray       # (n,) total output GO (= total input TI)

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def total_value_added(self) -> np.ndarray:
        return self.value_added.sum(axis=0)

    def value_added_rate(self) -> np.ndarray:
        return self.total_value_added / self.output

    def row_balance(self) -> np.ndarray:
        """Z row sums + final use - imports + error - output (0 for a balanced table)."""
        return self.Z.sum(axis=1) + self.final_use.sum(axis=1) - self.imports + self.error - self.output

    def column_balance(self) -> np.ndarray:
        """Z column sums + value added - output (0 for a balanced table)."""
        return self.Z.sum(axis=0) + self.total_value_added - self.output


def load_139(path: Path | None = None) -> IOTable:
    path = Path(path) if path else data_dir(NOTEBOOK) / "io2012_139.csv"
    raw = pd.read_csv(path, dtype={"Code": str}).set_index("Code")
    codes = [c for c in raw.index if c.isdigit()]
    return IOTable(
        codes=tuple(codes), names=tuple(raw.loc[codes, "DescriptionInChinese"]),
        Z=raw.loc[codes, codes].to_numpy(float), final_use=raw.loc[codes, list(FINAL_USE)].to_numpy(float),
        imports=raw.loc[codes, "IM"].to_numpy(float), error=raw.loc[codes, "ERR"].to_numpy(float),
        value_added=raw.loc[list(VALUE_ADDED), codes].to_numpy(float), output=raw.loc[codes, "GO"].to_numpy(float),
    )


def load_sectors(path: Path | None = None) -> pd.DataFrame:
    """The 42 sectors: code, names, the 139-sector code range, and the paper's policy group."""
    path = Path(path) if path else data_dir(NOTEBOOK) / "sectors_42.csv"
    return pd.read_csv(path, dtype=str)


def concordance(sectors: pd.DataFrame, fine_codes) -> np.ndarray:
    """The 0/1 matrix S (42 x 139) with S[k, j] = 1 when fine sector j belongs to sector k."""
    fine = [int(c) for c in fine_codes]
    S = np.zeros((len(sectors), len(fine)))
    for k, (lo, hi) in enumerate(zip(sectors["codes139_from"].astype(int), sectors["codes139_to"].astype(int))):
        S[k] = [lo <= c <= hi for c in fine]
    if not np.all(S.sum(axis=0) == 1):
        missing = [fine_codes[j] for j in np.flatnonzero(S.sum(axis=0) != 1)]
        raise ValueError(f"the concordance must put every fine sector in exactly one sector; not so for {missing}")
    return S


def aggregate(table: IOTable, sectors: pd.DataFrame) -> IOTable:
    """Aggregate with the concordance S: Z' = S Z S^T, rows and columns summed alike."""
    S = concordance(sectors, table.codes)
    return IOTable(
        codes=tuple(sectors["code"]), names=tuple(sectors["name_cn"]),
        Z=S @ table.Z @ S.T, final_use=S @ table.final_use, imports=S @ table.imports, error=S @ table.error,
        value_added=table.value_added @ S.T, output=S @ table.output,
    )
