"""The record of what made each edition (clustermodels.editioncache): which editions a change
re-executes, and `clustermodels reproduce` skipping the others. On a copy of the repository whose
files are symbolic links to the real ones, so a test changes a file by replacing its link."""

import os
import shutil
from pathlib import Path

import pytest

from clustermodels import cli, editioncache
from clustermodels.paths import EDITIONS, ROOT_ENV

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WATER = "04_water_allocation_fuzzy_coalitions"
INNOVATION = "02_innovation_network_dynamics"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    for name in ("lib", "notebooks", "data", "figures", "book/locales"):
        shutil.copytree(ROOT / name, root / name, copy_function=os.symlink,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "requirements.lock", "CITATION.cff"):
        (root / name).symlink_to(ROOT / name)
    monkeypatch.setenv(ROOT_ENV, str(root))
    for stem in STEMS:
        for edition in EDITIONS:
            editioncache.remember(stem, edition, current(stem, edition))
    return root


def current(stem, edition, parameters="edition"):
    return editioncache.inputs(stem, edition, cli.edition_parameters(edition) if parameters == "edition" else parameters)


def stale() -> dict[str, list[str]]:
    """Every edition that would execute again, with its reasons."""
    out = {}
    for stem in STEMS:
        for edition in EDITIONS:
            reasons = editioncache.changes(stem, edition, current(stem, edition))
            if reasons:
                out[cli.job_name(stem, edition)] = reasons
    return out


def touch(path: Path, extra: str = "\n# touched\n") -> None:
    text = path.read_text(encoding="utf-8")
    path.unlink()  # a link to the real file: replace it, never write through it
    path.write_text(text + extra, encoding="utf-8")


def both(stem):
    return {stem, f"zh/{stem}"}


def test_nothing_changed_nothing_to_execute(repo):
    assert stale() == {}


def test_never_executed_here_executes(repo):
    editioncache._record_file(WATER, "zh").unlink()
    assert stale() == {f"zh/{WATER}": ["never executed on this machine"]}


def test_a_failed_execution_executes_again_and_says_so(repo):
    editioncache.remember_failure(WATER, "zh")  # what reproduce does when an edition fails
    assert stale() == {f"zh/{WATER}": ["its last execution here failed"]}


def test_a_change_under_water_re_executes_only_notebook_04(repo):
    touch(repo / "lib" / "clustermodels" / "water" / "stage2.py")
    changed = stale()
    assert set(changed) == both(WATER)
    assert changed[WATER] == ["package: lib/clustermodels/water/stage2.py"]


def test_a_shared_module_re_executes_all(repo):
    touch(repo / "lib" / "clustermodels" / "outputs.py")
    assert set(stale()) == {n for s in STEMS for n in both(s)}


def test_a_module_no_notebook_imports_re_executes_none(repo):
    touch(repo / "lib" / "clustermodels" / "cli.py")
    assert stale() == {}


def test_data_of_one_paper(repo):
    data = sorted((repo / "data" / INNOVATION).glob("*.yaml"))[0]
    touch(data)
    assert set(stale()) == both(INNOVATION)


def test_a_new_still_re_executes_the_edition_that_embeds_it(repo):
    still = repo / "figures" / "explore" / "zh" / f"{WATER}.png"
    image = still.read_bytes()
    still.unlink()  # a link to the real file: replace it, never write through it
    still.write_bytes(image + b"\0")
    assert stale() == {f"zh/{WATER}": [f"still: figures/explore/zh/{WATER}.png"]}


def test_run_time_catalogues_re_execute_every_chinese_edition(repo):
    touch(repo / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "runtime" / "common.po")
    assert set(stale()) == {f"zh/{s}" for s in STEMS}


def test_the_generated_parameters_cells_re_execute_every_chinese_edition(repo):
    touch(repo / "lib" / "clustermodels" / "parameter_cells.json", extra="\n")
    assert set(stale()) == {f"zh/{s}" for s in STEMS}


def test_a_papers_catalogue_re_executes_its_chinese_edition(repo):
    touch(repo / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "papers" / f"{INNOVATION}.po")
    assert set(stale()) == {f"zh/{INNOVATION}"}


def test_the_notebook_source_re_executes_both_editions(repo):
    path = repo / "notebooks" / f"{WATER}.ipynb"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text.replace("## Ran with", "## Ran with (edited)", 1), encoding="utf-8")
    assert set(stale()) == both(WATER)


def test_outputs_only_rerun_by_git_would_not_count(repo):
    """Rewriting the executed notebook's outputs (as reproduce does) is not a change of its source,
    but outputs that differ from those the edition wrote make it execute again."""
    figure = sorted((repo / "figures" / "zh" / WATER).glob("*.csv"))[0]
    touch(figure, "0\n")
    assert stale() == {f"zh/{WATER}": ["outputs: the committed notebook or figures differ from those it wrote"]}


def test_other_parameters_re_execute_that_edition(repo):
    assert editioncache.changes(WATER, "en", current(WATER, "en", {"lang": "en"})) == ['parameters: passed']
    assert editioncache.changes(WATER, "zh", current(WATER, "zh")) == []


def test_another_lock_re_executes_all(repo):
    touch(repo / "requirements.lock", "\n")
    assert set(stale()) == {n for s in STEMS for n in both(s)}


def test_reproduce_executes_only_what_changed_and_says_why(repo, monkeypatch, capsys):
    calls = []

    def fake(job):
        calls.append(cli.job_name(Path(job[0]).stem, job[1]))
        return calls[-1], True, 0.1, ""

    monkeypatch.setattr(cli, "_reproduce_one", fake)
    assert cli.reproduce([], jobs=1) == 0
    assert calls == []
    out = capsys.readouterr().out
    assert "skipped 8 edition(s)" in out and "nothing to execute" in out
    touch(repo / "lib" / "clustermodels" / "water" / "core.py")
    assert cli.reproduce([], jobs=1) == 0
    assert sorted(calls) == sorted(both(WATER))
    out = capsys.readouterr().out
    assert f"executing {WATER}: package: lib/clustermodels/water/core.py" in out
    assert "skipped 6 edition(s)" in out
    calls.clear()
    assert cli.reproduce(["04"], jobs=1) == 0  # recorded after the success: nothing left
    assert calls == []
    assert cli.reproduce(["04"], jobs=1, force=True) == 0
    assert sorted(calls) == sorted(both(WATER))
