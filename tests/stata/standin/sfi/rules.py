"""Stata's own rules, as the stand-in ``sfi`` enforces them.

Each limit is Stata's documented one ([U] 11.3 naming conventions, [D] data
types, [D] label, [P] char, [D] format, [U] 12.2.1 missing values); the
stand-in raises where Stata would refuse, so a runtime that passes here does
not depend on Stata silently truncating or converting what it is given.
"""

from __future__ import annotations

import math
import re
import struct
import unicodedata

MAX_NAME_CHARS = 32
"""Variable, value-label, characteristic and global macro names: 1 to 32 characters."""
MAX_VARIABLE_LABEL_CHARS = 80
MAX_VALUE_LABEL_TEXT_CHARS = 32_000
MAX_STR_BYTES = 2045
"""The widest ``str#``; longer text is a ``strL``."""
MAX_CHAR_BYTES = 67_784
"""The longest characteristic ([P] char)."""
DEFAULT_MAXVAR = 5000
"""``c(maxvar)`` of Stata/SE and MP unless ``set maxvar`` changed it."""

RESERVED_NAMES = frozenset(
    ["_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_N", "_pi", "_pred", "_rc", "_se", "_skip", "strL", "using", "with"]
)
_STR_TYPE = re.compile(r"str[1-9][0-9]*")

NUMERIC_STORAGE = ("byte", "int", "long", "float", "double")
STRING_STORAGE = ("str", "strL")

# The range of values each numeric type holds ([D] data types); larger codes are missing values.
STORAGE_RANGE = {
    "byte": (-127, 100),
    "int": (-32_767, 32_740),
    "long": (-2_147_483_647, 2_147_483_620),
    "float": (-1.70141173319e38, 1.70141173319e38),
}

SYSTEM_MISSING = math.ldexp(1.0, 1023)
"""``.`` as a double: 2**1023; ``.a`` .. ``.z`` follow it in steps of 2**1011."""
_MISSING_STEP = math.ldexp(1.0, 1011)
_DOUBLE_MAX = math.nextafter(SYSTEM_MISSING, 0.0)
STORAGE_RANGE["double"] = (-_DOUBLE_MAX, _DOUBLE_MAX)
EXTENDED_MISSING = "abcdefghijklmnopqrstuvwxyz"


def missing_value(letter: str | None = None) -> float:
    """The double Stata uses for ``.`` (no letter) or ``.a`` .. ``.z``."""
    if letter is None:
        return SYSTEM_MISSING
    if len(letter) != 1 or letter not in EXTENDED_MISSING:
        raise ValueError(f"{letter!r} is not one of a, b, ..., z")
    return SYSTEM_MISSING + (EXTENDED_MISSING.index(letter) + 1) * _MISSING_STEP


def missing_letter(value: float) -> str | None:
    """``""`` for ``.``, ``"a"`` .. ``"z"`` for extended missing values, None for a number."""
    if not is_missing(value):
        return None
    step = round((value - SYSTEM_MISSING) / _MISSING_STEP)
    return "" if step == 0 else EXTENDED_MISSING[step - 1]


def is_missing(value: float) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value >= SYSTEM_MISSING


MISSING_CODES = frozenset([SYSTEM_MISSING] + [SYSTEM_MISSING + k * _MISSING_STEP for k in range(1, 27)])
"""The 27 doubles that are missing values; any other double from 2**1023 up is no value at all."""


def valid_name(name: object) -> str | None:
    """Why ``name`` is not a valid Stata name, or None when it is.

    1 to 32 characters, letters (Unicode letters too since Stata 14), digits or
    underscores, not starting with a digit.
    """
    if not isinstance(name, str) or name == "":
        return "a name must be a nonempty string"
    if len(name) > MAX_NAME_CHARS:
        return f"{name} is {len(name)} characters long; names have at most {MAX_NAME_CHARS}"
    first = name[0]
    if first.isdigit() or not (first == "_" or unicodedata.category(first).startswith("L")):
        return f"{name} does not start with a letter or an underscore"
    for char in name:
        if not (char == "_" or char.isdigit() or unicodedata.category(char).startswith("L")):
            return f"{name} holds {char!r}; names hold letters, digits and underscores"
    return None


def valid_variable_name(name: object) -> str | None:
    """A valid name that is not one of Stata's reserved words (``_all``, ``byte``, ``str#``, ...)."""
    problem = valid_name(name)
    if problem is None and (name in RESERVED_NAMES or _STR_TYPE.fullmatch(str(name))):
        return f"{name} is a reserved word"
    return problem


def fits_storage(storage: str, value: float) -> bool:
    """Whether a nonmissing number can be stored in a variable of ``storage`` without change."""
    if not math.isfinite(value):
        return False
    low, high = STORAGE_RANGE[storage]
    if not low <= value <= high:
        return False
    if storage in ("byte", "int", "long"):
        return float(value).is_integer()
    return True


def to_float32(value: float) -> float:
    """What a ``float`` variable keeps of a double."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


_NUMERIC_FORMAT = re.compile(r"%-?0?[1-9][0-9]*\.[0-9]+(?:g|gc|f|fc|e)")
_STRING_FORMAT = re.compile(r"%[-~]?([1-9][0-9]*)s")
_DATE_FORMAT = re.compile(r"%-?t[cCdwmqhyb](?:[A-Za-z0-9_:.!,/ +-]*)")


def format_kind(fmt: object) -> str | None:
    """``"numeric"``, ``"date"`` (numeric too) or ``"string"`` for a valid display format, else None."""
    if not isinstance(fmt, str):
        return None
    if _NUMERIC_FORMAT.fullmatch(fmt):
        return "numeric"
    if _DATE_FORMAT.fullmatch(fmt):
        return "date"
    string = _STRING_FORMAT.fullmatch(fmt)
    if string and int(string.group(1)) <= MAX_STR_BYTES:
        return "string"
    return None


def default_format(storage: str, width: int = 0) -> str:
    """The display format Stata gives a new variable."""
    if storage in ("byte", "int"):
        return "%8.0g"
    if storage == "long":
        return "%12.0g"
    if storage == "float":
        return "%9.0g"
    if storage == "double":
        return "%10.0g"
    if storage == "strL":
        return "%9s"
    return f"%{max(9, width)}s"
