"""Printing numbers so that notebooks' checked outputs are the same on every machine."""

from __future__ import annotations

import pandas as pd


def tidy(frame: pd.DataFrame, digits: int = 6) -> pd.DataFrame:
    """Round the float columns and turn -0.0 into 0.0 (a sign that differs between machines)."""
    frame = frame.copy()
    cols = frame.select_dtypes("floating").columns
    frame[cols] = frame[cols].round(digits) + 0.0
    return frame


def number(x: float, digits: int = 9) -> float:
    """``x`` rounded, with -0.0 turned into 0.0."""
    return round(float(x), digits) + 0.0
