"""Figures 1-3 of paper 2, reconstructed from the text (the paper's drawings are not in our copy).

Fig. 1: the conditions for network collaboration (§2.1). Fig. 2: the causal-loop diagram of the
innovation dynamic capability (§2.2.1). Fig. 3: the stock-and-flow diagram of the model (§2.2.2).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.patches import Ellipse, Polygon

from ..diagram import BOX_STYLES, draw
from ..style import MAX_WIDTH_IN, wrap
from .labels import text
from .model import ModelSpec

FIG1 = {
    "zh": {
        "complementarity": "集群间创新能力的\n互补性",
        "sharing": "数字化信息的\n高度共享性",
        "flexibility": "网络运作的\n动态性和柔性",
        "collaboration": "制造业集群创新网络协作",
        "weak": "弱连带关系",
        "strong": "强连带关系",
        "effective": "有效连带关系",
        "driver": "网络效应驱动价值最大化",
        "ties": "协作关系的演进（连带关系）",
    },
    "en": {
        "complementarity": "Complementary innovation\ncapabilities between clusters",
        "sharing": "Highly shared\ndigital information",
        "flexibility": "Dynamic and flexible\nnetwork operation",
        "collaboration": "Collaboration in the manufacturing-\ncluster innovation network",
        "weak": "weak ties",
        "strong": "strong ties",
        "effective": "effective ties",
        "driver": "network effects drive\nvalue maximisation",
        "ties": "evolution of the collaborative relationship (ties)",
    },
}


def figure1(lang: str) -> plt.Figure:
    t = FIG1[lang]
    g = nx.DiGraph()
    g.add_node("complementarity", pos=(0.17, 0.78), label=t["complementarity"])
    g.add_node("sharing", pos=(0.5, 0.84), label=t["sharing"])
    g.add_node("flexibility", pos=(0.83, 0.78), label=t["flexibility"])
    g.add_node("collaboration", pos=(0.5, 0.5), label=t["collaboration"], style="key", fontsize=11.5)
    g.add_node("driver", pos=(0.13, 0.31), label=t["driver"], style="note", fontsize=10)
    g.add_node("weak", pos=(0.2, 0.16), label=t["weak"])
    g.add_node("strong", pos=(0.5, 0.16), label=t["strong"])
    g.add_node("effective", pos=(0.8, 0.16), label=t["effective"])
    for c, rad in (("complementarity", 0.1), ("sharing", 0.0), ("flexibility", -0.1)):
        g.add_edge(c, "collaboration", rad=rad)
    g.add_edge("driver", "collaboration", dashed=True)
    g.add_edge("weak", "strong")
    g.add_edge("strong", "effective")
    g.add_edge("collaboration", "strong", dashed=True, arrowstyle="<|-|>")
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 6.0))
    draw(g, ax, fontsize=10.5)
    ax.text(0.5, 0.04, t["ties"], ha="center", va="center", fontsize=10.5, color="#555555")
    ax.set_title(wrap(text(lang, "fig1")))
    return fig


def _short(element, lang: str) -> str:
    """The element's name without the 'inside/outside the cluster' prefix."""
    return element.name_zh[4:] if lang == "zh" else element.name_en.split(" ", 1)[1].replace(" ", "\n")


FIG2 = {
    "zh": {
        "E": "制造业集群创新网络\n嵌入动态能力",
        "resources": "可共享的资源",
        "processes": "可协同的业务流程",
        "knowledge": "适用性知识",
        "technology": "促进协同的数字技术",
        "internal": "集群内部创新\n网络嵌入能力",
        "external": "集群外部创新\n网络嵌入能力",
        "capability": "制造业集群创新网络\n创新能力",
        "loop": "R",
        "note": "虚线：由正文推断的反馈（系统动力学模型中E(t)为时间的函数，该反馈未被仿真）",
    },
    "en": {
        "E": "embedded dynamic\ncapability",
        "resources": "shareable\nresources",
        "processes": "collaborative\nbusiness processes",
        "knowledge": "applicable\nknowledge",
        "technology": "digital technology\nfor collaboration",
        "internal": "embedding capability\ninside the cluster",
        "external": "embedding capability\noutside the cluster",
        "capability": "innovation capability\nof the network",
        "loop": "R",
        "note": "Dashed: feedback inferred from the text (the SD model drives E(t) by time, so it is not simulated)",
    },
}


