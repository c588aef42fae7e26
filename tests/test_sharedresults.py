"""Model results shared by the editions of one reproduction (``clustermodels.sharedresults``)."""

import ast
import os
import pickle
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from clustermodels import i18n, sharedresults
from clustermodels.paths import repo_root
from clustermodels.sharedresults import ENV, shared

CALLS: list[tuple] = []


@shared
def solve(values, scale=1.0):
    CALLS.append((tuple(values), scale))
    return pd.DataFrame({"x": np.asarray(values, float) * scale / 3})


@shared
def other(values, scale=1.0):  # the same arguments as solve's, another function
    CALLS.append(("other", tuple(values), scale))
    return -1


@shared
def unpicklable_result(n):
    CALLS.append(("lock", n))
    return threading.Lock()


@pytest.fixture(autouse=True)
def fresh():
    CALLS.clear()


def test_without_the_folder_every_call_computes(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    solve([1, 2])
    solve([1, 2])
    assert len(CALLS) == 2


def test_an_equal_call_reads_the_first_ones_result_bit_for_bit(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path))
    first = solve([1, 2, 7], scale=0.1)
    again = solve([1, 2, 7], scale=0.1)
    assert len(CALLS) == 1
    assert again is not first
    assert first["x"].to_numpy().tobytes() == again["x"].to_numpy().tobytes()


def test_other_arguments_or_another_function_compute(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path))
    solve([1, 2])
    solve([1, 2], scale=2.0)
    solve([1, 3])
    assert other([1, 2]) == -1
    assert len(CALLS) == 4
    assert len(list(tmp_path.glob("*.pickle"))) == 4


def test_a_result_that_does_not_pickle_is_returned_and_not_stored(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path))
    unpicklable_result(1)
    unpicklable_result(1)
    assert len(CALLS) == 2
    assert list(tmp_path.iterdir()) == []  # no file, and no temporary file left behind


def test_arguments_that_do_not_pickle_make_the_call_compute(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path))
    lock = threading.Lock()
    assert other([lock]) == -1 and other([lock]) == -1
    assert len(CALLS) == 2


def test_a_damaged_file_is_computed_again_and_replaced(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path))
    solve([4])
    (stored,) = tmp_path.glob("*.pickle")
    stored.write_bytes(b"\x80\x05 half a pickle")  # not a whole result
    assert solve([4])["x"].tolist() == [4 / 3]
    assert len(CALLS) == 2
    assert pickle.loads(stored.read_bytes())["x"].tolist() == [4 / 3]


def test_the_folder_lives_for_one_reproduction(monkeypatch):
    monkeypatch.setenv(ENV, "before")
    with sharedresults.for_this_process() as folder:
        assert os.environ[ENV] == str(folder) and folder.is_dir()
        solve([5])
    assert os.environ[ENV] == "before"
    assert not folder.exists()
    monkeypatch.delenv(ENV)
    with sharedresults.for_this_process():
        pass
    assert ENV not in os.environ


def _shared_functions() -> list[tuple[Path, ast.FunctionDef]]:
    found = []
    for path in sorted((repo_root() / "lib" / "clustermodels").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Name) and d.id == "shared" for d in node.decorator_list):
                found.append((path, node))
    return found


def test_no_shared_function_reads_the_language():
    """A shared result is computed by one edition and read by the other, so what a shared
    function returns must not depend on the reader's language: none calls the translation
    functions or reads the active language itself. (Calls further down are guarded end to end:
    nbval re-executes each Chinese edition without sharing and compares it with the committed
    one, which ``reproduce`` made with sharing.)"""
    says = {name for name, value in vars(i18n).items()
            if callable(value) and getattr(value, "__module__", "") == i18n.__name__} - {"N_"}
    functions = _shared_functions()
    assert len(functions) >= 10  # the marked ones this guards (sweeps, fits, Sobol', PySD)
    for path, fn in functions:
        for node in ast.walk(fn):
            if isinstance(node, ast.Call):
                called = node.func
                if isinstance(called, ast.Name):
                    assert called.id not in says, f"{path.name}: {fn.name} calls i18n's {called.id}"
                if isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name):
                    assert not (called.value.id == "i18n" and called.attr in says), \
                        f"{path.name}: {fn.name} calls i18n.{called.attr}"
            if isinstance(node, ast.arg):
                assert node.arg not in ("lang", "language"), f"{path.name}: {fn.name} takes a language"
