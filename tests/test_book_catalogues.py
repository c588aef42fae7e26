"""The book's build fails when a Chinese catalogue is behind the English text (book/catalogues.py),
and the committed catalogues are complete for the text the book shows today; they use the papers'
own terms as book/glossary.yaml lists them, never a listed variant."""

import html
import sys

import pytest

from clustermodels.paths import repo_root

pytest.importorskip("babel", reason="the book's extra is not installed (pip install -e '.[book]')")
sys.path.insert(0, str(repo_root() / "book"))
import catalogues  # noqa: E402 - book/catalogues.py
import pages  # noqa: E402 - book/pages.py (the glossary)

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


GLOSSARY = pages.load_glossary(repo_root() / "book" / "glossary.yaml")
CATALOGUES = repo_root() / "book" / "locales" / "zh_CN" / "LC_MESSAGES"


def test_committed_catalogues_use_the_papers_terms_not_a_listed_variant():
    """No translation writes a variant that book/glossary.yaml lists under `avoid` (部门 for 行业,
    绿色流 for 绿色资源流, 超梯度法 for 外梯度法, ...); `make book` fails on one too."""
    assert catalogues.check_terms(GLOSSARY, CATALOGUES) == []


def test_every_glossary_term_is_used_on_its_papers_pages():
    assert catalogues.unused_terms(GLOSSARY, CATALOGUES) == []


def test_check_terms_names_each_variant_and_where(tmp_path):
    write(tmp_path, "index.po", po('msgid "green flows rise"\nmsgstr "绿色流上升"\n\n'
                                   'msgid "green resource flows"\nmsgstr "绿色资源流"\n'))
    glossary = {"terms": [{"id": "green_resource_flow", "zh": "绿色资源流", "avoid": ["绿色流"]}]}
    assert catalogues.check_terms(glossary, tmp_path) == [
        "index.po: '绿色流' where the glossary has '绿色资源流' (green_resource_flow): '绿色流上升'"]


def test_glossary_pages_list_every_term_in_both_editions(tmp_path):
    for edition in ("en", "zh"):
        pages.write_glossary(repo_root() / "book" / "glossary.yaml", edition, tmp_path / f"{edition}.md")
        text = (tmp_path / f"{edition}.md").read_text(encoding="utf-8")
        for term in pages.glossary_terms(GLOSSARY):
            first, second = (term["en"], term["zh"]) if edition == "en" else (term["zh"], term["en"])
            other = "zh-CN" if edition == "en" else "en"  # the second column marked as the other language
            assert f'| {first} | <span lang="{other}">{html.escape(second)}</span> |' in text
            assert all(f"<{GLOSSARY['paper_pages'][n]}>`" in text for n in term["papers"])
    assert pages.glossary_words(GLOSSARY) == sorted({t["zh"] for t in pages.glossary_terms(GLOSSARY)})
