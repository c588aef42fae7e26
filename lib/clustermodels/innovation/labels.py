"""Every title, axis label and legend text of paper 2's figures, in Chinese and English.

Chinese texts follow the paper with the editor's corrections (【…】 notes in the seed):
the stock is "制造业集群创新网络创新能力" and the time axis "时间/年".
"""

TEXT = {
    "zh": {
        "fig1": "图1  制造业集群创新网络协作形成条件",
        "fig2": "图2  制造业集群创新网络的创新动态能力因果关系",
        "fig3": "图3  制造业集群创新网络创新能力的系统动力学模型",
        "fig4": "图4  制造业集群创新网络的创新能力仿真结果",
        "fig5": "图5  制造业集群内部协同要素的敏感性分析",
        "fig6": "图6  制造业集群外部协同要素的敏感性分析",
        "figA1": "附图A1  本次运行的E(t)与三角形E(t)：图5-6中的曲线与论文0-5.00纵轴（本汇编的比较）",
        "figA2": "附图A2  嵌入动态能力E(t)的形状对创新能力的影响（本汇编的扩展分析）",
        "figA3": "附图A3  协同要素系数不确定时第{year:g}年创新能力的分布（本汇编的扩展分析）",
        "axis_top": "论文纵轴上限 {top:.2f}",
        "E_panel": "(a) 嵌入动态能力E(t)",
        "curves_panel": "({letter}) {shape}：基准与增幅最大的曲线",
        "highest": "最高 {v:.2f}",
        "capability": "制造业集群创新网络创新能力",
        "capability_axis": "创新能力（无量纲指数）",
        "time_axis": "时间/年",
        "E": "网络嵌入动态能力",
        "E_axis": "嵌入动态能力E(t)（无量纲指数）",
        "raised": "{name}（+{pct:g}%）",
        "baseline": "基准",
        "internal_rate": "集群内部速率",
        "external_rate": "集群外部速率",
        "effect": "影响系数",
        "final_axis": "第{year:g}年创新能力",
        "count_axis": "情景数",
        "paper_level": "论文系数下的水平",
        "scenarios": "{n:,}个情景（系数各在±{pct:g}%内均匀抽样）",
    },
    "en": {
        "fig1": "Fig. 1  Conditions for collaboration to form in a manufacturing-cluster innovation network",
        "fig2": "Fig. 2  Causal loops of the network's innovation dynamic capability",
        "fig3": "Fig. 3  System-dynamics (stock-and-flow) model of innovation capability",
        "fig4": "Fig. 4  Simulated innovation capability of the manufacturing-cluster innovation network",
        "fig5": "Fig. 5  Sensitivity to the synergy elements inside the cluster",
        "fig6": "Fig. 6  Sensitivity to the synergy elements outside the cluster",
        "figA1": "Fig. A1  This run's vs the triangular E(t): the curves of Figs. 5-6 and the paper's 0-5.00 axis (compendium comparison)",
        "figA2": "Fig. A2  How the shape of E(t) changes capability (compendium extension)",
        "figA3": "Fig. A3  Year-{year:g} capability when the element coefficients are uncertain (compendium extension)",
        "axis_top": "paper's axis top {top:.2f}",
        "E_panel": "(a) embedded dynamic capability E(t)",
        "curves_panel": "({letter}) {shape}: baseline and highest curves",
        "highest": "highest {v:.2f}",
        "capability": "innovation capability of the manufacturing-cluster innovation network",
        "capability_axis": "Innovation capability (index)",
        "time_axis": "Time (years)",
        "E": "embedded dynamic capability",
        "E_axis": "Embedded dynamic capability E(t) (index)",
        "raised": "{name} +{pct:g}%",
        "baseline": "baseline",
        "internal_rate": "internal rate",
        "external_rate": "external rate",
        "effect": "effect",
        "final_axis": "Capability in year {year:g} (index)",
        "count_axis": "Scenarios",
        "paper_level": "level with the paper's coefficients",
        "scenarios": "{n:,} scenarios (each coefficient uniform within ±{pct:g}%)",
    },
}


def text(lang: str, key: str, **fields) -> str:
    return TEXT[lang][key].format(**fields)
