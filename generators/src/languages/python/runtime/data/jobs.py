# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""One query job and its result pages, each request retried on its own.

A data function makes one job (jobs.insert with a job id chosen here, so a retried
insert whose first answer was lost finds the job instead of making a second one),
waits for it with jobs.getQueryResults (whose first complete answer is the first
page) and reads every later page with jobs.getQueryResults and the page token.
Each of these requests is one call of the spec's retry loop: a 503 on page 3
retries page 3, never the query, so every row comes exactly once.

Every request takes the call's ``timeout`` (seconds; the server is asked to answer
a wait before it), and a set ``cancel`` event stops the request in flight and
cancels the job on BigQuery. Pages go through the client's authenticated
connection (``client._connection.api_request``) rather than ``QueryJob.result``,
which stretches every result request to at least 120 s; the client's own
:class:`RowIterator` walks the pages, and rest_arrow.py turns each into Arrow. While
one page is converted, the next is already being fetched in a background thread
(one page ahead at most; its failure surfaces when that page is asked for).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .bigquery import DataSpec, no_retry, run_with_retry
from .progress import Progress
from .transport import UnexpectedBody

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["DEFAULT_QUERY_TIMEOUT", "CallOptions", "cancel_job", "query_job", "result_rows", "stop_prefetch"]

DEFAULT_QUERY_TIMEOUT = 120.0
"""Seconds each BigQuery request may take when neither the call nor ``config.timeout`` says."""

_MAX_WAIT_MS = 10_000  # what BigQuery holds a jobs.getQueryResults at most by default


@dataclass(frozen=True)
class CallOptions:
    """A data call's own settings: its per-request timeout, its cancel event, its progress bar."""

    timeout: float = DEFAULT_QUERY_TIMEOUT
    cancel: threading.Event | None = None
    progress: Progress | None = None


def _wait_ms(timeout: float) -> int:
    # The server must answer a wait before the transport gives up on it.
    return max(0, min(_MAX_WAIT_MS, int(timeout * 1000 * 0.5)))


def query_job(
    spec: DataSpec, client: bigquery.Client, sql: str, options: CallOptions, *, dry_run: bool = False
) -> bigquery.QueryJob:
    """Creates the query job (or, for ``dry_run``, BigQuery's estimate of it), retried as one request."""
    from google.api_core.exceptions import Conflict
    from google.cloud import bigquery as bq

    job_id = f"basedosdados_{uuid.uuid4().hex}"
    config = bq.QueryJobConfig(use_legacy_sql=False, dry_run=dry_run, use_query_cache=False if dry_run else None)
    tries = 0

    def insert() -> bigquery.QueryJob:
        nonlocal tries
        tries += 1
        try:
            return client.query(sql, job_config=config, job_id=job_id, retry=no_retry(), job_retry=None, timeout=options.timeout)
        except Conflict:
            if tries == 1 or dry_run:
                raise
        # An earlier try made the job and its answer was lost: use that job.
        found = client.get_job(job_id, retry=no_retry(), timeout=options.timeout)
        if not isinstance(found, bq.QueryJob):
            raise TypeError(f"job {job_id} is not a query job")  # pragma: no cover - ids are ours
        return found

    what = "estimating the query (a dry run)" if dry_run else "creating the query job"
    return run_with_retry(spec, insert, cancel=options.cancel, what=what, timeout=options.timeout)


