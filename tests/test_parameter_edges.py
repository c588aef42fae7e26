"""Every stated parameter range at its edges, for the four notebooks (issue 11).

The edge value is accepted by ``resolve``; a value just outside is refused with a ParameterError
naming the parameter. Malformed input files are refused naming the file parameter. Where an edge
used to crash later or blow up memory, a cheap part of the run is checked too. All in-process;
no notebook is executed.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from clustermodels.industry.notebook import resolve as resolve03  # noqa: E402
from clustermodels.innovation import analysis, model, plots  # noqa: E402
from clustermodels.innovation.notebook import MAX_LOOKUP_POINTS, MAX_SWEEP_WORK  # noqa: E402
from clustermodels.innovation.notebook import resolve as resolve02  # noqa: E402
from clustermodels.parameters import ParameterError  # noqa: E402
from clustermodels.paths import repo_root  # noqa: E402
from clustermodels.supernetwork.notebook import resolve as resolve01  # noqa: E402
from clustermodels.water.inputs import load_model  # noqa: E402
from clustermodels.water.notebook import resolve as resolve04  # noqa: E402

DATA = repo_root() / "data"


def refused(resolve, params, name):
    with pytest.raises(ParameterError, match=name) as err:
        resolve(params)
    assert "\n" not in str(err.value)


# --- notebook 01 -------------------------------------------------------------------------------

EDGES_01 = [
    ({"green_subsidy": 0.0}, {"green_subsidy": -1e-9}, "'green_subsidy'"),
    ({"green_subsidy": 0.999999}, {"green_subsidy": 1.0}, "'green_subsidy'"),
    ({"discard_tax": 10}, {"discard_tax": 10.001}, "'discard_tax'"),
    ({"rd_saving": 10}, {"rd_saving": 10.001}, "'rd_saving'"),
    ({"tolerance": 1e-14}, {"tolerance": 9e-15}, "'tolerance'"),
    ({"tolerance": 1e-2}, {"tolerance": 0.011}, "'tolerance'"),
    ({"sweep_points": 2}, {"sweep_points": 1}, "'sweep_points'"),
    ({"sweep_points": 200}, {"sweep_points": 201}, "'sweep_points'"),
    ({"weights": [0, 0, 1]}, {"weights": [0, 0, 1.0001]}, "'weights'"),
]


@pytest.mark.parametrize("inside, outside, name", EDGES_01)
def test_01_edges(inside, outside, name):
    resolve01(inside)
    refused(resolve01, outside, name)


@pytest.fixture(scope="module")
def instance_raw():
    return yaml.safe_load((DATA / "01_eco_cluster_supernetwork" / "instance.yaml").read_text(encoding="utf-8"))


def _bad_instances(raw):
    dup = copy.deepcopy(raw)
    dup["agents"].append(dict(dup["agents"][0]))
    no_edges = copy.deepcopy(raw)
    no_edges["edges"] = []
    loop = copy.deepcopy(raw)
    loop["edges"][0]["supplier"] = loop["edges"][0]["buyer"]
    twice = copy.deepcopy(raw)
    twice["edges"].append(dict(twice["edges"][0]))
    huge = copy.deepcopy(raw)
    huge["agents"][0]["available"] = 1e300
    unknown = copy.deepcopy(raw)
    unknown["edges"][0]["buyer"] = "Z"
    policy = copy.deepcopy(raw)
    policy["policies"]["green_subsidy"]["high"] = 1.0
    dump = lambda r: yaml.safe_dump(r, allow_unicode=True)  # noqa: E731
    return {
        "duplicated agent id": (dump(dup), "agent id.*A.*more than once"),
        "no edges": (dump(no_edges), "edges.*has none"),
        "self loop": (dump(loop), "cannot buy from itself"),
        "edge twice": (dump(twice), "more than once"),
        "absurd number": (dump(huge), r"available = 1e\+300"),
        "unknown agent": (dump(unknown), "'Z' is not an agent id"),
        "policy range": (dump(policy), r"green_subsidy\.high"),
        "malformed YAML": ("agents: [a, b\nedges: {", "not readable as YAML"),
        "a list": ("- 1\n- 2\n", "mapping.*not a list"),
        "a scalar": ("42\n", "mapping.*not a int"),
        "empty": ("", "mapping.*not a NoneType"),
        "binary": (bytes(range(256)) * 4, "not a UTF-8"),
    }


@pytest.mark.parametrize("case", ["duplicated agent id", "no edges", "self loop", "edge twice", "absurd number",
                                  "unknown agent", "policy range", "malformed YAML", "a list", "a scalar",
                                  "empty", "binary"])
def test_01_malformed_instance_files_are_refused(case, instance_raw, tmp_path):
    content, message = _bad_instances(instance_raw)[case]
    path = tmp_path / "instance.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    refused(resolve01, {"instance_file": str(path)}, rf"'instance_file' = .*{message}")


def test_01_an_instance_with_other_agent_ids_is_accepted_and_drawn(instance_raw, tmp_path):
    from clustermodels.supernetwork import diagrams

    raw = copy.deepcopy(instance_raw)
    rename = {a["id"]: f"Z{i}" for i, a in enumerate(raw["agents"])}
    for a in raw["agents"]:
        a["id"] = rename[a["id"]]
    for e in raw["edges"]:
        e["buyer"], e["supplier"] = rename[e["buyer"]], rename[e["supplier"]]
    path = tmp_path / "renamed.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    s = resolve01({"instance_file": str(path)})
    assert len(s.base.agents) == len(raw["agents"])
    fig = diagrams.figure3(diagrams.xinwen_graph(s.instance, s.raw), "en")
    plt.close(fig)


# --- notebook 02 -------------------------------------------------------------------------------

EDGES_02 = [
    ({"final_time": 0.1, "time_step": 0.1}, {"final_time": 0.09}, "'final_time'"),
    ({"final_time": 200, "time_step": 0.05}, {"final_time": 200.1}, "'final_time'"),
    ({"time_step": 5}, {"time_step": 5.0001}, "'time_step'"),
    ({"time_step": 0.005}, {"time_step": 0.004}, "'time_step'"),
    ({"final_time": 200, "time_step": 0.05}, {"final_time": 200, "time_step": 0.04}, "'time_step'"),
    ({"effect": 0}, {"effect": -1e-9}, "'effect'"),
    ({"effect": 1}, {"effect": 1.0001}, "'effect'"),
    ({"internal_coefficients": [1e4] * 4}, {"internal_coefficients": [1e4, 1e4, 1e4, 10001]}, "'internal_coefficients'"),
    ({"external_coefficients": [0] * 4}, {"external_coefficients": [0, 0, 0, -1]}, "'external_coefficients'"),
    ({"lookup_x": [-1e3, 1e3], "lookup_y": [1e4, 0]}, {"lookup_x": [-1001, 0], "lookup_y": [0, 1]}, "'lookup_x'"),
    ({"lookup_x": [0, 1], "lookup_y": [0, 1e4]}, {"lookup_x": [0, 1], "lookup_y": [0, 10001]}, "'lookup_y'"),
    ({"lookup_x": list(range(MAX_LOOKUP_POINTS)), "lookup_y": [1.0] * MAX_LOOKUP_POINTS},
     {"lookup_x": list(range(MAX_LOOKUP_POINTS + 1)), "lookup_y": [1.0] * (MAX_LOOKUP_POINTS + 1)}, "'lookup_x'"),
    ({"lookup_x": [0, 1], "lookup_y": [1, 1]}, {"lookup_x": [0], "lookup_y": [1]}, "'lookup_x'"),
    ({"sensitivity_increase": 10}, {"sensitivity_increase": 10.001}, "'sensitivity_increase'"),
    ({"sweep_scenarios": 1}, {"sweep_scenarios": 0}, "'sweep_scenarios'"),
    ({"sweep_scenarios": 1_000_000}, {"sweep_scenarios": 1_000_001}, "'sweep_scenarios'"),
    ({"time_step": 0.0625, "sweep_scenarios": MAX_SWEEP_WORK // 320},
     {"time_step": 0.0625, "sweep_scenarios": MAX_SWEEP_WORK // 320 + 1}, "'sweep_scenarios'"),
    ({"sweep_spread": 0}, {"sweep_spread": 1}, "'sweep_spread'"),
    ({"seed": 0}, {"seed": -1}, "'seed'"),
    ({"seed": 2**32 - 1}, {"seed": 2**32}, "'seed'"),
]


@pytest.mark.parametrize("inside, outside, name", EDGES_02)
def test_02_edges(inside, outside, name):
    resolve02(inside)
    refused(resolve02, outside, name)


@pytest.mark.parametrize("step", [1e-9, 1e-5, 4, 0.4])
def test_02_time_steps_that_crashed_or_exploded_are_refused_quickly(step):
    tracemalloc.start()
    refused(resolve02, {"time_step": step}, "'time_step'")
    assert tracemalloc.get_traced_memory()[1] < 50e6
    tracemalloc.stop()


def test_02_the_smallest_time_step_runs_in_bounded_memory_and_keeps_whole_years():
    spec = resolve02({"time_step": 0.005}).spec
    tracemalloc.start()
    run = model.simulate(spec)
    capability = run["innovation_capability"]
    for year in (5.0, 10.0, 15.0, 20.0):
        capability.loc[year]  # the notebook's checkpoints (KeyError: 15.0 before)
    assert analysis.fastest_growth_year(spec) >= 0
    assert tracemalloc.get_traced_memory()[1] < 50e6
    tracemalloc.stop()
    assert capability.iloc[-1] == pytest.approx(model.analytic_final_capability(spec), rel=1e-6)


def test_02_the_sweep_keeps_only_final_values():
    spec = resolve02({}).spec
    tracemalloc.start()
    sweep = analysis.coefficient_sweep(spec, 20_000, 0.5, 1, 0.5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sweep["finals"].shape == (20_000,)
    assert peak < 20_000 * 8 * 8 * 6  # a few (S, 8) arrays; the (S, 161) path would be 26 MB each
    full = model.simulate_capability(spec, spec.coefficients[None, :])[:, -1]
    final = model.simulate_capability(spec, spec.coefficients[None, :], final_only=True)[:, -1]
    assert np.array_equal(full, final)


def test_02_the_axis_at_the_stated_maxima_has_few_ticks():
    s = resolve02({"final_time": 200, "time_step": 0.05, "effect": 1, "internal_coefficients": [1e4] * 4,
                   "external_coefficients": [1e4] * 4, "lookup_x": [0, 200], "lookup_y": [1e4, 1e4],
                   "sensitivity_increase": 10})
    top = float(model.simulate_capability(s.spec)[0, -1]) * 2
    fig, ax = plt.subplots()
    plots._vensim_y_axis(ax, top)
    ticks = ax.yaxis.get_major_locator()()
    plt.close(fig)
    assert 2 <= len(ticks) <= plots.MAX_TICKS + 2 and ticks[-1] >= top
    assert plots.tick_step(5.0) == plots.tick_step(30.0) == 2.5  # the paper's scale is kept


def test_02_pysd_leaves_no_temporary_folder():
    code = ("from clustermodels.innovation import vensim; print(vensim._translated_model_file().parent)")
    env = {**os.environ, "CLUSTERMODELS_PYSD_CACHE": "0"}  # the fallback: a per-process temporary folder
    folder = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=env).stdout.strip()
    assert "clustermodels-pysd-" in folder and not Path(folder).exists()


def test_02_pysd_translation_is_cached_on_disk():
    from clustermodels.innovation import vensim

    code = ("from clustermodels.innovation import vensim; print(vensim._translated_model_file())")
    env = {k: v for k, v in os.environ.items() if k != "CLUSTERMODELS_PYSD_CACHE"}
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    env=env).stdout.strip() for _ in range(2))
    assert first == second == str(vensim.cache_folder() / "innovation_capability.py")
    assert Path(first).is_file()
    assert not [p for p in vensim.cache_folder().parent.iterdir() if p.name.startswith(".tmp-")]


# --- notebook 03 -------------------------------------------------------------------------------

EDGES_03 = [
    ({"ranges": [0.001] * 4}, {"ranges": [0.001, 0.001, 0.001, 0.0009]}, "'ranges'"),
    ({"ranges": [0.99] * 4}, {"ranges": [0.99, 0.99, 0.99, 0.991]}, "'ranges'"),
    ({"target_changes": {"water": -0.99}}, {"target_changes": {"water": -0.991}}, r"'target_changes\[water\]'"),
    ({"target_changes": {"water": 10}}, {"target_changes": {"water": 10.01}}, r"'target_changes\[water\]'"),
    ({"priorities": {"water": 1}}, {"priorities": {"water": 0}}, r"'priorities\[water\]'"),
    ({"priorities": {"water": 20}}, {"priorities": {"water": 21}}, r"'priorities\[water\]'"),
    ({"sweep_points": 2}, {"sweep_points": 1}, "'sweep_points'"),
    ({"sweep_points": 200}, {"sweep_points": 201}, "'sweep_points'"),
    ({"fixed_sectors": [f"{i:02d}" for i in range(1, 42)]},
     {"fixed_sectors": [f"{i:02d}" for i in range(1, 43)]}, "'fixed_sectors'"),
    ({"band": 0.001}, {"band": 0.0009}, "'band'"),
    ({"band": 0.5}, {"band": 0.51}, "'band'"),
    ({"final_demand_floor": True}, {"final_demand_floor": 1}, "'final_demand_floor'"),
    ({"nexus_reading": "double"}, {"nexus_reading": "wide"}, "'nexus_reading'"),
    ({"energy_data": "ceads_co2"}, {"energy_data": "nbs_tce"}, "'energy_data'"),
]


@pytest.mark.parametrize("inside, outside, name", EDGES_03)
def test_03_edges(inside, outside, name):
    resolve03({**inside, "years": ["2012"]})
    refused(resolve03, {**outside, "years": ["2012"]}, name)


@pytest.fixture(scope="module")
def satellite():
    return pd.read_csv(DATA / "03_industrial_structure_goal_programming" / "satellite_proxy_2012.csv",
                       dtype={"code": str})


@pytest.mark.parametrize("case, message", [
    ("inf", r"finite numbers in \[0, 1e\+06\]"),
    ("1e300", r"finite numbers in \[0, 1e\+06\]"),
    ("nan", r"finite numbers in \[0, 1e\+06\]"),
    ("all zero", "zero for every sector"),
    ("duplicate", r"repeated \['01'\]"),
    ("no rows", "no rows"),
    ("empty", "the file is empty"),
    ("binary", "not readable as a CSV|need the columns|needs a 'code' column"),
])
def test_03_malformed_satellite_files_are_refused(case, message, satellite, tmp_path):
    path = tmp_path / "satellite.csv"
    frame = satellite.copy()
    if case in ("inf", "1e300", "nan"):
        frame.loc[3, "water_m3_per_wan_yuan"] = float(case)
    elif case == "all zero":
        frame["so2_t_per_wan_yuan"] = 0.0
    elif case == "duplicate":
        frame = pd.concat([frame, frame.iloc[:1]])
    elif case == "no rows":
        frame = frame.iloc[:0]
    if case == "empty":
        path.write_text("")
    elif case == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    else:
        frame.to_csv(path, index=False)
    refused(resolve03, {"satellite_file": str(path), "years": ["2012"]}, rf"'satellite_file' = .*({message})")


# --- notebook 04 -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def efficiencies():
    return [float(v) for v in load_model().efficiency]


def test_04_edges(efficiencies):
    ok = [
        {"efficiencies": efficiencies[:3] + [1e-9]}, {"efficiencies": efficiencies[:3] + [1e7]},
        {"sweep_points": 2}, {"sweep_points": 400}, {"shared_supply": 45},
    ]
    for params in ok:
        try:
            resolve04(params)
        except ParameterError as err:  # pragma: no cover - the message says which
            pytest.fail(f"{params} refused: {err}")
    refused(resolve04, {"efficiencies": efficiencies[:3] + [0]}, "'efficiencies'")
    refused(resolve04, {"efficiencies": efficiencies[:3] + [1.01e7]}, "'efficiencies'")
    refused(resolve04, {"sweep_points": 1}, "'sweep_points'")
    refused(resolve04, {"sweep_points": 401}, "'sweep_points'")
    refused(resolve04, {"shared_supply": 10001}, "'shared_supply'")
    refused(resolve04, {"local_supply": [21, 10, -1]}, "'local_supply'")
    refused(resolve04, {"demands": [[0, 0, 0, 0]] * 2 + [[0, 0, 0, 10001]]}, "'demands'")


@pytest.mark.parametrize("params", [
    {"demands": [[0, 0, 0, 0]] * 3},                          # all-zero demands: traceback before
    {"efficiencies": [1.0, 1.0, 1.0, 1.0]},                   # equal efficiencies: division by zero
    {"shared_supply": 1e4},                                   # no shortage left to trade
])
def test_04_inputs_the_calibration_cannot_use_are_refused(params):
    refused(resolve04, params, "'demands', 'local_supply', 'shared_supply' and 'efficiencies'")


def test_04_shares_outside_the_unit_interval_are_reported_not_raised(efficiencies):
    from clustermodels.water import calibration

    s = resolve04({"efficiencies": efficiencies[:3] + [1e7]})
    cal = calibration.calibrate_shares(s.model, s.stage1)
    assert not cal.valid and all(np.isfinite(v) for v in cal.shares.values())
