"""Build the book: both editions, English and Chinese, into ``_build/html/{en,zh}/``.

    python book/build.py            # check the catalogues, build both editions (warnings are errors)
    python book/build.py gettext    # re-extract the English text and update book/locales/zh_CN/*.po
    python book/build.py pdf        # each paper as a PDF per edition, _build/pdf/{en,zh}/ (needs xelatex)

Sphinx reads a staged copy of the sources, ``_build/src/<edition>/``, because the two editions
show different executed notebooks (``notebooks/`` with English figures, ``notebooks/zh/`` with
Chinese ones) under the same page names, so that one gettext catalogue serves both. Staging also
adds what the book needs and the notebooks should not carry: a numbered caption on each figure and
table (``book/captions.yaml``), code cells collapsed, every figure and table file linked for download,
and the claims, data, execution-facts and glossary pages, generated from data at build time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(BOOK))

import pages  # noqa: E402 - book/pages.py, the generated pages
import pdfpages  # noqa: E402 - book/pdfpages.py, a paper's page for LaTeX
import staging  # noqa: E402 - book/staging.py, notebooks as book pages

BUILD = ROOT / "_build"
EDITIONS = {"en": "en", "zh": "zh_CN"}  # edition -> Sphinx language
GLOSSARY = BOOK / "glossary.yaml"
CATALOGUES = BOOK / "locales" / "zh_CN" / "LC_MESSAGES"
SPHINX_FLAGS = ["-W", "--keep-going", "-n", "-q", "-E", "-j", "1"]


def stage(edition: str) -> Path:
    src = BUILD / "src" / edition
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for page in (BOOK / "pages").glob("*.md"):
        if page.name == "index.md":  # with the claims map's numbers
            pages.write_index(page, src / page.name, BOOK / "claims.yaml")
        else:
            shutil.copy(page, src / page.name)
    shutil.copy(ROOT / "CITATION.cff", src / "CITATION.cff")
    captions = yaml.safe_load((BOOK / "captions.yaml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((BOOK / "claims.yaml").read_text(encoding="utf-8"))
    for notebook in staging.notebook_stems(ROOT):
        staging.stage_notebook(ROOT, notebook, edition, captions.get(notebook, {}), src / "papers",
                               claims_summary(claims, notebook))
    pages.write_claims(ROOT, BOOK / "claims.yaml", src / "claims.md")
    pages.write_data(ROOT, src / "data.md", src / "data")
    pages.write_execution(ROOT, edition, src / "execution.md")
    pages.write_glossary(GLOSSARY, edition, src / "glossary.md")
    return src


def claims_summary(claims: dict, notebook: str) -> str | None:
    """The claims map's numbers for a paper's page, after its first cell."""
    return (f"**{claims['page_summary']}**\n\n" + pages.claims_summary(claims, notebook)
            if any(p["notebook"] == notebook for p in claims["papers"]) else None)


def search_words() -> Path:
    """The glossary's Chinese terms as jieba's user dictionary (one per line), so that the Chinese
    search indexes them whole instead of splitting them (conf.py hands it to Sphinx)."""
    words = BUILD / "search" / "glossary-words.txt"
    words.parent.mkdir(parents=True, exist_ok=True)
    words.write_text("\n".join(pages.glossary_words(pages.load_glossary(GLOSSARY))) + "\n", encoding="utf-8")
    return words


def stage_mathjax() -> Path:
    """MathJax 3 from the ``django-static-mathjax`` wheel (the files only, Apache-2.0)."""
    import mathjax

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = BUILD / "static" / "mathjax" / "es5"
    if not (target / "tex-mml-chtml.js").is_file():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*-full*", "*-svg*", "*speech*", "sre"))
    return BUILD / "static"


def sphinx(builder: str, src: Path, out: Path, language: str, **extra_env: str) -> None:
    env = {**os.environ, **extra_env, "CLUSTERMODELS_BOOK_STATIC": str(stage_mathjax()), "CLUSTERMODELS_BOOK_EXTRA": str(src / "_extra"),
           "CLUSTERMODELS_BOOK_EDITION": language.split("_")[0], "CLUSTERMODELS_BOOK_SEARCH_WORDS": str(search_words())}
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(BOOK), *SPHINX_FLAGS,
           "-D", f"language={language}", "-d", str(BUILD / "doctrees" / f"{builder}-{language}"), str(src), str(out)]
    subprocess.run(cmd, check=True, env=env)


def extract() -> Path:
    """The English text as gettext templates, ``_build/gettext/*.pot``."""
    out = BUILD / "gettext"
    shutil.rmtree(out, ignore_errors=True)
    sphinx("gettext", stage("en"), out, "en")
    (out / "glossary.pot").unlink()  # the glossary page is written in each edition's language (pages.py)
    # the themes' labels (book/_templates/ overrides): book/locales/zh_CN/LC_MESSAGES/sphinx.po is kept
    # by hand, with labels the themes use that no template of ours names
    (out / "sphinx.pot").unlink(missing_ok=True)
    import catalogues  # book/catalogues.py: the run-time text's templates beside Sphinx's

    problems = catalogues.extract_runtime(ROOT, out / "runtime")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"book: {len(problems)} run-time message(s) cannot be translated (above)")
    return out


def update_catalogues() -> None:
    import catalogues  # book/catalogues.py

    pot = extract()
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-d", str(BOOK / "locales"),
                    "-l", "zh_CN", "-w", "0"], check=True)
    filled = catalogues.fill_nothing_to_translate(BOOK / "locales" / "zh_CN" / "LC_MESSAGES")
    print(f"{filled} message(s) with nothing to translate (file links, formulas) copied as they are")


def offer_committed_notebooks(edition: str, out: Path) -> None:
    """A page's download button offers its source; for a paper that is the committed executed
    notebook of the edition (the Chinese one with its markdown in Chinese), not the staged copy."""
    for stem in staging.notebook_stems(ROOT):
        shutil.copy(staging.edition_paths(ROOT, stem, edition)[0], out / "_sources" / "papers" / f"{stem}.ipynb")


def stage_pdf(edition: str) -> Path:
    """The paper pages for the PDFs (book/pdfpages.py), and an index that only lists them."""
    src = BUILD / "src-pdf" / edition
    shutil.rmtree(src, ignore_errors=True)
    stems = staging.notebook_stems(ROOT)
    (src / "papers").mkdir(parents=True)
    (src / "_extra").mkdir()  # conf.py's html_extra_path, which the LaTeX builder checks too
    (src / "index.md").write_text("# Papers\n\n```{toctree}\n:hidden:\n\n"
                                  + "".join(f"papers/{stem}\n" for stem in stems) + "```\n", encoding="utf-8")
    captions = yaml.safe_load((BOOK / "captions.yaml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((BOOK / "claims.yaml").read_text(encoding="utf-8"))
    for stem in stems:
        page = staging.stage_notebook(ROOT, stem, edition, captions.get(stem, {}), src / "papers",
                                      claims_summary(claims, stem), pdf=True)
        pdfpages.finish(ROOT, page, stem, edition, pdfpages.paper_title(stem, edition))
    return src


PDF_AUTHOR = {"en": "Cluster Models Compendium contributors", "zh": "产业集群模型汇编的贡献者"}


def latex_pdf(tex: Path) -> Path:
    """One PDF from Sphinx's LaTeX: xelatex, as often as latexmk finds the references need."""
    subprocess.run(["latexmk", "-norc", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-silent", tex.name],
                   cwd=tex.parent, check=True, stdout=subprocess.DEVNULL)
    return tex.with_suffix(".pdf")


def build_pdf() -> None:
    """Each paper as a PDF per edition, from the same notebooks and catalogues as the HTML (Sphinx's
    LaTeX builder, then xelatex), into ``_build/pdf/{en,zh}/``; copied beside the HTML pages, whose
    download button links them (conf.py), when the HTML is built."""
    from concurrent.futures import ThreadPoolExecutor

    if shutil.which("xelatex") is None or shutil.which("latexmk") is None:
        sys.exit("book pdf: xelatex and latexmk are needed (Debian: the packages .ci/run installs)")
    start = time.perf_counter()
    stems = staging.notebook_stems(ROOT)
    texs = []
    for edition, language in EDITIONS.items():
        documents = [(f"papers/{stem}", f"{stem}.tex", "", PDF_AUTHOR[edition], "howto") for stem in stems]
        out = BUILD / "latex" / edition
        shutil.rmtree(out, ignore_errors=True)
        sphinx("latex", stage_pdf(edition), out, language, CLUSTERMODELS_BOOK_LATEX_DOCUMENTS=json.dumps(documents))
        texs += [out / f"{stem}.tex" for stem in stems]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two xelatex at once: CI has two cores
        pdfs = list(pool.map(latex_pdf, texs))
    for edition in EDITIONS:
        shutil.rmtree(BUILD / "pdf" / edition, ignore_errors=True)
        (BUILD / "pdf" / edition).mkdir(parents=True)
    for pdf in pdfs:
        edition = pdf.parent.name
        shutil.copy(pdf, BUILD / "pdf" / edition / pdf.name)
        if (BUILD / "html" / edition).is_dir():
            (BUILD / "html" / edition / "pdf").mkdir(exist_ok=True)
            shutil.copy(pdf, BUILD / "html" / edition / "pdf" / pdf.name)
    print(f"{len(pdfs)} PDFs built in {time.perf_counter() - start:.0f} s: {BUILD / 'pdf'}")


def write_root_index() -> None:
    (BUILD / "html" / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        "<title>Cluster models · 产业集群模型</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="en/_static/favicon.svg"></head>\n'
        '<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">\n'
        "<h1>Cluster models · 产业集群模型</h1>\n"
        "<p>Four Chinese papers on industrial clusters, resources and the environment, as executable papers.</p>\n"
        "<p>四篇关于产业集群、资源与环境的中文论文的可执行复现。</p>\n"
        '<ul><li><a href="en/index.html" hreflang="en">English edition</a></li>\n'
        '<li><a href="zh/index.html" hreflang="zh" lang="zh">中文版</a></li></ul>\n</body></html>\n',
        encoding="utf-8")


def build() -> None:
    import catalogues  # book/catalogues.py

    start = time.perf_counter()
    problems = catalogues.check(extract(), CATALOGUES)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"book: the Chinese catalogues are behind the English text ({len(problems)} problem(s) above); "
                 f"run `python book/build.py gettext` and translate the new or changed entries in book/locales/zh_CN/")
    problems = catalogues.check_terms(pages.load_glossary(GLOSSARY), CATALOGUES)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"book: the Chinese catalogues depart from the glossary ({len(problems)} problem(s) above); "
                 f"use the paper's words as book/glossary.yaml lists them")
    for edition, language in EDITIONS.items():
        out = BUILD / "html" / edition
        shutil.rmtree(out, ignore_errors=True)
        sphinx("html", stage(edition), out, language)
        offer_committed_notebooks(edition, out)
        if (BUILD / "pdf" / edition).is_dir():  # the papers' PDFs, when built (build_pdf)
            shutil.copytree(BUILD / "pdf" / edition, out / "pdf")
    write_root_index()
    print(f"book built in {time.perf_counter() - start:.0f} s: open {BUILD / 'html' / 'index.html'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["gettext"]:
        update_catalogues()
    elif sys.argv[1:] == ["pdf"]:
        build_pdf()
    elif not sys.argv[1:]:
        build()
    else:
        sys.exit("usage: python book/build.py [gettext | pdf]")
