"""Notebook 04's extension figures: benefits by player, and the two sweeps."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .analysis import regimes
from ..i18n import _
from ..style import DEFAULT_RUN_COLOR, MAX_WIDTH_IN, THIS_RUN_COLOR, detached_figure, wrap
from .labels import text

REGIME_SHADES = ("#f4f4f4", "#ffffff")


def benefits_figure(names: list[str], alone: np.ndarray, after: np.ndarray, lang: str) -> plt.Figure:
    """Fig. A2: grouped bars, alone vs after, one group per player."""
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 5.0))
    _paired_bars(ax, names, (alone, text(lang, "alone"), "C0"), (after, text(lang, "after"), "C1"), lang)
    ax.set_title(wrap(text(lang, "figA2")))
    fig.tight_layout()
    return fig


def _paired_bars(ax, names: list[str], left: tuple, right: tuple | None, lang: str) -> None:
    """Two bars per player, ``(values, label, colour)`` each, the right one marked with its
    difference from the left; ``right`` None: the left bars alone."""
    x = np.arange(len(names))
    for (values, label, color), shift in [(left, -0.19)] + ([(right, 0.19)] if right is not None else []):
        ax.bar(x + shift, values, 0.38, label=label, color=color)
    if right is not None:
        for i in range(len(names)):
            difference = right[0][i] - left[0][i]
            ax.text(x[i] + 0.19, right[0][i], f"{difference:+,.0f}" if abs(difference) > 0.5 else "±0",
                    ha="center", va="bottom", fontsize=10)
    ax.set_xticks(x, [textwrap.fill(n, 8 if lang == "zh" else 16) for n in names], fontsize=10)
    ax.set_ylabel(text(lang, "benefit_axis"))
    ax.grid(axis="x", visible=False)
    ax.margins(y=0.25)  # room above the bars for the legend
    ax.legend(frameon=False, loc="upper left", ncol=2)


def panel_figure(default: dict, this: dict | None, lang: str):
    """The explore panel's figure: each player's benefit after joining fuzzy coalitions (as in
    Fig. A2), the default run (grey) beside this run (colour, marked with the change);
    ``default``/``this`` as :func:`clustermodels.water.run.figure_data` returns."""
    fig = detached_figure(4.6)
    ax = fig.subplots()
    names = [text(lang, "player", i=i + 1) for i in range(len(default["after"]))]
    _paired_bars(ax, names, (default["after"], _("default run"), DEFAULT_RUN_COLOR),
                 None if this is None else (this["after"], _("this run"), THIS_RUN_COLOR), lang)
    ax.set_title(wrap(_("Each player's benefit after joining fuzzy coalitions (as in Fig. A2): the default run "
                        "and this run"), width_in=fig.get_figwidth() * 0.95))
    fig.tight_layout()
    return fig


def _shade_regimes(ax, frame: pd.DataFrame, x: str, lang: str) -> list[str]:
    """Shade each run of one coalition structure, letter it (A, B, ...) and return the key."""
    spans = regimes(frame, x)
    xs = frame[x].to_numpy()
    step = (xs[1] - xs[0]) / 2 if xs.size > 1 else 0.5
    key, letters = [], {}
    for k, (a, b, label) in enumerate(spans):
        shown = text(lang, "infeasible") if label == "infeasible" else label
        letter = letters.setdefault(shown, chr(ord("A") + len(letters)))
        if len(key) < len(letters):
            key.append(f"{letter}: {shown}")
        ax.axvspan(a - step, b + step, color=REGIME_SHADES[k % 2], zorder=0)
        ax.text((a + b) / 2, 0.98, letter, transform=ax.get_xaxis_transform(), ha="center", va="top",
                fontsize=10, color="#444444")
    return key


def sweep_figure(frame: pd.DataFrame, x: str, n_players: int, paper_x: float, lang: str,
                 title_key: str, x_label_key: str) -> plt.Figure:
    """Figs. A3-A4: each player's gain and the total (top), the core's largest excess (bottom);
    the background bands are the coalition structures, labelled at the top."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(MAX_WIDTH_IN, 8.4), sharex=True,
                                      gridspec_kw={"height_ratios": [2.2, 1.3]})
    ok = frame[frame["feasible"]]
    for i in range(1, n_players + 1):
        top.plot(ok[x], ok[f"gain_{i}"], color=f"C{i - 1}", label=text(lang, "player", i=i),
                 marker="o", markersize=2.5)
    top.plot(ok[x], ok["gain"], color="black", linestyle="--", label=text(lang, "total_gain"))
    key = _shade_regimes(top, frame, x, lang)
    for ax in (top, bottom):
        ax.axvline(paper_x, color="#999999", linestyle=":", lw=1.2)
    top.text(paper_x, 0.90, " " + text(lang, "paper_point"), transform=top.get_xaxis_transform(),
             ha="left", va="top", fontsize=10, color="#666666")
    top.set_ylabel(text(lang, "gain_axis"))
    top.set_ylim(bottom=min(0, float(ok["gain"].min())) - 50, top=float(ok["gain"].max()) * 1.2 + 1)
    # above the panel, so it covers no curve and does not widen the figure
    top.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=10)
    bottom.plot(ok[x], ok["core_max_excess"].clip(lower=0), color="C5", marker="o", markersize=2.5)
    bottom.fill_between(ok[x], 0, ok["core_max_excess"].clip(lower=0), color="C5", alpha=0.25)
    bottom.set_ylabel(text(lang, "excess_axis"))
    bottom.set_xlabel(text(lang, x_label_key))
    bottom.set_title(text(lang, "core_excess"), fontsize=10.5, loc="left")
    fig.suptitle(wrap(text(lang, title_key)))
    fig.tight_layout()
    fig.align_ylabels([top, bottom])
    # the key right under the x label (the saved image's tight box takes in what lies below)
    below = bottom.get_tightbbox(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted()).y0
    fig.text(0.01, below - 0.01, f"{text(lang, 'structure')}:\n" + "\n".join(key), fontsize=10, va="top",
             color="#333333")
    return fig
