# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""What every data function does first: check its arguments, find who pays, make the job, read its rows.

Besides the spec's parameters, every data function reads these call options from
the same mapping: ``timeout`` (seconds per try of each BigQuery request), ``cancel`` (a
:class:`threading.Event`; setting it stops the call, even mid-request, and cancels
the job), ``progress`` (a tqdm bar; default: when stderr is a terminal),
``reauth`` (fetch a fresh credential first), ``from_file`` (use the service-account
key basedosdados saved under ``~/.basedosdados``; else ``config.from_file``) and
``bqstorage`` (read the rows through the BigQuery Storage API when installed);
``download`` also reads ``compression`` (``"GZIP"``).
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .bigquery import DataSpec, billing_project, environment
from .bigquery_types import untyped_module
from .clients import bigquery_client
from .config import config, resolve_bigquery_endpoint
from .environments import EnvironmentSpec
from .errors import BaseDosDadosException, InvalidParam, create_error
from .jobs import DEFAULT_QUERY_TIMEOUT, CallOptions, cancel_job, query_job, result_rows
from .params import validate_args
from .progress import Progress, progress_wanted
from .sql import UnsafeIdentifierError, select_table_sql

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["MAX_LIMIT", "Call", "invalid", "prepare", "rows_of", "storage_client", "table_sql"]

MAX_LIMIT = 2**63 - 1
"""The largest ``limit`` (BigQuery's INT64): anything above it could never be a row count."""


def invalid(spec: DataSpec, where: str, name: str, reason: str) -> BaseDosDadosException:
    """The validation error for argument ``name`` of ``where``, raised before any request."""
    return create_error(
        spec.api.errors,
        "validation",
        f"Invalid argument for {where}: {name} {reason}",
        invalid_params=[InvalidParam(name=name, reason=reason, location="argument", label=name)],
        attempts=0,
    )


def _string(args: Mapping[str, object], name: str) -> str | None:
    value = args.get(name)
    return value if isinstance(value, str) else None


def _integer(args: Mapping[str, object], name: str) -> int | None:
    value = args.get(name)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _options(spec: DataSpec, name: str, args: Mapping[str, object]) -> CallOptions:
    timeout = args.get("timeout")
    if timeout is None:
        timeout = config.timeout if config.timeout is not None else DEFAULT_QUERY_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise invalid(spec, name, "timeout", f"must be a positive number of seconds, got {timeout!r}")
    cancel = args.get("cancel")
    if cancel is not None and not isinstance(cancel, threading.Event):
        raise invalid(spec, name, "cancel", f"must be a threading.Event, got {type(cancel).__name__}")
    progress = args.get("progress")
    if progress is not None and not isinstance(progress, bool):
        raise invalid(spec, name, "progress", f"must be True, False or None, got {progress!r}")
    bar = Progress(progress_wanted(progress), name)
    return CallOptions(timeout=float(timeout), cancel=cancel, progress=bar)


def _check_query(spec: DataSpec, name: str, args: Mapping[str, object]) -> None:
    query = args.get("query")
    if isinstance(query, str) and not query.strip():
        raise invalid(spec, name, "query", "must not be blank (only spaces)")


def _check_columns_and_limit(spec: DataSpec, name: str, args: Mapping[str, object]) -> None:
    columns = args.get("columns")
    if isinstance(columns, (list, tuple)):
        seen: set[object] = set()
        for column in columns:
            if column in seen:
                raise invalid(spec, name, "columns", f"names {column!r} twice; give each column once")
            seen.add(column)
    limit = args.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > MAX_LIMIT:
        raise invalid(spec, name, "limit", f"must be <= {MAX_LIMIT}, got {limit}")


@dataclass
class Call:
    """A checked data call: who pays, which environment, its options, its client."""

    spec: DataSpec
    name: str
    project: str
    env: EnvironmentSpec
    options: CallOptions
    args: Mapping[str, object]

    def client(self) -> bigquery.Client:
        from_file = self.args.get("from_file")
        return bigquery_client(
            self.spec,
            self.project,
            fresh=self.args.get("reauth") is True,
            from_file=from_file is True or (from_file is None and config.from_file is True),
        )


def prepare(spec: DataSpec, name: str, args: Mapping[str, object]) -> Call:
    """Every check of a data call, before any SQL is built or any connection opened."""
    function = spec.function(name)
    validate_args(name, function.params, args, spec.api.errors)
    _check_query(spec, name, args)
    _check_columns_and_limit(spec, name, args)
    options = _options(spec, name, args)
    project = billing_project(spec, function, _string(args, "billing_project_id"))
    env = environment(spec, _string(args, "environment"))
    return Call(spec, name, project, env, options, args)


def table_sql(call: Call) -> str:
    """``SELECT`` of the table the arguments name, in the call's environment."""
    dataset_id = _string(call.args, "dataset_id")
    table_id = _string(call.args, "table_id")
    if dataset_id is None or table_id is None:
        raise create_error(call.spec.api.errors, "validation", "Give both dataset_id and table_id to read a table.")
    columns = call.args.get("columns")
    names = [str(c) for c in columns] if isinstance(columns, (list, tuple)) else None
    try:
        return select_table_sql(call.env.project, dataset_id + call.env.dataset_suffix, table_id, names, _integer(call.args, "limit"))
    except UnsafeIdentifierError as error:
        raise create_error(call.spec.api.errors, "validation", str(error)) from None


@contextmanager
def rows_of(call: Call, sql: str, max_results: int | None = None) -> Iterator[bigquery.table.RowIterator]:
    """The rows of ``sql`` as a RowIterator; the job is cancelled if the call is cancelled, the bar closed at the end."""
    client = call.client()
    job = query_job(call.spec, client, sql, call.options)
    try:
        yield result_rows(call.spec, client, job, call.options, page_size=_integer(call.args, "page_size"), max_results=max_results)
    except BaseException:
        cancel_job(client, job, call.options)
        raise
    finally:
        if call.options.progress is not None:
            call.options.progress.close()


def storage_client(call: Call) -> Any:
    """A BigQuery Storage read client when the call asks for one (``bqstorage``) and it can serve; else None, saying why."""
    if call.args.get("bqstorage") is not True:
        return None
    try:
        bigquery_storage = untyped_module("google.cloud.bigquery_storage")
    except ImportError:
        warnings.warn(
            "The BigQuery Storage API was asked for, but google-cloud-bigquery-storage is not installed "
            "(pip install google-cloud-bigquery-storage): the rows are read through the REST API instead.",
            UserWarning,
            stacklevel=4,
        )
        return None
    endpoint = resolve_bigquery_endpoint()
    if endpoint is not None:
        warnings.warn(
            f"The BigQuery Storage API was asked for, but the BigQuery endpoint {endpoint} (a local datalake or an "
            "emulator) has no Storage API: the rows are read through the REST API instead.",
            UserWarning,
            stacklevel=4,
        )
        return None
    return bigquery_storage.BigQueryReadClient(credentials=getattr(call.client(), "_credentials", None))
