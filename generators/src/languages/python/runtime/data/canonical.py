# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The canonical text of BigQuery values in downloaded files.

Every language's package writes the same CSV and JSON Lines bytes for the same
rows (the conformance suite compares checksums; the TypeScript SDK's
``sdk-ts/src/data/formats.ts`` is the reference):

- INT64 a JSON number when it is a safe integer (below 2**53), else a string;
- FLOAT64 as ECMAScript's ``Number::toString`` writes it (``1e-7``, ``1.5e+21``),
  NaN and the infinities as the strings ``NaN``, ``Infinity``, ``-Infinity``;
- NUMERIC and BIGNUMERIC in plain decimal notation without trailing zeros;
- DATE ``YYYY-MM-DD``; DATETIME ``YYYY-MM-DDTHH:MM:SS[.ffffff]``; TIMESTAMP the
  same in UTC with a ``Z``; BYTES base64; RECORD an object; REPEATED an array.

CSV: a header of column names; fields holding a comma, a quote, CR or LF (or
empty strings) are quoted with quotes doubled (RFC 4180); NULL is an empty
field; lines end with a line feed. JSONL: one object per row, keys in column order,
no spaces, UTF-8 as is.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .jsontext import format_float, json_text

__all__ = [
    "STANDARD_TYPES",
    "Column",
    "canonical_value",
    "csv_field",
    "csv_header",
    "csv_line",
    "csv_value",
    "format_decimal",
    "format_float",
    "json_line",
    "json_text",
    "json_value",
]

STANDARD_TYPES = {
    "INTEGER": "INT64",
    "INT64": "INT64",
    "FLOAT": "FLOAT64",
    "FLOAT64": "FLOAT64",
    "BOOLEAN": "BOOL",
    "BOOL": "BOOL",
    "STRUCT": "RECORD",
    "RECORD": "RECORD",
}
"""BigQuery's REST type names (``INTEGER``) -> standard SQL names (``INT64``); others are the same."""

_MAX_SAFE_INTEGER = 2**53 - 1


@dataclass(frozen=True)
class Column:
    """A result column as the canonical forms need it: name, standard type, mode, nested fields."""

    name: str
    type: str
    mode: str = "NULLABLE"
    fields: tuple[Column, ...] = ()

    @staticmethod
    def of(name: str, field_type: str, mode: str | None = None, fields: Sequence[Column] = ()) -> Column:
        """A column from BigQuery's own spelling of its type (``INTEGER``, ``STRUCT``...)."""
        upper = field_type.upper()
        return Column(name, STANDARD_TYPES.get(upper, upper), (mode or "NULLABLE").upper(), tuple(fields))


def format_decimal(value: decimal.Decimal) -> str:
    """A decimal in plain notation without an exponent or trailing zeros (``1.50E+2`` -> ``150``).

    Exact whatever its digits: ``Decimal.normalize`` would round to the context's 28.
    """
    if not value.is_finite():
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _timestamp(value: dt.datetime) -> str:
    utc = value.astimezone(dt.UTC) if value.tzinfo is not None else value
    return f"{utc.replace(tzinfo=None).isoformat()}Z"


def canonical_value(column: Column, value: object) -> object:
    """A value of ``column`` as the JSON value its canonical form is (str, int, bool, dict, list or None)."""
    if value is None:
        return None
    if column.mode == "REPEATED":
        item = Column(column.name, column.type, "NULLABLE", column.fields)
        return [canonical_value(item, v) for v in value] if isinstance(value, (list, tuple)) else []
    if column.type == "RECORD":
        record = value if isinstance(value, Mapping) else {}
        return {f.name: canonical_value(f, record.get(f.name)) for f in column.fields}
    if isinstance(value, bool):
        return value
    if column.type == "INT64" and isinstance(value, int):
        return value if abs(value) <= _MAX_SAFE_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else format_float(value)
    if isinstance(value, decimal.Decimal):
        return format_decimal(value)
    if isinstance(value, dt.datetime):
        return _timestamp(value) if column.type == "TIMESTAMP" else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, int):
        return value
    return str(value)


def csv_field(text: str) -> str:
    """RFC 4180: quoted (quotes doubled) when empty or holding a comma, a quote, CR or LF."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if text == "" or any(c in text for c in ',"\r\n') else text


def csv_value(column: Column, value: object) -> str:
    """One value of ``column`` as a CSV field (NULL an empty field)."""
    canonical = canonical_value(column, value)
    if canonical is None:
        return ""
    if isinstance(canonical, str):
        return csv_field(canonical)
    if isinstance(canonical, bool):
        return "true" if canonical else "false"
    if isinstance(canonical, (int, float)):
        return format_float(float(canonical)) if isinstance(canonical, float) else str(canonical)
    return csv_field(json_text(canonical))


def csv_header(columns: Sequence[Column]) -> str:
    """The header line of a CSV file."""
    return ",".join(csv_field(c.name) for c in columns) + "\n"


def csv_line(columns: Sequence[Column], row: Mapping[str, object]) -> str:
    """One row as a CSV line."""
    return ",".join(csv_value(c, row.get(c.name)) for c in columns) + "\n"


def json_value(column: Column, value: object) -> str:
    """One value of ``column`` as JSON text (NULL ``null``)."""
    return json_text(canonical_value(column, value))


def json_line(columns: Sequence[Column], row: Mapping[str, object]) -> str:
    """One row as a JSON Lines line, keys in column order."""
    return json_text({c.name: canonical_value(c, row.get(c.name)) for c in columns}) + "\n"
