"""Figures 4-6 of paper 2 (capability over time) and the compendium's extension figures."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..i18n import _
from ..style import DEFAULT_RUN_COLOR, MAX_WIDTH_IN, THIS_RUN_COLOR, detached_figure, wrap
from .labels import text
from .model import Case, ModelSpec, simulate_capability

LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))


MAX_TICKS = 12  # above this many steps of 2.50 the axis steps by 2.5 x a power of ten (or 5 x, 10 x)


def tick_step(top_value: float) -> float:
    """2.5 for every axis up to 12 x 2.50 = 30 (the paper's scale); above, the smallest of
    2.5, 5, 10 times a power of ten that keeps the axis to at most ``MAX_TICKS`` steps, so a
    rerun with huge coefficients gets a readable axis instead of millions of ticks."""
    step = 2.5
    if not math.isfinite(top_value) or top_value <= step * MAX_TICKS:
        return step
    scale = 10.0 ** math.floor(math.log10(top_value / MAX_TICKS / 2.5))
    for mult in (1, 2, 4, 10):
        if top_value <= 2.5 * mult * scale * MAX_TICKS:
            return 2.5 * mult * scale
    return 25 * scale


def _vensim_y_axis(ax: plt.Axes, top_value: float) -> None:
    """y from 0 with ticks every 2.50 printed with two decimals (the editor's "2.50"/"5.00");
    taller axes step by :func:`tick_step`."""
    step = tick_step(top_value)
    top = step * max(2, math.ceil(top_value / step - 1e-9))
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(FixedLocator(np.arange(0, top + step * 1e-9, step)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "0" if v == 0 else f"{v:.2f}"))


def capability_figure(cases: list[Case], lang: str, title_key: str, increase: float) -> plt.Figure:
    """Capability over time, one line per case (the baseline first)."""
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 5.2))
    top = 0.0
    for i, case in enumerate(cases):
        values = simulate_capability(case.spec)[0]
        top = max(top, values.max())
        if case.element is None:
            run = text(lang, "baseline")
        else:
            run = text(lang, "raised", name=case.element.name(lang), pct=100 * increase)
        ax.plot(case.spec.times, values, linestyle=LINESTYLES[i % len(LINESTYLES)],
                color=f"C{i}", label=wrap(f"{text(lang, 'capability')}{'：' if lang == 'zh' else ': '}{run}"
                                          if len(cases) > 1 else text(lang, "capability"), fontsize=10.5))
    _capability_axes(ax, cases[0].spec.initial_time, cases[0].spec.final_time, top, lang, title_key)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False)
    fig.tight_layout()
    return fig


def _capability_axes(ax: plt.Axes, start: float, end: float, top: float, lang: str, title_key: str) -> None:
    """The time axis, the capability axis in the editor's steps, and the title of Figs. 4-6."""
    ax.set_xlim(start, end)
    _vensim_y_axis(ax, top)
    ax.set_xlabel(text(lang, "time_axis"))
    ax.set_ylabel(text(lang, "capability_axis"))
    ax.set_title(wrap(text(lang, title_key)))


def panel_figure(default: dict, this: dict | None, lang: str):
    """Fig. 4 in the explore panel: capability over time of the default run (grey, dashed) and of
    this run (colour); ``default``/``this`` as :func:`clustermodels.innovation.run.solve` returns."""
    fig = detached_figure(4.6)
    ax = fig.subplots()
    runs = [(default, _("default run"), DEFAULT_RUN_COLOR, "--")]
    runs += [(this, _("this run"), THIS_RUN_COLOR, "-")] if this is not None else []
    for data, label, color, linestyle in runs:
        ax.plot(data["times"], data["capability"], color=color, linestyle=linestyle, label=label)
    times = [t for data, *_rest in runs for t in (data["times"][0], data["times"][-1])]
    top = max(max(data["capability"]) for data, *_rest in runs)
    _capability_axes(ax, min(times), max(times), top, lang, "fig4")
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def shapes_figure(results: dict[str, tuple[ModelSpec, np.ndarray]], lang: str) -> plt.Figure:
    """Fig. A2: E(t) for several lookup shapes (left) and the capability each gives (right)."""
    from .model import embedded_capability

    fig, (left, right) = plt.subplots(2, 1, figsize=(MAX_WIDTH_IN, 8.4))
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
    rows = math.ceil(len(labels) / 2)
    # below both panels, so it never covers a curve
    fig.legend(handles, labels, loc="lower center", ncol=min(2, len(labels)), frameon=False)
    fig.suptitle(wrap(text(lang, "figA2")))
    fig.tight_layout(rect=(0, 0.035 * rows + 0.01, 1, 1))
    return fig


def default_vs_alternative_figure(shapes: dict[str, list[Case]], lang: str, increase: float,
                                  axis_top: float) -> plt.Figure:
    """Fig. A1: E(t) of each shape (a), and for each shape the baseline and the highest raised
    curve of Figs. 5 and 6 against the paper's axis top (b, c, ...), on one shared y scale."""
    from .model import embedded_capability

    n = len(shapes)
    # two panels a row (wider would shrink the text below body size); with an odd number of
    # panels, E(t) (a) takes the whole first row, so no slot is left empty
    odd = (n + 1) % 2
    rows = odd + math.ceil((n + 1 - odd) / 2)
    fig = plt.figure(figsize=(MAX_WIDTH_IN, 5.4 * rows))
    grid = fig.add_gridspec(rows, 2)
    axes = [fig.add_subplot(grid[0, :])] if odd else []
    axes += [fig.add_subplot(grid[odd + k // 2, k % 2]) for k in range(n + 1 - odd)]
    curves = {label: simulate_capability(cases[0].spec, np.array([c.spec.coefficients for c in cases]))
              for label, cases in shapes.items()}
    top = max(axis_top, max(c.max() for c in curves.values()))
    step = tick_step(top)
    ymax = step * math.ceil(top / step + 0.15)
    for i, (label, cases) in enumerate(shapes.items()):
        spec = cases[0].spec
        axes[0].plot(spec.times, embedded_capability(spec.times, spec.lookup_x, spec.lookup_y),
                     color=f"C{i}", linestyle=LINESTYLES[i % len(LINESTYLES)], label=label)
        ax = axes[i + 1]
        values = curves[label]
        ax.plot(spec.times, values[0], color="0.35", label=text(lang, "baseline"))
        for side, style in (("internal", "--"), ("external", ":")):
            idx = [j for j, c in enumerate(cases) if c.element is not None and c.element.side == side]
            j = max(idx, key=lambda j: values[j, -1])
            ax.plot(spec.times, values[j], color=f"C{i}", linestyle=style,
                    label=text(lang, "raised", name=cases[j].element.name(lang), pct=100 * increase))
        ax.axhline(axis_top, color="C3", linewidth=1.0, linestyle="-.",
                   label=text(lang, "axis_top", top=axis_top))
        high = float(values.max())
        ax.annotate(text(lang, "highest", v=high), (spec.times[-1], high), xytext=(-4, 4),
                    textcoords="offset points", ha="right", va="bottom", fontsize=10)
        ax.set_ylim(0, ymax)
        ax.yaxis.set_major_locator(FixedLocator(np.arange(0, ymax + step * 1e-9, step)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "0" if v == 0 else f"{v:.2f}"))
        ax.set_xlim(spec.initial_time, spec.final_time)
        ax.set_xlabel(text(lang, "time_axis"))
        ax.set_title(wrap(text(lang, "curves_panel", letter="bcdefg"[i], shape=label), width_in=3.0,
                          fontsize=11), fontsize=11)
        handles, labels = ax.get_legend_handles_labels()
        # under the panel: inside, it would cover the curves or the "highest" note
        ax.legend(handles, [wrap(label, width_in=3.2, fontsize=10) for label in labels], frameon=False,
                  fontsize=10, loc="upper left", bbox_to_anchor=(-0.2, -0.16))
    for ax in axes[1:n + 1]:
        ax.set_ylabel(text(lang, "capability_axis"))
    axes[0].set_xlabel(text(lang, "time_axis"))
    axes[0].set_ylabel(text(lang, "E_axis"))
    axes[0].set_title(wrap(text(lang, "E_panel"), width_in=3.0, fontsize=11), fontsize=11)
    axes[0].legend(frameon=False, fontsize=10, loc="upper left")
    axes[0].set_ylim(0, 1.3 * max(max(c[0].spec.lookup_y) for c in shapes.values()))
    first = next(iter(shapes.values()))[0].spec
    axes[0].set_xlim(first.initial_time, first.final_time)
    fig.suptitle(wrap(text(lang, "figA1")))
    fig.tight_layout()
    return fig


def sweep_figure(finals: np.ndarray, paper_value: float, final_time: float, spread: float,
                 lang: str) -> plt.Figure:
    """Fig. A3: histogram of the final capability over the sampled scenarios."""
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 5.2))
    ax.hist(finals, bins=60, color="C0", alpha=0.85,
            label=text(lang, "scenarios", n=finals.size, pct=100 * spread))
    ax.axvline(paper_value, color="C1", linestyle="--", label=f"{text(lang, 'paper_level')} = {paper_value:.2f}")
    ax.set_xlabel(text(lang, "final_axis", year=final_time))
    ax.set_ylabel(text(lang, "count_axis"))
    ax.set_title(wrap(text(lang, "figA3", year=final_time)))
    # below the axes, so it never covers the bars
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1)
    fig.tight_layout()
    return fig
