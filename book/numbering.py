"""One number per figure and table of the paper pages, from ``book/captions.yaml``: the paper's
own number (Fig. 4, Table 1) where the paper has the figure or table, an appendix number (Fig. A1,
Table A1) where it is ours. The caption and every ``{numref}`` show the label made here; conf.py
puts it in place of Sphinx's running number, so the two cannot disagree."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

CAPTIONS = Path(__file__).resolve().parent / "captions.yaml"
NUMBER = re.compile(r"^A?[1-9]\d*$")
KINDS = ("figures", "tables")
LABELS = {  # edition -> kind -> (the paper's, ours)
    "en": {"figures": ("Fig. {}", "Fig. {}"), "tables": ("Table {}", "Table {}")},
    "zh": {"figures": ("图{}", "附图{}"), "tables": ("表{}", "附表{}")},
}


def load(path: Path = CAPTIONS) -> dict:
    """captions.yaml: notebook -> figures/tables -> name -> {number, caption}."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def target(stem: str, name: str) -> str:
    """The name a figure or table carries on its page (``{numref}`02-figA1```)."""
    return f"{stem[:2]}-{name}"


def label(kind: str, number: str, edition: str) -> str:
    """``Fig. A1``, ``附图A1``, ``Table 2``, ``表2``."""
    paper, ours = LABELS["zh" if edition.startswith("zh") else "en"][kind]
    return (ours if number.startswith("A") else paper).format(number)


def labels(captions: dict, edition: str) -> dict[str, str]:
    """Every figure's and table's label, by its page name lowercased (as Sphinx keeps names)."""
    return {target(stem, name).lower(): label(kind, item["number"], edition)
            for stem, paper in captions.items() for kind in KINDS
            for name, item in (paper.get(kind) or {}).items()}


def problems(captions: dict) -> list[str]:
    """What breaks the rule: a malformed number, two figures (or two tables) of one paper with one
    number, a file named ``fig<N>``/``table<N>`` numbered otherwise, a missing caption."""
    found = []
    for stem, paper in captions.items():
        for kind in KINDS:
            seen: dict[str, str] = {}
            for name, item in (paper.get(kind) or {}).items():
                number, caption = str(item.get("number", "")), item.get("caption") or ""
                if not NUMBER.match(number):
                    found.append(f"{stem} {name}: number {number!r} is not 1, 2, ... or A1, A2, ...")
                if number in seen:
                    found.append(f"{stem}: {name} and {seen[number]} both have number {number}")
                seen[number] = name
                named = re.fullmatch(r"(?:fig|table)(A?\d+)", name)
                if named and named.group(1) != number:
                    found.append(f"{stem} {name}: the file says {named.group(1)}, the number is {number}")
                if len(caption) < 20:
                    found.append(f"{stem} {name}: no caption")
    return found
