"""Figure 1 of paper 3: the 42 sectors by power (x) and sensitivity (y) of dispersion."""

from __future__ import annotations


import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from ..style import DEFAULT_RUN_COLOR, MAX_WIDTH_IN, THIS_RUN_COLOR, detached_figure, wrap
from .labels import text

GROUP_STYLE = {"suppressed": ("#D55E00", "v"), "encouraged": ("#009E73", "^"),
               "livelihood": ("#0072B2", "s"), "other": ("#777777", "o")}


LABEL_BOX_PX = (24.0, 17.0)  # room a two-digit code at body size takes on screen (w, h)


def spread_labels(ax, xy: np.ndarray, iterations: int = 400) -> np.ndarray:
    """Label positions (data units) for the points ``xy``, repelled from each other and from the
    other points on screen and pulled back toward their own point: the usual force-directed label
    repelling, computed from where the points are, so a rerun that moves them needs no hand
    placement."""
    to_px, to_data = ax.transData.transform, ax.transData.inverted().transform
    points = to_px(xy)
    box = np.array(LABEL_BOX_PX)
    home = points + box * np.array([0.6, 0.6])
    pos = home.copy()
    for _ in range(iterations):
        moved = 0.0
        for i in range(len(pos)):
            push = np.zeros(2)
            for others, scale in ((pos, 1.0), (points, 0.7)):
                d = (pos[i] - others) / (box * scale)
                close = (np.abs(d) < 1).all(axis=1)
                if others is pos:
                    close[i] = False
                for dx, dy in d[close]:
                    # push along the axis with the least overlap, away from the other
                    if 1 - abs(dx) < 1 - abs(dy):
                        push[0] += np.sign(dx or 1.0) * (1 - abs(dx)) * box[0] * 0.5
                    else:
                        push[1] += np.sign(dy or 1.0) * (1 - abs(dy)) * box[1] * 0.5
            step = push + (home[i] - pos[i]) * 0.03
            pos[i] += step
            moved = max(moved, float(np.abs(step).max()))
        if moved < 0.05:
            break
    return to_data(pos)


def quadrant_figure(power, sensitivity, codes, names, groups, lang: str) -> plt.Figure:
    # the sector key below the plot, not beside it: side by side the text would be below body size
    # fixed places (no tight_layout): the code labels are placed in screen space
    fig = plt.figure(figsize=(MAX_WIDTH_IN, 13.0))
    ax = fig.add_axes((0.1, 0.5, 0.87, 0.45))
    key = fig.add_axes((0.0, 0.0, 1.0, 0.42))
    power, sensitivity = np.asarray(power), np.asarray(sensitivity)
    for group, (color, marker) in GROUP_STYLE.items():
        mask = np.asarray(groups) == group
        ax.scatter(power[mask], sensitivity[mask], c=color, marker=marker, s=36, label=text(lang, group), zorder=3)
    ax.axvline(1, color="#555555", lw=0.9)
    ax.axhline(1, color="#555555", lw=0.9)
    xy = np.c_[power, sensitivity]
    ax.margins(0.08)
    pos = spread_labels(ax, xy)
    for (x, y), (lx, ly), code in zip(xy, pos, codes):
        ax.annotate(code, xy=(x, y), xytext=(lx, ly), fontsize=10, zorder=4, ha="center", va="center",
                    arrowprops=dict(arrowstyle="-", color="#999999", lw=0.6, shrinkA=0, shrinkB=3))
    xlo, xhi = ax.get_xlim()
    ylo, yhi = ax.get_ylim()
    for q, (qx, qy, ha, va) in {"I": (xhi, yhi, "right", "top"), "II": (xlo, yhi, "left", "top"),
                                "III": (xlo, ylo, "left", "bottom"), "IV": (xhi, ylo, "right", "bottom")}.items():
        ax.text(qx, qy, text(lang, "quadrant", q=q), ha=ha, va=va, fontsize=10, color="#444444")
    ax.set_xlabel(text(lang, "power"))
    ax.set_ylabel(text(lang, "sensitivity"))
    ax.legend(frameon=False, fontsize=10, loc="upper center", ncol=4, bbox_to_anchor=(0.5, -0.09))
    key.axis("off")
    # every name in full, wrapped to its column (a shortened name can leave two sectors alike)
    lines = []
    for c, n in zip(codes, names):
        wrapped = wrap(n, width_in=MAX_WIDTH_IN / 2 - 0.6, fontsize=11).split("\n")
        lines += [f"{c:>2}  {wrapped[0]}"] + [f"     {rest}" for rest in wrapped[1:]]
    key.text(0.0, 1.0, text(lang, "key"), fontsize=10.5, va="top", transform=key.transAxes)
    half = (len(lines) + 1) // 2
    while half < len(lines) and lines[half].startswith("     "):
        half += 1  # do not split a wrapped name across the columns
    for col, chunk in enumerate((lines[:half], lines[half:])):
        key.text(col * 0.5, 0.95, "\n".join(chunk), fontsize=10, va="top", linespacing=1.3,
                 transform=key.transAxes)
    fig.suptitle(wrap(text(lang, "fig1")), y=0.995)
    return fig


