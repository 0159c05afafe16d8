# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The data functions of the spec's ``x-bd-data``, on the official BigQuery client.

The generated functions pass their arguments keyed by wire name; each function
here checks them against the spec before building any SQL or opening any
connection, resolves the billing project and the environment, runs one
BigQuery job under the spec's retry policy and maps its errors.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .bigquery import DataSpec, EnvironmentSpec, bigquery_client, billing_project, environment, no_retry, run_with_retry
from .bigquery_types import ColumnType, to_dataframe, untyped_module
from .canonical import Column, csv_header, csv_line, format_decimal, json_line
from .errors import create_error
from .params import validate_args
from .sql import UnsafeIdentifierError, select_table_sql

if TYPE_CHECKING:
    import pandas as pd
    from google.cloud import bigquery

__all__ = ["FORMATS", "download", "estimate_query", "read_sql", "read_table"]

FORMATS = ("csv", "jsonl", "parquet")
"""The file formats :func:`download` writes."""

_TIB = 2**40


def _check(spec: DataSpec, name: str, args: Mapping[str, object]) -> None:
    function = spec.function(name)
    validate_args(name, function.params, args, spec.api.errors)


def _string(args: Mapping[str, object], name: str) -> str | None:
    value = args.get(name)
    return value if isinstance(value, str) else None


def _integer(args: Mapping[str, object], name: str) -> int | None:
    value = args.get(name)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _columns(args: Mapping[str, object]) -> list[str] | None:
    value = args.get("columns")
    return [str(c) for c in value] if isinstance(value, (list, tuple)) else None


def _table_sql(spec: DataSpec, env: EnvironmentSpec, args: Mapping[str, object]) -> str:
    dataset_id = _string(args, "dataset_id")
    table_id = _string(args, "table_id")
    if dataset_id is None or table_id is None:
        raise create_error(spec.api.errors, "validation", "Give both dataset_id and table_id to read a table.")
    try:
        return select_table_sql(env.project, dataset_id + env.dataset_suffix, table_id, _columns(args), _integer(args, "limit"))
    except UnsafeIdentifierError as error:
        raise create_error(spec.api.errors, "validation", str(error)) from error


def _query_config(**options: Any) -> bigquery.QueryJobConfig:
    from google.cloud import bigquery

    return bigquery.QueryJobConfig(use_legacy_sql=False, **options)


def _run_query(
    spec: DataSpec, project: str, sql: str, page_size: int | None, max_results: int | None = None
) -> bigquery.table.RowIterator:
    client = bigquery_client(spec, project)
    job = client.query(sql, job_config=_query_config(), retry=no_retry(), job_retry=None)
    return job.result(page_size=page_size, max_results=max_results, retry=no_retry())


def _canonical_columns(fields: Any) -> list[Column]:
    return [Column.of(f.name, f.field_type or "STRING", f.mode, _canonical_columns(f.fields or ())) for f in fields]


def _columns_of(rows: bigquery.table.RowIterator) -> list[ColumnType]:
    return [ColumnType(field.name, field.field_type or "STRING", field.mode or "NULLABLE") for field in rows.schema]


def _dataframe(rows: bigquery.table.RowIterator) -> pd.DataFrame:
    # Through Arrow rather than RowIterator.to_dataframe (deprecated in favour of pandas-gbq),
    # so the dtypes are the SDK's own mapping whatever the client version.
    return to_dataframe(rows.to_arrow(create_bqstorage_client=False), _columns_of(rows))


