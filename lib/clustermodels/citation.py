"""How to cite: the compendium and each original paper, in plain text and BibTeX, read from
CITATION.cff (the one place the metadata is kept)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from .i18n import _
from .paths import repo_root

# Each notebook's paper in CITATION.cff's references: by DOI where it has one, else by title.
PAPERS = {
    "01": ("title", "超网络视角下产业集群生态化发展研究"),
    "02": ("title", "基于动态能力演化的制造业集群创新网络协作机制研究"),
    "03": ("doi", "10.13718/j.cnki.xdzk.2022.02.013"),
    "04": ("doi", "10.12062/cpre.20170304"),
}


@lru_cache(maxsize=1)
def metadata() -> dict:
    return yaml.safe_load((repo_root() / "CITATION.cff").read_text(encoding="utf-8"))


def paper(notebook: str) -> dict:
    field, value = PAPERS[notebook]
    for ref in metadata()["references"]:
        if str(ref.get(field, "")).startswith(value):
            return ref
    raise KeyError(f"no reference for notebook {notebook} in CITATION.cff")


def _names(authors: list[dict]) -> str:
    return " and ".join("{" + a["name"] + "}" if "name" in a else f"{a['family-names']}, {a['given-names']}" for a in authors)


def _bibtex(kind: str, key: str, fields: dict) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v not in (None, ""))
    return f"@{kind}{{{key},\n{body}\n}}"


def compendium_bibtex() -> str:
    m = metadata()
    return _bibtex("software", "clustermodels", {
        "author": _names(m["authors"]),
        "title": m["title"],
        "year": str(m["date-released"])[:4],
        "version": m["version"],
        "url": m.get("repository-code"),
        "license": m.get("license"),
    })


def paper_bibtex(notebook: str) -> str:
    ref = paper(notebook)
    authors = [a for a in ref["authors"] if "name" not in a]
    return _bibtex("article", f"paper{notebook}", {
        "author": _names(authors) + (" and others" if ref.get("notes", "").startswith("et al") else "")
        if authors else None,
        "title": ref["title"],
        "journal": ref.get("journal"),
        "year": ref.get("year"),
        "volume": ref.get("volume"),
        "number": ref.get("issue"),
        "pages": f"{ref['start']}--{ref['end']}" if "start" in ref else None,
        "doi": ref.get("doi"),
        "note": ref.get("notes"),
    })


def how_to_cite(notebook: str) -> str:
    """Markdown for a notebook's closing "How to cite" cell."""
    m = metadata()
    url = m.get("repository-code")
    where = f", {url}" if url else " " + _("(repository URL: not yet assigned; it goes in CITATION.cff's "
                                          "`repository-code`)")
    # the citation itself stays as the metadata spell it; only the labels around it are translated
    # <cite>: the reference itself, which stays as the metadata spell it in both editions
    return (_("**The compendium.**") + f" <cite>{_names(m['authors'])} ({str(m['date-released'])[:4]}). *{m['title']}*, "
            f"version {m['version']}</cite>{where}.\n\n"
            f"```bibtex\n{compendium_bibtex()}\n```\n\n"
            + _("**The original paper.** Cite it as well; what our copy of the text does not print is left out.")
            + f"\n\n```bibtex\n{paper_bibtex(notebook)}\n```")
