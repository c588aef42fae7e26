"""Figure 1 of paper 3: the 42 sectors by power (x) and sensitivity (y) of dispersion."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from .labels import text

GROUP_STYLE = {"suppressed": ("#D55E00", "v"), "encouraged": ("#009E73", "^"),
               "livelihood": ("#0072B2", "s"), "other": ("#777777", "o")}


def _spread_labels(xy: np.ndarray, span: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Label positions pushed apart from each other (and kept near their points)."""
    pos = xy + np.array([0.012, 0.012]) * span
    min_gap = np.array([0.035, 0.03]) * span
    for _ in range(iterations):
        moved = False
        for i in range(len(pos)):
            d = (pos[i] - pos) / min_gap
            close = (np.abs(d) < 1).all(axis=1)
            close[i] = False
            if close.any():
                push = np.sign(d[close].sum(axis=0) + 1e-9) * min_gap * 0.15
                pos[i] += push
                moved = True
            pos[i] += (xy[i] + 0.012 * span - pos[i]) * 0.02  # spring back
        if not moved:
            break
    return pos


def quadrant_figure(power, sensitivity, codes, names, groups, lang: str) -> plt.Figure:
    fig, (ax, key) = plt.subplots(1, 2, figsize=(12, 7.2), gridspec_kw={"width_ratios": [2.3, 1]})
    power, sensitivity = np.asarray(power), np.asarray(sensitivity)
    for group, (color, marker) in GROUP_STYLE.items():
        mask = np.asarray(groups) == group
        ax.scatter(power[mask], sensitivity[mask], c=color, marker=marker, s=36, label=text(lang, group), zorder=3)
    ax.axvline(1, color="#555555", lw=0.9)
    ax.axhline(1, color="#555555", lw=0.9)
    xy = np.c_[power, sensitivity]
    span = xy.max(axis=0) - xy.min(axis=0)
    pos = _spread_labels(xy, span)
    for (x, y), (lx, ly), code in zip(xy, pos, codes):
        ax.annotate(code, xy=(x, y), xytext=(lx, ly), fontsize=7.5, zorder=4,
                    arrowprops=dict(arrowstyle="-", color="#aaaaaa", lw=0.5, shrinkA=0, shrinkB=2))
    xlo, xhi = ax.get_xlim()
    ylo, yhi = ax.get_ylim()
    for q, (qx, qy, ha, va) in {"I": (xhi, yhi, "right", "top"), "II": (xlo, yhi, "left", "top"),
                                "III": (xlo, ylo, "left", "bottom"), "IV": (xhi, ylo, "right", "bottom")}.items():
        ax.text(qx, qy, text(lang, "quadrant", q=q), ha=ha, va=va, fontsize=9, color="#444444")
    ax.set_xlabel(text(lang, "power"))
    ax.set_ylabel(text(lang, "sensitivity"))
    ax.legend(frameon=False, fontsize=8, loc="upper center", ncol=4, bbox_to_anchor=(0.5, -0.09))
    key.axis("off")
    width = 16 if lang == "zh" else 30
    lines = [f"{c}  {textwrap.shorten(n, width, placeholder='…') if lang == 'en' else n[:width]}"
             for c, n in zip(codes, names)]
    key.text(0.0, 1.0, text(lang, "key"), fontsize=8.5, va="top", transform=key.transAxes)
    half = (len(lines) + 1) // 2
    for col, chunk in enumerate((lines[:half], lines[half:])):
        key.text(col * 0.52, 0.96, "\n".join(chunk), fontsize=6.6, va="top", linespacing=1.45,
                 transform=key.transAxes)
    fig.suptitle(text(lang, "fig1"), fontsize=11)
    fig.tight_layout()
    return fig


def range_figure(frame, lang: str) -> plt.Figure:
    """Beyond the paper: CO2-proxy energy saving and the group goals' shortfall as r grows."""
    zh = lang == "zh"
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    left.plot(100 * frame["r"], frame["energy_saving"] / 1e6, color="C0", marker="o", ms=3)
    left.set_xlabel("调整幅度 r（%）" if zh else "adjustment range r (%)")
    left.set_ylabel("能源节约（代理：Mt CO2）" if zh else "energy saving (proxy: Mt CO2)")
    right.plot(100 * frame["r"], frame["suppressed_shortfall"] / 1e8, color="C1", marker="v", ms=3,
               label="抑制类增加值超出目标" if zh else "suppressed value added above target")
    right.plot(100 * frame["r"], frame["encouraged_shortfall"] / 1e8, color="C2", marker="^", ms=3,
               label="鼓励类增加值低于目标" if zh else "encouraged value added below target")
    right.set_xlabel("调整幅度 r（%）" if zh else "adjustment range r (%)")
    right.set_ylabel("未达成的偏差（万亿元）" if zh else "unmet deviation (trillion yuan)")
    right.legend(frameon=False, fontsize=8)
    fig.suptitle("附图A1  调整幅度与节能、结构目标的权衡（本汇编，代理卫星数据）" if zh else
                 "Fig. A1  Adjustment range vs energy saving and the structure goals (compendium; proxy satellite data)",
                 fontsize=10)
    fig.tight_layout()
    return fig
