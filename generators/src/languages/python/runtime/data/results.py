# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The rows of a data call as Arrow, read through the REST API or the BigQuery Storage Read API.

``read_api="auto"`` (the default) runs the query and reads its result through the
Storage API when a Storage endpoint is known (Google's; for a local BigQuery
endpoint, ``<PREFIX>_BIGQUERY_STORAGE_ENDPOINT`` or ``config.bigquery_storage_endpoint``),
its client is installed and the result has at least
:data:`~.storage.STORAGE_MIN_ROWS` rows; otherwise through REST pages, the next
one fetched while this one is converted. A Storage API refusal of the billing
project (PERMISSION_DENIED) falls back to REST. ``read_api="storage"`` always
reads through the Storage API: a query's destination table, or for a table read
the table itself, with no query job (``columns``, ``row_restriction``, ``limit``).
``read_api="rest"`` never does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .bigquery import no_retry, run_with_retry
from .bigquery_types import untyped_module
from .calls import Call, table_sql
from .errors import BaseDosDadosException
from .jobs import cancel_job, query_job, result_rows, stop_prefetch
from .progress import Progress
from .rest_arrow import RestPages
from .storage import STORAGE_MIN_ROWS, StorageRead, read_client, schema_fields

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["Result", "call_result"]


@dataclass
class Result:
    """A result's BigQuery schema and its rows: from REST pages (``rows``) or a Storage API session (``storage``)."""

    fields: Sequence[bigquery.SchemaField]
    rows: bigquery.table.RowIterator | None = None
    storage: StorageRead | None = None
    limit: int | None = None
    progress: Progress | None = None

    def batches(self) -> Iterator[Any]:
        """The rows as Arrow record batches, in the result's order."""
        if self.storage is not None:
            for batch in self.storage.batches(self.limit):
                if self.progress is not None:  # REST pages move the bar themselves
                    self.progress.update(batch.num_rows, batch.nbytes)
                yield batch
        elif self.rows is not None:
            yield from RestPages(self.rows).batches()

    def table(self) -> Any:
        """The rows as one ``pyarrow.Table``."""
        if self.storage is not None:
            pa = untyped_module("pyarrow")
            return pa.Table.from_batches(list(self.batches()), schema=self.storage.schema)
        assert self.rows is not None
        # Arrow rather than RowIterator.to_dataframe (deprecated in favour of pandas-gbq): the dtypes are the SDK's own.
        return RestPages(self.rows).table()


def _table_path(project: str, dataset: str, table: str) -> str:
    return f"projects/{project}/datasets/{dataset}/tables/{table}"


def _open_storage(call: Call, client: bigquery.Client, table: str, columns: Sequence[str] | None = None) -> StorageRead:
    return StorageRead(
        call.spec,
        read_client(call.read.endpoint, getattr(client, "_credentials", None)),
        parent=f"projects/{call.project}",
        table=table,
        columns=columns,
        row_restriction=call.read.row_restriction,
        max_streams=call.read.max_streams,
        timeout=call.options.timeout,
        cancel=call.options.cancel,
    )


@contextmanager
def call_result(call: Call, query: str | None, max_results: int | None = None) -> Iterator[Result]:
    """The rows of ``query``, or of the table the call's arguments name; the bar is closed and any job cancelled at the end."""
    try:
        if query is None and call.read.api == "storage":
            yield _table_result(call)
        else:
            with _query_result(call, query if query is not None else table_sql(call), max_results) as result:
                yield result
    finally:
        if call.options.progress is not None:
            call.options.progress.close()


def _table_result(call: Call) -> Result:
    """A direct Storage API read of the table (no query job); its schema is the session's Arrow schema's."""
    dataset = str(call.args.get("dataset_id")) + call.env.dataset_suffix
    table_id = str(call.args.get("table_id"))
    columns = call.args.get("columns")
    names = [str(c) for c in columns] if isinstance(columns, (list, tuple)) else None
    storage = _open_storage(call, call.client(), _table_path(call.env.project, dataset, table_id), names)
    limit = call.args.get("limit")
    total = int(getattr(storage.session, "estimated_row_count", 0) or 0)
    return _storage_result(call, schema_fields(storage.schema), storage, total, limit if isinstance(limit, int) and not isinstance(limit, bool) else None)


def _storage_result(call: Call, fields: Sequence[bigquery.SchemaField], storage: StorageRead, total: int, limit: int | None) -> Result:
    if call.options.progress is not None:
        call.options.progress.start(min(total, limit) if limit is not None else total)
    return Result(fields, storage=storage, limit=limit, progress=call.options.progress)


@contextmanager
def _query_result(call: Call, sql: str, max_results: int | None) -> Iterator[Result]:
    client = call.client()
    job = query_job(call.spec, client, sql, call.options)
    storage_first = call.read.api == "storage" or (call.read.api == "auto" and call.read.storage_usable)
    rows: bigquery.table.RowIterator | None = None
    try:
        page_size = call.args.get("page_size")
        rows = result_rows(
            call.spec,
            client,
            job,
            call.options,
            page_size=page_size if isinstance(page_size, int) and not isinstance(page_size, bool) else None,
            max_results=max_results,
            wait_only=storage_first,
        )
        storage = _job_storage(call, client, job, rows.total_rows or 0) if storage_first else None
        if storage is None:
            yield Result(rows.schema, rows=rows)
        else:
            yield _storage_result(call, rows.schema, storage, rows.total_rows or 0, max_results)
    except BaseException:
        cancel_job(client, job, call.options)
        raise
    finally:
        if rows is not None:
            stop_prefetch(rows)


def _job_storage(call: Call, client: bigquery.Client, job: bigquery.QueryJob, total: int) -> StorageRead | None:
    """A read session on the job's destination table, when the call reads it through the Storage API; else None (REST)."""
    if call.read.api == "auto" and total < STORAGE_MIN_ROWS:
        return None
    if job.destination is None:
        run_with_retry(
            call.spec,
            lambda: job.reload(retry=no_retry(), timeout=call.options.timeout),
            cancel=call.options.cancel,
            what="reading the query job's destination table",
            timeout=call.options.timeout,
        )
    destination = job.destination
    if destination is None:
        return None
    try:
        return _open_storage(call, client, _table_path(destination.project, destination.dataset_id, destination.table_id))
    except BaseDosDadosException as error:
        if call.read.api == "auto" and error.kind == "access_denied":
            return None  # the project may not use the Storage API: REST reads the same rows
        raise
