"""The book's links to its code and issue tracker, from one setting: ``repository-code`` in
CITATION.cff (the address a citation gives too). While it is absent, as now (no public address
yet), the pages show no such link."""

from __future__ import annotations

from pathlib import Path

import yaml


def address(citation: Path) -> str:
    """CITATION.cff's ``repository-code``, without a trailing slash; "" when it has none."""
    fields = yaml.safe_load(citation.read_text(encoding="utf-8")) or {}
    return str(fields.get("repository-code") or "").strip().rstrip("/")


def theme_options(url: str) -> dict:
    """sphinx-book-theme's options for the repository and issues buttons: on with an address,
    off without one."""
    shown = bool(url)
    return {"repository_url": url, "use_repository_button": shown, "use_issues_button": shown}