ENERGY_LABELS = {"energy_tj_per_wan_yuan": ("能源节约（万TJ，WIOD）", "energy saving (10⁴ TJ, WIOD)"),
                 "energy_tce_per_wan_yuan": ("能源节约（万t标准煤）", "energy saving (10⁴ tce)"),
                 "energy_co2_t_per_wan_yuan": ("能源节约（代理：Mt CO2）", "energy saving (proxy: Mt CO2)")}


def tradeoff_figure(ranges, growth, lang: str, energy_column: str = "energy_tj_per_wan_yuan",
                    energy_scale: float = 1e4) -> plt.Figure:
    """Beyond the paper. (a) energy saving (in the satellite table's unit, divided by
    ``energy_scale``) as the adjustment range r grows (reference point and range over the optimal
    set); (b) water saving and (c) the structure goals' unmet deviation as the value-added target
    is raised (r = 5 %)."""
    zh = lang == "zh"
    fig, (a, b, c) = plt.subplots(3, 1, figsize=(MAX_WIDTH_IN, 11.0))
    a.fill_between(100 * ranges["r"], ranges["energy_saving_min"] / energy_scale,
                   ranges["energy_saving_max"] / energy_scale,
                   color="C0", alpha=0.18, lw=0, label="最优解集合的范围" if zh else "range over the optimal set")
    a.plot(100 * ranges["r"], ranges["energy_saving"] / energy_scale, color="C0", marker="o", ms=3,
           label="参考点（最小调整）" if zh else "reference point (least change)")
    a.legend(frameon=False, loc="upper left")
    a.set_xlabel("组目标调整幅度 r（%；各行业在 ±B 内变动）" if zh else "group-target range r (%; every sector within ±B)")
    a.set_ylabel(ENERGY_LABELS[energy_column][0 if zh else 1])
    a.set_title("(a)", loc="left")
    gain = growth["value_added_change"] / 1e8
    b.fill_between(gain, growth["water_saving_min"] / 1e8, growth["water_saving_max"] / 1e8, color="C5",
                   alpha=0.18, lw=0, label="最优解集合的范围" if zh else "range over the optimal set")
    b.plot(gain, growth["water_saving"] / 1e8, color="C5", marker="o", ms=3,
           label="参考点（最小调整）" if zh else "reference point (least change)")
    b.legend(frameon=False, loc="lower left")
    b.axhline(0, color="#999999", lw=0.8)
    b.set_xlabel("实现的增加值增长（万亿元）" if zh else "value-added growth achieved (trillion yuan)")
    b.set_ylabel("节水（代理：亿m³；负值为多用水）" if zh else "water saving (proxy: 10⁸ m³;\n< 0: more water)")
    b.set_title("(b)", loc="left")
    c.plot(gain, growth["encouraged_shortfall"] / 1e8, color="C2", marker="^", ms=3,
           label="鼓励类增加值低于目标" if zh else "encouraged value added below target")
    c.plot(gain, growth["suppressed_shortfall"] / 1e8, color="C1", marker="v", ms=3,
           label="抑制类增加值超出目标" if zh else "suppressed value added above target")
    c.set_xlabel("实现的增加值增长（万亿元）" if zh else "value-added growth achieved (trillion yuan)")
    c.set_ylabel("参考点处未达成的偏差\n（万亿元）" if zh else "unmet deviation at the\npoint (trillion yuan)")
    c.legend(frameon=False)
    c.set_title("(c)", loc="left")
    fig.suptitle(wrap("附图A1  调整幅度、增长目标与节能节水、结构目标的权衡（本汇编；水为代理数据）" if zh else
                 "Fig. A1  Range, growth target and the resource and structure goals (compendium; water is proxy data)"))
    fig.tight_layout()
    return fig


def panel_figure(default: dict, this: dict | None, lang: str):
    """The explore panel's figure: each sector's change of total input at the reference point
    (the direction is what the paper's Table 4 reports), the default run (grey) beside this run
    (colour); ``default``/``this`` as :func:`clustermodels.industry.run.figure_data` returns."""
    fig = detached_figure(4.8)
    ax = fig.subplots()
    x = np.arange(len(default["codes"]))
    runs = [(default, _("default run"), DEFAULT_RUN_COLOR, -0.2)]
    runs += [(this, _("this run"), THIS_RUN_COLOR, 0.2)] if this is not None else []
    for data, label, color, shift in runs:
        ax.bar(x + shift, data["input_change"], 0.4, color=color, label=label)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_xticks(x, default["codes"], rotation=90)
    ax.set_xlim(-0.8, len(x) - 0.2)
    ax.set_xlabel(_("sector (code)"))
    ax.set_ylabel(_("change of total input (trillion yuan)"))
    ax.grid(axis="x", visible=False)
    ax.legend(frameon=False, loc="upper left", ncol=2)
    shown = this if this is not None else default
    ax.set_title(wrap(_("{year}, scenario {scenario}: each sector's change of total input at the reference point")
                      .format(year=shown["year"], scenario=shown["scenario"]), width_in=fig.get_figwidth() * 0.95))
    fig.tight_layout()
    return fig
