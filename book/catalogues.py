"""The Chinese catalogues, ``book/locales/zh_CN/LC_MESSAGES/**/*.po``.

``check`` fails when a catalogue is behind the English text: every message of the freshly
extracted templates (``_build/gettext/**/*.pot``) must have a translation in the matching
catalogue that is neither empty nor fuzzy. ``fill_nothing_to_translate`` copies the messages
that hold no words (a file link, a formula) as their own translation. ``check_terms`` fails when a
translation uses a Chinese variant that the glossary (``book/glossary.yaml``) lists under ``avoid``,
and ``unused_terms`` names the glossary terms that their papers' pages do not use.
``extract_runtime`` writes the templates of the run-time text (``_()`` in ``lib/`` and the
notebooks' code, see ``clustermodels.i18n``) into ``runtime/<domain>.pot`` beside Sphinx's, so the
same update, check and glossary rules cover both."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

NOT_WORDS = [re.compile(p) for p in (
    r"\{\w+\}`[^`]*`",            # a MyST role: {download}`file <path>`
    r"`[^`]*`",                     # code
    r"\$[^$]*\$",                   # inline maths
    r"\\[A-Za-z]+(\{[^{}]*\})?",    # a LaTeX command and its argument
)]


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def has_no_words(text: str) -> bool:
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return not re.search(r"[A-Za-z]{3,}|[\u4e00-\u9fff]", text)


def fill_nothing_to_translate(catalogues: Path) -> int:
    filled = 0
    for path in sorted(catalogues.rglob("*.po")):
        catalogue = _read(path)
        changed = False
        for message in catalogue:
            if message.id and (not message.string or message.fuzzy) and has_no_words(message.id):
                message.string, changed = message.id, True
                message.flags.discard("fuzzy")
                filled += 1
        if changed:
            _write(path, catalogue)
    return filled


def _write(path: Path, catalogue) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False)


def check(templates: Path, catalogues: Path) -> list[str]:
    problems = []
    for pot in sorted(templates.rglob("*.pot")):
        name = pot.relative_to(templates).with_suffix(".po")
        po_path = catalogues / name
        if not po_path.is_file():
            problems.append(f"{name}: no catalogue")
            continue
        translated = _read(po_path)
        for message in _read(pot):
            if not message.id:
                continue
            found = translated.get(message.id, message.context)
            short = " ".join(str(message.id).split())[:70]
            if found is None or not found.string:
                problems.append(f"{name}: untranslated: {short!r}")
            elif found.fuzzy:
                problems.append(f"{name}: fuzzy: {short!r}")
    return problems


RUNTIME_DOMAINS = {  # a package or notebook -> its paper's catalogue; anything else is "common"
    "supernetwork": "01_eco_cluster_supernetwork", "innovation": "02_innovation_network_dynamics",
    "industry": "03_industrial_structure_goal_programming", "water": "04_water_allocation_fuzzy_coalitions",
}
FSTRING_IN_CALL = re.compile(r"\b_\(\s*f[\"']")


def _runtime_domain(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] == "notebooks":
        return path.stem if path.stem in RUNTIME_DOMAINS.values() else "common"
    return RUNTIME_DOMAINS.get(rel.parts[2] if len(rel.parts) > 3 else "", "common")


def runtime_sources(root: Path) -> list[Path]:
    return sorted([*(root / "lib" / "clustermodels").rglob("*.py"), *(root / "notebooks").glob("[0-9]*.py")])


def extract_runtime(root: Path, out: Path) -> list[str]:
    """Write ``out/<domain>.pot`` from every ``_()``/``N_()`` message of the package and the
    notebooks; a message used by two papers goes to ``common``. Returns the problems that
    extraction cannot see past: ``_(f"...")`` (an f-string is formatted before it is looked up,
    so it can never be translated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    problems: list[str] = []
    where: dict[str, dict] = {}
    for path in runtime_sources(root):
        rel = path.relative_to(root).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FSTRING_IN_CALL.search(line):
                problems.append(f"{rel}:{n}: an f-string inside _() cannot be translated; "
                                f"write _(\"... {{name}} ...\").format(name=...)")
        domain = _runtime_domain(path, root)
        for lineno, message, _comments, _context in extract_from_file(
                "python", path, keywords={"_": None, "N_": None}, comment_tags=(), options={}):
            if isinstance(message, str) and message:
                entry = where.setdefault(message, {"domains": set(), "locations": []})
                entry["domains"].add(domain)
                entry["locations"].append((rel, lineno))
    out.mkdir(parents=True, exist_ok=True)
    catalogues: dict[str, Catalog] = {}
    for message, entry in where.items():
        domain = entry["domains"].pop() if len(entry["domains"]) == 1 else "common"
        catalogue = catalogues.setdefault(domain, Catalog(project="clustermodels run-time text", locale=None))
        catalogue.add(message, locations=entry["locations"])
    for domain, catalogue in catalogues.items():
        with (out / f"{domain}.pot").open("wb") as handle:
            write_po(handle, catalogue, width=0, omit_header=False)
    return problems


def _terms(glossary: dict) -> list[dict]:
    return [*glossary["terms"], *glossary.get("book_terms", [])]


def check_terms(glossary: dict, catalogues: Path) -> list[str]:
    """Every translation (msgstr) of every catalogue against the glossary's ``avoid`` variants."""
    avoid = {variant: term for term in _terms(glossary) for variant in term.get("avoid", [])}
    problems = []
    for path in sorted(catalogues.rglob("*.po")):
        for message in _read(path):
            if not message.id or not message.string:
                continue
            text = message.string if isinstance(message.string, str) else "".join(message.string)
            for variant, term in avoid.items():
                if variant in text:
                    problems.append(f"{path.relative_to(catalogues)}: {variant!r} where the glossary has "
                                    f"{term['zh']!r} ({term['id']}): {' '.join(text.split())[:60]!r}")
    return problems


def _words(text: str) -> list[str]:
    """English words stemmed as the search stems them (variables ~ variable)."""
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWords(re.findall(r"[a-z0-9]+", text.lower()))


def unused_terms(glossary: dict, catalogues: Path) -> list[str]:
    """The glossary terms that no page of their papers uses: the Chinese word must occur in a
    translation, and every word of the English (stemmed, as the
    search does) in one message, of the paper's catalogue
    (``papers/<page>.po``, whose messages are the page's English text and its Chinese)."""
    messages = {}
    for number, page in glossary["paper_pages"].items():
        catalogue = _read(catalogues / f"{page}.po")
        messages[number] = [(str(m.id), str(m.string)) for m in catalogue if m.id]
    problems = []
    for term in _terms(glossary):
        found = [m for n in term["papers"] for m in messages[n]]
        if not any(term["zh"] in string for _, string in found):
            problems.append(f"{term['id']}: {term['zh']!r} is on no page of paper(s) {term['papers']} (zh catalogue)")
        wanted = set(_words(term["en"]))
        if not any(wanted <= set(_words(english)) for english, _ in found):
            problems.append(f"{term['id']}: {term['en']!r} is on no page of paper(s) {term['papers']} (English text)")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "every message is translated")
    sys.exit(1 if found else 0)
