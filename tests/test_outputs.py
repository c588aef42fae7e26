import subprocess
import sys

import matplotlib.pyplot as plt
import pytest

from clustermodels import cli, outputs, paths, style


def test_a_notebook_never_writes_figures_itself(monkeypatch):
    # default parameters outside `clustermodels reproduce` (JupyterLab, plain papermill) go to runs/
    monkeypatch.delenv(outputs.OUTPUT_ENV, raising=False)
    folder = outputs.OutputFolder.for_run("02_x", {"a": None}, {"a": None})
    assert folder.path == paths.runs_dir() / "02_x" / "default"


def test_other_parameters_write_to_runs(monkeypatch):
    monkeypatch.delenv(outputs.OUTPUT_ENV, raising=False)
    folder = outputs.OutputFolder.for_run("02_x", {"a": 1}, {"a": None})
    assert paths.runs_dir() in folder.path.parents and not paths.is_protected(folder.path)


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv(outputs.OUTPUT_ENV, str(tmp_path))
    monkeypatch.setenv(outputs.SHOWN_ENV, "figures/02_x")
    folder = outputs.OutputFolder.for_run("02_x", {}, {})
    assert folder.path == tmp_path.resolve() and folder.describe() == "outputs go to figures/02_x/"


def test_protected_folders():
    root = paths.repo_root()
    assert paths.is_protected(root / "figures" / "02_x")
    assert paths.is_protected(root / "notebooks")
    assert not paths.is_protected(root / "runs" / "x")


def test_run_refuses_an_output_folder_inside_figures():
    with pytest.raises(cli.UserError, match="inside a committed folder"):
        cli.run("02", [], [], str(paths.repo_root() / "figures" / "02_innovation_network_dynamics"))


def test_run_refuses_unknown_parameters():
    with pytest.raises(cli.UserError, match="unknown parameter.*'colour'"):
        cli.run("02", [["colour", "red"]], [], None)


def test_figures_are_saved_deterministically_with_chinese_text(tmp_path):
    style.use_house_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="制造业集群创新网络创新能力")
    ax.set_xlabel("时间/年")
    ax.legend()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        first = style.save_figure(fig, tmp_path / "a", "fig")
        second = style.save_figure(fig, tmp_path / "b", "fig")
    plt.close(fig)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    assert not list((tmp_path / "a").glob(".*.tmp"))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["fig.png", "fig.svg"]


def test_tables_and_results_are_written_atomically(tmp_path):
    import pandas as pd

    folder = outputs.OutputFolder(tmp_path)
    folder.save_table(pd.DataFrame({"x": [1.5]}), "table1")
    folder.save_results({"b": 1, "a": {"c": 2}})
    assert (tmp_path / "table1.csv").read_text() == "x\n1.5\n"
    assert (tmp_path / "results.json").read_text().startswith('{\n  "a"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "table1.csv"]


def test_cli_help_runs():
    out = subprocess.run([sys.executable, "-m", "clustermodels.cli", "--help"],
                         capture_output=True, text=True, check=True)
    assert "reproduce" in out.stdout


def test_a_stream_split_by_timing_is_joined_so_reruns_give_no_diff(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="w\n")]
    cell.metadata["papermill"] = {"duration": 1.0}
    nb.cells = [cell]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    cli.strip_volatile(path)
    out = nbformat.read(path, as_version=4).cells[0]
    assert [(o.name, o.text) for o in out.outputs] == [("stdout", "1\n2\n"), ("stderr", "w\n")]
    assert "papermill" not in out.metadata


def test_the_injected_parameters_cell_keeps_one_id_so_reruns_give_no_diff(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell('lang = "zh"', metadata={"tags": ["injected-parameters"]})
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), injected]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    cli.strip_volatile(path)
    cells = nbformat.read(path, as_version=4).cells
    assert cells[1].id == "injected-parameters" and cells[0].id == nb.cells[0].id


def test_written_files_are_ordinary_files_not_private_ones(monkeypatch, tmp_path):
    import os
    import stat

    import pandas as pd

    monkeypatch.setenv(outputs.OUTPUT_ENV, str(tmp_path / "out"))
    folder = outputs.OutputFolder.for_run("02_x", {}, {})
    mask = os.umask(0o022)
    try:
        written = folder.save_table(pd.DataFrame({"a": [1]}), "t")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
