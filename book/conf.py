"""Sphinx configuration of the book; one file for both editions (``-D language=zh_CN`` for the
Chinese one). ``book/build.py`` stages the sources (pages, executed notebooks, files) into
``_build/src/<edition>/`` and runs Sphinx with ``-c book``; see that script for why."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
sys.path.insert(0, str(BOOK))
import pagefixes  # noqa: E402 - book/pagefixes.py: the rendered pages adjusted for phones, screen readers and weight
import repository  # noqa: E402 - book/repository.py: the link to the code, from CITATION.cff
STAGED_STATIC = Path(os.environ["CLUSTERMODELS_BOOK_STATIC"])  # MathJax copied by build.py

project = "Cluster models"
author = "Cluster Models Compendium contributors"
copyright = "2026, " + author  # noqa: A001 - Sphinx's name
extensions = ["myst_nb"]
exclude_patterns = ["**.ipynb_checkpoints", "data/**", "papers/files/**", "_extra/**"]  # files offered for download
templates_path = [str(BOOK / "_templates")]

# Render the committed executed notebooks as they are: the book shows what nbval checks.
nb_execution_mode = "off"
nb_merge_streams = True
if os.environ.get("CLUSTERMODELS_BOOK_EDITION") == "zh":  # set by build.py; -D language is applied after this file
    nb_code_prompt_show, nb_code_prompt_hide = "显示代码", "隐藏代码"
    # the glossary's Chinese terms (written by build.py from book/glossary.yaml) as jieba's user
    # dictionary: 超网络, 影响力系数, ... are then indexed whole instead of split into pieces
    html_search_options = {"dict": os.environ["CLUSTERMODELS_BOOK_SEARCH_WORDS"]}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
# prose a cell writes (text/markdown) parsed like the pages, with its $math$: the HTML edition
# turns it into HTML first (book/staging.py), the PDFs leave it to MyST-NB
nb_render_markdown_format = "myst"
myst_heading_anchors = 3
numfig = True  # numbered captions; the number is the paper's or ours (book/numbering.py), set by number_figures
numfig_format = {"figure": "%s", "table": "%s"}  # the whole label ("Fig. A1", "附表A1") is the "number"

# Translation: gettext catalogues in book/locales/<lang>/LC_MESSAGES/, one per page.
locale_dirs = [str(BOOK / "locales")]
gettext_compact = False
gettext_uuid = False
gettext_location = False  # no line numbers in the .pot: a moved paragraph changes no catalogue

# MathJax 3 served from the build, never a CDN.
mathjax_path = "mathjax/es5/tex-mml-chtml.js"
mathjax3_config = {  # psmallmatrix (paper 1) is in mathtools, which MathJax does not load by itself
    "loader": {"load": ["[tex]/mathtools"]},
    "tex": {"packages": {"[+]": ["mathtools"]}},
}

html_theme = "sphinx_book_theme"
html_title = "Cluster models"
html_static_path = [str(BOOK / "_static"), str(STAGED_STATIC)]
html_extra_path = [os.environ["CLUSTERMODELS_BOOK_EXTRA"]]  # papers/tables/…: the CSVs that tables link to
html_css_files = ["book.css"]
html_show_sourcelink = False
html_copy_source = True  # the download button offers the page source (the executed notebook)
html_last_updated_fmt = None
html_theme_options = {
    # the code and issue-tracker links: shown once CITATION.cff has a repository-code address
    **repository.theme_options(repository.address(BOOK.parent / "CITATION.cff")),
    "use_download_button": True,
    "article_header_end": ["lang-switch-header.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
}
if os.environ.get("CLUSTERMODELS_BOOK_EDITION") == "zh":
    html_theme_options["search_bar_text"] = "搜索本书……"
html_sidebars = {"**": ["sidebar-logo.html", "lang-switch.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_context = {"editions": [("en", "English"), ("zh", "中文")], "default_mode": "auto"}  # light or dark as the reader's system
html_favicon = str(BOOK / "_static" / "favicon.svg")  # also spares the browser a request for /favicon.ico

# Each paper as a PDF (book/build.py pdf): build.py names the documents; xelatex, for the fonts.
# DejaVu has the symbols the pages use (⁴⁸ ≤ ≥ —; ✓ ✗ only in the sans), Noto CJK the Chinese.
latex_engine = "xelatex"
# the title page's date: the checkout's commit date, not the build's, so a rebuild prints the same PDF text
_commit_date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=BOOK, capture_output=True, text=True).stdout.strip()
if _commit_date:
    today = _commit_date
latex_documents = [tuple(d) for d in json.loads(os.environ.get("CLUSTERMODELS_BOOK_LATEX_DOCUMENTS", "[]"))]
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "sphinxsetup": "hmargin={2cm,2cm}, vmargin={2.2cm,2.2cm}",
    "fontpkg": "\n".join([  # xeCJK in both editions: the English one names the papers in Chinese too
        "\\setmainfont{DejaVu Serif}", "\\setsansfont{DejaVu Sans}", "\\setmonofont{DejaVu Sans Mono}[Scale=0.85]",
        "\\usepackage{xeCJK}", "\\setCJKmainfont{Noto Serif CJK SC}", "\\setCJKsansfont{Noto Sans CJK SC}",
        "\\setCJKmonofont{Noto Sans Mono CJK SC}", ""]),
    "tableofcontents": "",
    "printindex": "",
    "figure_align": "htbp",
    "preamble": "\n".join([
        "\\setcounter{secnumdepth}{-1}",  # the notebooks' headings carry their own numbers
        "\\usepackage{mathtools}",  # psmallmatrix (paper 1)
        "\\usepackage{newunicodechar}",
        "\\newfontfamily\\symbolfont{DejaVu Sans}",
        "\\newunicodechar{✓}{{\\symbolfont ✓}}",
        "\\newunicodechar{✗}{{\\symbolfont ✗}}",
        "\\newcommand{\\breakableunderscore}{\\textunderscore\\allowbreak}",  # in tables (book/pdfpages.py)
        # a figure with its caption on one page: the image at most 85 % of the page's text height
        "\\makeatletter\\AtBeginDocument{\\spx@image@maxheight=0.85\\textheight}\\makeatother",
        "\\usepackage{caption}",
        "\\captionsetup{labelsep=" + ("quad" if os.environ.get("CLUSTERMODELS_BOOK_EDITION") == "zh" else "period") + "}",
    ]),
}

if os.environ.get("CLUSTERMODELS_BOOK_EDITION") != "zh":  # English quotes and dashes, not full-width ones
    latex_elements["preamble"] += "\n\\xeCJKDeclareCharClass{Default}{\"2013,\"2014,\"2018,\"2019,\"201C,\"201D}"


GLOSSARY_WORDS = set()
if os.environ.get("CLUSTERMODELS_BOOK_SEARCH_WORDS"):
    GLOSSARY_WORDS = set(Path(os.environ["CLUSTERMODELS_BOOK_SEARCH_WORDS"]).read_text(encoding="utf-8").split())


def setup(app):
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        """Sphinx 9.0's Chinese search ships the English stemmer (for Latin words) but names it
        ChineseStemmer in language_data.js, an error on every page; name the one it ships."""

        language_name = "English"

        def word_filter(self, stemmed_word: str) -> bool:
            """Sphinx drops one-character words; keep the glossary's (核, the core)."""
            return super().word_filter(stemmed_word) or stemmed_word in GLOSSARY_WORDS

    app.add_search_language(ChineseSearch)
    if (app.config.language or "").startswith("zh"):
        load_theme_catalogue(app, "booktheme")
    app.connect("env-get-updated", number_figures, priority=900)  # after Sphinx has counted them
    app.connect("doctree-resolved", describe_figures)
    app.connect("doctree-resolved", number_latex_figures)
    app.connect("html-page-context", mark_outputs)
    app.connect("html-page-context", pagefixes.adjust_page)
    app.connect("html-page-context", offer_pdf, priority=600)  # after the theme's buttons (501)


