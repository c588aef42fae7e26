"""The Chinese catalogues, ``book/locales/zh_CN/LC_MESSAGES/**/*.po``.

``check`` fails when a catalogue is behind the English text: every message of the freshly
extracted templates (``_build/gettext/**/*.pot``) must have a translation in the matching
catalogue that is neither empty nor fuzzy. ``fill_nothing_to_translate`` copies the messages
that hold no words (a file link, a formula) as their own translation."""

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


if __name__ == "__main__":
    found = check(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "every message is translated")
    sys.exit(1 if found else 0)
