"""The stale-prose check itself: it must catch a default-run number stated as this run's."""

import notebook_checks as checks  # tests/notebook_checks.py


def test_a_default_number_stated_plainly_is_caught():
    assert checks.stale_statements(["The baseline ends at 4.83 in year 20."], [4.8312])


def test_marked_allowed_current_and_code_numbers_are_not():
    values = [4.8312, 19572.82]
    assert not checks.stale_statements(["In the default run the baseline ends at 4.83."], values)
    assert not checks.stale_statements(["The paper prints 4.83."], values, allowed={"4.83"})
    assert not checks.stale_statements(["The baseline ends at 4.83."], values, current=[4.829])
    assert not checks.stale_statements(["Run `clustermodels run 02 -p x 4.83`."], values)
    assert checks.stale_statements(["A total of 19,572.82 (10^8 yuan)."], values)


def test_changed_results_compares_by_path():
    default = {"a": 1.0, "b": {"c": 2.0, "d": [3.0, 4.0]}, "flag": True}
    rerun = {"a": 1.0, "b": {"c": 2.5, "d": [3.0, 4.1]}, "flag": False}
    assert sorted(checks.changed_results(default, rerun)) == [2.0, 4.0]
