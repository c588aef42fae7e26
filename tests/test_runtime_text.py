"""Papers 03 and 04 write their run-time text through clustermodels.i18n: the same generated
sentence is English in the English edition and Chinese, with the same numbers, in the Chinese one;
resolve() leaves the language to the notebook; tables' English keys (CSVs, results.json) do not change."""

import sys

import pandas as pd

from clustermodels import i18n
from clustermodels.industry import analysis, labels, readings
from clustermodels.paths import repo_root
from clustermodels.water import narrative, robustness

sys.path.insert(0, str(repo_root() / "book"))
from staging import language_of  # noqa: E402 - book/staging.py


def test_water_sentences_are_in_the_edition_language_with_the_same_numbers(lang):
    table = pd.DataFrame({"region": ["beijing", "tianjin"], "user": ["industry", "industry"],
                          "shared": [14.0, 13.94], "shortage": [0.0, 2.5592]})
    text = narrative.stage1_note(table, {"beijing": 12.4, "tianjin": 10.2}, {"beijing": "Beijing", "tianjin": "Tianjin"},
                                 {"industry": "industry"})
    text += narrative.solver_note(4, 1071)
    assert language_of(text) == lang
    for number in ("+1.60", "+3.74", "2.56", "1,071"):
        assert number in text


def test_industry_paragraph_is_in_the_edition_language(lang):
    nexus = pd.DataFrame([("double", "1", 0.0, 0.0, 78.42, 0.0, 0.0, 794.48),
                          ("double", "4", 0.0, 0.0, 78.42, 0.0, 0.0, 794.48)],
                         columns=["nexus reading", "scenario", "water saving", "water min", "water max",
                                  "energy saving", "energy min", "energy max"])
    text = analysis.nexus_markdown(nexus, "10⁴ TJ")
    assert language_of(text) == lang
    assert "[0.00, 78.42]" in text and "`double`" in text
    assert ("not caused by P4" in text) == (lang == "en")


def test_goal_keys_stay_the_keys_a_reader_types(lang):
    assert labels.goal("nh3n") == ("nh3n" if lang == "en" else "氨氮（nh3n）")


def test_a_check_cell_is_english_in_its_table_and_translated_on_screen(lang):
    check = readings._yes(True, "both can fall")
    assert check.shown == "yes (both can fall)"  # the fit table and its CSV
    assert check.said == ("yes (both can fall)" if lang == "en" else "是（二者可同时降低）")


def test_robustness_rows_keep_english_keys_and_translate_on_screen(lang):
    assert robustness.group_labels("3<4<1<2")[1] == "efficiency ranking 3<4<1<2 (the run's)"
    shown = robustness.group_labels("3<4<1<2", i18n._)[1]
    assert "3<4<1<2" in shown and language_of(shown) == lang


def test_resolve_leaves_the_language_alone():
    """The notebook sets the language once; resolve() must not, since the library calls it for
    default settings (the sensitivity sample) in the middle of a Chinese run."""
    from clustermodels.water.notebook import resolve

    token = i18n._language.set("zh")
    try:
        resolve({})
        assert i18n.language() == "zh"
    finally:
        i18n._language.reset(token)
