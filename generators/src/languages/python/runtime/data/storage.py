# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Rows through the BigQuery Storage Read API (Arrow over gRPC), with the official client.

One read session on a table (a query job's destination table, or the table a
``read_table`` names) is split by the server into streams of contiguous rows;
up to ``max_streams`` of them are read at once, each in its own thread, and their
record batches are yielded in stream order (stream k before stream k+1), so a
read keeps the table's order. Each ``ReadRows`` is one request of the spec's retry
policy; a stream cut by UNAVAILABLE, INTERNAL or RESOURCE_EXHAUSTED is read again
from the last row received (no row lost or repeated), and the try count starts
over whenever rows arrived. The session is the official GAPIC client's
(``google-cloud-bigquery-storage``); its own ``ReadRowsStream`` is not used since
it reconnects without limit.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from .bigquery import DataSpec, no_retry, run_with_retry
from .bigquery_types import untyped_module
from .config import config, env_name, env_value
from .errors import CANCELLED_KIND, create_error

__all__ = ["DEFAULT_MAX_STREAMS", "STORAGE_MIN_ROWS", "StorageRead", "read_client", "schema_fields", "storage_endpoint"]

STORAGE_MIN_ROWS = 100_000
"""``read_api="auto"`` reads a query's result through the Storage API from this many rows on (fewer: REST)."""

DEFAULT_MAX_STREAMS = 4
"""Streams requested of a read session, and read in parallel, unless ``max_streams`` says."""

_BATCHES_AHEAD = 4  # batches a later stream may hold while an earlier one is still being read
_POLL_SECONDS = 0.05  # how often a waiting thread looks at the cancel and stop events
_RESUMABLE = (503, 500, 429)  # UNAVAILABLE, INTERNAL, RESOURCE_EXHAUSTED: read the stream again from its offset


def storage_endpoint() -> str | None:
    """A Storage Read endpoint (``host:port``, plain gRPC) used instead of Google's: ``config`` or the environment."""
    return config.bigquery_storage_endpoint or env_value(env_name("BIGQUERY_STORAGE_ENDPOINT"))


def read_client(endpoint: str | None, credentials: Any) -> Any:
    """The official read client: on an insecure channel to ``endpoint`` (the local datalake), else Google's with ``credentials``."""
    gapic = untyped_module("google.cloud.bigquery_storage_v1.services.big_query_read")
    if endpoint is None:
        return gapic.BigQueryReadClient(credentials=credentials)
    grpc = untyped_module("grpc")
    transports = untyped_module("google.cloud.bigquery_storage_v1.services.big_query_read.transports")
    # Google allows ReadRows answers up to 128 MiB; the channel's default (4 MiB) would refuse big batches.
    channel = grpc.insecure_channel(endpoint, options=[("grpc.max_receive_message_length", -1)])
    return gapic.BigQueryReadClient(transport=transports.BigQueryReadGrpcTransport(channel=channel))


# BigQuery marks the Arrow fields whose type alone does not say theirs.
_EXTENSION_TYPES = {b"google:sqlType:geography": "GEOGRAPHY", b"google:sqlType:json": "JSON", b"google:sqlType:datetime": "DATETIME"}


def _field_type(field: Any) -> str:
    pa = untyped_module("pyarrow")
    extension = (field.metadata or {}).get(b"ARROW:extension:name")
    if extension in _EXTENSION_TYPES:
        return _EXTENSION_TYPES[extension]
    kind = field.type
    checks = (
        (pa.types.is_integer, "INT64"),
        (pa.types.is_floating, "FLOAT64"),
        (pa.types.is_boolean, "BOOL"),
        (lambda t: pa.types.is_decimal(t) and t.precision > 38, "BIGNUMERIC"),
        (pa.types.is_decimal, "NUMERIC"),
        (lambda t: pa.types.is_binary(t) or pa.types.is_large_binary(t), "BYTES"),
        (pa.types.is_date, "DATE"),
        (lambda t: pa.types.is_timestamp(t) and t.tz is None, "DATETIME"),
        (pa.types.is_timestamp, "TIMESTAMP"),
        (pa.types.is_time, "TIME"),
        (pa.types.is_struct, "RECORD"),
    )
    return next((name for check, name in checks if check(kind)), "STRING")