def read_sql(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame:
    """Runs ``args["query"]`` and returns every row as a DataFrame (dtypes: see ``bigquery_types``).

    The query names its tables in full (```basedosdados.<dataset>.<table>```);
    ``environment`` is checked but does not rewrite it.
    """
    _check(spec, "read_sql", args)
    project = billing_project(spec, spec.function("read_sql"), _string(args, "billing_project_id"))
    environment(spec, _string(args, "environment"))
    sql = _string(args, "query") or ""
    page_size = _integer(args, "page_size")
    return run_with_retry(spec, lambda: _dataframe(_run_query(spec, project, sql, page_size)))


def read_table(spec: DataSpec, args: Mapping[str, object]) -> pd.DataFrame:
    """Reads ``<project>.<dataset_id>.<table_id>`` of the environment, some columns and rows or all."""
    _check(spec, "read_table", args)
    project = billing_project(spec, spec.function("read_table"), _string(args, "billing_project_id"))
    env = environment(spec, _string(args, "environment"))
    sql = _table_sql(spec, env, args)
    page_size = _integer(args, "page_size")
    return run_with_retry(spec, lambda: _dataframe(_run_query(spec, project, sql, page_size)))


def estimate_query(spec: DataSpec, args: Mapping[str, object]) -> dict[str, Any]:
    """A dry run of ``args["query"]``: the bytes it would scan and their on-demand price in US dollars."""
    _check(spec, "estimate_query", args)
    project = billing_project(spec, spec.function("estimate_query"), _string(args, "billing_project_id"))
    environment(spec, _string(args, "environment"))
    sql = _string(args, "query") or ""

    def dry_run() -> dict[str, Any]:
        client = bigquery_client(spec, project)
        job = client.query(
            sql, job_config=_query_config(dry_run=True, use_query_cache=False), retry=no_retry(), job_retry=None
        )
        scanned = int(job.total_bytes_processed or 0)
        return {"bytes_processed": scanned, "cost_usd": scanned / _TIB * spec.on_demand_usd_per_tib}

    return run_with_retry(spec, dry_run)


class _Writer:
    """Writes record batches of one result to an open file in one format.

    CSV and JSON Lines are written in the canonical forms of :mod:`.canonical`
    (the same bytes as every other language's package); Parquet through Arrow,
    with the types Arrow has no Parquet form for turned into text first.
    """

    def __init__(self, file_format: str, sink: BinaryIO, columns: list[Column]) -> None:
        self.format = file_format
        self.sink = sink
        self.columns = columns
        self.rows = 0
        self._parquet: Any = None
        if file_format == "csv":
            sink.write(csv_header(columns).encode("utf-8"))

    def write(self, batch: Any) -> None:
        self.rows += batch.num_rows
        if self.format == "parquet":
            batch = _parquet_ready(batch)
            if self._parquet is None:
                self._parquet = untyped_module("pyarrow.parquet").ParquetWriter(self.sink, batch.schema)
            self._parquet.write_batch(batch)
            return
        line = csv_line if self.format == "csv" else json_line
        text = "".join(line(self.columns, row) for row in batch.to_pylist())
        self.sink.write(text.encode("utf-8"))

    def abort(self) -> None:
        """Closes the Parquet writer after a failure, so it never writes to the file later."""
        if self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
            self._parquet = None

    def close(self, schema: Any) -> None:
        if self.format != "parquet":
            return
        if self._parquet is None and schema is not None:
            # No rows: still a valid Parquet file with the result's columns.
            empty = _parquet_ready(untyped_module("pyarrow").RecordBatch.from_pylist([], schema=schema))
            self._parquet = untyped_module("pyarrow.parquet").ParquetWriter(self.sink, empty.schema)
        if self._parquet is not None:
            self._parquet.close()


def _parquet_ready(batch: Any) -> Any:
    """Casts BYTES (to base64) and BIGNUMERIC (to plain decimal text) to strings, as the other packages write them."""
    pa = untyped_module("pyarrow")
    columns = []
    changed = False
    for column in batch.columns:
        kind = column.type
        if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            values = [None if v is None else base64.b64encode(v).decode("ascii") for v in column.to_pylist()]
        elif pa.types.is_decimal256(kind):
            values = [None if v is None else format_decimal(v) for v in column.to_pylist()]
        else:
            columns.append(column)
            continue
        columns.append(pa.array(values, type=pa.string()))
        changed = True
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names) if changed else batch


def _batches(rows: bigquery.table.RowIterator) -> Iterator[Any]:
    yield from rows.to_arrow_iterable()


def download(spec: DataSpec, args: Mapping[str, object]) -> dict[str, Any]:
    """Saves a query's or a table's rows to ``args["path"]`` as CSV, JSON Lines or Parquet.

    Rows stream to a temporary file beside the destination, renamed over it only
    once complete: a failure never leaves a partial file, nor touches an existing one.
    """
    _check(spec, "download", args)
    query = _string(args, "query")
    has_table = args.get("dataset_id") is not None or args.get("table_id") is not None
    if (query is None) == (not has_table):
        raise create_error(
            spec.api.errors,
            "validation",
            "Give either query, or both dataset_id and table_id, to download; "
            + ("not both." if query is not None else "neither was given."),
        )
    if query is not None and args.get("columns") is not None:
        raise create_error(spec.api.errors, "validation", "columns only applies when downloading a table (dataset_id and table_id).")
    file_format = _string(args, "format") or "csv"
    if file_format not in FORMATS:
        raise create_error(spec.api.errors, "validation", f"format must be one of {', '.join(FORMATS)}, got {file_format!r}")
    destination = Path(_string(args, "path") or "").expanduser()
    if destination.is_dir():
        raise create_error(spec.api.errors, "validation", f"path {str(destination)!r} is a folder; give a file name.")
    if not destination.parent.is_dir():
        raise create_error(spec.api.errors, "validation", f"the folder of path {str(destination)!r} does not exist.")
    project = billing_project(spec, spec.function("download"), _string(args, "billing_project_id"))
    env = environment(spec, _string(args, "environment"))
    limit = _integer(args, "limit")
    page_size = _integer(args, "page_size")
    sql = query if query is not None else _table_sql(spec, env, args)
    max_results = limit if query is not None else None

    def attempt() -> dict[str, Any]:
        rows = _run_query(spec, project, sql, page_size, max_results)
        return _write_atomically(destination, file_format, rows)

    return run_with_retry(spec, attempt)


def _write_atomically(destination: Path, file_format: str, rows: bigquery.table.RowIterator) -> dict[str, Any]:
    # Beside the destination, so the final rename stays on one file system and is atomic;
    # opened with "x" (not mkstemp) so the file gets the usual permissions of the umask.
    temporary = str(destination.parent / f".{destination.name}.{secrets.token_hex(6)}.part")
    try:
        with open(temporary, "xb") as sink:
            writer = _Writer(file_format, sink, _canonical_columns(rows.schema))
            schema: Any = None
            try:
                for batch in _batches(rows):
                    schema = batch.schema
                    writer.write(batch)
            except BaseException:
                writer.abort()
                raise
            writer.close(schema)
        os.replace(temporary, destination)
    except BaseException:
        _remove(temporary)
        raise
    return {
        "path": str(destination.resolve()),
        "format": file_format,
        "rows": writer.rows,
        "bytes": destination.stat().st_size,
    }


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