class _ResultPages:
    """``RowIterator``'s ``api_request``: one jobs.getQueryResults per page, each its own retried request."""

    def __init__(self, spec: DataSpec, client: bigquery.Client, options: CallOptions, *, prefetch: bool = True) -> None:
        self.spec = spec
        self.client = client
        self.options = options
        self.pages = 0
        self.prefetch = prefetch
        # The next page's request (method, path, params), its answer to come and the thread fetching it.
        self._ahead: tuple[tuple[str, str, str], concurrent.futures.Future[dict[str, Any]], threading.Event] | None = None

    def __call__(self, method: str, path: str, query_params: dict[str, Any] | None = None, **_: Any) -> dict[str, Any]:
        params = {**(query_params or {}), "formatOptions.useInt64Timestamp": True, "timeoutMs": _wait_ms(self.options.timeout)}
        key = (method, path, json.dumps(params, sort_keys=True, default=str))
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == key:
            body = self._await(ahead[1], ahead[2])  # the prefetched page, or its error, in order
        else:
            self._drop(ahead)
            body = self._fetch(method, path, params, self.pages)
        self.pages += 1
        token = body.get("pageToken")
        if self.prefetch and "rows" in body and isinstance(token, str) and token:
            following = {**params, "pageToken": token}
            future: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
            page = self.pages
            stop = threading.Event()  # set by the call's cancel or by close(): the try in flight is abandoned

            def fetch_ahead() -> None:
                try:
                    future.set_result(self._fetch(method, path, following, page, stop))
                except BaseException as error:  # raised in order, when that page is asked for
                    future.set_exception(error)

            # A daemon thread: a process ending mid-read must not wait for a page nobody will read.
            worker = threading.Thread(target=fetch_ahead, name="bigquery-next-page", daemon=True)
            worker.start()
            self._ahead = ((method, path, json.dumps(following, sort_keys=True, default=str)), future, stop)
        return body

    def _await(self, future: concurrent.futures.Future[dict[str, Any]], stop: threading.Event) -> dict[str, Any]:
        cancel = self.options.cancel
        try:
            while True:
                with contextlib.suppress(concurrent.futures.TimeoutError):
                    return future.result(timeout=0.05)
                if cancel is not None and cancel.is_set():
                    stop.set()
        except BaseException:
            stop.set()  # Ctrl-C or SIGTERM while waiting: the request in flight is abandoned too
            raise

    def close(self) -> None:
        """Drops a page fetched ahead that nobody will ask for (the read ended early or failed), stopping its request."""
        ahead, self._ahead = self._ahead, None
        self._drop(ahead)

    @staticmethod
    def _drop(ahead: tuple[Any, concurrent.futures.Future[dict[str, Any]], threading.Event] | None) -> None:
        if ahead is not None:
            ahead[2].set()

    def _fetch(self, method: str, path: str, params: dict[str, Any], done: int, cancel: threading.Event | None = None) -> dict[str, Any]:
        # The first answer is the job finishing with the first page; each later one a page.
        what = "waiting for the query job to finish" if done == 0 else f"reading result page {done + 1}"
        while True:
            raw, body = run_with_retry(
                self.spec, lambda: self._get(method, path, params), cancel=cancel or self.options.cancel, what=what, timeout=self.options.timeout
            )
            if body.get("jobComplete") is False:
                continue  # the server waited timeoutMs already: ask again
            if self.options.progress is not None:
                self.options.progress.update(len(body.get("rows") or ()), raw)
            return body

    def _get(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        connection: Any = self.client._connection  # the client's authenticated session (google-cloud-core)
        content = connection.api_request(method=method, path=path, query_params=params, timeout=self.options.timeout, expect_json=False)
        data = content if isinstance(content, bytes) else str(content).encode("utf-8")
        try:
            body = json.loads(data)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            # The session refused other content types already; a cut body is the transport's fault, caught there.
            raise UnexpectedBody(200, "application/json", "not valid JSON")
        return len(data), body


def result_rows(
    spec: DataSpec,
    client: bigquery.Client,
    job: bigquery.QueryJob,
    options: CallOptions,
    *,
    page_size: int | None,
    max_results: int | None = None,
    wait_only: bool = False,
) -> bigquery.table.RowIterator:
    """Waits for ``job`` and returns its rows, page by page; cancels the job if the call is cancelled meanwhile.

    ``wait_only`` asks for no rows with the wait (the caller may read them through the
    Storage API); the iterator then reads from the first page. With ``max_results`` no
    page is fetched ahead: the last one asked for may be the last one needed.
    """
    from google.cloud.bigquery import SchemaField
    from google.cloud.bigquery.table import RowIterator

    fetch = _ResultPages(spec, client, options, prefetch=max_results is None)
    path = f"/projects/{job.project}/queries/{job.job_id}"
    location = {"location": job.location} if job.location else {}
    first_size = 0 if wait_only else min(x for x in (page_size, max_results) if x is not None) if page_size or max_results else None
    try:
        first = fetch("GET", path, {**location, **({"maxResults": first_size} if first_size is not None else {})})
    except BaseException:
        cancel_job(client, job, options)
        raise
    schema = [SchemaField.from_api_repr(field) for field in (first.get("schema") or {}).get("fields") or ()]
    total = int(first["totalRows"]) if "totalRows" in first else 0
    if options.progress is not None:
        options.progress.start(min(total, max_results) if max_results is not None else total)
    return RowIterator(
        client=client,
        api_request=fetch,
        path=path,
        schema=schema,
        max_results=max_results,
        page_size=page_size,
        extra_params=location,
        table=job.destination,
        total_rows=total,
        first_page_response=None if wait_only else first if "rows" in first or not first.get("pageToken") else None,
        location=job.location,
        job_id=job.job_id,
        project=job.project,
    )


def stop_prefetch(rows: bigquery.table.RowIterator) -> None:
    """Drops the page fetched ahead for ``rows``, if any (the read ended early or failed)."""
    pages = getattr(rows, "api_request", None)
    if isinstance(pages, _ResultPages):
        pages.close()


def cancel_job(client: bigquery.Client, job: bigquery.QueryJob, options: CallOptions) -> None:
    """Asks BigQuery to stop ``job`` when the call was cancelled, so it is not billed to the end (best effort)."""
    if options.cancel is None or not options.cancel.is_set():
        return
    with contextlib.suppress(Exception):
        client.cancel_job(job.job_id, project=job.project, location=job.location, retry=no_retry(), timeout=min(options.timeout, 5.0))

