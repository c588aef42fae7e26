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


def tradeoff_figure(ranges, growth, lang: str) -> plt.Figure:
    """Beyond the paper. (a) proxy energy saving as the adjustment range r grows (reference point
    and range over the optimal set); (b) water saving
    and (c) the structure goals' unmet deviation as the value-added target is raised (r = 5 %)."""
    zh = lang == "zh"
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(12.5, 4.0))
    a.fill_between(100 * ranges["r"], ranges["energy_saving_min"] / 1e6, ranges["energy_saving_max"] / 1e6,
                   color="C0", alpha=0.18, lw=0, label="最优解集合的范围" if zh else "range over the optimal set")
    a.plot(100 * ranges["r"], ranges["energy_saving"] / 1e6, color="C0", marker="o", ms=3,
           label="参考点（最小调整）" if zh else "reference point (least change)")
    a.legend(frameon=False, fontsize=7.5, loc="upper left")
    a.set_xlabel("调整幅度 r（%）" if zh else "adjustment range r (%)")
    a.set_ylabel("能源节约（代理：Mt CO2）" if zh else "energy saving (proxy: Mt CO2)")
    a.set_title("(a)", loc="left", fontsize=9)
    gain = growth["value_added_change"] / 1e8
    b.fill_between(gain, growth["water_saving_min"] / 1e8, growth["water_saving_max"] / 1e8, color="C5",
                   alpha=0.18, lw=0, label="最优解集合的范围" if zh else "range over the optimal set")
    b.plot(gain, growth["water_saving"] / 1e8, color="C5", marker="o", ms=3,
           label="参考点（最小调整）" if zh else "reference point (least change)")
    b.legend(frameon=False, fontsize=7.5, loc="lower left")
    b.axhline(0, color="#999999", lw=0.8)
    b.set_xlabel("实现的增加值增长（万亿元）" if zh else "value-added growth achieved (trillion yuan)")
    b.set_ylabel("节水（代理：亿m³；负值为多用水）" if zh else "water saving (proxy: 1e8 m³; < 0: more water)")
    b.set_title("(b)", loc="left", fontsize=9)
    c.plot(gain, growth["encouraged_shortfall"] / 1e8, color="C2", marker="^", ms=3,
           label="鼓励类增加值低于目标" if zh else "encouraged value added below target")
    c.plot(gain, growth["suppressed_shortfall"] / 1e8, color="C1", marker="v", ms=3,
           label="抑制类增加值超出目标" if zh else "suppressed value added above target")
    c.set_xlabel("实现的增加值增长（万亿元）" if zh else "value-added growth achieved (trillion yuan)")
    c.set_ylabel("参考点处未达成的偏差（万亿元）" if zh else "unmet deviation at the point (trillion yuan)")
    c.legend(frameon=False, fontsize=7.5)
    c.set_title("(c)", loc="left", fontsize=9)
    fig.suptitle("附图A1  调整幅度、增长目标与节能节水、结构目标的权衡（本汇编，代理卫星数据）" if zh else
                 "Fig. A1  Range, growth target and the resource and structure goals (compendium; proxy satellite data)",
                 fontsize=10)
    fig.tight_layout()
    return fig
