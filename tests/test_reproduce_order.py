"""`clustermodels reproduce` starts the longest notebook first on a pool, the English editions
before the others."""

from pathlib import Path

from clustermodels.cli import english_first, longest_first


def test_longest_first_with_unknown_ones_first_in_given_order():
    paths = [Path(f"{i:02d}_x.ipynb") for i in (1, 2, 3, 4, 5)]
    durations = {"01_x": 7.0, "02_x": 8.3, "04_x": 16.3, "05_x": 1.0}
    assert [p.stem for p in longest_first(paths, durations)] == ["03_x", "04_x", "02_x", "01_x", "05_x"]
    assert longest_first(paths, {}) == paths


def test_english_editions_first_each_group_in_the_given_order():
    jobs = [("03", "zh"), ("03", "en"), ("04", "zh"), ("01", "en"), ("04", "en")]
    assert english_first(jobs) == [("03", "en"), ("01", "en"), ("04", "en"), ("03", "zh"), ("04", "zh")]