def figure2(lang: str) -> plt.Figure:
    t = FIG2[lang]
    g = nx.DiGraph()
    g.add_node("E", pos=(0.5, 0.9), label=t["E"], style="key")
    kinds = ("resources", "processes", "knowledge", "technology")
    for kind, x in zip(kinds, (0.15, 0.39, 0.63, 0.87)):
        g.add_node(kind, pos=(x, 0.63), label=t[kind])
        g.add_edge("E", kind, sign="+")
    g.add_node("internal", pos=(0.27, 0.36), label=t["internal"])
    g.add_node("external", pos=(0.73, 0.36), label=t["external"])
    for kind in kinds:
        g.add_edge(kind, "internal", sign="+", lw=0.9, color="#555555")
        g.add_edge(kind, "external", sign="+", lw=0.9, color="#555555")
    g.add_node("capability", pos=(0.5, 0.12), label=t["capability"], style="key")
    g.add_edge("internal", "capability", sign="+")
    g.add_edge("external", "capability", sign="+")
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 6.8))
    texts = draw(g, ax, fontsize=10)
    # the inferred feedback runs around the left margin so it crosses nothing; its start is
    # hidden under the capability box (lower zorder)
    ax.plot([0.5, 0.01, 0.01], [0.12, 0.12, 0.9], linestyle="--", color="#333333", lw=1.1,
            zorder=1)
    ax.annotate("", xy=(0.5, 0.9), xytext=(0.01, 0.9),
                arrowprops=dict(arrowstyle="-|>", linestyle="--", color="#333333", lw=1.1,
                                mutation_scale=12, shrinkA=0, shrinkB=2,
                                patchB=texts["E"].get_bbox_patch()), zorder=4)
    ax.text(0.03, 0.5, "+", fontsize=11, ha="center", va="center")
    ax.text(0.1, 0.25, t["loop"], fontsize=13, ha="center", va="center", color="#D55E00")
    ax.text(0.5, -0.02, wrap(t["note"], fontsize=10), ha="center", va="top", fontsize=10, color="#555555")
    ax.set_title(wrap(text(lang, "fig2")))
    return fig


def _valve(ax, x, y, size=0.018):
    ax.add_patch(Polygon([(x - size, y + size), (x + size, y - size), (x + size, y + size),
                          (x - size, y - size)], closed=True, facecolor="white",
                         edgecolor="black", lw=1.2, zorder=4))


def _cloud(ax, x, y):
    ax.add_patch(Ellipse((x, y), 0.06, 0.07, facecolor="white", edgecolor="black", lw=1.0,
                         zorder=4))


def figure3(spec: ModelSpec, lang: str) -> plt.Figure:
    """Stock-and-flow diagram: E(t) drives eight elements, which drive two rates into the stock."""
    capability = "制造业集群创新网络\n创新能力" if lang == "zh" else "innovation capability\nof the network"
    g = nx.DiGraph()
    g.add_node("E", pos=(0.5, 0.9), label=f"{text(lang, 'E')}\nE(t)", style="key")
    g.add_node("effect", pos=(0.5, 0.4), label=f"{text(lang, 'effect')}\n{spec.effect:g}", style="note",
               fontsize=10)
    g.add_node("internal_rate", pos=(0.27, 0.2), label=text(lang, "internal_rate"), style="plain")
    g.add_node("external_rate", pos=(0.73, 0.2), label=text(lang, "external_rate"), style="plain")
    xs = {"internal": (0.06, 0.18, 0.30, 0.42), "external": (0.58, 0.70, 0.82, 0.94)}
    counters = {"internal": 0, "external": 0}
    for element in spec.elements:
        x = xs[element.side][counters[element.side]]
        counters[element.side] += 1
        # alternate rows: eight boxes of body-size text do not fit side by side
        row = 0.66 if counters[element.side] % 2 else 0.55
        g.add_node(element.key, pos=(x, row), fontsize=10,
                   label=f"{_short(element, lang)}\n×{element.coefficient:g}")
        g.add_edge("E", element.key, lw=0.8, color="#666666")
        g.add_edge(element.key, f"{element.side}_rate", lw=0.8, color="#666666")
    g.add_edge("effect", "internal_rate", lw=0.8, color="#666666")
    g.add_edge("effect", "external_rate", lw=0.8, color="#666666")
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 7.2))
    draw(g, ax, fontsize=10.5)
    # stock and the two inflow pipes, drawn below the rate labels
    y = 0.1
    ax.text(0.5, y, capability, ha="center", va="center", fontsize=10.5, zorder=5,
            bbox=BOX_STYLES["stock"])
    for x_cloud, x_valve, x_end in ((0.04, 0.27, 0.385), (0.96, 0.73, 0.615)):
        _cloud(ax, x_cloud, y)
        ax.annotate("", xy=(x_end, y), xytext=(x_cloud, y),
                    arrowprops=dict(arrowstyle="simple,head_width=1.2,head_length=1.0",
                                    facecolor="white", edgecolor="black", lw=1.0,
                                    mutation_scale=14, shrinkA=12), zorder=3)
        _valve(ax, x_valve, y)
    ax.set_title(wrap(text(lang, "fig3")), pad=14)
    return fig
