"""book/pages.py's execution facts: which changes since a notebook's commit count as changes to
what the notebook runs (the book's own pages and templates do not; its zh catalogues do)."""

from __future__ import annotations

import subprocess
import sys

from clustermodels.paths import repo_root

sys.path.insert(0, str(repo_root() / "book"))
import pages  # noqa: E402 - book/pages.py


def git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout.strip()


def test_runs_changed_since_counts_code_data_and_the_run_catalogues_only(tmp_path):
    files = ["lib/model.py", "data/a.csv", "book/conf.py", "book/locales/zh_CN/LC_MESSAGES/index.po",
             "book/locales/zh_CN/LC_MESSAGES/runtime/01.po", "book/locales/zh_CN/LC_MESSAGES/papers/01.po",
             "notebooks/01.ipynb", "figures/01/fig1.png", "tests/test_a.py", "README.md"]
    git(tmp_path, "init", "-q")
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("before\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    commit = git(tmp_path, "rev-parse", "HEAD")
    assert pages._runs_changed_since(tmp_path, commit) == []
    for name in files:
        (tmp_path / name).write_text("after\n")
    assert sorted(pages._runs_changed_since(tmp_path, commit)) == [
        "book/locales/zh_CN/LC_MESSAGES/papers/01.po", "book/locales/zh_CN/LC_MESSAGES/runtime/01.po",
        "data/a.csv", "lib/model.py"]
    assert pages._runs_changed_since(tmp_path, "not-a-commit") is None
