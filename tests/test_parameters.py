import math

import pytest

from clustermodels.parameters import (ParameterError, check_choice, check_known, check_number,
                                      check_numbers)


def test_number_in_range_passes():
    assert check_number("x", 3, low=0, high=5) == 3.0
    assert check_number("n", 7, low=1, integer=True) == 7


@pytest.mark.parametrize("value", [-1, 6, math.nan, math.inf, "3", None, True])
def test_number_out_of_range_or_wrong_type_names_parameter_and_range(value):
    with pytest.raises(ParameterError, match=r"'x' = .* allowed a number in \[0, 5\]"):
        check_number("x", value, low=0, high=5)


def test_open_bounds_and_integers():
    with pytest.raises(ParameterError, match=r"\(0, 1\]"):
        check_number("dt", 0, low=0, low_open=True, high=1)
    with pytest.raises(ParameterError, match="an integer"):
        check_number("n", 2.5, integer=True)


def test_choice():
    assert check_choice("lang", "en", ("zh", "en")) == "en"
    with pytest.raises(ParameterError, match="'lang' = 'fr'.*one of 'zh', 'en'"):
        check_choice("lang", "fr", ("zh", "en"))


def test_numbers_length_range_and_order():
    assert check_numbers("c", [1, 2], length=2, low=0) == (1.0, 2.0)
    with pytest.raises(ParameterError, match="exactly 4"):
        check_numbers("c", [1, 2, 3], length=4)
    with pytest.raises(ParameterError, match="strictly increasing"):
        check_numbers("x", [0, 2, 2], increasing=True)
    with pytest.raises(ParameterError, match="'c'"):
        check_numbers("c", [1, -2], low=0)
    with pytest.raises(ParameterError):
        check_numbers("c", "1,2")


def test_unknown_names_listed_with_allowed_ones():
    with pytest.raises(ParameterError, match="unknown parameter.*'efect'.*allowed names are lang, effect"):
        check_known({"efect": 1}, ("lang", "effect"))
