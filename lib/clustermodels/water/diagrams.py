"""Figure 1 of paper 4: the cluster-chain of the four players and the candidate coalitions.

The paper's drawing is not in our copy; it is redrawn from section 3: players 1 (Beijing R&D) and
2 (Tianjin core parts) form the cluster; the chain runs from the cluster (2) to assembly (3) and
logistics (4). The right panel lists the nine candidate coalitions by kind and marks those formed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.patches import FancyBboxPatch

from ..diagram import draw
from .analysis import coalition_label
from .inputs import WaterModel
from ..style import MAX_WIDTH_IN, wrap
from .labels import player_name, text


def figure1(model: WaterModel, formed: set[tuple[int, ...]], paper_formed: set[tuple[int, ...]],
            lang: str) -> plt.Figure:
    """``formed``: the coalitions formed in this run (0-based members); ``paper_formed``: the paper's."""
    # the diagram above the list of coalitions: side by side, the text would be below body size
    fig, (left, right) = plt.subplots(2, 1, figsize=(MAX_WIDTH_IN, 8.6), gridspec_kw={"height_ratios": [1.5, 1]})
    g = nx.DiGraph()
    pos = {1: (0.2, 0.70), 2: (0.2, 0.30), 3: (0.55, 0.30), 4: (0.86, 0.30)}
    for p in model.players:
        g.add_node(p.id, pos=pos[p.id], label=f"{text(lang, 'player', i=p.id)}\n{player_name(p, lang)}"
                   .replace("及关键设备", "\n及关键设备").replace(" and key", "\nand key")
                   .replace("assembly manufacturing", "assembly\nmanufacturing"), fontsize=10)
    g.add_edge(1, 2, arrowstyle="<|-|>", color="#0072B2")
    g.add_edge(2, 3, color="#D55E00", lw=1.6)
    g.add_edge(3, 4, color="#D55E00", lw=1.6)
    left.add_patch(FancyBboxPatch((0.03, 0.10), 0.34, 0.82, boxstyle="round,pad=0.01",
                                  facecolor="none", edgecolor="#0072B2", linestyle="--", linewidth=1.2))
    left.text(0.2, 0.97, text(lang, "cluster"), ha="center", va="center", fontsize=10.5, color="#0072B2")
    left.annotate("", xy=(0.97, 0.08), xytext=(0.2, 0.08),
                  arrowprops=dict(arrowstyle="-|>", color="#D55E00", lw=1.2))
    left.text(0.6, 0.03, text(lang, "chain"), ha="center", va="center", fontsize=10.5, color="#D55E00")
    draw(g, left)
    right.axis("off")
    right.set_xlim(0, 1)
    right.set_ylim(0, 1)
    y = 0.95
    right.text(0, y, text(lang, "candidates"), fontsize=11, va="top")
    for kind in dict.fromkeys(model.kinds):
        y -= 0.1
        right.text(0.02, y, text(lang, f"kind_{kind}"), fontsize=10.5, va="top", color="#555555")
        members = [u for u, k in zip(model.coalitions, model.kinds) if k == kind]
        y -= 0.08
        x = 0.06
        for u in members:
            label = coalition_label(u)
            is_formed = u in formed
            right.text(x, y, label, fontsize=10.5, va="top",
                       color="#D55E00" if is_formed else "#222222",
                       bbox=dict(boxstyle="round,pad=0.25", facecolor="#fde9dc" if is_formed else "white",
                                 edgecolor="#D55E00" if is_formed else "#bbbbbb"))
            x += 0.06 + 0.035 * len(u)
    def listing(coalitions):
        return "  ".join(coalition_label(u) for u in sorted(coalitions, key=lambda u: (len(u), u)))

    y -= 0.14
    right.text(0, y, text(lang, "formed"), fontsize=10.5, va="top")
    right.text(0.02, y - 0.08, listing(formed), fontsize=10.5, va="top", color="#D55E00")
    right.text(0, y - 0.2, text(lang, "paper_formed"), fontsize=10.5, va="top")
    right.text(0.02, y - 0.28, listing(paper_formed), fontsize=10.5, va="top", color="#555555")
    fig.suptitle("\n".join(wrap(part) for part in text(lang, "figA1").split("\n")))
    fig.tight_layout()
    return fig
