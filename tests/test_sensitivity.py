"""The sensitivity glue: known Sobol indices recovered, committed tables that match their ranges
files and the current model, and per-paper row maps that agree with the run API."""

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from clustermodels import sensitivity as S


def _spec(names, bounds, n=4096, primary="y"):
    inputs = tuple(S.Input(name, lo, hi, name, name) for name, (lo, hi) in zip(names, bounds))
    return S.Spec("test", inputs, {primary: {"zh": primary, "en": primary}}, primary, n, 7, True)


def _indices_of(spec, fn):
    rows = S.sample(spec)
    table = S.indices(spec, pd.DataFrame({"y": fn(rows)}))
    return table.set_index("input")


def test_ishigami_indices_are_recovered():
    a, b = 7.0, 0.1
    spec = _spec(("x1", "x2", "x3"), [(-np.pi, np.pi)] * 3)
    got = _indices_of(spec, lambda x: np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0]))
    # closed form (Ishigami & Homma 1990; Sobol' & Levitan 1999)
    v = a**2 / 8 + b * np.pi**4 / 5 + b**2 * np.pi**8 / 18 + 0.5
    v1 = (1 + b * np.pi**4 / 5) ** 2 / 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    expected_s1 = [v1 / v, v2 / v, 0.0]
    expected_st = [(v1 + v13) / v, v2 / v, v13 / v]
    assert np.allclose(got["S1"], expected_s1, atol=0.04)
    assert np.allclose(got["ST"], expected_st, atol=0.04)


def test_linear_model_indices_are_the_variance_shares():
    coef = np.array([3.0, 2.0, 1.0, 0.0])
    spec = _spec(("a", "b", "c", "d"), [(0, 1)] * 4)
    got = _indices_of(spec, lambda x: x @ coef)
    share = coef**2 / (coef**2).sum()  # uniform inputs have equal variances; no interactions
    assert np.allclose(got["S1"], share, atol=0.03)
    assert np.allclose(got["ST"], share, atol=0.03)


def test_sentence_is_generated_from_the_numbers():
    spec = _spec(("alpha", "beta"), [(0, 1)] * 2, n=8)
    table = pd.DataFrame({"output": "y", "input": ["alpha", "beta"], "S1": [0.1, 0.7],
                          "S1_conf": [0.01, 0.02], "ST": [0.2, 0.8], "ST_conf": [0.03, 0.04]})
    text = S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")
    assert "depends most on beta: total index ST = 0.80 (±0.04)" in text
    assert "next comes alpha (ST = 0.20 ± 0.03)" in text and "over 5 sampled points" in text and "default run" in text
    assert S.most_influential(spec, table) == ("beta", 0.8)


@pytest.mark.parametrize("confs, reason", [((0.04, 0.04), "overlap"), ((0.01, 0.08), "wider than ±0.05")])
def test_sentence_does_not_rank_overlapping_or_imprecise_indices(confs, reason):
    spec = _spec(("alpha", "beta", "gamma"), [(0, 1)] * 3, n=8)
    sts = [0.45, 0.5, 0.05] if reason == "overlap" else [0.3, 0.5, 0.05]
    table = pd.DataFrame({"output": "y", "input": ["alpha", "beta", "gamma"], "S1": [0.1, 0.2, 0.0],
                          "S1_conf": [0.01] * 3, "ST": sts, "ST_conf": [confs[1], confs[0], 0.01]})
    for lang in ("en", "zh"):
        text = S.sentence(spec, table, pd.DataFrame({"y": range(5)}), lang)
        assert "next comes" not in text and "其次" not in text
        assert "beta" in text and "alpha" in text
    assert reason in S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")
    assert not S.ranks_first(table)


def test_a_factor_in_a_later_tier_overlaps_no_factor_of_an_earlier_one():
    rng = np.random.default_rng(3)
    for _ in range(200):
        table = pd.DataFrame({"input": list("abcdef"), "ST": rng.uniform(0, 1, 6),
                              "ST_conf": rng.uniform(0, 0.2, 6)})
        tiers = S.tiers(table)
        assert sum(len(t) for t in tiers) == 6
        for i, upper in enumerate(tiers):
            for lower in tiers[i + 1:]:
                assert (lower["ST"] + lower["ST_conf"]).max() < (upper["ST"] - upper["ST_conf"]).min()


