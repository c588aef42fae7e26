"""The link to the code and the issue tracker: one setting, CITATION.cff's ``repository-code``.
A one-page book with the theme built both ways: with an address the page links to the code and
the issues, without one (as now) it shows neither."""

from __future__ import annotations

import subprocess
import sys

import pytest

from clustermodels.paths import repo_root

sys.path.insert(0, str(repo_root() / "book"))
import repository  # noqa: E402 - book/repository.py

ADDRESS = "https://github.com/example-owner/cluster-models"


def test_the_address_is_read_from_the_citation_file(tmp_path):
    citation = tmp_path / "CITATION.cff"
    citation.write_text(f"cff-version: 1.2.0\ntitle: x\nrepository-code: {ADDRESS}/\n", encoding="utf-8")
    assert repository.address(citation) == ADDRESS
    citation.write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    assert repository.address(citation) == ""
    assert repository.address(repo_root() / "CITATION.cff") == ""  # no public address yet: nothing shown


@pytest.mark.parametrize("url", ["http://github.com/a/b", "https://example.org/a/b", "https://github.com/a"])
def test_an_address_the_theme_cannot_link_is_refused_naming_the_setting(url):
    with pytest.raises(ValueError, match="CITATION.cff repository-code"):
        repository.theme_options(url)


@pytest.mark.parametrize("url", [ADDRESS, ""], ids=["with-address", "without"])
def test_the_pages_link_to_the_code_and_issues_only_when_an_address_is_set(tmp_path, url):
    pytest.importorskip("sphinx_book_theme", reason="the book's packages are not installed (pip install -e '.[book]')")
    (tmp_path / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(repo_root() / 'book')!r})\n"
        "import repository\n"
        "html_theme = 'sphinx_book_theme'\n"
        f"html_theme_options = repository.theme_options({url!r})\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nText.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(tmp_path), str(tmp_path / "out")],
                   check=True)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    if url:
        assert f'href="{ADDRESS}"' in page and f'href="{ADDRESS}/issues/new?' in page
    else:
        assert "example-owner" not in page and "repository-button" not in page and "/issues/new" not in page
