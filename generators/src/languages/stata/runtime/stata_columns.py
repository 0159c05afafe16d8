# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_columns.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""Values of one column -> one Stata variable: storage type, display format, values.

Storage types follow the values, never a guess from the type alone:

- integers: the smallest of ``byte`` (-127..100), ``int`` (-32,767..32,740),
  ``long`` (-2,147,483,647..2,147,483,620) that holds them all, else ``double``
  while every value is exact in a double (|n| <= 2**53), else text;
- exact decimals (NUMERIC): ``double`` when every value survives the trip,
  else text in plain notation, so nothing is silently rounded;
- text: ``str#`` with # the widest value in bytes (at most 2045), ``strL``
  beyond or when a value holds a binary zero;
- DATE: days since 01jan1960 with ``%td``; DATETIME and TIMESTAMP (UTC):
  milliseconds since 01jan1960 00:00:00 with ``%tc``, the microseconds kept in
  the fraction (exact for years 1682-2238); TIME: ``%tcHH:MM:SS.sss``;
- BOOL: ``byte`` 0/1 with the value label ``bd_bool``; NULL: ``.`` or "".

FLOAT64 NaN, +Infinity and -Infinity (which Stata has no number for) become
the extended missing values ``.a``, ``.b`` and ``.c``. Characteristics keep
what the variable cannot say: ``bd_name`` (the column's own name), ``bd_type``
(its BigQuery type), ``bd_empty_obs`` (observations holding an empty string
rather than NULL, as a numlist) and ``bd_missing`` (which extended missing
value stands for what).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_STR = 2045
MAX_CHAR = 67_784
_RANGES = (("byte", -127, 100), ("int", -32_767, 32_740), ("long", -2_147_483_647, 2_147_483_620))
_EXACT = 2**53
_DOUBLE_MAX = math.nextafter(math.ldexp(1.0, 1023), 0.0)
_EPOCH_DAY = dt.date(1960, 1, 1)
_EPOCH = dt.datetime(1960, 1, 1)
_MICROSECOND = dt.timedelta(microseconds=1)
BOOL_LABEL = ("bd_bool", {0: "false", 1: "true"})
EXTENDED = {"NaN": "a", "Infinity": "b", "-Infinity": "c"}
"""FLOAT64 values Stata cannot hold -> the extended missing value that stands for them."""


@dataclass
class StataColumn:
    """A variable to create: its values are floats, None (``.``), ``".a"``-style missing codes, or text."""

    name: str
    storage: str  # byte | int | long | double | str | strL
    values: list[Any]
    width: int = 0
    format: str | None = None
    label: str = ""
    value_label: tuple[str, dict[int, str]] | None = None
    chars: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def is_string(self) -> bool:
        return self.storage in ("str", "strL")


def integer_column(name: str, values: Sequence[int | None]) -> StataColumn:
    present = [v for v in values if v is not None]
    low, high = (min(present), max(present)) if present else (0, 0)
    for storage, smallest, largest in _RANGES:
        if smallest <= low and high <= largest:
            return StataColumn(name, storage, [None if v is None else float(v) for v in values])
    if -_EXACT <= low and high <= _EXACT:
        return StataColumn(name, "double", [None if v is None else float(v) for v in values], format="%20.0g")
    column = text_column(name, [None if v is None else str(v) for v in values])
    column.notes.append(f"{name} is text: its integers are too large for a Stata double to hold exactly")
    return column


def double_column(name: str, values: Sequence[float | None]) -> StataColumn:
    out: list[Any] = []
    used: set[str] = set()
    for value in values:
        if value is None or (math.isfinite(value) and abs(value) <= _DOUBLE_MAX):
            out.append(value)
            continue
        special = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        used.add(special)
        out.append(f".{EXTENDED[special]}")
    column = StataColumn(name, "double", out)
    if used:
        column.chars["bd_missing"] = " ".join(f".{EXTENDED[s]} {s}" for s in EXTENDED if s in used)
    return column


def decimal_column(name: str, values: Sequence[decimal.Decimal | None]) -> StataColumn:
    """Exact decimals: numbers when a double holds every one of them, else their text."""
    finite = [v for v in values if v is not None]
    if all(v.is_finite() and abs(float(v)) <= _DOUBLE_MAX and decimal.Decimal(repr(float(v))) == v for v in finite):
        return StataColumn(name, "double", [None if v is None else float(v) for v in values])
    column = text_column(name, [None if v is None else _plain_decimal(v) for v in values])
    column.notes.append(f"{name} is text: a Stata double would round some of its decimals")
    return column


def _plain_decimal(value: decimal.Decimal) -> str:
    if not value.is_finite():
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def text_column(name: str, values: Sequence[str | None]) -> StataColumn:
    """``str#`` wide enough for the widest value (in bytes), or ``strL``; "" for NULL."""
    texts = ["" if v is None else _valid_utf8(v) for v in values]
    widest = max((len(t.encode("utf-8")) for t in texts), default=0)
    binary = any("\0" in t for t in texts)
    column = StataColumn(name, "strL" if widest > MAX_STR or binary else "str", texts, width=max(1, widest))
    empty = [index for index, value in enumerate(values, start=1) if value == ""]
    if empty:
        numlist = _numlist(empty)
        if len(numlist) <= MAX_CHAR:
            column.chars["bd_empty_obs"] = numlist
        else:
            column.notes.append(f"{name}: its empty strings cannot be told apart from NULL (too many to list)")
    return column


def _valid_utf8(text: str) -> str:
    """Stata holds UTF-8: a lone surrogate (which JSON can carry) becomes U+FFFD instead of failing the command."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _numlist(numbers: Sequence[int]) -> str:
    """Increasing integers as a Stata numlist with ranges: ``1 4/9 12``."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}/{previous}")
        if number is not None:
            start = previous = number
    return " ".join(parts)


