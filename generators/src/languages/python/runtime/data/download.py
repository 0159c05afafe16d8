# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""``download``: a query's or a table's rows saved as CSV, JSON Lines or Parquet, gzipped when asked.

The target is checked and its temporary file opened before the query runs
(:mod:`.files`); rows stream into it page by page and it is renamed over the
destination only once complete: a failure never leaves a partial file, nor
touches an existing one. A file system failure is kind ``filesystem``.
"""

from __future__ import annotations

import base64
import contextlib
import signal
import threading
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from .bigquery import DataSpec
from .bigquery_types import untyped_module
from .calls import Call, invalid, prepare
from .canonical import Column, csv_header, format_decimal
from .canonical_arrow import csv_text, jsonl_text
from .errors import BaseDosDadosException, create_error
from .files import FORMATS, Target, TargetError, open_target, path_argument, resolve_format
from .results import call_result

__all__ = ["FORMATS", "download"]


class _Writer:
    """Writes record batches of one result to an open file in one format.

    CSV and JSON Lines are written in the canonical forms of :mod:`.canonical`
    (the same bytes as every other language's package), a column at a time
    (:mod:`.canonical_arrow`); Parquet through Arrow,
    with the types Arrow has no Parquet form for turned into text first.
    """

    def __init__(self, file_format: str, sink: BinaryIO, columns: list[Column], gzip: bool = False) -> None:
        self.format = file_format
        self.columns = columns
        self.rows = 0
        self._parquet: Any = None
        self._gzip: Any = None
        self._parquet_compression = "gzip" if gzip else "snappy"
        if gzip and file_format != "parquet":
            import gzip as gz

            # No name and mtime 0 in the header: the same rows give the same bytes, whatever the temporary name and time.
            self._gzip = gz.GzipFile(filename="", fileobj=sink, mode="wb", mtime=0)
        self.sink: BinaryIO = self._gzip if self._gzip is not None else sink
        if file_format == "csv":
            self.sink.write(csv_header(columns).encode("utf-8"))

    def write(self, batch: Any) -> None:
        self.rows += batch.num_rows
        if self.format == "parquet":
            batch = _parquet_ready(batch)
            if self._parquet is None:
                self._parquet = untyped_module("pyarrow.parquet").ParquetWriter(
                    self.sink, batch.schema, compression=self._parquet_compression
                )
            self._parquet.write_batch(batch)
            return
        text = csv_text if self.format == "csv" else jsonl_text
        self.sink.write(text(self.columns, batch))

    def abort(self) -> None:
        """Closes the Parquet writer after a failure, so it never writes to the file later."""
        if self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
            self._parquet = None

    def close(self, schema: Any) -> None:
        if self.format != "parquet":
            if self._gzip is not None:
                self._gzip.close()
            return
        if self._parquet is None and schema is not None:
            # No rows: still a valid Parquet file with the result's columns.
            empty = _parquet_ready(untyped_module("pyarrow").RecordBatch.from_pylist([], schema=schema))
            self._parquet = untyped_module("pyarrow.parquet").ParquetWriter(
                self.sink, empty.schema, compression=self._parquet_compression
            )
        if self._parquet is not None:
            self._parquet.close()
        if self._gzip is not None:
            self._gzip.close()


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


def _canonical_columns(fields: Any) -> list[Column]:
    return [Column.of(f.name, f.field_type or "STRING", f.mode, _canonical_columns(f.fields or ())) for f in fields]


def _target_error(spec: DataSpec, error: TargetError) -> BaseDosDadosException:
    if error.kind == "validation":
        return invalid(spec, "download", error.argument, str(error).removeprefix(f"{error.argument} "))
    return create_error(spec.api.errors, "filesystem", str(error))


def download(spec: DataSpec, args: Mapping[str, object]) -> dict[str, Any]:
    """Saves a query's or a table's rows to ``args["path"]`` (str or os.PathLike).

    The format is ``args["format"]``, else the extension's; ``compression="GZIP"``
    or a ``.gz`` name gzips CSV and JSON Lines (Parquet: its gzip codec).
    """
    failure: BaseDosDadosException | None = None
    try:
        destination = path_argument(args.get("path"))
        file_format, gzip = resolve_format(destination, args.get("format"), args.get("compression"))
    except TargetError as error:
        failure = _target_error(spec, error)
    if failure is not None:
        raise failure
    checked = {**args, "path": str(destination), "format": file_format}
    call = prepare(spec, "download", checked)
    query = checked.get("query")
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
    limit = args.get("limit")
    max_results = limit if query is not None and isinstance(limit, int) else None
    with _sigterm_unwinds():
        try:
            target = open_target(destination)  # before the query: a target that cannot be written fails now
        except TargetError as error:
            failure = _target_error(spec, error)
        if failure is not None:
            raise failure
        return _fill(call, target, query if isinstance(query, str) else None, max_results, file_format, gzip)


class _Terminated(BaseException):
    """SIGTERM arrived during a download: unwinds it (removing the temporary file), then the process ends by SIGTERM."""


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While a download runs in the main thread, SIGTERM unwinds it before ending the process, as the default would.

    Python's default SIGTERM kills the process where it stands, leaving the
    temporary file behind. Only the default is replaced (a program's own handler
    is its business), only in the main thread (the only one signals reach), and
    the previous handler is back afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def unwind(signum: int, frame: object) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)  # the default action: the process ends here, killed by SIGTERM
        raise
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _fill(call: Call, target: Target, query: str | None, max_results: int | None, file_format: str, gzip: bool) -> dict[str, Any]:
    failure: BaseDosDadosException | None = None
    try:
        with call_result(call, query, max_results) as result:
            writer = _Writer(file_format, target.sink, _canonical_columns(result.fields), gzip)
            schema: Any = None if result.storage is None else result.storage.schema
            try:
                for batch in result.batches():
                    schema = batch.schema
                    writer.write(batch)
                writer.close(schema)
            except BaseException:
                writer.abort()
                raise
        target.commit()
    except OSError as error:
        target.discard()
        failure = create_error(
            call.spec.api.errors, "filesystem", f"could not write {str(target.destination)!r}: {error.strerror or type(error).__name__}"
        )
    except TargetError as error:
        failure = create_error(call.spec.api.errors, "filesystem", str(error))
    except BaseException:
        target.discard()
        raise
    if failure is not None:
        raise failure
    return {
        "path": str(target.destination.resolve()),
        "format": file_format,
        "rows": writer.rows,
        "bytes": target.destination.stat().st_size,
    }
