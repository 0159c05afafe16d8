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

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .bigquery import DataSpec
from .bigquery_types import DEFAULT_DTYPES, DTYPES, ColumnType, to_dataframe
from .calls import Call, invalid, prepare, rows_of, storage_client, table_sql
from .config import config
from .download import FORMATS, download
from .jobs import query_job

if TYPE_CHECKING:
    import pandas as pd
    from google.cloud import bigquery

__all__ = ["FORMATS", "download", "estimate_query", "read_sql", "read_table"]

_TIB = 2**40


def _columns_of(rows: bigquery.table.RowIterator) -> list[ColumnType]:
    return [ColumnType(field.name, field.field_type or "STRING", field.mode or "NULLABLE") for field in rows.schema]


def _dtypes(call: Call) -> str:
    """The call's ``dtypes``, else ``config.dtypes``, else pandas-gbq's; checked before any request."""
    given = call.args.get("dtypes")
    chosen = given if given is not None else config.dtypes if config.dtypes is not None else DEFAULT_DTYPES
    if chosen not in DTYPES:
        source = "dtypes" if given is not None else "bd.config.dtypes"
        raise invalid(call.spec, call.name, source, f"must be {' or '.join(repr(d) for d in DTYPES)}, got {chosen!r}")
    return str(chosen)


def _frame(call: Call, sql: str) -> pd.DataFrame:
    dtypes = _dtypes(call)
    storage = storage_client(call)
    with rows_of(call, sql) as rows:
        # Through Arrow rather than RowIterator.to_dataframe (deprecated in favour of pandas-gbq),
        # so the dtypes are the SDK's own mapping whatever the client version.
        table = rows.to_arrow(bqstorage_client=storage, create_bqstorage_client=False, progress_bar_type=None)
        return to_dataframe(table, _columns_of(rows), dtypes)


def read_sql(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame:
    """Runs ``args["query"]`` and returns every row as a DataFrame (``args["dtypes"]``: see ``bigquery_types``).

    The query names its tables in full (```basedosdados.<dataset>.<table>```);
    ``environment`` is checked but does not rewrite it.
    """
    call = prepare(spec, "read_sql", args)
    return _frame(call, _query(args))


def read_table(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame:
    """Reads ``<project>.<dataset_id>.<table_id>`` of the environment, some columns and rows or all."""
    call = prepare(spec, "read_table", args)
    return _frame(call, table_sql(call))


def estimate_query(spec: DataSpec, args: Mapping[str, object]) -> dict[str, Any]:
    """A dry run of ``args["query"]``: the bytes it would scan and their on-demand price in US dollars."""
    call = prepare(spec, "estimate_query", args)
    job = query_job(spec, call.client(), _query(args), call.options, dry_run=True)
    scanned = int(job.total_bytes_processed or 0)
    return {"bytes_processed": scanned, "cost_usd": scanned / _TIB * spec.on_demand_usd_per_tib}


def _query(args: Mapping[str, object]) -> str:
    query = args.get("query")
    return query if isinstance(query, str) else ""
