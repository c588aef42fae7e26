"""Fail when a Chinese catalogue is behind the English text: every message of the freshly
extracted templates (``_build/gettext/**/*.pot``) must have a translation in the matching
``book/locales/zh_CN/LC_MESSAGES/**/*.po`` that is neither empty nor fuzzy."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


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
