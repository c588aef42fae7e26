"""Each paper's parameters declared once (issue 22): the notebooks, the README, the CLI, the JSON
Schema and the explore panel agree with the declaration."""

from __future__ import annotations

import ast
import json
import re
import time

import nbformat
import numpy as np
import pytest
import yaml

from clustermodels import cli, paramtable
from clustermodels.parameters import ParameterError
from clustermodels.paths import edition_notebook, notebooks_dir, repo_root
from clustermodels.runapi import PAPERS, paper_module

STEMS = {"01": "01_eco_cluster_supernetwork", "02": "02_innovation_network_dynamics",
         "03": "03_industrial_structure_goal_programming", "04": "04_water_allocation_fuzzy_coalitions"}
GLOSSARY = yaml.safe_load((repo_root() / "book" / "glossary.yaml").read_text(encoding="utf-8"))


def cells(paper: str) -> list[str]:
    text = (notebooks_dir() / f"{STEMS[paper]}.py").read_text(encoding="utf-8")
    return re.split(r"^# %%", text, flags=re.M)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_parameters_cell_has_exactly_the_declared_names_and_defaults(paper):
    cell = next(c for c in cells(paper) if c.startswith(' tags=["parameters"]'))
    assigned = {node.targets[0].id: ast.literal_eval(node.value)
                for node in ast.parse(cell.split("\n", 1)[1]).body if isinstance(node, ast.Assign)}
    declared = paramtable.declaration(paper).defaults
    assert list(assigned) == list(declared)
    assert assigned == declared