def schema_fields(schema: Any) -> list[Any]:
    """The BigQuery schema of a read session's Arrow schema, by the types BigQuery sends (STRING for text)."""
    from google.cloud.bigquery import SchemaField

    pa = untyped_module("pyarrow")

    def convert(field: Any, name: str) -> Any:
        mode = "NULLABLE" if field.nullable else "REQUIRED"
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            field, mode = field.type.value_field, "REPEATED"
        children = [convert(child, child.name) for child in field.type] if pa.types.is_struct(field.type) else ()
        return SchemaField(name, _field_type(field), mode=mode, fields=children)

    return [convert(field, field.name) for field in schema]


class _Progressed(BaseException):
    """A stream failed in a resumable way after rows arrived: read it again from the new offset, tries counted anew.

    A BaseException so the retry loop lets it through instead of counting it as a failed try.
    """


def _status(error: BaseException) -> int | None:
    code = getattr(error, "code", None)
    return code if isinstance(code, int) else None


def _typed(spec: DataSpec, error: BaseException, what: str) -> BaseException | None:
    """The package's error for a gRPC failure whose HTTP-like status alone would name the wrong kind; else None."""
    from google.api_core.exceptions import Cancelled, DeadlineExceeded, FailedPrecondition

    from .errors import describe_cause
    from .redaction import configured_secrets

    secrets = configured_secrets()
    cause = describe_cause(error, secrets)
    if isinstance(error, FailedPrecondition) and "session expired" in str(error):
        message = f"The BigQuery Storage API read session expired while {what}: read again (sessions last 6 hours)."
        return create_error(spec.api.errors, "timeout", message, status=_status(error), cause=cause, secrets=secrets)
    if isinstance(error, DeadlineExceeded):
        message = f"The BigQuery Storage API timed out {what}."
        return create_error(spec.api.errors, "timeout", message, status=_status(error), cause=cause, secrets=secrets)
    if isinstance(error, Cancelled):
        return create_error(spec.api.errors, CANCELLED_KIND, f"The BigQuery Storage API call was cancelled while {what}.", cause=cause)
    return None