def number_figures(app, env):
    """Each figure's and table's number is the one book/captions.yaml gives it (the image title's),
    not Sphinx's running count: its label replaces the count, so that the caption and every
    ``{numref}`` read "Fig. A1" / "附图A1". A numbered figure without one is an error."""
    sys.path.insert(0, str(BOOK))
    import numbering  # book/numbering.py

    labels = numbering.labels(numbering.load(), app.config.language or "en")
    ids = {(docname, labelid): name for name, (docname, labelid) in env.domains.standard_domain.anonlabels.items()}
    for docname, kinds in env.toc_fignumbers.items():
        for kind, numbers in kinds.items():
            for node_id in numbers:
                name = ids.get((docname, node_id))
                if name not in labels:
                    raise ValueError(f"{docname}: {kind} {node_id} has no number in book/captions.yaml")
                numbers[node_id] = (labels[name],)
    return []


PDF_TOOLTIP = {"en": "Download this paper as a PDF", "zh": "下载本论文的 PDF"}


def offer_pdf(app, pagename, templatename, context, doctree):
    """A paper's page offers its PDF (``_build/pdf/``, book/build.py pdf, copied to ``pdf/`` beside
    the pages) where the theme offers the browser's print of the page."""
    if not pagename.startswith("papers/"):
        return
    edition = "zh" if (app.config.language or "").startswith("zh") else "en"
    for group in context.get("header_buttons", []):
        for index, button in enumerate(group.get("buttons", [])):
            if button.get("label") == "download-pdf-button":
                group["buttons"][index] = {
                    "type": "link", "url": context["pathto"](f"pdf/{pagename.split('/')[-1]}.pdf", 1),
                    "text": ".pdf", "tooltip": PDF_TOOLTIP[edition], "icon": "fas fa-file-pdf",
                    "label": "download-pdf-button"}


