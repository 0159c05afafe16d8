# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""REST result pages (jobs.getQueryResults' JSON rows) as Arrow record batches, column by column.

google-cloud-bigquery's ``RowIterator.to_arrow`` turns every cell into a Python
object first (an ``int``, a ``datetime`` parsed by ``strptime``...), which costs
far more than fetching the page. Here each column's cell strings become one Arrow
string array, cast by ``pyarrow.compute`` to the Arrow type the library gives that
BigQuery type, so the batches are the library's (types, field metadata, values).
A column whose cells do not have the exact form BigQuery sends (the casts would
read more than the library's parsers), or whose type is not a plain scalar
(RECORD, REPEATED, RANGE, INTERVAL...), is converted by the library's own parser.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .bigquery_types import untyped_module

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["RestPages", "page_batch"]

# What the library's strptime formats and length checks accept, as BigQuery writes them.
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
_TIME = r"^\d{2}:\d{2}:\d{2}(\.\d{6})?$"
_INTEGER = r"^-?\d{1,19}$"
_TRUE = ("t", "true", "1")  # the library's bool_to_py: anything else is False


class _NotExact(Exception):
    """The vectorized cast cannot promise the library's result for this column."""


def _all_match(text: Any, pattern: str) -> bool:
    pc = untyped_module("pyarrow.compute")
    return bool(pc.all(pc.match_substring_regex(text, pattern)).as_py() is not False)


def _checked(text: Any, pattern: str) -> Any:
    if not _all_match(text, pattern):
        raise _NotExact
    return text


def _integers(text: Any, arrow_type: Any) -> Any:
    return _checked(text, _INTEGER).cast(arrow_type)


def _floats(text: Any, arrow_type: Any) -> Any:
    return text.cast(arrow_type)  # Arrow reads "NaN", "Infinity" and "-Infinity" as Python's float() does


def _decimals(text: Any, arrow_type: Any) -> Any:
    return text.cast(arrow_type)  # too many digits for the type: ArrowInvalid, and the library decides


def _booleans(text: Any, arrow_type: Any) -> Any:
    pc = untyped_module("pyarrow.compute")
    lower = pc.utf8_lower(text)
    return pc.or_(pc.or_(pc.equal(lower, _TRUE[0]), pc.equal(lower, _TRUE[1])), pc.equal(lower, _TRUE[2]))


def _dates(text: Any, arrow_type: Any) -> Any:
    return _checked(text, _DATE).cast(arrow_type)


def _datetimes(text: Any, arrow_type: Any) -> Any:
    return _checked(text, _DATETIME).cast(arrow_type)


def _timestamps(text: Any, arrow_type: Any) -> Any:
    pa = untyped_module("pyarrow")
    # formatOptions.useInt64Timestamp: microseconds since the epoch, UTC.
    return _checked(text, _INTEGER).cast(pa.int64()).cast(arrow_type)


def _times(text: Any, arrow_type: Any) -> Any:
    pa = untyped_module("pyarrow")
    pc = untyped_module("pyarrow.compute")
    # Arrow casts no string to time64: read it as a time of 1970-01-01, whose microseconds are the time's.
    moments = pc.binary_join_element_wise("1970-01-01T", _checked(text, _TIME), "")
    return moments.cast(pa.timestamp("us")).cast(pa.int64()).cast(arrow_type)


def _texts(text: Any, arrow_type: Any) -> Any:
    return text


def _bytes(text: Any, arrow_type: Any) -> Any:
    pa = untyped_module("pyarrow")
    # Arrow has no base64 kernel; binascii is what the library's base64.standard_b64decode runs.
    return pa.array([None if cell is None else binascii.a2b_base64(cell) for cell in text.to_pylist()], type=arrow_type)


_CASTS: Mapping[str, Callable[[Any, Any], Any]] = {
    "INT64": _integers,
    "INTEGER": _integers,
    "FLOAT64": _floats,
    "FLOAT": _floats,
    "NUMERIC": _decimals,
    "DECIMAL": _decimals,
    "BIGNUMERIC": _decimals,
    "BIGDECIMAL": _decimals,
    "BOOL": _booleans,
    "BOOLEAN": _booleans,
    "DATE": _dates,
    "DATETIME": _datetimes,
    "TIMESTAMP": _timestamps,
    "TIME": _times,
    "STRING": _texts,
    "GEOGRAPHY": _texts,
    "JSON": _texts,  # the library keeps JSON as its text for Arrow
    "BYTES": _bytes,
}


def _cast_of(field: bigquery.SchemaField) -> Callable[[Any, Any], Any] | None:
    """The vectorized conversion of a column of ``field``, or None when the library's parser must do it."""
    if (field.mode or "NULLABLE").upper() == "REPEATED":
        return None
    precision = getattr(field, "timestamp_precision", None)  # an enum whose microsecond member's value is None
    if getattr(precision, "value", precision) is not None:
        return None  # picosecond TIMESTAMPs stay the library's strings
    return _CASTS.get((field.field_type or "").upper())


def _library_column(cells: list[Any], field: bigquery.SchemaField, arrow_type: Any) -> Any:
    """The column as the library converts it: every cell through its parser, then ``pyarrow.array``."""
    pa = untyped_module("pyarrow")
    parser = untyped_module("google.cloud.bigquery._helpers").DATA_FRAME_CELL_DATA_PARSER
    return pa.array([parser.to_py(cell, field) for cell in cells], type=arrow_type)


def _column(cells: list[Any], field: bigquery.SchemaField, arrow_type: Any) -> Any:
    pa = untyped_module("pyarrow")
    cast = _cast_of(field)
    if cast is not None and arrow_type is not None:
        try:
            text = pa.array(cells, type=pa.string())
            # A NULL in a REQUIRED column makes the library's parser raise: let it.
            if text.null_count == 0 or (field.mode or "NULLABLE").upper() == "NULLABLE":
                return cast(text, arrow_type)
        except (_NotExact, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
    return _library_column(cells, field, arrow_type)


def page_batch(rows: Sequence[Mapping[str, Any]], fields: Sequence[bigquery.SchemaField], schema: Any) -> Any:
    """One page's ``rows`` (``{"f": [{"v": cell}, ...]}``) as a ``pyarrow.RecordBatch`` of ``schema``.

    ``schema`` is the library's Arrow schema of ``fields`` (``bq_to_arrow_schema``), or
    the column names when it has none (a type it cannot map: Arrow infers those columns).
    """
    pa = untyped_module("pyarrow")
    types = list(schema.types) if isinstance(schema, pa.Schema) else [None] * len(fields)
    arrays = [_column([row["f"][index]["v"] for row in rows], field, types[index]) for index, field in enumerate(fields)]
    if isinstance(schema, pa.Schema):
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    return pa.RecordBatch.from_arrays(arrays, names=schema)


class RestPages:
    """The rows of a ``RowIterator`` (REST pages, fetched by jobs.py) as Arrow: one batch per page."""

    def __init__(self, rows: bigquery.table.RowIterator) -> None:
        self.rows = rows
        self.fields = list(rows.schema)
        self.schema = untyped_module("google.cloud.bigquery._pandas_helpers").bq_to_arrow_schema(self.fields)

    def batches(self) -> Iterator[Any]:
        """A record batch per page, in the result's order (the iterator stops at its ``max_results``)."""
        names = [field.name for field in self.fields]
        for page in self.rows.pages:
            response = page.raw_page or {}
            yield page_batch(response.get("rows") or (), self.fields, self.schema if self.schema is not None else names)

    def table(self) -> Any:
        """Every page as one ``pyarrow.Table``; with no rows, one of the library's Arrow schema."""
        pa = untyped_module("pyarrow")
        return pa.Table.from_batches(list(self.batches()), schema=self.schema)
