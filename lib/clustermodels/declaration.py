"""Each paper's parameters declared once: name, type, default, unit, allowed values and meaning
in English and Chinese.

A paper's ``notebook.py`` holds one :class:`Declaration`. From it come ``DEFAULTS``, the
validation of every value (pydantic checks the type and range; the message is the same one line
as before: ``parameter 'x' = 2 is invalid: allowed a number in [0, 1]``), the JSON Schema of a
``-f`` parameters file, the tables of ``clustermodels params NN``, the README and the book, and
the sweep's checks of names. The checks that need the model (a stage-1 LP, the calibration, a
lookup table's length) stay in the paper's ``resolve``, which calls :meth:`Declaration.validate`
first.
"""

from __future__ import annotations

import re

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, TypeAdapter, ValidationError
from pydantic import create_model

from .parameters import ParameterError, check_known

# kinds checked here; "structured" values (mappings, coalitions, files) are checked by resolve
KINDS = ("number", "integer", "choice", "flag", "numbers", "matrix", "structured")


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python number it holds (sweeps and the run API pass both)."""
    return value.item() if type(value).__module__ == "numpy" and hasattr(value, "item") and not hasattr(
        value, "__len__") else value


def _sequence(value: Any) -> Any:
    """Lists and tuples only: a set has no order, and pydantic would take one as a list."""
    if isinstance(value, (set, frozenset)):
        raise ValueError("a set has no order")
    return value


def _interval(low, high, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    return f"{left}{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}{right}"


def _increasing(values: list) -> list:
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError("not strictly increasing")
    return values


@dataclass(frozen=True)
class Parameter:
    """One parameter. ``kind`` says what is checked here (see :data:`KINDS`); ``low``/``high``
    bound a number or every number of a list; ``length`` (or ``min_length``/``max_length``) a
    list's size, ``shape`` a matrix's (rows, columns). ``meaning``/``meaning_zh`` use the paper's
    own terms; ``none``/``none_zh`` say what ``None`` stands for; ``allowed``/``allowed_zh``
    replace the generated description where it needs the model's names. ``explore`` marks a
    parameter a reader would move in :func:`clustermodels.explore.explore`, with its slider
    range (``low``..``high`` by default)."""

    name: str
    default: Any
    kind: str
    meaning: str
    meaning_zh: str
    unit: str = ""
    unit_zh: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple = ()
    length: int | None = None
    min_length: int = 1
    max_length: int | None = None
    increasing: bool = False
    shape: tuple[int, int] | None = None
    none: str = ""
    none_zh: str = ""
    allowed_text: str = ""
    allowed_zh_text: str = ""
    json_type: Any = None  # the type of a "structured" value, for the JSON Schema
    explore: bool = False
    slider: tuple[float, float, float] | None = None  # (low, high, step) of a number's control
    start: Any = None  # where a control starts when the default is None (the data file's value)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.explore and self.kind in ("number", "integer") and self.slider is None:
            raise ValueError(f"{self.name}: an explored number needs a slider (low, high, step)")

    # --- the type pydantic checks ---------------------------------------------------------------
    def _number(self) -> Any:
        bounds = {("gt" if self.low_open else "ge"): self.low, ("lt" if self.high_open else "le"): self.high}
        bounds = {k: v for k, v in bounds.items() if v is not None}
        kind = int if self.kind == "integer" else float
        extra = {} if self.kind == "integer" else {"allow_inf_nan": False}
        return Annotated[kind, Strict(), Field(**bounds, **extra), BeforeValidator(_plain)]

    def annotation(self) -> Any:
        if self.kind in ("number", "integer"):
            kind = self._number()
        elif self.kind == "choice":
            kind = Literal[self.choices]
        elif self.kind == "flag":
            kind = Annotated[bool, Strict()]
        elif self.kind == "numbers":
            size = ({"min_length": self.length, "max_length": self.length} if self.length is not None
                    else {"min_length": self.min_length, "max_length": self.max_length})
            item = Annotated[float, Strict(), Field(allow_inf_nan=False, **{
                k: v for k, v in (("ge", self.low), ("le", self.high)) if v is not None}), BeforeValidator(_plain)]
            kind = Annotated[list[item], BeforeValidator(_sequence), Field(**size)]
            if self.increasing:
                kind = Annotated[kind, AfterValidator(_increasing)]
        elif self.kind == "matrix":
            rows, columns = self.shape
            item = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=self.low, le=self.high),
                             BeforeValidator(_plain)]
            row = Annotated[list[item], Field(min_length=columns, max_length=columns)]
            kind = Annotated[list[row], Field(min_length=rows, max_length=rows)]
        else:
            kind = self.json_type if self.json_type is not None else Any
        return Optional[kind] if self.default is None else kind

    @property
    def checked_here(self) -> bool:
        return self.kind != "structured"

    # --- what a reader is told ---------------------------------------------------------------------
    @property
    def allowed(self) -> str:
        """The allowed values, in the words of the refusal message."""
        if self.allowed_text:
            return self.allowed_text
        interval = _interval(self.low, self.high, self.low_open, self.high_open)
        if self.kind == "number":
            return f"a number in {interval}"
        if self.kind == "integer":
            return f"an integer in {interval}"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "flag":
            return "True or False"
        if self.kind == "numbers":
            if self.length is not None:
                size = f"exactly {self.length}"
            elif self.max_length is not None:
                size = f"{self.min_length} to {self.max_length}"
            else:
                size = f"at least {self.min_length}"
            return (f"a list of {size} numbers in {_interval(self.low, self.high, False, False)}"
                    + (", strictly increasing" if self.increasing else ""))
        if self.kind == "matrix":
            return (f"{self.shape[0]} lists of {self.shape[1]} numbers in "
                    f"{_interval(self.low, self.high, False, False)}")
        return "see the meaning"

    @property
    def allowed_zh(self) -> str:
        if self.allowed_zh_text:
            return self.allowed_zh_text
        interval = _interval(self.low, self.high, self.low_open, self.high_open)
        if self.kind == "number":
            return f"{interval} 内的数"
        if self.kind == "integer":
            return f"{interval} 内的整数"
        if self.kind == "choice":
            return "、".join(repr(c) for c in self.choices) + " 之一"
        if self.kind == "flag":
            return "True 或 False"
        if self.kind == "numbers":
            if self.length is not None:
                size = f"恰好 {self.length} 个"
            elif self.max_length is not None:
                size = f"{self.min_length} 至 {self.max_length} 个"
            else:
                size = f"至少 {self.min_length} 个"
            return (f"{size}数的列表，每个在 {_interval(self.low, self.high, False, False)} 内"
                    + ("，严格递增" if self.increasing else ""))
        if self.kind == "matrix":
            return (f"{self.shape[0]} 个列表，各含 {self.shape[1]} 个 "
                    f"{_interval(self.low, self.high, False, False)} 内的数")
        return "见含义"

    def default_text(self, lang: str = "en") -> str:
        shown = "None" if self.default is None else repr(self.default)
        note = self.none_zh if lang == "zh" else self.none
        return f"{shown} ({note})" if self.default is None and note else shown


LITERAL = re.compile(r"'[^']*'|\bTrue\b|\bFalse\b|\bNone\b")
IDENTIFIER_IN_ZH = re.compile(r"(?<![`'\w])[a-z][a-z_]{2,}(?![`'\w])")


def _as_code(text: str, lang: str) -> str:
    """Values a reader types (quoted choices, True/False/None and, in the Chinese table, the
    English keys among Chinese words) as code in the Markdown table."""
    text = LITERAL.sub(lambda m: f"`{m.group(0)}`", text)
    if lang == "zh":
        parts = re.split(r"(`[^`]*`)", text)
        text = "".join(part if part.startswith("`") else IDENTIFIER_IN_ZH.sub(lambda m: f"`{m.group(0)}`", part)
                       for part in parts)
    return text


class Declaration:
    """A paper's parameters, in the order of its notebook's ``parameters`` cell."""

    def __init__(self, paper: str, parameters: list[Parameter], data_file: str):
        self.paper = paper
        self.data_file = data_file  # where a None takes its value from (repository-relative)
        self.parameters = {p.name: p for p in parameters}
        if len(self.parameters) != len(parameters):
            raise ValueError(f"paper {paper}: a parameter is declared twice")
        self._adapters = {p.name: TypeAdapter(p.annotation()) for p in parameters if p.checked_here}

    def __iter__(self):
        return iter(self.parameters.values())

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self}

    def validate(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Every name known and every value of a checked kind allowed (the first bad one, in the
        declaration's order, raises :class:`ParameterError`); returns the defaults with ``params``
        over them. Structured values are returned as given, for ``resolve`` to check."""
        check_known(params, self.parameters)
        values = {**self.defaults, **params}
        for name in self._adapters:
            values[name] = self.check(name, values[name])
        return values

    def check(self, name: str, value: Any) -> Any:
        """One value of a checked kind, as :meth:`validate` checks it."""
        try:
            return self._adapters[name].validate_python(value)
        except ValidationError:
            raise ParameterError(f"parameter {name!r} = {value!r} is invalid: allowed {self[name].allowed}") from None

    def model(self):
        """The declaration as a pydantic model (extra names forbidden): its JSON Schema checks a
        ``-f`` parameters file."""
        fields = {}
        for p in self:
            extra = {"unit": p.unit, "meaning_zh": p.meaning_zh, "allowed": p.allowed}
            fields[p.name] = (p.annotation(), Field(p.default, description=p.meaning + (f" ({p.unit})" if p.unit
                                                                                        else ""),
                                                   json_schema_extra={k: v for k, v in extra.items() if v}))
        return create_model(f"Parameters{self.paper}", __config__=ConfigDict(extra="forbid"), **fields)

    def json_schema(self) -> dict:
        schema = self.model().model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Parameters of notebook {self.paper} (clustermodels run {self.paper} -f FILE.yaml)"
        return schema

    def rows(self, lang: str = "en") -> list[tuple[str, str, str, str, str]]:
        """(name, default, unit, allowed, meaning) of every parameter, in ``lang``."""
        zh = lang == "zh"
        return [(p.name, p.default_text(lang), (p.unit_zh if zh else p.unit) or "—",
                 p.allowed_zh if zh else p.allowed, p.meaning_zh if zh else p.meaning) for p in self]

    def comment(self, name: str, lang: str = "en") -> str:
        """What the ``parameters`` cell says after ``name = default`` (papermill shows a parameter's
        inline comment as its help): meaning, unit, allowed values, and what ``None`` stands for,
        as in the notebook's table of parameters."""
        p, zh = self[name], lang == "zh"
        unit = p.unit_zh if zh else p.unit
        allowed = "" if p.kind == "structured" and not (p.allowed_zh_text if zh else p.allowed_text) else (
            p.allowed_zh if zh else p.allowed)
        parts = [(p.meaning_zh if zh else p.meaning) + ((f"，单位：{unit}" if zh else f" [{unit}]") if unit else "")]
        parts += [allowed] if allowed else []
        if p.default is None and (p.none_zh if zh else p.none):
            parts.append(p.default_text(lang).replace(" (", "（").replace(")", "）") if zh else p.default_text(lang))
        return ("；" if zh else "; ").join(parts)

    def parameters_cell(self, lang: str = "en") -> str:
        """The source of the notebook's ``parameters`` cell, generated from the declaration
        (``python -m clustermodels.paramtable`` writes it into ``notebooks/NN_*.py``; ``clustermodels
        reproduce`` gives the Chinese edition the Chinese one)."""
        from .runapi import PAPERS

        module = PAPERS[self.paper].rsplit(".", 1)[0] + ".notebook"
        if lang == "zh":
            lines = [f"# 参数（声明于 {module}；`clustermodels params {self.paper} --lang zh` 列出它们）。",
                     f"# None 表示 {self.data_file} 中的值。", '# 在命令行上，列表用 YAML 写：-p NAME "[1, 2, 3]"。']
        else:
            lines = [f"# Parameters (declared in {module}; `clustermodels params {self.paper}` lists them).",
                     f"# None = the value in {self.data_file}.", '# On the command line, write a list in YAML: '
                     '-p NAME "[1, 2, 3]".']
        assignments = [f"{p.name} = {p.default!r}".replace("'", '"') for p in self]
        width = max(len(a) for a in assignments) + 2
        lines += [f"{a:<{width}}# {self.comment(p.name, lang)}" for a, p in zip(assignments, self)]
        return "\n".join(lines)

    def markdown(self, lang: str = "en") -> str:
        """A Markdown table of :meth:`rows` (README, book)."""
        # "default run": the defaults are the default run's values, not a rerun's (a rerun shows this table too)
        head = (["参数", "默认值（默认运行）", "单位", "允许值", "含义"] if lang == "zh"
                else ["parameter", "default (the default run)", "unit", "allowed", "meaning"])
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in self.rows(lang):
            cells = [f"`{row[0]}`", _as_code(row[1], lang), row[2], _as_code(row[3], lang), row[4]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)
