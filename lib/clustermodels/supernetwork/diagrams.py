"""Figures 1-3 of paper 1 and the equilibrium networks, drawn with networkx.

The paper's drawings are not in our copy; they are redrawn from Sections 3-4. Two layers share
the agents: the green-resource flow network N_g above (undirected dashed green lines) and the
value-activity network N_a below (arrows: economic resources flowing from supplier to buyer);
dotted verticals join each agent to itself across the layers.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.lines import Line2D

from ..style import MAX_WIDTH_IN, wrap
from .labels import text

GREEN, ECON = "#009E73", "#333333"

XINWEN_POS = {"A": (0.06, 0.45), "B": (0.32, 0.78), "H": (0.32, 0.15), "C": (0.6, 0.95), "D": (0.6, 0.45),
              "I": (0.6, 0.0), "G": (0.94, 0.92), "E": (0.94, 0.66), "F": (0.94, 0.22)}


def positions(graph: nx.DiGraph) -> dict:
    """Xinwen's layout when every agent is one of Xinwen's A-I, else the agents on a circle (an
    instance file may name other agents)."""
    nodes = list(graph.nodes)
    if set(nodes) <= set(XINWEN_POS):
        return {n: xy for n, xy in XINWEN_POS.items() if n in graph}
    angles = 2 * np.pi * np.arange(len(nodes)) / max(1, len(nodes))
    return {n: (0.5 + 0.45 * np.cos(a), 0.5 + 0.45 * np.sin(a)) for n, a in zip(nodes, angles)}


def xinwen_graph(inst, raw) -> nx.DiGraph:
    """Agents as nodes, edges supplier -> buyer with their economic and green labels and index."""
    g = nx.DiGraph()
    for a in raw["agents"]:
        g.add_node(a["id"], zh=a["zh"], en=a["en"])
    for k, e in enumerate(raw["edges"]):
        g.add_edge(e["supplier"], e["buyer"], economic=e["economic"], green=e["green"], index=k)
    return g


LABEL_AT = {("A", "F"): 0.3, ("A", "D"): 0.4, ("A", "E"): 0.62}  # where along a flow its letter sits (default: middle)


def _on_arc(ax, p0, p1, rad: float, t: float):
    """The point at parameter t on matplotlib's arc3 curve from p0 to p1 (computed in display
    space, where arc3 is defined), in data coordinates."""
    (x0, y0), (x1, y1) = ax.transData.transform([p0, p1])
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)
    bx = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
    by = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
    return ax.transData.inverted().transform((bx, by))


def _layer_xy(pos, base: float, depth: float = 0.4, shear: float = 0.12):
    return {n: (x + shear * y, base + depth * y) for n, (x, y) in pos.items()}


def _plane(ax, base, depth=0.4, shear=0.12, color="#f3f3f3"):
    corners = np.array([(-0.05, -0.07), (1.05, -0.07), (1.05, 1.07), (-0.05, 1.07)])
    xy = np.c_[corners[:, 0] + shear * corners[:, 1], base + depth * corners[:, 1]]
    ax.add_patch(plt.Polygon(xy, closed=True, facecolor=color, edgecolor="#bbbbbb", lw=0.8, zorder=0))


CANDIDATE_RADS = (0.08, -0.08, 0.3, -0.3, 0.45, -0.45)  # arc curvatures tried, gentlest first
NODE_CLEARANCE_PX = 18  # an edge keeps this far from the centre of any agent it does not join
GOOD_GAP_DEG = 20.0     # two edges at one agent this far apart in angle are told apart easily


def _length(screen, edge) -> float:
    return float(np.hypot(*(screen[edge[1]] - screen[edge[0]])))


def _end_angles(screen, u, v, rad) -> tuple[float, float]:
    """The angles (degrees, on screen) at which an arc3 edge leaves u and enters v."""
    (x0, y0), (x1, y1) = screen[u], screen[v]
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)
    return (float(np.degrees(np.arctan2(cy - y0, cx - x0))), float(np.degrees(np.arctan2(cy - y1, cx - x1))))


def _passes_node(ax, xy, screen, u, v, rad) -> bool:
    points = ax.transData.transform([_on_arc(ax, xy[u], xy[v], rad, t) for t in np.linspace(0.1, 0.9, 17)])
    return any(np.hypot(*(points - screen[n]).T).min() < NODE_CLEARANCE_PX for n in xy if n not in (u, v))


def edge_curvatures(ax, edges, xy) -> dict:
    """An arc curvature per edge, chosen so that no edge runs through an agent it does not join
    and no two edges leave or enter an agent at nearly the same angle (drawn on top of each
    other, with their labels side by side). Shorter edges are placed first and stay nearly
    straight; longer ones bend around them. Computed from the positions, so it holds for any
    instance file, with nothing placed by hand."""
    screen = {n: ax.transData.transform(p) for n, p in xy.items()}
    spokes = {n: [] for n in xy}  # angles already used at each agent
    rad = {}

    def gap(angle, node):
        used = spokes[node]
        return min((abs((angle - a + 180) % 360 - 180) for a in used), default=180.0)

    for u, v in sorted(edges, key=lambda e: _length(screen, e)):
        best, best_score = CANDIDATE_RADS[0], -1.0
        for r in CANDIDATE_RADS:
            if _passes_node(ax, xy, screen, u, v, r):
                continue
            at_u, at_v = _end_angles(screen, u, v, r)
            score = min(gap(at_u, u), gap(at_v, v), GOOD_GAP_DEG)
            if score > best_score + 1e-9:
                best, best_score = r, score
        rad[(u, v)] = best
        at_u, at_v = _end_angles(screen, u, v, best)
        spokes[u].append(at_u)
        spokes[v].append(at_v)
    return rad


LABEL_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _free_spot(ax, p0, p1, rad, taken: list) -> tuple[float, float]:
    """The point on the edge's arc, nearest its middle, whose label does not sit on an earlier
    label or an agent (``taken``: screen positions of both)."""
    for t in LABEL_SPOTS:
        x, y = _on_arc(ax, p0, p1, rad, t)
        sx, sy = ax.transData.transform((x, y))
        if all(abs(sx - tx) > 40 or abs(sy - ty) > 22 for tx, ty in taken):
            return x, y
    return _on_arc(ax, p0, p1, rad, 0.5)


def _draw_layer(ax, graph, xy, color, width, rads, arrow: bool, labels, label_bg):
    taken = [tuple(ax.transData.transform(p)) for p in xy.values()]
    for k, (u, v) in enumerate(graph.edges):
        style = "-|>" if arrow else "-"
        ax.annotate("", xy=xy[v], xytext=xy[u], zorder=2,
                    arrowprops=dict(arrowstyle=style, color=color, lw=width[k], ls="-" if arrow else "--",
                                    mutation_scale=14, shrinkA=11, shrinkB=11,
                                    connectionstyle=f"arc3,rad={rads[(u, v)]}"))
        if labels:
            mx, my = _free_spot(ax, xy[u], xy[v], rads[(u, v)], taken)
            taken.append(tuple(ax.transData.transform((mx, my))))
            ax.text(mx, my, labels[(u, v)], fontsize=10, color=color, ha="center", va="center", zorder=4,
                    bbox=dict(boxstyle="round,pad=0.1", fc=label_bg, ec="none", alpha=0.9))
    for n, (x, y) in xy.items():
        ax.text(x, y, n, fontsize=10.5, ha="center", va="center", zorder=5,
                bbox=dict(boxstyle="circle,pad=0.25", fc="white", ec=color, lw=1.3))


def layer_axes(height_in: float):
    """A figure and an axes at a fixed place in it: the edges' curvatures and labels are placed in
    screen space, so the layout must not move afterwards (no tight_layout)."""
    fig = plt.figure(figsize=(MAX_WIDTH_IN, height_in))
    return fig, fig.add_axes((0.01, 0.02, 0.98, 0.9))


def two_layer(ax, graph: nx.DiGraph, pos, lang: str, green_width=None, econ_width=None, edge_labels=True):
    """Draw ``graph`` twice: green layer above, economic layer below, with coupling lines."""
    top, bottom = _layer_xy(pos, 0.55), _layer_xy(pos, 0.0)
    ax.set_xlim(-0.08, 1.2)
    ax.set_ylim(-0.06, 1.04)
    ax.axis("off")
    _plane(ax, 0.55, color="#eef8f3")
    _plane(ax, 0.0, color="#f4f4f4")
    for n in graph.nodes:
        ax.plot([top[n][0], bottom[n][0]], [top[n][1], bottom[n][1]], ls=":", color="#888888", lw=0.9, zorder=1)
    edges = list(graph.edges)
    gw = [1.4] * len(edges) if green_width is None else green_width
    ew = [1.4] * len(edges) if econ_width is None else econ_width
    green_rads = edge_curvatures(ax, edges, top)
    econ_rads = edge_curvatures(ax, edges, bottom)
    green_labels = {(u, v): d["green"] for u, v, d in graph.edges(data=True)} if edge_labels else None
    econ_labels = {(u, v): d["economic"] for u, v, d in graph.edges(data=True)} if edge_labels else None
    _draw_layer(ax, graph, top, GREEN, gw, green_rads, False, green_labels, "#eef8f3")
    _draw_layer(ax, graph, bottom, ECON, ew, econ_rads, True, econ_labels, "#f4f4f4")
    for base, key, color in ((0.55, "green_layer", GREEN), (0.0, "econ_layer", ECON)):
        ax.text(0.08, base + 0.4 * 1.07 + 0.01, text(lang, key), color=color, fontsize=11, ha="left", va="bottom")


def _layer_legend(ax, lang: str, extra=()) -> None:
    handles = [Line2D([], [], color=GREEN, ls="--", label=text(lang, "green_layer")),
               Line2D([], [], color=ECON, marker=">", label=text(lang, "econ_layer")),
               Line2D([], [], color="#888888", ls=":", label=text(lang, "coupling")), *extra]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=1 if extra else 2,
              frameon=False, fontsize=10.5)


def figure1(lang: str) -> plt.Figure:
    """The concept: five agents, green flows a_ij and economic flows b_ij, two coupled layers."""
    g = nx.DiGraph()
    pos = {1: (0.1, 0.45), 2: (0.4, 0.9), 3: (0.45, 0.2), 4: (0.75, 0.65), 5: (0.95, 0.15)}
    for u, v in ((1, 2), (1, 3), (2, 4), (3, 4), (4, 5), (3, 5)):
        g.add_edge(u, v, economic=f"$b_{{{v}{u}}}$", green=f"$a_{{{v}{u}}}$")
    fig, ax = layer_axes(6.2)
    two_layer(ax, g, pos, lang)
    _layer_legend(ax, lang)
    ax.set_title(wrap(text(lang, "fig1")))
    return fig


def figure2(graph: nx.DiGraph, raw, lang: str) -> plt.Figure:
    """Xinwen's activities (boxes), economic flows (solid arrows a-h) and the green resources
    (a1-g1, green) pointing with dashed arrows at the flows they act on."""
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 7.4))
    pos = positions(graph)
    names = {n: wrap(f"{n} {d['zh' if lang == 'zh' else 'en']}".replace("（", "\n（").replace(" (", "\n("),
                     width_in=1.45, fontsize=10)
             for n, d in graph.nodes(data=True)}
    texts = {}
    for n, (x, y) in pos.items():
        texts[n] = ax.text(x, y, names[n], ha="center", va="center",
                           fontsize=10, zorder=3,
                           bbox=dict(boxstyle="round,pad=0.35", fc="#eef4fb", ec="#0072B2", lw=1.0))
    fig.canvas.draw()
    ax.set_xlim(-0.05, 1.07)
    ax.set_ylim(-0.05, 1.02)
    ax.legend(handles=[Line2D([], [], color=ECON, marker=">", label=text(lang, "econ_legend")),
                       Line2D([], [], color=GREEN, ls="--", marker=">", label=text(lang, "green_legend"))],
              loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=1, frameon=False, fontsize=10.5)
    ax.text(0.5, -0.14, wrap(text(lang, "legend_note"), fontsize=10), transform=ax.transAxes, ha="center",
            va="top", fontsize=10, color="#444444")
    ax.axis("off")
    ax.set_title(wrap(text(lang, "fig2")))
    fig.tight_layout()  # before the labels: they are placed in display space
    for u, v, d in graph.edges(data=True):
        rad = -0.2 if (u, v) == ("A", "E") else 0.0  # around D
        # drawn after the boxes (zorder 4 > 3): the arrows are clipped at where the boxes are drawn
        ax.annotate("", xy=pos[v], xytext=pos[u], zorder=4,
                    arrowprops=dict(arrowstyle="-|>", color=ECON, lw=1.1, shrinkA=2, shrinkB=2,
                                    patchA=texts[u].get_bbox_patch(), patchB=texts[v].get_bbox_patch(),
                                    connectionstyle=f"arc3,rad={rad}"))
        mx, my = _on_arc(ax, pos[u], pos[v], rad, LABEL_AT.get((u, v), 0.5))
        ax.text(mx, my, d["economic"], fontsize=10.5, ha="center", va="center", zorder=5,
                bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec=ECON, lw=0.6))
        ax.annotate(d["green"], xy=(mx, my), xytext=(mx + 0.035, my + 0.055), fontsize=10, color=GREEN,
                    ha="center", va="center", zorder=5,
                    arrowprops=dict(arrowstyle="->", color=GREEN, ls="--", lw=0.8, shrinkA=0, shrinkB=5))
    return fig


def figure3(graph: nx.DiGraph, lang: str) -> plt.Figure:
    fig, ax = layer_axes(7.0)
    two_layer(ax, graph, positions(graph), lang)
    _layer_legend(ax, lang)
    ax.set_title(wrap(text(lang, "fig3")))
    return fig


def GREEN_WIDTH(a):
    return 0.3 + 3.5 * np.asarray(a)


def ECON_WIDTH(b, b_top):
    return 0.3 + 3.5 * np.asarray(b) / b_top


def _round_levels(top: float) -> tuple[float, float]:
    """Two round flow values for the width key: about a quarter of the largest flow, and it."""
    step = 10 ** np.floor(np.log10(top))
    high = np.floor(top / step) * step
    return (float(f"{high / 4:.2g}"), float(f"{high:.2g}"))


def equilibrium_figure(graph: nx.DiGraph, inst, x, lang: str) -> plt.Figure:
    """Both layers at the equilibrium: green line width ~ a*, arrow width ~ b*, values on the edges."""
    a, b = inst.split(x)
    order = [d["index"] for _, _, d in graph.edges(data=True)]
    h = graph.copy()
    for u, v, d in h.edges(data=True):
        d["green"] = f"{a[d['index']]:.2f}"
        d["economic"] = f"{b[d['index']]:.2f}"
    b_top = max(float(b.max()), 1e-9)
    fig, ax = layer_axes(7.0)
    two_layer(ax, h, positions(h), lang, green_width=list(GREEN_WIDTH(a[order])),
              econ_width=list(ECON_WIDTH(b[order], b_top)))
    # the width key: what a line width means in each layer
    key = [Line2D([], [], color=GREEN, ls="--", lw=GREEN_WIDTH(v), label=text(lang, "width_a", v=v))
           for v in (0.25, 1.0)]
    key += [Line2D([], [], color=ECON, lw=ECON_WIDTH(v, b_top), label=text(lang, "width_b", v=v))
            for v in _round_levels(b_top)]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
              title=text(lang, "width_key"), fontsize=10.5, title_fontsize=10.5)
    ax.set_title(wrap(text(lang, "figA1")))
    return fig
