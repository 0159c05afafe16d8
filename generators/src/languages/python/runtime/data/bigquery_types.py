# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""BigQuery column types -> pandas dtypes, the one mapping every DataFrame follows.

=========================  ========================  =====================================
BigQuery type              pandas dtype              values
=========================  ========================  =====================================
INT64                      ``Int64``                 int, ``pd.NA`` for NULL (never float)
FLOAT64                    ``float64``               float, NaN for NULL
NUMERIC, BIGNUMERIC        ``object``                :class:`decimal.Decimal` (exact)
BOOL                       ``boolean``               bool, ``pd.NA`` for NULL
STRING, GEOGRAPHY (WKT)    ``string``                str, ``pd.NA`` for NULL
DATE                       ``dbdate``                :class:`datetime.date` (db-dtypes) [1]_
TIME                       ``dbtime``                :class:`datetime.time` (db-dtypes)
DATETIME                   ``datetime64[us]``        naive timestamps
TIMESTAMP                  ``datetime64[us, UTC]``   UTC timestamps
BYTES, JSON, RECORD, ARRAY ``object``                bytes, parsed JSON, dicts, lists
=========================  ========================  =====================================

Microsecond timestamps cover BigQuery's whole range (years 1 to 9999), which
nanosecond ones do not.

.. [1] ``dbdate`` holds the years 1677 to 2262; a column with a date outside them
   stays ``object`` with :class:`datetime.date` values.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .canonical import STANDARD_TYPES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PANDAS_DTYPES",
    "ColumnType",
    "arrow_types_mapper",
    "conform_dataframe",
    "pandas_dtype",
    "to_dataframe",
    "untyped_module",
]


def untyped_module(name: str) -> Any:
    """Imports a library that ships no type information (pyarrow, db-dtypes) as ``Any``.

    A plain ``import pyarrow`` would make ``mypy --strict`` fail in every project
    that type-checks code using this package, unless each of them configured it.
    """
    return importlib.import_module(name)

PANDAS_DTYPES: Mapping[str, str] = {
    "INT64": "Int64",
    "INTEGER": "Int64",
    "FLOAT64": "float64",
    "FLOAT": "float64",
    "NUMERIC": "object",
    "DECIMAL": "object",
    "BIGNUMERIC": "object",
    "BIGDECIMAL": "object",
    "BOOL": "boolean",
    "BOOLEAN": "boolean",
    "STRING": "string",
    "GEOGRAPHY": "string",
    "DATE": "dbdate",
    "TIME": "dbtime",
    "DATETIME": "datetime64[us]",
    "TIMESTAMP": "datetime64[us, UTC]",
    "BYTES": "object",
    "JSON": "object",
    "RECORD": "object",
    "STRUCT": "object",
}
"""The pandas dtype of each BigQuery type (legacy names included); see the module's table."""


@dataclass(frozen=True)
class ColumnType:
    """A result column's name and BigQuery type, as the client's ``SchemaField`` gives them."""

    name: str
    field_type: str
    mode: str = "NULLABLE"


def pandas_dtype(field_type: str, mode: str = "NULLABLE") -> str:
    """The pandas dtype of a column of BigQuery type ``field_type``.

    Repeated columns (ARRAY) and types this table does not know hold Python objects.

    Examples
    --------
    >>> pandas_dtype("INT64")
    'Int64'
    >>> pandas_dtype("STRING", "REPEATED")
    'object'
    """
    if mode.upper() == "REPEATED":
        return "object"
    return PANDAS_DTYPES.get(field_type.upper(), "object")


# db-dtypes keeps dates as nanosecond timestamps, which only span these years.
_DBDATE_FIRST = dt.date(1677, 9, 22)
_DBDATE_LAST = dt.date(2262, 4, 11)


def arrow_types_mapper(dates_as_dbdate: bool = True) -> Callable[[Any], Any]:
    """The ``types_mapper`` of ``pyarrow.Table.to_pandas`` that gives nullable dtypes directly.

    Integers must never pass through float64: an INT64 above 2**53 with a NULL
    beside it would lose its last digits. With ``dates_as_dbdate`` off, dates stay
    :class:`datetime.date` objects.
    """
    import pandas as pd

    db_dtypes = untyped_module("db_dtypes")
    pa = untyped_module("pyarrow")

    def mapper(arrow_type: Any) -> Any:
        if pa.types.is_integer(arrow_type):
            return pd.Int64Dtype()
        if pa.types.is_boolean(arrow_type):
            return pd.BooleanDtype()
        if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
            return pd.StringDtype()
        if pa.types.is_date32(arrow_type) and dates_as_dbdate:
            return db_dtypes.DateDtype()
        if pa.types.is_time64(arrow_type):
            return db_dtypes.TimeDtype()
        return None  # pandas' own conversion: floats, timestamps, decimals, nested values

    return mapper


def _dates_fit_dbdate(table: Any) -> bool:
    pa = untyped_module("pyarrow")
    pc = untyped_module("pyarrow.compute")

    for column in table.columns:
        if not pa.types.is_date32(column.type) or column.null_count == len(column):
            continue
        bounds = pc.min_max(column)
        first: dt.date = bounds["min"].as_py()
        last: dt.date = bounds["max"].as_py()
        if first < _DBDATE_FIRST or last > _DBDATE_LAST:
            return False
    return True


def to_dataframe(table: Any, columns: Iterable[ColumnType]) -> pd.DataFrame:
    """A DataFrame of an Arrow table of BigQuery rows, every column in its documented dtype.

    Dates outside the years 1677 to 2262, which ``dbdate`` cannot hold, stay
    ``object`` columns of :class:`datetime.date`. ``frame.attrs["bigquery_schema"]``
    lists each column's name, standard SQL type (``INT64``, not ``INTEGER``) and mode.
    """
    mapper = arrow_types_mapper(dates_as_dbdate=_dates_fit_dbdate(table))
    listed = list(columns)
    frame = conform_dataframe(table.to_pandas(types_mapper=mapper), listed)
    # What pandas dtypes cannot say (NUMERIC or BIGNUMERIC? GEOGRAPHY or STRING?), kept beside the data.
    frame.attrs["bigquery_schema"] = [
        {"name": c.name, "type": STANDARD_TYPES.get(c.field_type.upper(), c.field_type.upper()), "mode": c.mode.upper()}
        for c in listed
    ]
    return frame


def conform_dataframe(frame: pd.DataFrame, columns: Iterable[ColumnType]) -> pd.DataFrame:
    """Casts each column to :func:`pandas_dtype` of its BigQuery type where it is not already.

    The client's own choices differ between pandas and client versions (strings as
    ``object`` or ``str``, nanosecond timestamps...); this makes every DataFrame the
    SDK returns follow the module's table.
    """
    untyped_module("db_dtypes")  # registers the dbdate and dbtime dtypes
    from pandas.api.types import pandas_dtype as parse_dtype

    for column in columns:
        if column.name not in frame.columns:
            continue
        want = pandas_dtype(column.field_type, column.mode)
        if want == "object" or str(frame[column.name].dtype) == want:
            continue
        try:
            frame[column.name] = frame[column.name].astype(parse_dtype(want))
        except (ValueError, OverflowError, TypeError):
            # Values the dtype cannot hold (a date in year 1 for dbdate) keep their Python objects.
            continue
    return frame