def bool_column(name: str, values: Sequence[bool | None]) -> StataColumn:
    return StataColumn(name, "byte", [None if v is None else float(bool(v)) for v in values], value_label=BOOL_LABEL)


def date_column(name: str, values: Sequence[dt.date | None]) -> StataColumn:
    column = integer_column(name, [None if v is None else (v - _EPOCH_DAY).days for v in values])
    column.format = "%td"
    return column


def datetime_column(name: str, values: Sequence[dt.datetime | None]) -> StataColumn:
    """Milliseconds since 01jan1960 (UTC for aware values), with ``%tc``."""
    return StataColumn(name, "double", [None if v is None else _milliseconds(v) for v in values], format="%tc")


def _milliseconds(value: dt.datetime) -> float:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return ((value - _EPOCH) // _MICROSECOND) / 1000


def time_column(name: str, values: Sequence[dt.time | None]) -> StataColumn:
    def since_midnight(t: dt.time) -> float:
        return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.microsecond / 1000

    return StataColumn(name, "double", [None if v is None else since_midnight(v) for v in values], format="%tcHH:MM:SS.sss")


def json_text(value: object) -> str:
    """Nested values (RECORD, ARRAY, JSON) as compact JSON, UTF-8 as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _as_text(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        import base64

        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dict, list, tuple)):
        return json_text(value)
    return str(value)


ENCODERS: dict[str, Callable[[str, list[Any]], StataColumn]] = {
    "INT64": integer_column,
    "FLOAT64": double_column,
    "NUMERIC": decimal_column,
    "BIGNUMERIC": decimal_column,
    "BOOL": bool_column,
    "DATE": date_column,
    "DATETIME": datetime_column,
    "TIMESTAMP": datetime_column,
    "TIME": time_column,
}


def result_column(name: str, column_name: str, bigquery_type: str, mode: str, values: list[Any]) -> StataColumn:
    """One result column (plain Python values, None for NULL) as a Stata variable named ``name``."""
    encode = ENCODERS.get(bigquery_type) if mode != "REPEATED" else None
    if encode is None:
        column = text_column(name, [None if v is None else _as_text(v) for v in values])
    else:
        column = encode(name, values)
    column.chars["bd_name"] = column_name
    column.chars["bd_type"] = bigquery_type if mode != "REPEATED" else f"ARRAY<{bigquery_type}>"
    return column
