"""Figures 4-6 of paper 2 (capability over time) and the compendium's extension figures."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter

from .labels import text
from .model import Case, ModelSpec, simulate_capability

LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))


def _vensim_y_axis(ax: plt.Axes, top_value: float) -> None:
    """y from 0 with ticks every 2.50 printed with two decimals (the editor's "2.50"/"5.00")."""
    top = 2.5 * max(2, math.ceil(top_value / 2.5 - 1e-9))
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(FixedLocator(np.arange(0, top + 1e-9, 2.5)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "0" if v == 0 else f"{v:.2f}"))


def capability_figure(cases: list[Case], lang: str, title_key: str, increase: float) -> plt.Figure:
    """Capability over time, one line per case (the baseline first)."""
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    top = 0.0
    for i, case in enumerate(cases):
        values = simulate_capability(case.spec)[0]
        top = max(top, values.max())
        if case.element is None:
            run = text(lang, "baseline")
        else:
            run = text(lang, "raised", name=case.element.name(lang), pct=100 * increase)
        ax.plot(case.spec.times, values, linestyle=LINESTYLES[i % len(LINESTYLES)],
                color=f"C{i}", label=f"{text(lang, 'capability')}{'：' if lang == 'zh' else ': '}{run}"
                if len(cases) > 1 else text(lang, "capability"))
    ax.set_xlim(cases[0].spec.initial_time, cases[0].spec.final_time)
    _vensim_y_axis(ax, top)
    ax.set_xlabel(text(lang, "time_axis"))
    ax.set_ylabel(text(lang, "capability_axis"))
    ax.set_title(text(lang, title_key))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False)
    fig.tight_layout()
    return fig


def shapes_figure(results: dict[str, tuple[ModelSpec, np.ndarray]], lang: str) -> plt.Figure:
    """Fig. A1: E(t) for several lookup shapes (left) and the capability each gives (right)."""
    from .model import embedded_capability

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    for i, (label, (spec, capability)) in enumerate(results.items()):
        t = spec.times
        style = dict(color=f"C{i}", linestyle=LINESTYLES[i % len(LINESTYLES)], label=label)
        left.plot(t, embedded_capability(t, spec.lookup_x, spec.lookup_y), **style)
        right.plot(t, capability, **style)
    left.set_xlabel(text(lang, "time_axis"))
    left.set_ylabel(text(lang, "E_axis"))
    right.set_xlabel(text(lang, "time_axis"))
    right.set_ylabel(text(lang, "capability_axis"))
    _vensim_y_axis(right, max(c.max() for _, c in results.values()))
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False, fontsize=8.5)
    fig.suptitle(text(lang, "figA1"))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def sweep_figure(finals: np.ndarray, paper_value: float, final_time: float, spread: float,
                 lang: str) -> plt.Figure:
    """Fig. A2: histogram of the final capability over the sampled scenarios."""
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    ax.hist(finals, bins=60, color="C0", alpha=0.85,
            label=text(lang, "scenarios", n=finals.size, pct=100 * spread))
    ax.axvline(paper_value, color="C1", linestyle="--", label=f"{text(lang, 'paper_level')} = {paper_value:.2f}")
    ax.set_xlabel(text(lang, "final_axis", year=final_time))
    ax.set_ylabel(text(lang, "count_axis"))
    ax.set_title(text(lang, "figA2"), fontsize=10)
    ax.legend(frameon=False, loc="upper right")
    fig.tight_layout()
    return fig
