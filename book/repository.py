"""The book's links to its code and issue tracker, from one setting: ``repository-code`` in
CITATION.cff (the address a citation gives too). While it is absent, as now (no public address
yet), the pages show no such link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

HOSTS = ("github.com", "gitlab.com", "bitbucket.org")  # the ones sphinx-book-theme builds links for


def address(citation: Path) -> str:
    """CITATION.cff's ``repository-code``, without a trailing slash; "" when it has none."""
    fields = yaml.safe_load(citation.read_text(encoding="utf-8")) or {}
    return str(fields.get("repository-code") or "").strip().rstrip("/")


def theme_options(url: str) -> dict:
    """sphinx-book-theme's options for the repository and issues buttons: on with an address,
    off without one. An address must be ``https://<host>/<owner>/<name>`` on one of ``HOSTS``."""
    shown = bool(url)
    parts = urlparse(url)
    if shown and (parts.scheme != "https" or parts.netloc not in HOSTS or len(parts.path.strip("/").split("/")) != 2):
        raise ValueError(f"CITATION.cff repository-code: {url!r} is not https://<host>/<owner>/<name> with host "
                         f"one of {', '.join(HOSTS)} (the hosts the book theme links to)")
    return {"repository_url": url, "use_repository_button": shown, "use_issues_button": shown}
