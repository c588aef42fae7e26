"""Box-and-arrow diagrams (concept maps, causal-loop and stock-and-flow diagrams).

The structure is a networkx ``DiGraph``: node attributes ``pos`` (x, y in axes units 0-1),
``label`` and optional ``style``; edge attributes ``sign`` ("+", "-" or ""), ``rad`` (arc
curvature) and ``dashed``. Arrows are clipped at the boxes, so nothing overlaps.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx

BOX_STYLES = {
    "default": dict(boxstyle="round,pad=0.45", facecolor="#eef4fb", edgecolor="#0072B2", linewidth=1.1),
    "key": dict(boxstyle="round,pad=0.5", facecolor="#fde9dc", edgecolor="#D55E00", linewidth=1.4),
    "plain": dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="none", linewidth=0),
    "stock": dict(boxstyle="square,pad=0.7", facecolor="#f2f2f2", edgecolor="black", linewidth=1.6),
    "note": dict(boxstyle="round,pad=0.4", facecolor="#f7f7f7", edgecolor="#999999", linewidth=0.8),
}


def draw(graph: nx.DiGraph, ax: plt.Axes, fontsize: float = 9.5) -> dict:
    """Draw ``graph`` on ``ax``; return the text artists by node."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    texts = {}
    for node, data in graph.nodes(data=True):
        x, y = data["pos"]
        texts[node] = ax.text(
            x, y, data["label"], ha="center", va="center", fontsize=data.get("fontsize", fontsize),
            bbox=BOX_STYLES[data.get("style", "default")], zorder=3,
        )
    for a, b, data in graph.edges(data=True):
        color = data.get("color", "#333333")
        arrow = ax.annotate(
            "", xy=graph.nodes[b]["pos"], xytext=graph.nodes[a]["pos"],
            arrowprops=dict(
                arrowstyle=data.get("arrowstyle", "-|>"), color=color,
                lw=data.get("lw", 1.1), linestyle="--" if data.get("dashed") else "-",
                shrinkA=2, shrinkB=2, mutation_scale=12,
                patchA=texts[a].get_bbox_patch(), patchB=texts[b].get_bbox_patch(),
                connectionstyle=f"arc3,rad={data.get('rad', 0.0)}",
            ),
            zorder=4,  # after the boxes: their patches are placed when drawn, then arrows clip
        )
        sign = data.get("sign", "")
        if sign:
            sx, sy = data.get("sign_pos", _near_head(graph, a, b))
            ax.text(sx, sy, sign, ha="center", va="center", fontsize=fontsize + 1,
                    color=color, zorder=4)
        texts[(a, b)] = arrow
    return texts


def _near_head(graph: nx.DiGraph, a, b) -> tuple[float, float]:
    (xa, ya), (xb, yb) = graph.nodes[a]["pos"], graph.nodes[b]["pos"]
    return xa + 0.72 * (xb - xa) + 0.012, ya + 0.72 * (yb - ya) + 0.012
