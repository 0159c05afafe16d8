# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The canonical CSV and JSON Lines text of whole Arrow record batches, column by column.

Formatting every cell in Python is what made downloads slow (about 100k rows/s);
here each column becomes one Arrow string array through ``pyarrow.compute`` and
the lines are joined in Arrow. The scalar forms of :mod:`.canonical` stay the
only definition of the bytes: a column is vectorized only where Arrow's text is
provably the same (an Arrow type this module knows for the column's BigQuery
type), and every value it cannot vouch for (a float Arrow lays out differently,
a decimal in exponent notation, a string JSON must escape) goes through
:func:`.canonical.csv_value` / :func:`.canonical.json_value`, as does any column
of another type. ``tests/python/test_canonical_arrow.py`` checks both give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from .bigquery_types import untyped_module
from .canonical import Column, csv_line, csv_value, json_line, json_value

__all__ = ["csv_text", "jsonl_text"]

_MAX_SAFE_INTEGER = 2**53 - 1
_CSV_NEEDS_QUOTES = '[,"\r\n]'
_JSON_NEEDS_ESCAPES = r'[\x00-\x1f"\\]'  # what json.dumps(ensure_ascii=False) escapes
_STRING_TYPES = ("STRING", "GEOGRAPHY", "JSON")

# A column's text: (Arrow strings with nulls where the value is NULL, mask of values the scalar form must write).
_Texts = tuple[Any, Any]


def csv_text(columns: Sequence[Column], batch: Any) -> bytes:
    """The CSV lines of ``batch`` (no header): the bytes :func:`.canonical.csv_line` writes for its rows."""
    arrays = _arrays_by_column(columns, batch)
    if arrays is None:
        return "".join(csv_line(columns, row) for row in batch.to_pylist()).encode("utf-8")
    pieces: list[Any] = []
    for index, (column, array) in enumerate(zip(columns, arrays, strict=True)):
        if index:
            pieces.append(",")
        pieces.append(_column_text(column, array, _csv_texts(column, array), csv_value, ""))
    return _joined_lines([*pieces, "\n"], batch.num_rows)


def jsonl_text(columns: Sequence[Column], batch: Any) -> bytes:
    """The JSON Lines of ``batch``: the bytes :func:`.canonical.json_line` writes for its rows."""
    arrays = _arrays_by_column(columns, batch)
    if arrays is None:
        return "".join(json_line(columns, row) for row in batch.to_pylist()).encode("utf-8")
    pieces: list[Any] = []
    for index, (column, array) in enumerate(zip(columns, arrays, strict=True)):
        pieces.append(("," if index else "{") + json.dumps(column.name, ensure_ascii=False) + ":")
        pieces.append(_column_text(column, array, _json_texts(column, array), json_value, "null"))
    return _joined_lines([*pieces, "}\n"], batch.num_rows)


def _arrays_by_column(columns: Sequence[Column], batch: Any) -> list[Any] | None:
    """The batch's arrays in column order, or None when its names are not exactly the columns' (the row path decides then)."""
    if list(batch.schema.names) != [c.name for c in columns]:
        return None
    return list(batch.columns)


def _joined_lines(pieces: list[Any], rows: int) -> bytes:
    pa, pc = _arrow()
    if rows == 0:
        return b""
    lines = pc.binary_join_element_wise(*pieces, "")
    whole = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, rows], pa.int32()), lines), "")
    return bytes(whole[0].as_buffer())


def _column_text(column: Column, array: Any, texts: _Texts | None, scalar: Callable[[Column, object], str], null: str) -> Any:
    """The column's text without nulls: Arrow's where it is vouched for, the scalar form's elsewhere."""
    pa, pc = _arrow()
    if texts is None:
        return pa.array([scalar(column, v) for v in array.to_pylist()], pa.string())
    text, fallback = texts
    if fallback is not None:
        fallback = pc.fill_null(fallback, False)
        if pc.any(fallback).as_py():
            values = pc.filter(array, fallback).to_pylist()
            text = pc.replace_with_mask(text, fallback, pa.array([scalar(column, v) for v in values], pa.string()))
    return pc.fill_null(pc.cast(text, pa.string()), null)


def _csv_texts(column: Column, array: Any) -> _Texts | None:
    pa, pc = _arrow()
    if column.mode == "REPEATED":
        return None
    if column.type in _STRING_TYPES and (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(array, '"', '""'), '"', "")
        needs_quotes = pc.or_(pc.match_substring_regex(array, _CSV_NEEDS_QUOTES), pc.equal(pc.binary_length(array), 0))
        return pc.if_else(needs_quotes, quoted, array), None
    return _plain_texts(column, array)