@pytest.mark.parametrize("paper", PAPERS)
def test_the_parameters_cell_is_generated_from_the_declaration(paper):
    cell = next(c for c in cells(paper) if c.startswith(' tags=["parameters"]'))
    assert cell.split("\n", 1)[1].rstrip("\n") == paramtable.declaration(paper).parameters_cell("en"), \
        "run: .venv/bin/python -m clustermodels.paramtable"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_edition_shows_the_parameters_cell_in_its_language_with_the_same_code(paper, lang):
    nb = nbformat.read(edition_notebook(STEMS[paper], lang), as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    declaration = paramtable.declaration(paper)
    assert cell.source == declaration.parameters_cell(lang), f"run: clustermodels reproduce {paper}"
    values = {}
    exec(cell.source, {}, values)  # noqa: S102 - our own generated cell
    assert values == declaration.defaults
    comments = [line.split("# ", 1)[1] for line in cell.source.splitlines() if "# " in line]
    if lang == "zh":  # every comment is Chinese (its meaning_zh), not the English one
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in comments)
        (injected,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected.source.splitlines()[0] == paramtable.INJECTED_COMMENT["zh"]
    for p in declaration:  # each parameter's line says what it means and what is allowed
        line = next(line for line in cell.source.splitlines() if line.startswith(f"{p.name} = "))
        assert (p.meaning_zh if lang == "zh" else p.meaning) in line


def test_the_committed_cells_file_is_generated_from_the_declarations():
    # reproduce's workers read the Chinese cells from it, without importing the papers' modules
    assert json.loads(paramtable.CELLS_FILE.read_text(encoding="utf-8")) == paramtable.generated_cells(), \
        "run: .venv/bin/python -m clustermodels.paramtable"


def test_only_the_generated_english_cell_is_translated():
    cells = json.loads(paramtable.CELLS_FILE.read_text(encoding="utf-8"))["02"]
    nb = nbformat.v4.new_notebook()
    generated, edited = (nbformat.v4.new_code_cell(source) for source in (cells["en"], "lang = 'en'  # mine"))
    injected = nbformat.v4.new_code_cell('# Parameters\nlang = "zh"\n')
    for cell, tag in ((generated, "parameters"), (edited, "parameters"), (injected, "injected-parameters")):
        cell.metadata["tags"] = [tag]
    nb.cells = [generated, edited, injected]
    paramtable.translate_parameters_cells(nb, "02", "zh")
    assert generated.source == cells["zh"] and edited.source == "lang = 'en'  # mine"
    assert injected.source == paramtable.INJECTED_COMMENT["zh"] + '\nlang = "zh"\n'


def test_a_changed_declaration_changes_the_generated_cell():
    from dataclasses import replace

    from clustermodels.declaration import Declaration

    d = paramtable.declaration("02")
    changed = Declaration("02", [replace(p, high=2) if p.name == "effect" else p for p in d], d.data_file)
    assert changed.parameters_cell("en") != d.parameters_cell("en")
    assert "a number in [0, 2]" in changed.comment("effect") and "[0, 2] 内的数" in changed.comment("effect", "zh")


@pytest.mark.parametrize("paper", PAPERS)
def test_the_first_markdown_cell_lists_the_declared_names(paper):
    first = next(c for c in cells(paper) if c.startswith(" [markdown]"))
    text = " ".join(line.lstrip("# ").strip() for line in first.splitlines())
    listed = re.search(r"\*\*Parameters\.\*\* (.*?)\. Each is set", text).group(1)
    assert re.findall(r"`(\w+)`", listed) == list(paramtable.declaration(paper).parameters)
    assert f"`clustermodels params {paper}`" in text


def test_the_readme_tables_are_generated_from_the_declarations():
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    assert paramtable.readme_section() in readme, "run: .venv/bin/python -m clustermodels.paramtable"


def test_params_lists_every_parameter_with_unit_and_range(capsys):
    assert cli.main(["params", "04"]) == 0
    out = capsys.readouterr().out
    for name in paramtable.declaration("04").parameters:
        assert re.search(rf"^{name}  \(default ", out, flags=re.M), name
    assert "unit 10⁸ m³ per year" in out and "allowed: a number in [0, 10000]" in out
    assert cli.main(["params", "04", "--lang", "zh"]) == 0
    assert "南水北调中线" in capsys.readouterr().out
    assert cli.main(["params", "07"]) == 2


def schema(paper: str, capsys) -> dict:
    assert cli.main(["params", paper, "--json-schema"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_schema_accepts_the_example_file_and_rejects_bad_ones(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    example = yaml.safe_load((repo_root() / "parameters.example.yaml").read_text(encoding="utf-8"))
    water = schema("04", capsys)
    jsonschema.validate(example, water)  # the example is for notebook 04
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**example, "shared_supply": -45}, water)
    good = {"lang": "zh", "shared_supply": 45, "local_supply": [21, 5.5, 38], "solver": "enumeration",
            "coalitions": [[1], [2], [3], [4], [2, 3]], "evaluate_rates": [[[2, 3], [1, 0.57]]]}
    jsonschema.validate(good, water)
    for bad in ({"shared_supply": -1}, {"shared_supply": "45"}, {"solver": "brute"}, {"local_supply": [1, 2]},
                {"demands": [[1, 2, 3, 4]] * 2}, {"colour": "red"}, {"sweep_points": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, water)


@pytest.mark.parametrize("paper", PAPERS)
def test_every_parameter_has_a_chinese_meaning_in_the_papers_terms(paper):
    avoid = [word for term in GLOSSARY["terms"] + GLOSSARY.get("book_terms", []) for word in term.get("avoid", [])]
    for p in paramtable.declaration(paper):
        assert re.search(r"[\u4e00-\u9fff]", p.meaning_zh), p.name
        assert not [w for w in avoid if w in p.meaning_zh + p.none_zh + p.allowed_zh], p.name
        if p.default is None:
            assert p.none and p.none_zh, f"{p.name}: say what None stands for"


def test_declared_sizes_match_the_data():
    from clustermodels.industry.model import load_spec
    from clustermodels.innovation.model import load_spec as load_spec02
    from clustermodels.water.inputs import load_model

    spec02 = load_spec02()
    d02 = paramtable.declaration("02")
    assert d02["internal_coefficients"].length == int(spec02.side_mask("internal").sum())
    assert d02["external_coefficients"].length == int(spec02.side_mask("external").sum())
    assert d02["final_time"].low == spec02.initial_time + 0.1
    model = load_model()
    d04 = paramtable.declaration("04")
    assert d04["efficiencies"].length == len(model.players)
    assert d04["local_supply"].length == len(model.region_ids)
    assert d04["demands"].shape == (len(model.region_ids), len(model.user_ids))
    scenarios = [k for k in load_spec()["scenarios"] if k != "status"]
    assert paramtable.declaration("03")["ranges"].length == len(scenarios)


def test_values_are_checked_strictly_and_numpy_numbers_pass():
    d = paramtable.declaration("01")
    assert d.check("green_subsidy", np.float64(0.25)) == 0.25
    assert d.check("sweep_points", np.int64(5)) == 5
    for name, bad in (("green_subsidy", True), ("green_subsidy", "0.5"), ("green_subsidy", float("nan")),
                      ("sweep_points", 5.0), ("weights", {0.2, 0.3, 0.5}), ("weights", "0.2,0.3,0.5")):
        with pytest.raises(ParameterError, match=rf"^parameter '{name}' = .* is invalid: allowed "):
            d.check(name, bad)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_explore_controls_start_at_the_default_run(paper):
    from clustermodels.explore import FIXED, start_values

    run = paper_module(paper)
    fixed = FIXED.get(paper, {})
    assert start_values(paper), "no parameter to move"
    assert run.headline(**fixed, **start_values(paper)) == run.headline(**fixed)


def _wait(panel, timeout=60):
    deadline = time.monotonic() + timeout
    while "cm-status-working" in panel.status.value and time.monotonic() < deadline:
        time.sleep(0.05)
    return panel.status.value


def test_the_panel_shows_the_run_api_numbers_and_the_cli_message():
    pytest.importorskip("ipywidgets")
    from clustermodels.explore import Panel, shown

    panel = Panel("04", "en")
    assert "cm-this-run" in panel.table.value and "—" in panel.table.value  # nothing run yet
    panel.controls["shared_supply"].value = 45.0
    assert "cm-status-done" in _wait(panel)
    expected = paper_module("04").headline(shared_supply=45.0)
    for key in ("player_benefit.1", "paper_structure_formed"):
        assert f"data-key='{key}' style='padding:2px 12px;text-align:right;white-space:nowrap'>" \
               f"{shown(expected[key])}<" in panel.table.value
    panel.controls["shared_supply"].value = 80.0  # the calibration cannot use so much water
    status = _wait(panel)
    with pytest.raises(ParameterError) as refused:
        paper_module("04").headline(shared_supply=80.0)
    assert "cm-status-error" in status and __import__("html").escape(str(refused.value)) in status


def test_a_slow_run_never_blocks_the_controls_and_says_it_is_working():
    pytest.importorskip("ipywidgets")
    from clustermodels.explore import Panel

    panel = Panel("03", "en")
    start = time.perf_counter()
    panel.controls["band"].value = 0.2
    returned = time.perf_counter() - start
    assert "cm-status-working" in panel.status.value
    panel.controls["band"].value = 0.25  # moved again before the first run ends: only this one is shown
    assert returned < 0.2
    assert "cm-status-done" in _wait(panel)
    expected = paper_module("03").headline(years=["2012"], band=0.25)["2012_s1.energy_saving_max_1e4_tj"]
    from clustermodels.explore import shown
    assert f">{shown(expected)}<" in panel.table.value
