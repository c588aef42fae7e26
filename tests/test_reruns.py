"""Reruns keep their promises: a bad input stops with one line naming it and leaves the checkout
untouched; committed folders cannot be written by a rerun, whatever the route; runs are atomic."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clustermodels import cli, outputs, paths

ROOT = paths.repo_root()
SKIP = {".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache", ".ipynb_checkpoints", "_build"}


def snapshot() -> dict[str, str]:
    """Every file in the checkout (but git's, the environment's and runs/.cache, a content-keyed
    cache that tests running in parallel may fill) with a hash of its bytes."""
    out = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP and not d.endswith(".egg-info")
                   and Path(folder, d) != ROOT / "runs" / ".cache"]
        for name in files:
            path = Path(folder) / name
            out[str(path.relative_to(ROOT))] = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else "link"
    return out


@pytest.fixture
def untouched():
    before = snapshot()
    yield
    after = snapshot()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"files appeared or changed: {changed[:10]}"


def cli_error(capsys, argv) -> str:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err  # one line, no traceback
    return err


BAD_CLI = [  # argv, words the message must contain
    (["run", "01", "-p", "discard_tax", "-.inf"], "'discard_tax'"),
    (["run", "01", "-p", "weights", "[0.5, 0.5, 0.5]"], "'weights'"),
    (["run", "01", "-p", "tolerance", "1e-30"], "'tolerance'"),
    (["run", "02", "-p", "time_step", "-1"], "'time_step'"),
    (["run", "02", "-p", "lang", "fr"], "'lang'"),
    (["run", "03", "-p", "ranges", "[0.05, -0.1, 0.02, 0.05]"], "'ranges'"),
    (["run", "03", "-p", "range_reading", "each"], "'range_reading'"),
    (["run", "04", "-p", "shared_supply", "-5"], "'shared_supply'"),
    (["run", "04", "-p", "coalitions", "[[1, 9]]"], "'coalitions'"),
    (["run", "02", "-p", "colour", "red"], "'colour'"),
    (["run", "02", "-p", "lang"], "-p needs a NAME and a VALUE"),
    (["run", "02", "-p", "lookup_y", "[0, 3"], "-p lookup_y"),
    (["run", "09"], "not found"),
    (["run", "02", "-f", "missing.yaml"], "no such file"),
    (["run", "02", "-f", "data"], "is a folder"),
    (["run", "02", "--out", str(ROOT)], "repository"),
    (["run", "02", "--out", str(ROOT.parent)], "repository"),
    (["run", "02", "--out", str(ROOT / ".git" / "x")], "committed folder"),
    (["run", "02", "--out", str(ROOT / "figures" / "02_innovation_network_dynamics")], "committed folder"),
    (["run", "02", "--out", str(ROOT / "data")], "committed folder"),
    (["run", "02", "--out", "/usr"], "not empty"),
    (["run", "02", "--out", str(ROOT / "README.md")], "is a file"),
]


@pytest.mark.parametrize("argv, words", BAD_CLI, ids=[" ".join(a)[:40] for a, _ in BAD_CLI])
def test_bad_command_lines_stop_with_one_line_and_write_nothing(capsys, untouched, argv, words):
    assert words in cli_error(capsys, argv)


@pytest.mark.parametrize("content, words", [
    ("- 1\n- 2\n", "mapping"), ("3\n", "mapping"), ("lang: [\n", "not valid YAML"),
    ("1: en\n", "parameter names must be text"), (b"\x89PNG\x00\xff", "not a text"),
    ("lang: fr\n", "'lang'"),
])
def test_bad_parameter_files_stop_with_one_line(capsys, tmp_path, content, words):
    f = tmp_path / "p.yaml"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = snapshot()
    assert words in cli_error(capsys, ["run", "02", "-f", str(f)])
    assert snapshot() == before


def test_numbers_are_read_as_people_write_them():
    assert cli.read_value("tolerance", "1e-8") == 1e-8
    assert cli.read_value("x", "2E3") == 2000.0 and cli.read_value("x", "12") == 12
    assert cli.read_value("x", "[1e-3, 0.5]") == [0.001, 0.5] and cli.read_value("x", "en") == "en"


def test_an_output_folder_not_made_by_run_is_refused_but_ours_is_reused(tmp_path):
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "notes.txt").write_text("keep")
    with pytest.raises(cli.UserError, match="not empty"):
        cli.output_folder(cli.find_notebook("02"), {}, str(tmp_path / "theirs"))
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / cli.MARKER).write_text("02\n")
    (tmp_path / "ours" / "fig1.png").write_text("old")
    assert cli.output_folder(cli.find_notebook("02"), {}, str(tmp_path / "ours")) == (tmp_path / "ours").resolve()
    link = tmp_path / "link"
    link.symlink_to(ROOT / "figures" / "02_innovation_network_dynamics")
    with pytest.raises(cli.UserError, match="committed folder"):
        cli.output_folder(cli.find_notebook("02"), {}, str(link))


def test_one_tag_for_both_routes():
    d = {"a": None, "b": 1}
    assert outputs.parameters_tag(d, d) == "default"
    assert outputs.parameters_tag({"a": None, "b": 2}, d) == outputs.parameters_tag({"b": 2}, d)


def test_the_environment_variable_cannot_point_into_a_committed_folder(monkeypatch):
    monkeypatch.setenv(outputs.OUTPUT_ENV, str(ROOT / "data" / "03_industrial_structure_goal_programming"))
    with pytest.raises(outputs.ProtectedFolderError, match="committed folder") as refused:
        outputs.OutputFolder.for_run("03_x", {}, {})
    assert str(refused.value).startswith(f"{outputs.OUTPUT_ENV}={ROOT / 'data'}")  # where the path came from


def test_writes_replace_a_planted_symlink_instead_of_following_it(tmp_path):
    import pandas as pd

    target = tmp_path / "precious.json"
    target.write_text("committed")
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "results.json").symlink_to(target)
    (folder / "table1.csv").symlink_to(target)
    out = outputs.OutputFolder(folder)
    out.save_results({"a": 1})
    out.save_table(pd.DataFrame({"x": [1]}), "table1")
    assert target.read_text() == "committed"
    assert not (folder / "results.json").is_symlink() and not list(folder.glob(".*.tmp"))


def papermill(nb: str, out: Path, parameters: dict, env: dict | None = None) -> subprocess.CompletedProcess:
    code = ("import papermill as pm, sys\n"
            f"pm.execute_notebook({nb!r}, {str(out)!r}, parameters={parameters!r}, kernel_name='python3', "
            "progress_bar=False)\n")
    environ = {k: v for k, v in os.environ.items() if k != outputs.OUTPUT_ENV}
    return subprocess.run([sys.executable, "-c", code], env={**environ, **(env or {})}, capture_output=True,
                          text=True, cwd=ROOT)


def test_plain_papermill_with_an_unknown_parameter_stops_and_writes_nothing(tmp_path, untouched):
    result = papermill(str(ROOT / "notebooks" / "02_innovation_network_dynamics.ipynb"), tmp_path / "o.ipynb",
                       {"colour": "red"})
    assert result.returncode != 0 and "unknown parameter(s) 'colour'" in result.stderr + result.stdout


def test_plain_papermill_cannot_write_through_the_environment_variable(tmp_path, untouched):
    env = {outputs.OUTPUT_ENV: str(ROOT / "figures" / "02_innovation_network_dynamics")}
    result = papermill(str(ROOT / "notebooks" / "02_innovation_network_dynamics.ipynb"), tmp_path / "o.ipynb",
                       {}, env)
    assert result.returncode != 0 and "committed folder" in result.stderr + result.stdout


def _sigint_as_in_a_terminal() -> None:
    # pytest-xdist's workers ignore SIGINT and a child inherits an ignored signal, so Python in the
    # child would never raise KeyboardInterrupt: give it the default, as a terminal does
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "clustermodels.cli", "run", "02", "-p", "lang", "en",
                             "--out", str(out), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_as_in_a_terminal)


def test_identical_runs_at_once_both_succeed(tmp_path):
    out = tmp_path / "same"
    first, second = run_cli(out), run_cli(out)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0, first.stderr.read() + second.stderr.read()
    assert (out / "results.json").is_file() and (out / cli.MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["same"]  # no temporary folder left behind


def test_an_interrupted_run_leaves_no_folder_that_looks_complete(tmp_path):
    out = tmp_path / "stopped"
    proc = run_cli(out)
    time.sleep(4)  # validation done, the kernel is running
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert proc.returncode != 0
    assert not out.exists() and list(tmp_path.iterdir()) == []
