"""The book's build fails when a Chinese catalogue is behind the English text (book/catalogues.py),
and the committed catalogues are complete for the text the book shows today."""

import sys

import pytest

from clustermodels.paths import repo_root

pytest.importorskip("babel", reason="the book's extra is not installed (pip install -e '.[book]')")
sys.path.insert(0, str(repo_root() / "book"))
import catalogues  # noqa: E402 - book/catalogues.py

POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "The four papers"
msgstr ""

msgid "How to cite"
msgstr ""
"""


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def po(entries: str) -> str:
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries


@pytest.mark.parametrize("entries, problem", [
    ('msgid "The four papers"\nmsgstr "四篇论文"\n\nmsgid "How to cite"\nmsgstr "如何引用"\n', None),
    ('msgid "The four papers"\nmsgstr "四篇论文"\n', "untranslated: 'How to cite'"),
    ('msgid "The four papers"\nmsgstr "四篇论文"\n\nmsgid "How to cite"\nmsgstr ""\n', "untranslated: 'How to cite'"),
    ('msgid "The four papers"\nmsgstr "四篇论文"\n\n#, fuzzy\nmsgid "How to cite"\nmsgstr "如何引用"\n',
     "fuzzy: 'How to cite'"),
])
def test_check_names_every_untranslated_or_fuzzy_message(tmp_path, entries, problem):
    write(tmp_path / "pot", "index.pot", POT)
    write(tmp_path / "po", "index.po", po(entries))
    found = catalogues.check(tmp_path / "pot", tmp_path / "po")
    assert found == ([] if problem is None else [f"index.po: {problem}"])


def test_check_names_a_missing_catalogue(tmp_path):
    write(tmp_path / "pot" / "papers", "01_x.pot", POT)
    (tmp_path / "po").mkdir()
    assert catalogues.check(tmp_path / "pot", tmp_path / "po") == ["papers/01_x.po: no catalogue"]


@pytest.mark.parametrize("text, nothing", [
    ("{download}`fig1.png <files/01/fig1.png>`", True),
    ("{numref}`02-fig4`", True),
    ("\\frac{dC}{dt} = r_\\text{int}(t) + r_\\text{ext}(t), \\qquad C(0) = 0,", True),
    ("`01_eco_cluster_supernetwork/`", True),
    ("Ran with:", False),
    ("with effect $\\beta = 0.0015$.", False),
    ("第 3 节", False),
])
def test_only_messages_without_words_are_copied_as_they_are(text, nothing):
    assert catalogues.has_no_words(text) is nothing


def test_committed_catalogues_have_no_fuzzy_entry():
    """(The full check against freshly extracted English text runs in `make book`.)"""
    from babel.messages.pofile import read_po

    for path in (repo_root() / "book" / "locales" / "zh_CN" / "LC_MESSAGES").rglob("*.po"):
        with path.open("rb") as handle:
            fuzzy = [m.id for m in read_po(handle) if m.id and m.fuzzy]
        assert not fuzzy, f"{path.name}: {fuzzy[:3]}"
