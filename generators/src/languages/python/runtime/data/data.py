# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The data functions of the spec's ``x-bd-data``, on the official BigQuery client.

The generated functions pass their arguments keyed by wire name; each function
checks them against the spec before building any SQL or opening any connection
(:mod:`.calls`, which also lists the call options every function reads: timeout,
cancel, progress...), runs one BigQuery job and reads its pages, each page
retried on its own (:mod:`.jobs`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .bigquery import DataSpec
from .bigquery_types import DEFAULT_DTYPES, DTYPES, ColumnType, to_dataframe, untyped_module
from .calls import Call, invalid, prepare
from .config import config
from .download import FORMATS, download
from .jobs import query_job
from .results import call_result

if TYPE_CHECKING:
    import pandas as pd
    from google.cloud import bigquery

__all__ = ["FORMATS", "OUTPUTS", "download", "estimate_query", "read_sql", "read_table"]

OUTPUTS = ("pandas", "arrow", "polars")
"""What ``read_sql`` and ``read_table`` return (``output=``): a pandas DataFrame, a ``pyarrow.Table`` or a ``polars.DataFrame``."""

_TIB = 2**40


def _columns_of(fields: Sequence[bigquery.SchemaField]) -> list[ColumnType]:
    return [ColumnType(field.name, field.field_type or "STRING", field.mode or "NULLABLE") for field in fields]


def _dtypes(call: Call) -> str:
    """The call's ``dtypes``, else ``config.dtypes``, else pandas-gbq's; checked before any request."""
    given = call.args.get("dtypes")
    chosen = given if given is not None else config.dtypes if config.dtypes is not None else DEFAULT_DTYPES
    if chosen not in DTYPES:
        source = "dtypes" if given is not None else "bd.config.dtypes"
        raise invalid(call.spec, call.name, source, f"must be {' or '.join(repr(d) for d in DTYPES)}, got {chosen!r}")
    return str(chosen)


def _output(call: Call) -> str:
    """The call's ``output``, checked before any request (polars must be installed)."""
    output = call.args.get("output")
    if output is None:
        return "pandas"
    if output not in OUTPUTS:
        raise invalid(call.spec, call.name, "output", f"must be {', '.join(repr(o) for o in OUTPUTS)} or None, got {output!r}")
    if output == "polars":
        try:
            untyped_module("polars")
        except ImportError:
            raise invalid(call.spec, call.name, "output", '"polars" needs polars: pip install \'basedosdados[polars]\' (or polars)') from None
    return str(output)


def _frame(call: Call, query: str | None) -> Any:
    dtypes = _dtypes(call)
    output = _output(call)
    with call_result(call, query) as result:
        table = result.table()
        if output == "arrow":
            return table
        if output == "polars":
            return untyped_module("polars").from_arrow(table)
        return to_dataframe(table, _columns_of(result.fields), dtypes)


def read_sql(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame | Any:
    """Runs ``args["query"]`` and returns every row as a DataFrame (``args["dtypes"]``: see ``bigquery_types``).

    ``args["output"]`` may ask for a ``pyarrow.Table`` or a ``polars.DataFrame`` instead.

    The query names its tables in full (```basedosdados.<dataset>.<table>```);
    ``environment`` is checked but does not rewrite it.
    """
    call = prepare(spec, "read_sql", args)
    return _frame(call, _query(args))


def read_table(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame | Any:
    """Reads ``<project>.<dataset_id>.<table_id>`` of the environment, some columns and rows or all."""
    call = prepare(spec, "read_table", args)
    return _frame(call, None)


def estimate_query(spec: DataSpec, args: Mapping[str, object]) -> dict[str, Any]:
    """A dry run of ``args["query"]``: the bytes it would scan and their on-demand price in US dollars."""
    call = prepare(spec, "estimate_query", args)
    job = query_job(spec, call.client(), _query(args), call.options, dry_run=True)
    scanned = int(job.total_bytes_processed or 0)
    return {"bytes_processed": scanned, "cost_usd": scanned / _TIB * spec.on_demand_usd_per_tib}


def _query(args: Mapping[str, object]) -> str:
    query = args.get("query")
    return query if isinstance(query, str) else ""
