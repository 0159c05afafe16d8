# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The records of operations and parameters, and checking arguments against them before any network call.

Each parameter is a :class:`ParamSpec`: the constraints of the spec's schemas,
following ``$ref`` s (an operation's record is :mod:`.operations`). Arguments are passed keyed by each parameter's wire name (``page_size``);
``label`` is the name the Python caller typed (``in_`` for a parameter named
``in``), quoted in errors. How they go on the wire is :mod:`.wire` and :mod:`.bodies`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeAlias

from .errors import ErrorKindSpec, InvalidParam, create_error

__all__ = [
    "ParamSpec",
    "ValueRules",
    "check_param",
    "check_value",
    "compile_pattern",
    "validate_args",
]

ValueType: TypeAlias = Literal["string", "integer", "number", "boolean", "array", "object", "any"]
ParamLocation: TypeAlias = Literal["path", "query", "header", "cookie", "argument"]
ParamStyle: TypeAlias = Literal["simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"]
Scalar: TypeAlias = str | int | float | bool


@dataclass(frozen=True)
class ValueRules:
    """The JSON Schema constraints of one value.

    Attributes
    ----------
    type : {"string", "integer", "number", "boolean", "array", "object", "any"}
        The JSON type the value must have (``object``: a mapping; ``any``: no type rule).
    pattern : str or None
        A regular expression (ECMA-262, as JSON Schema says) a string must match
        somewhere; the spec anchors its own with ``^...$``.
    minimum, maximum, exclusive_minimum, exclusive_maximum : float or None
        Bounds of a number.
    min_length, max_length : int or None
        Bounds of a string's length in code points.
    min_items, max_items : int or None
        Bounds of an array's length.
    enum : tuple or None
        The only values allowed.
    items : ValueRules or None
        The rules of each item of an array.
    """

    type: ValueType
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    enum: tuple[Scalar, ...] | None = None
    items: ValueRules | None = None


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of an operation or data function, from the spec.

    Attributes
    ----------
    name : str
        The wire name (``page_size``); arguments are keyed by it.
    label : str
        The Python name the caller types (``in_`` for ``in``).
    location : {"path", "query", "header", "cookie", "argument"}
        Where the parameter goes (the spec's ``in``); ``argument`` for data functions.
    required : bool
        Whether the call fails without it.
    rules : ValueRules
        The constraints of its value.
    style : str or None
        How it is serialised (OpenAPI 3.1 section 4.8.12.4); None for the location's
        default: ``simple`` in path and header, ``form`` in query and cookie.
    explode : bool or None
        Whether arrays and objects are exploded; None for the style's default
        (True for ``form``, False otherwise).
    key : str or None
        The key of its argument when another parameter of the operation has the
        same wire name (a path ``path`` and a query ``path``): its label; None
        when the wire name is the key.
    """

    name: str
    label: str
    location: ParamLocation
    required: bool
    rules: ValueRules
    style: ParamStyle | None = None
    explode: bool | None = None
    key: str | None = None

    @property
    def arg_key(self) -> str:
        """The key of its argument in the arguments of a call."""
        return self.key or self.name


def _translate_pattern(pattern: str) -> str:
    """ECMA-262 regex syntax to Python's: ``$`` ends the input only, ``(?<n>`` names a group."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "$":
            # In Python '$' also matches before a final newline: "abc\n" would pass "^[a-z]+$".
            out.append(r"\Z")
        elif pattern.startswith("(?<", index) and not pattern.startswith(("(?<=", "(?<!"), index):
            out.append("(?P<")
            index += 3
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    r"""Compiles a spec pattern with ECMA-262 meaning.

    ``$`` matches only at the very end and ``\d``/``\w`` only ASCII, as in the
    ``u`` mode of JavaScript regexes (so ``"١٢"`` is not ``\d+`` and ``"abc\n"``
    does not match ``^[a-z]+$``).

    Raises
    ------
    ValueError
        When the pattern uses syntax Python's ``re`` does not have.
    """
    try:
        return re.compile(_translate_pattern(pattern), re.ASCII)
    except re.error as error:
        raise ValueError(f"the spec's pattern {pattern!r} is not a regular expression Python can run: {error}") from error


def _describe(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:60] + "…" if len(value) > 60 else value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "None"
    if isinstance(value, Mapping):
        return "a mapping"
    return repr(value)


def _type_name(value: object) -> str:
    return type(value).__name__


def _is_integer(value: object) -> bool:
    # Floats are refused even when whole: 3.0 would go on the wire as "3.0".
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_scalar(rules: ValueRules, value: object) -> str | None:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            return f"must be a finite number, got {value!r}"
        if rules.minimum is not None and number < rules.minimum:
            return f"must be >= {_number(rules.minimum)}, got {value!r}"
        if rules.maximum is not None and number > rules.maximum:
            return f"must be <= {_number(rules.maximum)}, got {value!r}"
        if rules.exclusive_minimum is not None and number <= rules.exclusive_minimum:
            return f"must be > {_number(rules.exclusive_minimum)}, got {value!r}"
        if rules.exclusive_maximum is not None and number >= rules.exclusive_maximum:
            return f"must be < {_number(rules.exclusive_maximum)}, got {value!r}"
    if isinstance(value, str):
        length = len(value)  # code points, as JSON Schema counts
        if rules.min_length is not None and length < rules.min_length:
            plural = "" if rules.min_length == 1 else "s"
            return f"must be at least {rules.min_length} character{plural} long, got {length}"
        if rules.max_length is not None and length > rules.max_length:
            return f"must be at most {rules.max_length} characters long, got {length}"
        if rules.pattern is not None and not compile_pattern(rules.pattern).search(value):
            return f"must match the pattern {rules.pattern}, got {_describe(value)}"
    # True == 1 in Python, so booleans only equal booleans.
    if rules.enum is not None and not any(
        value == allowed and isinstance(value, bool) == isinstance(allowed, bool) for allowed in rules.enum
    ):
        return f"must be one of {', '.join(repr(v) for v in rules.enum)}, got {_describe(value)}"
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_value(rules: ValueRules, value: object) -> str | None:
    """Why ``value`` breaks ``rules``, in words (``must be <= 100, got 500``), or None when it is valid."""
    if rules.type == "string":
        if not isinstance(value, str):
            return f"must be a string, got {_type_name(value)}"
    elif rules.type == "integer":
        if not _is_integer(value):
            return f"must be an integer, got {_type_name(value)}"
    elif rules.type == "number":
        if not _is_number(value):
            return f"must be a number, got {_type_name(value)}"
    elif rules.type == "boolean":
        if not isinstance(value, bool):
            return f"must be a boolean, got {_type_name(value)}"
    elif rules.type == "object":
        if not isinstance(value, Mapping):
            return f"must be a mapping, got {_type_name(value)}"
        for key, item in value.items():
            if not isinstance(key, str):
                return f"must have string keys, got {_type_name(key)}"
            if item is not None and not isinstance(item, (str, int, float, bool)):
                return f"item {key!r} must be a string, number or boolean, got {_type_name(item)}"
            if isinstance(item, float) and not math.isfinite(item):
                return f"item {key!r} must be a finite number, got {item!r}"
        return None
    elif rules.type == "any":
        return None
    elif rules.type == "array":
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
            return f"must be a list, got {_type_name(value)}"
        if rules.min_items is not None and len(value) < rules.min_items:
            return f"must have at least {rules.min_items} item{'' if rules.min_items == 1 else 's'}, got {len(value)}"
        if rules.max_items is not None and len(value) > rules.max_items:
            return f"must have at most {rules.max_items} items, got {len(value)}"
        item_rules = rules.items
        for index, item in enumerate(value):
            if item_rules is not None:
                reason = check_value(item_rules, item)
            elif isinstance(item, (str, int, float, bool)):
                reason = _check_scalar(rules, item)
            else:
                reason = f"must be a string, number or boolean, got {_type_name(item)}"
            if reason:
                return f"item {index} {reason}"
        return None
    return _check_scalar(rules, value)


def check_param(spec: ParamSpec, value: object) -> str | None:
    """Why ``value`` is not a valid argument for ``spec``, or None when it is; None means "not given"."""
    if value is None:
        return "is required" if spec.required else None
    if spec.location == "path" and isinstance(value, str):
        if value == "":
            return "must not be empty"
        if value in (".", ".."):
            # URL parsers resolve these segments (even percent-encoded), which would change the path.
            return f"must not be {value!r}"
    if spec.location == "header" and _has_control_character(value):  # a CR or LF would start another header
        return "must not contain control characters (CR, LF, NUL...)"
    return check_value(spec.rules, value)


def _has_control_character(value: object) -> bool:
    texts = value if isinstance(value, (list, tuple)) else value.values() if isinstance(value, Mapping) else [value]
    return any(isinstance(t, str) and any(ord(c) < 32 or ord(c) == 127 for c in t) for t in texts)


def validate_args(
    where: str,
    params: Sequence[ParamSpec],
    args: Mapping[str, object],
    errors: Sequence[ErrorKindSpec],
) -> None:
    """Checks every argument before anything is sent.

    Parameters
    ----------
    where : str
        The operation or function, named in the message (``getDataset``).
    params : sequence of ParamSpec
        Its parameters.
    args : Mapping
        The arguments, keyed by wire name (by ``key`` for a parameter that has one).
    errors : sequence of ErrorKindSpec
        The spec's error table, which names the validation exception class.

    Raises
    ------
    BaseDosDadosException
        Of kind ``validation``, listing every broken parameter by label and wire
        name, with ``attempts == 0``: no request was sent.
    """
    problems: list[InvalidParam] = []
    for spec in params:
        reason = check_param(spec, args.get(spec.arg_key))
        if reason:
            problems.append(InvalidParam(name=spec.name, reason=reason, location=spec.location, label=spec.label))
    if not problems:
        return
    parts = [f"{p.name if p.label in (None, p.name) else f'{p.label} ({p.name})'} {p.reason}" for p in problems]
    plural = "s" if len(problems) > 1 else ""
    raise create_error(
        errors,
        "validation",
        f"Invalid argument{plural} for {where}: {'; '.join(parts)}",
        invalid_params=problems,
        attempts=0,
    )