class StorageRead:
    """One read session: its Arrow schema and its record batches, in stream order; close it to stop every stream."""

    def __init__(
        self,
        spec: DataSpec,
        client: Any,
        *,
        parent: str,
        table: str,
        columns: Sequence[str] | None = None,
        row_restriction: str | None = None,
        max_streams: int = DEFAULT_MAX_STREAMS,
        timeout: float,
        cancel: threading.Event | None = None,
    ) -> None:
        self.spec = spec
        self.client = client
        self.timeout = timeout
        self.cancel = cancel
        self.max_streams = max_streams
        self._stop = threading.Event()
        self._calls: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(max(1, max_streams))
        self.session = self._create(parent, table, columns, row_restriction)
        pa = untyped_module("pyarrow")
        serialized = self.session.arrow_schema.serialized_schema
        self.schema: Any = pa.ipc.read_schema(pa.py_buffer(serialized)) if serialized else pa.schema([])

    def _create(self, parent: str, table: str, columns: Sequence[str] | None, row_restriction: str | None) -> Any:
        types = untyped_module("google.cloud.bigquery_storage_v1.types")
        options = types.ReadSession.TableReadOptions(selected_fields=list(columns or ()), row_restriction=row_restriction or "")
        requested = types.ReadSession(table=table, data_format=types.DataFormat.ARROW, read_options=options)
        what = "creating the read session"

        def create() -> Any:
            try:
                return self.client.create_read_session(
                    parent=parent, read_session=requested, max_stream_count=self.max_streams, retry=no_retry(), timeout=self.timeout
                )
            except Exception as error:
                typed = _typed(self.spec, error, what)
                if typed is not None:
                    raise typed from None
                raise

        return run_with_retry(self.spec, create, cancel=self.cancel, what=f"{what} of the Storage API", timeout=self.timeout)

    def batches(self, limit: int | None = None) -> Iterator[Any]:
        """Every record batch of the session, stream by stream; with ``limit``, only that many rows (the rest is not read)."""
        streams = [stream.name for stream in self.session.streams]
        queues: list[queue.Queue[tuple[str, Any]]] = [queue.Queue(maxsize=_BATCHES_AHEAD) for _ in streams]
        workers = [threading.Thread(target=self._read_stream, args=(i, name, queues[i]), daemon=True) for i, name in enumerate(streams)]
        threading.Thread(target=self._start_in_order, args=(workers,), daemon=True).start()
        left = limit
        try:
            for stream in queues:
                while True:
                    kind, value = self._next(stream)
                    if kind == "end":
                        break
                    if kind == "error":
                        raise value
                    if left is not None:
                        value = value.slice(0, left)
                        left -= value.num_rows
                    yield value
                    if left == 0:
                        return
        finally:
            self.close()

    def _start_in_order(self, workers: list[threading.Thread]) -> None:
        # At most max_streams run at once, started in stream order: the stream the reader waits for always has a slot.
        for worker in workers:
            while not self._slots.acquire(timeout=_POLL_SECONDS):
                if self._stop.is_set():
                    return
            if self._stop.is_set():
                return
            worker.start()

    def _next(self, stream: queue.Queue[tuple[str, Any]]) -> tuple[str, Any]:
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise create_error(self.spec.api.errors, CANCELLED_KIND, "The BigQuery Storage API read was cancelled.")
            with contextlib.suppress(queue.Empty):
                return stream.get(timeout=_POLL_SECONDS)

    def _put(self, stream: queue.Queue[tuple[str, Any]], item: tuple[str, Any]) -> bool:
        while not self._stop.is_set():
            with contextlib.suppress(queue.Full):
                stream.put(item, timeout=_POLL_SECONDS)
                return True
        return False

    def _read_stream(self, index: int, name: str, out: queue.Queue[tuple[str, Any]]) -> None:
        pa = untyped_module("pyarrow")
        offset = 0
        what = f"reading Storage API stream {index + 1}"

        def read_from_offset() -> None:
            nonlocal offset
            received = 0
            try:
                # The call answers its first message (or its error) before returning.
                call = self.client.read_rows(read_stream=name, offset=offset, retry=no_retry())
                with self._lock:
                    self._calls[index] = call
                for response in call:
                    if self._stop.is_set():
                        return
                    data = response.arrow_record_batch.serialized_record_batch
                    if not data:
                        continue
                    batch = pa.ipc.read_record_batch(pa.py_buffer(data), self.schema)
                    if not self._put(out, ("batch", batch)):
                        return
                    offset += batch.num_rows
                    received += batch.num_rows
            except Exception as error:
                if self._stop.is_set():
                    return
                typed = _typed(self.spec, error, what)
                if typed is not None:
                    raise typed from None
                if received and _status(error) in _RESUMABLE:
                    raise _Progressed(error) from None
                raise
            finally:
                with self._lock:
                    self._calls.pop(index, None)

        try:
            while not self._stop.is_set():
                try:
                    run_with_retry(self.spec, read_from_offset, what=what, timeout=None)
                    break
                except _Progressed:
                    continue
            self._put(out, ("end", None))
        except BaseException as error:  # handed to the reading thread, which raises it in stream order
            self._put(out, ("error", error))
        finally:
            self._slots.release()

    def close(self) -> None:
        """Stops every stream still being read and closes the client's channel."""
        self._stop.set()
        with self._lock:
            calls = list(self._calls.values())
        for call in calls:
            with contextlib.suppress(Exception):
                call.cancel()
        with contextlib.suppress(Exception):
            self.client.transport.close()
