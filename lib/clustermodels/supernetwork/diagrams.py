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


LABEL_AT = {("A", "F"): 0.3, ("A", "D"): 0.4}  # where along a flow its letter sits (default: middle)


def _on_arc(ax, p0, p1, rad: float, t: float):
    """The point at parameter t on matplotlib's arc3 curve from p0 to p1 (computed in display
    space, where arc3 is defined), in data coordinates."""
    (x0, y0), (x1, y1) = ax.transData.transform([p0, p1])
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)
    bx = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
    by = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
    return ax.transData.inverted().transform((bx, by))


def _layer_xy(pos, base: float, depth: float = 0.32, shear: float = 0.22):
    return {n: (x + shear * y, base + depth * y) for n, (x, y) in pos.items()}


def _plane(ax, base, depth=0.32, shear=0.22, color="#f3f3f3"):
    corners = np.array([(-0.05, -0.06), (1.05, -0.06), (1.05, 1.06), (-0.05, 1.06)])
    xy = np.c_[corners[:, 0] + shear * corners[:, 1], base + depth * corners[:, 1]]
    ax.add_patch(plt.Polygon(xy, closed=True, facecolor=color, edgecolor="#bbbbbb", lw=0.8, zorder=0))


def two_layer(ax, graph: nx.DiGraph, pos, lang: str, green_width=None, econ_width=None,
              node_labels=None, edge_labels=True):
    """Draw ``graph`` twice: green layer above, economic layer below, with coupling lines."""
    top, bottom = _layer_xy(pos, 0.56), _layer_xy(pos, 0.04)
    _plane(ax, 0.56, color="#eef8f3")
    _plane(ax, 0.04, color="#f4f4f4")
    for n in graph.nodes:
        ax.plot([top[n][0], bottom[n][0]], [top[n][1], bottom[n][1]], ls=":", color="#888888", lw=0.9, zorder=1)
    edges = list(graph.edges)
    gw = [1.4] * len(edges) if green_width is None else green_width
    ew = [1.4] * len(edges) if econ_width is None else econ_width
    und = nx.Graph()
    und.add_nodes_from(graph.nodes)
    nx.draw_networkx_edges(graph, top, edgelist=edges, ax=ax, arrows=True, arrowstyle="-", edge_color=GREEN,
                           style="--", width=gw, node_size=260, connectionstyle="arc3,rad=0.15")
    nx.draw_networkx_edges(graph, bottom, edgelist=edges, ax=ax, arrows=True, arrowstyle="-|>",
                           arrowsize=10, edge_color=ECON, width=ew, node_size=260,
                           connectionstyle="arc3,rad=0.15")
    for layer, color in ((top, GREEN), (bottom, ECON)):
        nx.draw_networkx_nodes(graph, layer, ax=ax, node_size=260, node_color="white", edgecolors=color,
                               linewidths=1.3)
        nx.draw_networkx_labels(graph, layer, ax=ax, font_size=8,
                                labels=node_labels or {n: n for n in graph.nodes})
    if edge_labels:
        nx.draw_networkx_edge_labels(graph, top, ax=ax, font_size=6.5, font_color=GREEN, rotate=False,
                                     connectionstyle="arc3,rad=0.15",
                                     edge_labels={(u, v): d["green"] for u, v, d in graph.edges(data=True)},
                                     bbox=dict(boxstyle="round,pad=0.1", fc="#eef8f3", ec="none"))
        nx.draw_networkx_edge_labels(graph, bottom, ax=ax, font_size=6.5, rotate=False,
                                     connectionstyle="arc3,rad=0.15",
                                     edge_labels={(u, v): d["economic"] for u, v, d in graph.edges(data=True)},
                                     bbox=dict(boxstyle="round,pad=0.1", fc="#f4f4f4", ec="none"))
    ax.text(1.27, 0.92, text(lang, "green_layer"), color=GREEN, fontsize=9, ha="right", va="center")
    ax.text(1.27, 0.40, text(lang, "econ_layer"), color=ECON, fontsize=9, ha="right", va="center")
    ax.set_xlim(-0.08, 1.32)
    ax.set_ylim(-0.02, 0.94)
    ax.axis("off")


def _layer_legend(ax, lang: str, y: float) -> None:
    ax.legend(handles=[Line2D([], [], color=GREEN, ls="--", label=text(lang, "green_layer")),
                       Line2D([], [], color=ECON, marker=">", label=text(lang, "econ_layer")),
                       Line2D([], [], color="#888888", ls=":", label=text(lang, "coupling"))],
              loc="lower center", bbox_to_anchor=(0.5, y), ncol=3, frameon=False, fontsize=8)


