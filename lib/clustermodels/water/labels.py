"""Every title, axis label and legend text of notebook 04's figures, in Chinese and English."""

TEXT = {
    "zh": {
        "figA1": "附图A1  算例示意图：京津冀汽车产业群链中的四个局中人与候选水资源合作模糊联盟\n（据论文第3节正文重绘的算例图，并非论文图1的区域多链群链结构图）",
        "figA2": "附图A2  各局中人单独用水收益与参加模糊联盟后的收益（本汇编的扩展分析）",
        "figA3": "附图A3  南水北调中线供水量对联盟结构与收益的影响（本汇编的扩展分析）",
        "figA4": "附图A4  河北装配制造业用水效益对联盟结构与收益的影响（本汇编的扩展分析）",
        "cluster": "沿渤海高端装备产业集群",
        "chain": "群链中的产业链",
        "candidates": "候选模糊联盟",
        "kind_singleton": "单独（特殊小联盟）",
        "kind_cluster": "集群内",
        "kind_chain": "产业链内",
        "kind_listed": "其他候选联盟",
        "formed": "本次计算形成的联盟（橙色）：",
        "paper_formed": "论文报告形成的联盟：",
        "alone": "单独用水收益",
        "after": "参加模糊联盟后的收益",
        "benefit_axis": "用水收益（10⁸元/年）",
        "gain_axis": "较单独用水增加的收益\n（10⁸元/年）",
        "player": "局中人{i}",
        "supply_axis": "南水北调中线对京津冀供水量（10⁸ m³/年）",
        "efficiency_axis": "局中人3（河北装配制造业）用水效益 b₃（元/m³）",
        "total_gain": "合计",
        "paper_point": "本次计算取值",
        "core_excess": "最大超额 max(v(S)−y(S))：>0 表示某些局中人组合脱离更有利",
        "excess_axis": "最大超额\n（10⁸元/年）",
        "infeasible": "第一阶段不可行",
        "structure": "联盟结构",
    },
    "en": {
        "figA1": "Fig. A1  Case diagram: the four players of the Jing-Jin-Ji automotive cluster-chain and the candidate fuzzy coalitions\n(redrawn from the text of the paper's section 3; not the paper's Fig. 1, which shows the region's multi-chain structure)",
        "figA2": "Fig. A2  Each player's benefit alone and after joining fuzzy coalitions (compendium extension)",
        "figA3": "Fig. A3  How middle-route supply changes the coalitions and the gains (compendium extension)",
        "figA4": "Fig. A4  How Hebei assembly's water efficiency changes the coalitions and the gains (compendium extension)",
        "cluster": "Bohai Rim high-end equipment cluster",
        "chain": "industrial chain of the cluster-chain",
        "candidates": "candidate fuzzy coalitions",
        "kind_singleton": "alone (special small coalitions)",
        "kind_cluster": "within the cluster",
        "kind_chain": "along the chain",
        "kind_listed": "other candidates",
        "formed": "coalitions formed in this run (orange):",
        "paper_formed": "coalitions the paper reports formed:",
        "alone": "benefit alone",
        "after": "benefit after joining fuzzy coalitions",
        "benefit_axis": "water benefit (10⁸ yuan/year)",
        "gain_axis": "gain over using water\nalone (10⁸ yuan/year)",
        "player": "player {i}",
        "supply_axis": "middle-route supply to Jing-Jin-Ji (10⁸ m³/year)",
        "efficiency_axis": "efficiency of player 3 (Hebei assembly) b₃ (yuan/m³)",
        "total_gain": "total",
        "paper_point": "this run's value",
        "core_excess": "largest excess max(v(S)−y(S)): > 0 means some group would do better on its own",
        "excess_axis": "largest excess\n(10⁸ yuan/yr)",
        "infeasible": "stage 1 infeasible",
        "structure": "coalition structure",
    },
}


def text(lang: str, key: str, **fields) -> str:
    return TEXT[lang][key].format(**fields)


def player_name(spec, lang: str) -> str:
    return spec.zh if lang == "zh" else spec.en
