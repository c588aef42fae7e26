"""Validation of notebook parameters: a clear error naming the parameter and the allowed values.

Every notebook validates all its parameters in its first code cell after the parameters cell,
before anything is computed or written.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any


class ParameterError(ValueError):
    """A notebook parameter has the wrong type, an out-of-range value or an unknown name."""


def _fail(name: str, value: Any, allowed: str) -> None:
    raise ParameterError(f"parameter {name!r} = {value!r} is invalid: allowed {allowed}")


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def check_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
) -> float | int:
    """Return ``value`` if it is a finite (integer) number in the interval, else raise."""
    kind = "an integer" if integer else "a number"
    allowed = f"{kind} in {_interval(low, high, low_open, high_open)}"
    if isinstance(value, bool) or not isinstance(value, Integral if integer else Real):
        _fail(name, value, allowed)
    if not math.isfinite(value):
        _fail(name, value, allowed)
    if low is not None and (value < low or (low_open and value == low)):
        _fail(name, value, allowed)
    if high is not None and (value > high or (high_open and value == high)):
        _fail(name, value, allowed)
    return int(value) if integer else float(value)


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    choices = tuple(choices)
    if value not in choices:
        _fail(name, value, "one of " + ", ".join(repr(c) for c in choices))
    return value


def check_flag(name: str, value: Any) -> bool:
    """A yes/no parameter: only True or False (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        _fail(name, value, "True or False")
    return value


def check_numbers(
    name: str,
    value: Any,
    *,
    length: int | None = None,
    min_length: int = 1,
    max_length: int | None = None,
    low: float | None = None,
    high: float | None = None,
    increasing: bool = False,
) -> tuple[float, ...]:
    """A list of finite numbers, of a fixed length or ``min_length`` to ``max_length``, each in range."""
    if length is not None:
        size = f"exactly {length}"
    elif max_length is not None:
        size = f"{min_length} to {max_length}"
    else:
        size = f"at least {min_length}"
    item = f"numbers in {_interval(low, high, False, False)}"
    allowed = f"a list of {size} {item}" + (", strictly increasing" if increasing else "")
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        _fail(name, value, allowed)
    if ((length is not None and len(value) != length) or len(value) < min_length
            or (max_length is not None and len(value) > max_length)):
        _fail(name, value, allowed)
    out = []
    for i, v in enumerate(value):
        try:
            out.append(check_number(f"{name}[{i}]", v, low=low, high=high))
        except ParameterError:
            _fail(name, value, allowed)
    if increasing and any(b <= a for a, b in zip(out, out[1:])):
        _fail(name, value, allowed)
    return tuple(out)


def check_known(given: Iterable[str], known: Iterable[str]) -> None:
    """Raise if any name in ``given`` is not a parameter of the notebook."""
    known = tuple(known)
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))}: "
            f"allowed names are {', '.join(known)}"
        )


def given_parameters(namespace: dict, defaults: dict) -> dict[str, Any]:
    """The notebook's parameters as the kernel holds them, after checking that no other name
    was injected: papermill only warns about an unknown parameter and injects it anyway, so the
    injected cell (its source starts with "# Parameters", as does the notebook's own parameters
    cell) is read back from IPython's input history and any name it sets that the notebook does
    not know is refused."""
    import ast

    injected: list[str] = []
    for source in namespace.get("In", []):
        if not source.lstrip().startswith("# Parameters"):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        injected += [t.id for node in tree.body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)]
    check_known(injected, defaults)
    return {name: namespace[name] for name in defaults}