def test_a_group_of_inputs_gets_one_index():
    inputs = (S.Input("a", 0, 1, "a", "a", "ab"), S.Input("b", 0, 1, "b", "b", "ab"), S.Input("c", 0, 1, "c", "c"))
    spec = S.Spec("test", inputs, {"y": {"zh": "y", "en": "y"}}, "y", 4096, 7, True,
                  groups={"ab": {"zh": "甲乙", "en": "a and b"}})
    rows = S.sample(spec)
    assert len(rows) == spec.points() == 4096 * 4 and spec.factors == ("ab", "c")
    got = S.indices(spec, pd.DataFrame({"y": rows[:, 0] * rows[:, 1] + rows[:, 2]})).set_index("input")
    # var(ab) = 7/144, var(c) = 1/12: the group's index is its share, interactions inside it included
    assert list(got.index) == ["ab", "c"]
    assert np.allclose(got["ST"], [7 / 19, 12 / 19], atol=0.03)
    assert S.index_table(spec, got.reset_index().assign(output="y"), "en")["input"].tolist() == ["c", "a and b"]


def test_a_constant_output_has_zero_indices():
    spec = _spec(("a", "b"), [(0, 1)] * 2, n=16)
    got = _indices_of(spec, lambda x: np.full(len(x), 3.0))
    assert (got[["S1", "ST"]] == 0).all().all()


def test_a_range_with_low_not_below_high_names_the_input(tmp_path):
    raw = yaml.safe_load(S.ranges_path("02").read_text(encoding="utf-8"))
    raw["inputs"]["p"]["low"] = raw["inputs"]["p"]["high"]
    path = tmp_path / "sensitivity.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="sensitivity input 'p'"):
        S.load_spec("02", path)


@pytest.mark.parametrize("paper", ["01", "03", "04"])
def test_committed_table_belongs_to_its_ranges_file(paper):
    spec = S.load_spec(paper)
    assert not spec.live
    rows, results = S.load_table(spec)  # raises StaleTable otherwise
    assert len(rows) == spec.points() and np.isfinite(results.to_numpy(float)).all()


@pytest.mark.parametrize("paper", ["01", "03", "04"])
def test_a_changed_range_makes_the_table_stale(paper, tmp_path):
    raw = yaml.safe_load(S.ranges_path(paper).read_text(encoding="utf-8"))
    first = next(iter(raw["inputs"]))
    raw["inputs"][first]["high"] = float(raw["inputs"][first]["high"]) * 1.01
    changed = tmp_path / "sensitivity.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(S.StaleTable, match=f"python -m clustermodels.sensitivity {paper}"):
        S.load_table(S.load_spec(paper, changed))
    table = tmp_path / "t.csv"
    shutil.copy(S.table_path(paper), table)
    S.load_table(S.load_spec(paper), table)  # the unchanged copy is accepted