def figure1(lang: str) -> plt.Figure:
    """The concept: five agents, green flows a_ij and economic flows b_ij, two coupled layers."""
    g = nx.DiGraph()
    pos = {1: (0.1, 0.45), 2: (0.4, 0.9), 3: (0.45, 0.2), 4: (0.75, 0.65), 5: (0.95, 0.15)}
    for u, v in ((1, 2), (1, 3), (2, 4), (3, 4), (4, 5), (3, 5)):
        g.add_edge(u, v, economic=f"$b_{{{v}{u}}}$", green=f"$a_{{{v}{u}}}$")
    fig, ax = plt.subplots(figsize=(8.6, 5.4))
    two_layer(ax, g, pos, lang)
    _layer_legend(ax, lang, -0.08)
    ax.set_title(text(lang, "fig1"), fontsize=10)
    fig.tight_layout()
    return fig


def figure2(graph: nx.DiGraph, raw, lang: str) -> plt.Figure:
    """Xinwen's activities (boxes), economic flows (solid arrows a-h) and the green resources
    (a1-g1, green) pointing with dashed arrows at the flows they act on."""
    fig, ax = plt.subplots(figsize=(10, 6.4))
    pos = positions(graph)
    names = {n: f"{n}  {d['zh' if lang == 'zh' else 'en']}" for n, d in graph.nodes(data=True)}
    texts = {}
    for n, (x, y) in pos.items():
        texts[n] = ax.text(x, y, names[n].replace("（", "\n（").replace(" (", "\n("), ha="center", va="center",
                           fontsize=7.5, zorder=3,
                           bbox=dict(boxstyle="round,pad=0.35", fc="#eef4fb", ec="#0072B2", lw=1.0))
    fig.canvas.draw()
    ax.set_xlim(-0.05, 1.07)
    ax.set_ylim(-0.05, 1.02)
    ax.legend(handles=[Line2D([], [], color=ECON, marker=">", label=text(lang, "econ_legend")),
                       Line2D([], [], color=GREEN, ls="--", marker=">", label=text(lang, "green_legend"))],
              loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False, fontsize=8.5)
    ax.text(0.5, -0.1, text(lang, "legend_note"), transform=ax.transAxes, ha="center", fontsize=7.5, color="#444444")
    ax.axis("off")
    ax.set_title(text(lang, "fig2"), fontsize=10)
    fig.tight_layout()  # before the labels: they are placed in display space
    for u, v, d in graph.edges(data=True):
        rad = -0.2 if (u, v) == ("A", "E") else 0.0  # around D
        ax.annotate("", xy=pos[v], xytext=pos[u], zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=ECON, lw=1.1, shrinkA=2, shrinkB=2,
                                    patchA=texts[u].get_bbox_patch(), patchB=texts[v].get_bbox_patch(),
                                    connectionstyle=f"arc3,rad={rad}"))
        mx, my = _on_arc(ax, pos[u], pos[v], rad, LABEL_AT.get((u, v), 0.5))
        ax.text(mx, my, d["economic"], fontsize=9, ha="center", va="center", zorder=4,
                bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec=ECON, lw=0.6))
        ax.annotate(d["green"], xy=(mx, my), xytext=(mx + 0.035, my + 0.055), fontsize=7.5, color=GREEN,
                    ha="center", va="center", zorder=4,
                    arrowprops=dict(arrowstyle="->", color=GREEN, ls="--", lw=0.8, shrinkA=0, shrinkB=5))
    return fig


def figure3(graph: nx.DiGraph, lang: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(9.5, 6.2))
    two_layer(ax, graph, positions(graph), lang)
    _layer_legend(ax, lang, -0.06)
    ax.set_title(text(lang, "fig3"), fontsize=10)
    fig.tight_layout()
    return fig


def equilibrium_figure(graph: nx.DiGraph, inst, x, lang: str) -> plt.Figure:
    """Both layers at the equilibrium: green line width ~ a*, arrow width ~ b*, values on the edges."""
    a, b = inst.split(x)
    order = [d["index"] for _, _, d in graph.edges(data=True)]
    h = graph.copy()
    for u, v, d in h.edges(data=True):
        d["green"] = f"{a[d['index']]:.2f}"
        d["economic"] = f"{b[d['index']]:.2f}"
    fig, ax = plt.subplots(figsize=(9.5, 6.2))
    two_layer(ax, h, positions(h), lang, green_width=list(0.3 + 3.5 * a[order]),
              econ_width=list(0.3 + 3.5 * b[order] / max(b.max(), 1e-9)))
    ax.set_title(text(lang, "figA1"), fontsize=10)
    fig.tight_layout()
    return fig