def number_latex_figures(app, doctree, docname):
    """In a PDF, LaTeX counts figures and tables itself: each is given its label from
    book/captions.yaml ("Fig.~A1", "附表A1") just before it, for its caption and references. And a
    long formula is set smaller, to fit the page."""
    if app.builder.format != "latex":
        return
    from docutils import nodes
    import numbering  # book/numbering.py

    for block in list(doctree.findall(nodes.math_block)):  # a formula wider than the page in a smaller font
        size = "\\footnotesize" if len(block.astext()) > 150 else "\\small" if len(block.astext()) > 100 else None
        if size:
            block.parent.insert(block.parent.index(block), nodes.raw("", f"\\begingroup{size}\n", format="latex"))
            block.parent.insert(block.parent.index(block) + 1, nodes.raw("", "\\endgroup\n", format="latex"))
    labels = numbering.labels(numbering.load(), app.config.language or "en")
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.figure, nodes.table)))):
        name = next((n for n in node.get("names", []) if n in labels), None)
        if name is not None:
            counter = "figure" if isinstance(node, nodes.figure) else "table"
            label = labels[name].replace(". ", ".~")
            node.parent.insert(node.parent.index(node),
                               nodes.raw("", f"\\renewcommand{{\\the{counter}}}{{{label}}}\n", format="latex"))


def describe_figures(app, doctree, docname):
    """Each figure's image described by its caption (as translated for the edition), not by the
    file path MyST-NB puts in ``alt``."""
    from docutils import nodes

    for figure in doctree.findall(nodes.figure):
        captions = list(figure.findall(nodes.caption))
        if not captions:
            continue
        text = " ".join(captions[0].astext().split())
        for image in figure.findall(nodes.image):
            image["alt"] = text


STREAM = re.compile(r'(<div class="output (?:stream|text_plain)[^"]*")(>\s*<div class="highlight"><pre>)(.*?)(</pre>)',
                    re.DOTALL)
CJK = re.compile(r"[\u3400-\u9fff]")
CAPTION_NUMBER = re.compile(r'(<span class="caption-number">(?:Fig\.|Table) A?\d+) </span>')
# docutils closes a figure's <figcaption> at the end of the figure (a legend may follow): a table's
# caption, which comes first, would hold the table
TABLE_CAPTION = re.compile(r'(<figure class="numbered-table[^"]*"[^>]*>\s*<figcaption>\s*<p>.*?</p>\n)'
                           r'(.*?)</figcaption>(\s*</figure>)', re.DOTALL)


def mark_outputs(app, pagename, templatename, context, doctree):
    """MyST-NB names each collapsed cell's toggle "Toggle hidden content" (aria-label), which hides
    its visible text ("Show code cell source", in the edition's language) from screen readers and
    fails axe's label-content-name-mismatch: the label is dropped, so the toggle is named by its
    text. A table's caption is closed before the table. In the English edition a caption's number
    ends with a full stop ("Fig. A1. The ..."). In the Chinese edition, text the code printed with
    no Chinese in it is marked ``lang="en"`` (the notebooks' printed output is English)."""
    if "body" not in context:
        return
    body = context["body"].replace('<summary aria-label="Toggle hidden content">', "<summary>")
    body = TABLE_CAPTION.sub(r"\1</figcaption>\n\2\3", body)
    if not (app.config.language or "").startswith("zh"):
        body = CAPTION_NUMBER.sub(r"\1. </span>", body)
    if (app.config.language or "").startswith("zh"):
        body = STREAM.sub(lambda m: (m.group(1) + ' lang="en"' if not CJK.search(m.group(3)) else m.group(1))
                          + m.group(2) + m.group(3) + m.group(4), body)
    context["body"] = body


def load_theme_catalogue(app, domain: str) -> None:
    """``book/locales/zh_CN/LC_MESSAGES/<domain>.po`` ahead of the theme's own catalogue of that
    domain (the theme adds its own later, as a fallback for what ours lacks)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = BOOK / "locales" / app.config.language / "LC_MESSAGES" / f"{domain}.po"
    target = Path(app.doctreedir).parent / "theme-locales" / app.config.language / "LC_MESSAGES" / f"{domain}.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as po, target.open("wb") as mo:
        write_mo(mo, read_po(po, locale=app.config.language))
    app.add_message_catalog(domain, str(target.parents[2]))
