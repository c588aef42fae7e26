"""Titles and axis labels of notebook 03's figures, in Chinese and English."""

from ..i18n import N_, _

TEXT = {
    "zh": {
        "fig1": "图1  2012年42个行业的影响力系数与感应度系数",
        "power": "影响力系数（列和 / 均值，Leontief逆）",
        "sensitivity": "感应度系数（行和 / 均值，Ghosh逆）",
        "suppressed": "抑制行业", "encouraged": "鼓励行业", "livelihood": "与民生紧密相关的基础行业", "other": "其他行业",
        "quadrant": "第{q}象限",
        "key": "行业代码",
    },
    "en": {
        "fig1": "Fig. 1  Power and sensitivity of dispersion of the 42 sectors, 2012",
        "power": "power of dispersion (column sum / mean, Leontief inverse)",
        "sensitivity": "sensitivity of dispersion (row sum / mean, Ghosh inverse)",
        "suppressed": "suppressed", "encouraged": "encouraged", "livelihood": "livelihood", "other": "other",
        "quadrant": "quadrant {q}",
        "key": "sector codes",
    },
}


def text(lang: str, key: str, **fields) -> str:
    return TEXT[lang][key].format(**fields)


# The goals' keys are what a reader types (``priorities``, ``active_goals``): the English edition
# shows them as they are, the Chinese one names each goal with its key (runtime catalogue).
GOAL_KEYS = (N_("total_input"), N_("value_added"), N_("water"), N_("energy"), N_("water_used_by_energy"),
             N_("energy_used_by_water"), N_("so2"), N_("nox"), N_("cod"), N_("nh3n"), N_("suppressed_value_added"),
             N_("encouraged_value_added"))


def goal(key: str) -> str:
    """A goal's key as the reader sees it: ``water`` in English, 用水量（water） in Chinese."""
    return _(key)
