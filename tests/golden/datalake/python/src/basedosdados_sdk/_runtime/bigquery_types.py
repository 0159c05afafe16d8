# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit templates/python/runtime/ in the bdgen repository, never the copy.
"""BigQuery column types -> pandas dtypes, the one mapping every DataFrame follows.

=========================  ========================  =====================================
BigQuery type              pandas dtype              values
=========================  ========================  =====================================
INT64                      ``Int64``                 int, ``pd.NA`` for NULL (never float)
FLOAT64                    ``float64``               float, NaN for NULL
NUMERIC, BIGNUMERIC        ``object``                :class:`decimal.Decimal` (exact)
BOOL                       ``boolean``               bool, ``pd.NA`` for NULL
STRING, GEOGRAPHY (WKT)    ``string``                str, ``pd.NA`` for NULL
DATE                       ``dbdate``                :class:`datetime.date` (db-dtypes)
TIME                       ``dbtime``                :class:`datetime.time` (db-dtypes)
DATETIME                   ``datetime64[us]``        naive timestamps
TIMESTAMP                  ``datetime64[us, UTC]``   UTC timestamps
BYTES, JSON, RECORD, ARRAY ``object``                bytes, parsed JSON, dicts, lists
=========================  ========================  =====================================

Microsecond timestamps cover BigQuery's whole range (years 1 to 9999), which
nanosecond ones do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PANDAS_DTYPES", "ColumnType", "conform_dataframe", "dataframe_options", "pandas_dtype"]

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


def dataframe_options() -> dict[str, Any]:
    """Keyword arguments of ``RowIterator.to_dataframe`` that give the nullable dtypes directly."""
    import pandas as pd

    return {
        "create_bqstorage_client": False,
        "bool_dtype": pd.BooleanDtype(),
        "int_dtype": pd.Int64Dtype(),
        "string_dtype": pd.StringDtype(),
    }


def conform_dataframe(frame: pd.DataFrame, columns: Iterable[ColumnType]) -> pd.DataFrame:
    """Casts each column to :func:`pandas_dtype` of its BigQuery type where it is not already.

    The client's own choices differ between pandas and client versions (strings as
    ``object`` or ``str``, nanosecond timestamps...); this makes every DataFrame the
    SDK returns follow the module's table.
    """
    import db_dtypes  # noqa: F401  (registers the dbdate and dbtime dtypes)
    from pandas.api.types import pandas_dtype as parse_dtype

    for column in columns:
        if column.name not in frame.columns:
            continue
        want = pandas_dtype(column.field_type, column.mode)
        if want == "object" or str(frame[column.name].dtype) == want:
            continue
        frame[column.name] = frame[column.name].astype(parse_dtype(want))
    return frame
