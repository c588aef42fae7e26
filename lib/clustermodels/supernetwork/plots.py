"""Notebook 01's computed figures: the adjustment path and the policy responses."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from ..style import DEFAULT_RUN_COLOR, MAX_WIDTH_IN, THIS_RUN_COLOR, detached_figure, wrap
from .labels import text

SERIES = ("ecological_value", "economic_value", "green_flow", "economic_flow")


def path_figure(inst, euler_result, extragradient_result, lang: str) -> plt.Figure:
    """Left: residual per iteration of both methods (log scale). Right: total green and economic
    flow along the Euler path, converging to the equilibrium values (dotted)."""
    fig, (left, right) = plt.subplots(2, 1, figsize=(MAX_WIDTH_IN, 7.4))
    for result, key, color in ((euler_result, "euler", "C0"), (extragradient_result, "extragradient", "C1")):
        left.semilogy(np.arange(1, len(result.history) + 1), result.history, color=color, label=text(lang, key))
    left.set_xlabel(text(lang, "iteration"))
    left.set_ylabel(text(lang, "residual"))
    left.legend(frameon=False)
    path = np.array(euler_result.path)
    n = inst.n_edges
    steps = np.arange(path.shape[0])
    for values, key, color in ((path[:, :n].sum(axis=1), "total_green", "C2"),
                               (path[:, n:].sum(axis=1), "total_econ", "C3")):
        right.plot(steps, values, color=color, label=text(lang, key))
        right.axhline(values[-1], color=color, ls=":", lw=1)
    right.set_xlabel(text(lang, "iteration"))
    right.set_ylabel(text(lang, "path_axis"))
    right.legend(frameon=False, loc="lower right")
    fig.suptitle(wrap(text(lang, "figA2")))
    fig.tight_layout()
    return fig


def policy_figure(sweeps: dict, lang: str) -> plt.Figure:
    """One panel per lever: % change of ecological value, economic value, green and economic flow
    relative to the lever's first value."""
    fig, axes = plt.subplots(2, 2, figsize=(MAX_WIDTH_IN, 7.8), sharey=False)
    styles = dict(zip(SERIES, (("C2", "-"), ("C0", "-"), ("C2", "--"), ("C0", "--"))))
    for ax, (lever, frame) in zip(axes.ravel(), sweeps.items()):
        ok = frame[frame["certified"]]
        for key in SERIES:
            color, ls = styles[key]
            base = ok[key].iloc[0]
            ax.plot(ok["value"], 100 * (ok[key] / base - 1), color=color, ls=ls, label=text(lang, key))
        ax.axhline(0, color="#999999", lw=0.8)
        ax.set_xlabel(wrap(text(lang, lever), width_in=3.2, fontsize=11))
    for ax in axes[:, 0]:
        ax.set_ylabel(wrap(text(lang, "change_axis"), width_in=2.6, fontsize=11))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    fig.suptitle(wrap(text(lang, "figA3")))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def panel_figure(default: dict, this: dict | None, lang: str):
    """The explore panel's figure: the equilibrium flows of Fig. A1 edge by edge, green flow a*
    (top) and economic flow b* (bottom), the default run (grey) beside this run (colour);
    ``default``/``this`` as :func:`clustermodels.supernetwork.run.figure_data` returns."""
    fig = detached_figure(6.4)
    axes = fig.subplots(2, 1, sharex=True)
    x = np.arange(len(default["edges"]))
    runs = [(default, _("default run"), DEFAULT_RUN_COLOR, -0.2)]
    runs += [(this, _("this run"), THIS_RUN_COLOR, 0.2)] if this is not None else []
    for ax, key, axis_label in zip(axes, ("green_flow", "economic_flow"),
                                   (_("green flow level a*"), _("economic flow b*"))):
        for data, label, color, shift in runs:
            ax.bar(x + shift, data[key], 0.4, color=color, label=label)
        ax.set_ylabel(axis_label)
        ax.grid(axis="x", visible=False)
    axes[0].legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2)
    axes[1].set_xticks(x, default["edges"])
    axes[1].set_xlabel(_("edge (supplier→buyer)"))
    fig.suptitle(wrap(_("The equilibrium flows of Fig. A1, edge by edge: the default run and this run"),
                      width_in=fig.get_figwidth() * 0.95))
    fig.tight_layout()
    return fig
