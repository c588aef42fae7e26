"""Run-time text in the reader's language: gettext with the compendium's catalogues.

Code that writes text a reader sees (generated prose, printed results, table headers, labels)
writes it in English inside ``_()``; the Chinese edition looks each message up in the PO
catalogues ``book/locales/zh_CN/LC_MESSAGES/runtime/*.po`` (one per paper, plus ``common.po``),
beside the book's static text and under the same workflow and checks
(``make book-catalogues`` adds new messages; the book build and ``tests/test_i18n.py`` fail while
one is untranslated, fuzzy or missing). Messages with values use named fields, translated first
and formatted afterwards, so word order can change::

    _("{n} players formed {k} coalitions").format(n=4, k=2)

``N_()`` marks a message for extraction where it is defined and translated later with ``_()``.
The language is the notebook's ``lang`` parameter, set once with :func:`activate`.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from .paths import repo_root

RUNTIME_DIR = Path("book") / "locales" / "zh_CN" / "LC_MESSAGES" / "runtime"  # under the repository root
LANGS = ("en", "zh")
BABEL_LOCALE = {"en": "en", "zh": "zh_CN"}
KEYWORDS = {"_": None, "N_": None}  # babel's extraction keywords for the functions below

_language: ContextVar[str] = ContextVar("clustermodels_language", default="en")


def activate(lang: str) -> str:
    """Set the language of run-time text (``"en"`` or ``"zh"``) and return it."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGS))}; got {lang!r}")
    _language.set(lang)
    return lang


def language() -> str:
    """The active language."""
    return _language.get()


@lru_cache(maxsize=None)
def translations(lang: str) -> dict[str, str]:
    """msgid -> msgstr of every catalogue of ``lang`` (English: none; translated, non-fuzzy only)."""
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    for path in sorted((repo_root() / RUNTIME_DIR).glob("*.po")):
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string and not message.fuzzy:
                    table[message.id] = message.string
    return table


def _(message: str) -> str:
    """``message`` in the active language. A message not (yet) translated stays English; the
    catalogue check fails the build and the tests on it, so a run never ships it."""
    lang = _language.get()
    return message if lang == "en" else translations(lang).get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def number(x: float, digits: int = 2, *, group: bool = True) -> str:
    """``x`` with exactly ``digits`` decimals in the active language's number format (Babel's
    CLDR data; for zh_CN the same separators as English), -0 shown as 0."""
    from babel.numbers import format_decimal

    x = round(float(x), digits) + 0.0
    pattern = ("#,##0" if group else "0") + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(x, format=pattern, locale=BABEL_LOCALE[_language.get()])


def join(items) -> str:
    """"a, b and c" / "a、b和c"; an empty list is "none" / "无"."""
    items = [str(i) for i in items]
    if not items:
        return _("none")
    if len(items) == 1:
        return items[0]
    if _language.get() == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(k: int) -> str:
    """A rank inside a sentence: "2nd" in English; in Chinese the number alone (the message says 第…位)."""
    if _language.get() == "zh":
        return str(k)
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def series(items) -> str:
    """"a, b, c" / "a、b、c": a list without a final "and"."""
    return ("、" if _language.get() == "zh" else ", ").join(str(i) for i in items)


def sentences(parts) -> str:
    """Sentences one after another: a space between English ones, none after a Chinese 。."""
    return ("" if _language.get() == "zh" else " ").join(p for p in parts if p)


def truth(flag) -> str:
    """A checked condition's outcome inside a printed sentence: True / False, 是 / 否."""
    return _("True") if flag else _("False")


AGREE = {True: "✓", False: "✗", None: "—"}


def agree(flag: bool | None) -> str:
    """An agreement mark: ✓ agrees, ✗ does not, — not compared (the legend: :func:`agree_legend`)."""
    return AGREE[None if flag is None else bool(flag)]


def agree_legend() -> str:
    return _("✓ agrees at the paper's printed precision; ✗ does not; — not compared")
