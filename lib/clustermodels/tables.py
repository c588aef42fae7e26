"""Printing numbers so that notebooks' checked outputs are the same on every machine."""

from __future__ import annotations

import pandas as pd

from .i18n import _


def tidy(frame: pd.DataFrame, digits: int = 6) -> pd.DataFrame:
    """Round the float columns and turn -0.0 into 0.0 (a sign that differs between machines)."""
    frame = frame.copy()
    cols = frame.select_dtypes("floating").columns
    frame[cols] = frame[cols].round(digits) + 0.0
    return frame


def number(x: float, digits: int = 9) -> float:
    """``x`` rounded, with -0.0 turned into 0.0."""
    return round(float(x), digits) + 0.0


def _left_align_text(html: str, frame: pd.DataFrame) -> str:
    """Left-align the cells of text columns (numbers stay right-aligned, as the notebook's CSS
    sets them): pandas' HTML has no per-column alignment."""
    import re

    text = [not pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    if not any(text):
        return html

    def row(match):
        cells = re.split(r"(?=<t[dh][ >])", match.group(0))
        head, cells = cells[0], cells[1:]
        return head + "".join(re.sub(r"^<(t[dh])", r'<\1 style="text-align: left"', c) if left else c
                              for c, left in zip(cells, text))

    return re.sub(r"<tr[^>]*>.*?</tr>", row, html, flags=re.S)


class Table:
    """A table shown as HTML in the notebook (columns line up whatever the script; Chinese
    characters are double width in plain text) with its plain text as the fallback. Long tables
    that have a CSV show their first ``max_rows`` rows on screen, with a link to it. nbval compares
    both forms: the plain text holds every row, so every printed number is still checked."""

    def __init__(self, frame: pd.DataFrame, csv_link: str | None = None, max_rows: int = 15):
        self.frame, self.csv_link, self.max_rows = frame, csv_link, max_rows

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)

    def _repr_html_(self) -> str:
        n = len(self.frame)
        short = self.csv_link is not None and n > self.max_rows  # never hide rows with nowhere to see them
        shown = self.frame.head(self.max_rows) if short else self.frame
        html = _left_align_text(shown.to_html(index=False, border=0, na_rep=""), shown)
        if self.csv_link:
            name = self.csv_link.rsplit("/", 1)[-1]
            lead = _("First {shown} of {rows} rows. ").format(shown=self.max_rows, rows=n) if short else ""
            full = _("Full table:")
            html += f'<p>{lead}{full} <a href="{self.csv_link}">{name}</a></p>'
        return html
