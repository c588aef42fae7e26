"""requirements.lock: the exact environment, in agreement with pyproject.toml (rerun `make lock`
when this fails), used by every way of installing the compendium, and recorded by each notebook."""

import re
import shutil
from pathlib import Path

import pytest

from clustermodels import lockfile, provenance

ROOT = Path(__file__).resolve().parents[1]


def test_the_lock_agrees_with_pyproject():
    assert lockfile.disagreements(ROOT) == [], "pyproject.toml changed: run `make lock`"


def test_every_locked_package_has_a_hash():
    text = (ROOT / lockfile.LOCK_NAME).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    pinned = [b for b in blocks if lockfile.PINNED.match(b)]
    assert len(pinned) == len(lockfile.read_lock(ROOT)["versions"]) > 50
    assert [b.splitlines()[0] for b in pinned if "--hash=sha256:" not in b] == []


@pytest.fixture
def project(tmp_path):
    for name in ("pyproject.toml", lockfile.LOCK_NAME):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_range_the_locked_version_misses_is_caught(project):
    edit(project / "pyproject.toml", '"numpy>=2.0,<3"', '"numpy>=99"')
    assert lockfile.disagreements(project) == [
        f"numpy>=99 (pyproject.toml) but {lockfile.LOCK_NAME} pins numpy=={lockfile.read_lock(ROOT)['versions']['numpy']}"]


def test_a_new_dependency_is_caught(project):
    edit(project / "pyproject.toml", '"babel>=2.14",', '"babel>=2.14", "left-pad-nowhere>=1",')
    assert lockfile.disagreements(project) == [f"left-pad-nowhere>=1 (pyproject.toml) is not in {lockfile.LOCK_NAME}"]


def test_a_new_extra_dependency_is_caught(project):
    edit(project / "pyproject.toml", 'lab = ["jupyterlab>=4.2",', 'lab = ["jupyterlab>=4.2", "voila>=0.5",')
    assert any(p.startswith("voila>=0.5") for p in lockfile.disagreements(project))


def test_a_removed_dependency_leaves_a_stale_lock(project):
    edit(project / "pyproject.toml", '"tqdm>=4.66",', "")
    assert lockfile.disagreements(project) == [
        f"{lockfile.LOCK_NAME} still takes tqdm from pyproject.toml, which no longer names it"]


def test_a_python_the_project_excludes_is_caught(project):
    edit(project / "pyproject.toml", 'requires-python = ">=3.11"', 'requires-python = ">=3.12"')
    assert lockfile.disagreements(project) == [
        f"{lockfile.LOCK_NAME} is made for Python 3.11, outside requires-python >=3.12"]


def test_every_install_route_uses_the_lock_and_its_python():
    python = lockfile.read_lock(ROOT)["python"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"--require-hashes -r {lockfile.LOCK_NAME}" in makefile
    assert f"--python-version {python}" in makefile  # `make lock` makes the lock it checks
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert f"- python={python}\n" in environment and f"-r {lockfile.LOCK_NAME}" in environment
    assert (ROOT / ".binder" / "runtime.txt").read_text().strip() == f"python-{python}"
    assert f"-r ../{lockfile.LOCK_NAME}" in (ROOT / ".binder" / "requirements.txt").read_text()
    assert "make test" in (ROOT / ".ci" / "run").read_text()  # whose install rule is the Makefile's


def test_the_notebooks_record_the_locks_hash():
    line = f"{lockfile.LOCK_NAME} sha256 {lockfile.lock_hash(ROOT)}"
    assert re.fullmatch(r"[0-9a-f]{12}", lockfile.lock_hash(ROOT))
    assert line in provenance.report().splitlines()[-2]
