# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""BigQuery column types -> pandas dtypes: what pandas-gbq gives by default, or pandas' nullable dtypes.

=========================  ==============================  ==============================
BigQuery type              ``dtypes="pandas-gbq"``          ``dtypes="nullable"``
                           (the default)
=========================  ==============================  ==============================
INT64                      ``Int64``                        ``Int64``
FLOAT64                    ``float64``                      ``float64``
NUMERIC, BIGNUMERIC        ``object`` (Decimal)             ``object`` (Decimal)
BOOL                       ``boolean``                      ``boolean``
STRING, GEOGRAPHY, JSON    pandas' text dtype [1]_          ``string``
DATE                       ``dbdate`` or ``object`` [2]_    ``dbdate`` or ``object`` [2]_
TIME                       ``dbtime``                       ``dbtime``
DATETIME                   ``datetime64[us]`` or object     ``datetime64[us]``
TIMESTAMP                  ``datetime64[us, UTC]`` or obj.  ``datetime64[us, UTC]``
BYTES, RECORD, ARRAY       ``object``                       ``object``
=========================  ==============================  ==============================

The default is pandas-gbq's (the dtypes basedosdados 2.x returned): text is
pandas' own text dtype (``object`` on pandas 2, ``str`` on pandas 3), so
``df.select_dtypes(include="object")`` finds it; a DATETIME or TIMESTAMP column
holding a value outside the years 1677 to 2262 is ``object`` of
:class:`datetime.datetime`. The nullable dtypes keep ``pd.NA`` in text and keep
every date-time a ``datetime64[us]``, whose microseconds cover BigQuery's whole
range (years 1 to 9999). Unlike pandas-gbq, which turns every date-time column of a
result to ``object`` when one of them holds such a value, the rule is per column.

.. [1] ``object`` holding ``str`` (``None`` for NULL) on pandas 2; ``str`` (NaN for NULL) on pandas 3.
.. [2] ``dbdate`` holds the years 1677 to 2262; a column with a date outside them
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
    "DEFAULT_DTYPES",
    "DTYPES",
    "PANDAS_DTYPES",
    "ColumnType",
    "arrow_types_mapper",
    "conform_dataframe",
    "pandas_dtype",
    "to_dataframe",
    "untyped_module",
]

DTYPES = ("pandas-gbq", "nullable")
"""The dtype choices of ``read_sql`` and ``read_table`` (``dtypes=``, ``bd.config.dtypes``)."""

DEFAULT_DTYPES = "pandas-gbq"


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
    "JSON": "string",
    "DATE": "dbdate",
    "TIME": "dbtime",
    "DATETIME": "datetime64[us]",
    "TIMESTAMP": "datetime64[us, UTC]",
    "BYTES": "object",
    "RECORD": "object",
    "STRUCT": "object",
}
"""The nullable dtype of each BigQuery type (legacy names included); see the module's table."""

_TEXT_TYPES = frozenset({"STRING", "GEOGRAPHY", "JSON"})
_DATETIME_TYPES = frozenset({"DATETIME", "TIMESTAMP"})


def _text_dtype() -> str:
    """The dtype pandas gives text: ``object`` on pandas 2, ``str`` on pandas 3 (what pandas-gbq gives)."""
    import pandas as pd

    return str(pd.Series(["text"]).dtype)


@dataclass(frozen=True)
class ColumnType:
    """A result column's name and BigQuery type, as the client's ``SchemaField`` gives them."""

    name: str
    field_type: str
    mode: str = "NULLABLE"


def pandas_dtype(field_type: str, mode: str = "NULLABLE", dtypes: str = DEFAULT_DTYPES) -> str:
    """The pandas dtype of a column of BigQuery type ``field_type``, for ``dtypes`` (see the module's table).

    Repeated columns (ARRAY) and types this table does not know hold Python objects.
    For DATE, DATETIME and TIMESTAMP this is the dtype of values within the years
    1677 to 2262.

    Examples
    --------
    >>> pandas_dtype("INT64")
    'Int64'
    >>> pandas_dtype("STRING", dtypes="nullable")
    'string'
    >>> pandas_dtype("STRING", "REPEATED")
    'object'
    """
    if mode.upper() == "REPEATED":
        return "object"
    kind = STANDARD_TYPES.get(field_type.upper(), field_type.upper())
    if dtypes != "nullable" and kind in _TEXT_TYPES:
        return _text_dtype()
    return PANDAS_DTYPES.get(field_type.upper(), "object")


