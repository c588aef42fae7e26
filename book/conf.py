"""Sphinx configuration of the book; one file for both editions (``-D language=zh_CN`` for the
Chinese one). ``book/build.py`` stages the sources (pages, executed notebooks, files) into
``_build/src/<edition>/`` and runs Sphinx with ``-c book``; see that script for why."""

import os
from pathlib import Path

BOOK = Path(__file__).resolve().parent
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
myst_heading_anchors = 3
numfig = True  # numbered figure captions: "Fig. 2.4" is the fourth figure of paper 2
numfig_secnum_depth = 1  # with the papers' toctree :numbered:; setup() drops the section numbers

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
    "use_repository_button": False,  # no public repository address yet (see CITATION.cff)
    "use_download_button": True,
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
}
html_sidebars = {"**": ["navbar-logo.html", "lang-switch.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_context = {"editions": [("en", "English"), ("zh", "中文")], "default_mode": "auto"}  # light or dark as the reader's system
html_favicon = str(BOOK / "_static" / "favicon.svg")  # also spares the browser a request for /favicon.ico


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
    app.connect("env-get-updated", drop_section_numbers, priority=900)


def drop_section_numbers(app, env):
    """The papers' toctree is numbered only so that figures are numbered by paper (Fig. 2.4);
    the notebooks number their own sections, so Sphinx's section numbers are dropped once the
    figure numbers have been assigned."""
    from docutils import nodes

    for toc in env.tocs.values():
        for reference in toc.findall(nodes.reference):
            reference.attributes.pop("secnumber", None)
    env.toc_secnumbers = {}
    return []