@pytest.mark.parametrize("paper", ["01", "03", "04"])
def test_committed_results_are_what_the_current_model_gives(paper):
    """A model change that moves the numbers makes the committed table stale: rerun it."""
    spec = S.load_spec(paper)
    rows, results = S.load_table(spec)
    picks = [0, len(rows) // 2, len(rows) - 1]
    now = S.evaluate(spec, rows[picks])
    assert np.allclose(now.to_numpy(float), results.iloc[picks].to_numpy(float), rtol=1e-6, atol=1e-6), \
        f"run `python -m clustermodels.sensitivity {paper}`"


def test_paper2_rows_equal_the_run_api():
    from clustermodels.innovation import uncertain
    from clustermodels.innovation.run import headline

    spec = S.load_spec("02")
    rows = S.sample(spec)[[0, 1, 777]]
    rows = np.vstack([rows, [3, 2] + [1] * 8])  # the default lookup and coefficients
    got = uncertain.evaluate(rows, spec.names)[uncertain.OUTPUT]
    for row, value in zip(rows, got):
        params = uncertain.parameters(dict(zip(spec.names, row)))
        assert value == pytest.approx(headline(**params)[uncertain.OUTPUT], abs=2e-6)
    assert got.iloc[-1] == pytest.approx(headline()[uncertain.OUTPUT], abs=1e-9)


def test_paper1_default_row_is_the_default_equilibrium():
    from clustermodels.supernetwork import uncertain
    from clustermodels.supernetwork.run import headline

    spec = S.load_spec("01")
    row = np.array([[1.0] * 11 + [0.3, 0.3 / 0.7]])  # every factor 1; the file's weights 0.3, 0.4, 0.3
    got = uncertain.evaluate(row, spec.names).iloc[0]
    h = headline()
    for key in uncertain.OUTPUTS:
        assert got[key] == pytest.approx(h[key], abs=1e-6)


def test_paper3_default_row_is_the_default_scenario():
    from clustermodels.industry import uncertain
    from clustermodels.industry.run import headline

    spec = S.load_spec("03")
    got = uncertain.evaluate(np.array([[1.0] * 6 + [0.05, 0.10]]), spec.names).iloc[0]
    h = headline(years=["2012"])
    for key in uncertain.OUTPUTS:
        assert got[key] == pytest.approx(h[key], abs=1e-9)


def test_paper4_rows_equal_the_run_api_where_it_calibrates():
    from clustermodels.water import uncertain
    from clustermodels.water.run import headline

    spec = S.load_spec("04")
    rows = np.array([[1.0] * 7, [1.1, 0.9, 1.05, 0.95, 1.0, 1.0, 1.1]])
    got = uncertain.evaluate(rows, spec.names)
    for row, (_, value) in zip(rows, got.iterrows()):
        h = headline(**uncertain.parameters(dict(zip(spec.names, row))))
        total = sum(v for k, v in h.items() if k.startswith("player_benefit."))
        assert value[uncertain.TOTAL] == pytest.approx(total, abs=1e-3)
        assert value[uncertain.STRUCTURE] == h[uncertain.STRUCTURE]


@pytest.mark.parametrize("paper", ["01", "02", "03", "04"])
def test_reproduced_index_table_is_current(paper):
    """figures/<nb>/table_sensitivity.csv is what the current sample gives (else: clustermodels reproduce)."""
    from clustermodels.paths import figures_dir

    spec = S.load_spec(paper)
    committed = pd.read_csv(figures_dir(S.NOTEBOOKS[paper]) / "table_sensitivity.csv")
    now = S.indices(spec, S.results_for_notebook(spec)).round(6)
    assert list(committed["input"]) == list(now["input"])
    assert np.allclose(committed[["S1", "S1_conf", "ST", "ST_conf"]], now[["S1", "S1_conf", "ST", "ST_conf"]], atol=2e-6)


def test_negative_first_order_estimates_are_explained():
    spec = _spec(("alpha", "beta", "gamma"), [(0, 1)] * 3, n=8)
    table = pd.DataFrame({"output": "y", "input": ["alpha", "beta", "gamma"], "S1": [-0.05, 0.7, -0.004],
                          "S1_conf": [0.1, 0.02, 0.01], "ST": [0.05, 0.8, 0.01], "ST_conf": [0.01, 0.02, 0.01]})
    text = S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")
    assert "alpha -0.05 ± 0.10" in text and "includes zero" in text
    assert "gamma -0.00" not in text  # rounds to zero: not reported
    table.loc[0, "S1_conf"] = 0.01
    assert "wholly below zero" in S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")
    table["S1"] = table["S1"].abs()
    assert "below zero" not in S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")


def test_an_additive_model_is_not_said_to_have_interactions():
    spec = _spec(("alpha", "beta"), [(0, 1)] * 2, n=8)
    table = pd.DataFrame({"output": "y", "input": ["alpha", "beta"], "S1": [0.2, 0.79],
                          "S1_conf": [0.01, 0.02], "ST": [0.2, 0.8], "ST_conf": [0.03, 0.04]})
    text = S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")
    assert "add up" in text and "rest of the variance" not in text
    table["S1"] = [0.1, 0.7]
    assert "rest of the variance" in S.sentence(spec, table, pd.DataFrame({"y": range(5)}), "en")


@pytest.mark.parametrize("paper", ["01", "02", "04"])
def test_the_two_largest_total_indices_are_known_to_the_precision_the_sentence_needs(paper):
    """The committed samples are large enough that the sentence may rank the top of each output:
    the two largest total indices have 95 % intervals of at most ±0.05 (else raise base_samples)."""
    from clustermodels.paths import figures_dir

    table = pd.read_csv(figures_dir(S.NOTEBOOKS[paper]) / "table_sensitivity.csv")
    for output, part in table.groupby("output"):
        top = part.sort_values("ST", ascending=False).iloc[:2]
        assert (top["ST_conf"] <= S.PRECISION).all(), (output, top[["input", "ST", "ST_conf"]].to_dict("records"))