def _json_texts(column: Column, array: Any) -> _Texts | None:
    pa, pc = _arrow()
    if column.mode == "REPEATED":
        return None
    if column.type in _STRING_TYPES and (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return _quoted(array), pc.match_substring_regex(array, _JSON_NEEDS_ESCAPES)
    plain = _plain_texts(column, array)
    if plain is None:
        return None
    text, fallback = plain
    if column.type == "INT64":
        unsafe = pc.or_(pc.greater(array, _MAX_SAFE_INTEGER), pc.less(array, -_MAX_SAFE_INTEGER))
        return pc.if_else(unsafe, _quoted(text), text), fallback
    if column.type in ("BOOL", "FLOAT64"):
        return text, fallback
    return _quoted(text), fallback  # dates, times and decimals are JSON strings


def _plain_texts(column: Column, array: Any) -> _Texts | None:
    """Text that CSV writes bare and JSON writes bare (numbers, booleans) or quoted (the rest): no character either must escape."""
    pa, pc = _arrow()
    kind = array.type
    if (column.type == "INT64" and pa.types.is_int64(kind)) or (column.type == "BOOL" and pa.types.is_boolean(kind)):
        return pc.cast(array, pa.string()), None
    if column.type == "FLOAT64" and pa.types.is_float64(kind):
        return _float_texts(array)
    if column.type == "DATE" and pa.types.is_date32(kind):
        return pc.cast(array, pa.string()), None
    if column.type == "NUMERIC" and pa.types.is_decimal128(kind):
        text = pc.cast(array, pa.string())  # plain ("1234.500000000") unless small ("-1E-9", "0E-9"): those go the scalar way
        trimmed = pc.replace_substring_regex(pc.replace_substring_regex(text, r"(\.[0-9]*?)0+$", r"\1"), r"\.$", "")
        return trimmed, pc.match_substring(text, "E")
    if pa.types.is_timestamp(kind) and kind.unit == "us":
        if column.type == "DATETIME" and kind.tz is None:
            return _without_zero_fraction(pc.replace_substring(pc.cast(array, pa.string()), " ", "T", max_replacements=1)), None
        if column.type == "TIMESTAMP" and kind.tz in ("UTC", "+00:00"):
            text = pc.cast(pc.cast(array, pa.timestamp("us")), pa.string())  # the UTC wall time
            return pc.binary_join_element_wise(_without_zero_fraction(pc.replace_substring(text, " ", "T", max_replacements=1)), "Z", ""), None
    if column.type == "TIME" and pa.types.is_time64(kind) and kind.unit == "us":
        return _without_zero_fraction(pc.cast(array, pa.string())), None
    return None


def _float_texts(array: Any) -> _Texts:
    """Arrow's shortest round-trip digits, kept only where its layout is ECMAScript's.

    Both write the shortest digits that round-trip; they differ in when to use an
    exponent (ECMAScript: |x| < 1e-6 or |x| >= 1e21; Arrow from 1e16 up, ``1e+16``)
    and in zero, NaN and the infinities (``-0``, ``nan``, ``inf``). A value whose
    text has an exponent exactly when ECMAScript's has one is the same text; the
    rest take :func:`.canonical.format_float`'s.
    """
    pa, pc = _arrow()
    text = pc.cast(array, pa.string())
    magnitude = pc.abs(array)
    ecmascript_plain = pc.and_(pc.greater_equal(magnitude, 1e-6), pc.less(magnitude, 1e21))
    same_layout = pc.equal(ecmascript_plain, pc.invert(pc.match_substring(text, "e")))
    vouched = pc.and_(same_layout, pc.and_(pc.is_finite(array), pc.not_equal(array, 0.0)))
    return text, pc.invert(vouched)


def _without_zero_fraction(text: Any) -> Any:
    """Arrow writes six fraction digits always; Python's isoformat (the canonical form) leaves out a zero fraction."""
    _, pc = _arrow()
    return pc.replace_substring_regex(text, r"\.000000$", "")


def _quoted(text: Any) -> Any:
    _, pc = _arrow()
    return pc.binary_join_element_wise('"', text, '"', "")


def _arrow() -> tuple[Any, Any]:
    return untyped_module("pyarrow"), untyped_module("pyarrow.compute")
