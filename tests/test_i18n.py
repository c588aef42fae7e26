"""Run-time text (clustermodels.i18n): the Chinese edition looks English messages up in the
runtime catalogues; every message the code can show is translated (the same check as the book's
build); an f-string inside _() is refused because it can never be looked up."""

import sys

import pytest

from clustermodels import i18n
from clustermodels.paths import repo_root

pytest.importorskip("babel", reason="babel is a dependency of clustermodels")
sys.path.insert(0, str(repo_root() / "book"))
import catalogues  # noqa: E402 - book/catalogues.py

RUNTIME = repo_root() / i18n.RUNTIME_DIR


@pytest.fixture
def zh():
    token = i18n._language.set("zh")
    yield
    i18n._language.reset(token)


def test_english_is_the_message_itself():
    assert i18n.language() == "en"
    assert i18n._("Full table:") == "Full table:"


def test_chinese_comes_from_the_catalogue(zh):
    assert i18n._("Full table:") == "完整表格："
    assert i18n._("a message nobody wrote") == "a message nobody wrote"
    assert i18n.join(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert i18n.join([]) == "无"


def test_activate_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh'; got 'fr'"):
        i18n.activate("fr")


@pytest.mark.parametrize("x, digits, shown", [(12345.678, 2, "12,345.68"), (-0.0001, 2, "0.00"), (3, 0, "3"),
                                               (0.5, 3, "0.500")])
def test_numbers_have_exactly_the_asked_decimals(x, digits, shown):
    assert i18n.number(x, digits) == shown


def test_agreement_marks():
    assert [i18n.agree(f) for f in (True, False, None)] == ["✓", "✗", "—"]


def test_every_run_time_message_is_translated(tmp_path):
    """What the book's build checks: the code's messages against the committed catalogues."""
    problems = catalogues.extract_runtime(repo_root(), tmp_path / "runtime")
    problems += catalogues.check(tmp_path, RUNTIME.parent)
    assert problems == []


def test_a_translation_names_exactly_the_fields_of_its_message():
    """A field only the translation names would need the code to pass it for one language only."""
    from string import Formatter

    from babel.messages.pofile import read_po

    def fields(text):
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    differing = [(path.name, message.id) for path in sorted(RUNTIME.glob("*.po"))
                 for message in read_po(path.open("rb"))
                 if message.id and message.string and fields(message.id) != fields(message.string)]
    assert differing == []


@pytest.mark.parametrize("k, en, zh", [(1, "1st", "1"), (2, "2nd", "2"), (3, "3rd", "3"), (4, "4th", "4"),
                                       (11, "11th", "11"), (12, "12th", "12"), (13, "13th", "13"),
                                       (21, "21st", "21"), (22, "22nd", "22")])
def test_ordinals_in_both_languages(k, en, zh):
    assert i18n.ordinal(k) == en
    token = i18n._language.set("zh")
    try:
        assert i18n.ordinal(k) == zh
    finally:
        i18n._language.reset(token)


def test_a_new_message_or_an_f_string_fails_the_check(tmp_path):
    lib = tmp_path / "lib" / "clustermodels" / "water"
    lib.mkdir(parents=True)
    (tmp_path / "notebooks").mkdir()
    (lib / "narrative.py").write_text('from clustermodels.i18n import _\n'
                                      'a = _("A sentence nobody translated")\n'
                                      'b = _(f"{a} formatted too early")\n', encoding="utf-8")
    problems = catalogues.extract_runtime(tmp_path, tmp_path / "pot" / "runtime")
    assert problems and "narrative.py:3: an f-string inside _()" in problems[0]
    assert (tmp_path / "pot" / "runtime" / "04_water_allocation_fuzzy_coalitions.pot").is_file()
    (tmp_path / "po" / "runtime").mkdir(parents=True)
    assert catalogues.check(tmp_path / "pot", tmp_path / "po") == [
        "runtime/04_water_allocation_fuzzy_coalitions.po: no catalogue"]


def test_sentences_lists_and_truth_follow_the_language(zh):
    assert i18n.sentences(["第一句。", "", "第二句。"]) == "第一句。第二句。"
    assert i18n.series(["A", "B", "D"]) == "A、B、D"
    assert [i18n.truth(f) for f in (True, False)] == ["是", "否"]


def test_in_english_the_same_helpers_keep_the_english_forms():
    assert i18n.sentences(["One.", "", "Two."]) == "One. Two."
    assert i18n.series(["A", "B", "D"]) == "A, B, D"
    assert [i18n.truth(f) for f in (1, 0)] == ["True", "False"]