# db-dtypes keeps dates as nanosecond timestamps, which only span these years.
_DBDATE_FIRST = dt.date(1677, 9, 22)
_DBDATE_LAST = dt.date(2262, 4, 11)


def arrow_types_mapper(dates_as_dbdate: bool = True, nullable_text: bool = True) -> Callable[[Any], Any]:
    """The ``types_mapper`` of ``pyarrow.Table.to_pandas`` that gives the table's dtypes directly.

    Integers must never pass through float64: an INT64 above 2**53 with a NULL
    beside it would lose its last digits. With ``dates_as_dbdate`` off, dates stay
    :class:`datetime.date` objects; with ``nullable_text`` off, text gets pandas' own
    text dtype.
    """
    import pandas as pd

    db_dtypes = untyped_module("db_dtypes")
    pa = untyped_module("pyarrow")

    def mapper(arrow_type: Any) -> Any:
        if pa.types.is_integer(arrow_type):
            return pd.Int64Dtype()
        if pa.types.is_boolean(arrow_type):
            return pd.BooleanDtype()
        if nullable_text and (pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)):
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


def _fits_nanoseconds(column: Any) -> bool:
    """Whether every value of an Arrow timestamp column is within what nanoseconds hold (1677 to 2262)."""
    pa = untyped_module("pyarrow")
    try:
        column.cast(pa.timestamp("ns", tz=column.type.tz))
    except pa.ArrowInvalid:
        return False
    return True


def to_dataframe(table: Any, columns: Iterable[ColumnType], dtypes: str = DEFAULT_DTYPES) -> pd.DataFrame:
    """A DataFrame of an Arrow table of BigQuery rows, every column in its dtype for ``dtypes``.

    Dates outside the years 1677 to 2262, which ``dbdate`` cannot hold, stay
    ``object`` columns of :class:`datetime.date`; with ``dtypes="pandas-gbq"`` so do
    date-times, as :class:`datetime.datetime`. ``frame.attrs["bigquery_schema"]``
    lists each column's name, standard SQL type (``INT64``, not ``INTEGER``) and mode.
    """
    import pandas as pd

    nullable = dtypes == "nullable"
    mapper = arrow_types_mapper(dates_as_dbdate=_dates_fit_dbdate(table), nullable_text=nullable)
    listed = list(columns)
    frame = conform_dataframe(table.to_pandas(types_mapper=mapper), listed, dtypes)
    for column in listed if not nullable else ():
        kind = STANDARD_TYPES.get(column.field_type.upper(), column.field_type.upper())
        if kind in _DATETIME_TYPES and column.mode.upper() != "REPEATED" and column.name in table.column_names:
            values = table.column(column.name)
            if not _fits_nanoseconds(values):
                frame[column.name] = pd.Series(values.to_pylist(), index=frame.index, dtype=object)
    # What pandas dtypes cannot say (NUMERIC or BIGNUMERIC? GEOGRAPHY or STRING?), kept beside the data.
    frame.attrs["bigquery_schema"] = [
        {"name": c.name, "type": STANDARD_TYPES.get(c.field_type.upper(), c.field_type.upper()), "mode": c.mode.upper()}
        for c in listed
    ]
    return frame


def conform_dataframe(frame: pd.DataFrame, columns: Iterable[ColumnType], dtypes: str = DEFAULT_DTYPES) -> pd.DataFrame:
    """Casts each column to :func:`pandas_dtype` of its BigQuery type (for ``dtypes``) where it is not already.

    The client's own choices differ between pandas and client versions (strings as
    ``object`` or ``str``, nanosecond timestamps...); this makes every DataFrame the
    SDK returns follow the module's table.
    """
    untyped_module("db_dtypes")  # registers the dbdate and dbtime dtypes
    from pandas.api.types import pandas_dtype as parse_dtype

    for column in columns:
        if column.name not in frame.columns:
            continue
        want = pandas_dtype(column.field_type, column.mode, dtypes)
        if want == "object" or str(frame[column.name].dtype) == want:
            continue
        try:
            frame[column.name] = frame[column.name].astype(parse_dtype(want))
        except (ValueError, OverflowError, TypeError):
            # Values the dtype cannot hold (a date in year 1 for dbdate) keep their Python objects.
            continue
    return frame
