# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""What every data function does first: check its arguments, find who pays, make the job, read its rows.

Besides the spec's parameters, every data function reads these call options from
the same mapping: ``timeout`` (seconds per try of each BigQuery request), ``cancel`` (a
:class:`threading.Event`; setting it stops the call, even mid-request, and cancels
the job), ``progress`` (a tqdm bar; default: when stderr is a terminal),
``reauth`` (fetch a fresh credential first), ``from_file`` (use the service-account
key basedosdados saved under ``~/.basedosdados``; else ``config.from_file``),
``read_api`` (``"auto"``, ``"rest"`` or ``"storage"``: see :mod:`.results`),
``max_streams`` (Storage API streams read at once), ``row_restriction`` (a table's
rows to read, through the Storage API) and ``bqstorage`` (basedosdados'
``use_bqstorage_api``: ``read_api="storage"`` when it can serve, else REST with a
warning saying why); ``download`` also reads ``compression`` (``"GZIP"``).
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bigquery import DataSpec, billing_project, environment
from .bigquery_types import untyped_module
from .clients import bigquery_client
from .config import config, env_name, resolve_bigquery_endpoint
from .environments import EnvironmentSpec
from .errors import BaseDosDadosException, InvalidParam, create_error
from .jobs import DEFAULT_QUERY_TIMEOUT, CallOptions
from .params import validate_args
from .progress import Progress, progress_wanted
from .sql import UnsafeIdentifierError, select_table_sql
from .storage import DEFAULT_MAX_STREAMS, storage_endpoint

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["MAX_LIMIT", "READ_APIS", "Call", "ReadChoice", "invalid", "prepare", "table_sql"]

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


READ_APIS = ("auto", "rest", "storage")


@dataclass(frozen=True)
class ReadChoice:
    """How a call reads its rows: ``api`` (auto, rest or storage), and the Storage API's endpoint and settings.

    ``endpoint`` is None for Google's own; ``storage_usable`` says whether a Storage
    endpoint is known and its client installed (``auto`` needs both).
    """

    api: str
    storage_usable: bool
    endpoint: str | None = None
    max_streams: int = DEFAULT_MAX_STREAMS
    row_restriction: str | None = None


def _storage_missing() -> str | None:
    """Why the Storage API cannot be used by this process, or None when it can."""
    try:
        untyped_module("google.cloud.bigquery_storage")
    except ImportError:
        return "google-cloud-bigquery-storage is not installed (pip install 'basedosdados[bqstorage]' or google-cloud-bigquery-storage)"
    return None


def _no_storage_endpoint(local: str) -> str:
    return (
        f"the BigQuery endpoint {local} (a local datalake or an emulator) has no Storage API endpoint: "
        f"set {env_name('BIGQUERY_STORAGE_ENDPOINT')} or bd.config.bigquery_storage_endpoint (host:port)"
    )


def _read_choice(spec: DataSpec, name: str, args: Mapping[str, object]) -> ReadChoice:
    api = args.get("read_api")
    if api is not None and api not in READ_APIS:
        raise invalid(spec, name, "read_api", f"must be {', '.join(repr(a) for a in READ_APIS)} or None, got {api!r}")
    streams = args.get("max_streams")
    if streams is not None and (isinstance(streams, bool) or not isinstance(streams, int) or streams < 1):
        raise invalid(spec, name, "max_streams", f"must be a positive integer, got {streams!r}")
    restriction = args.get("row_restriction")
    if restriction is not None:
        if not isinstance(restriction, str) or not restriction.strip():
            raise invalid(spec, name, "row_restriction", f"must be a non-blank SQL condition, got {restriction!r}")
        if args.get("query") is not None or name == "read_sql":
            raise invalid(spec, name, "row_restriction", "applies to a table read (dataset_id and table_id), not to a query")
        if api == "rest":
            raise invalid(spec, name, "row_restriction", 'is read through the Storage API; read_api="rest" cannot apply it')
        api = "storage"
    local = resolve_bigquery_endpoint()
    endpoint = storage_endpoint() if local is not None else None
    why_not = _no_storage_endpoint(local) if local is not None and endpoint is None else None
    if api is None and args.get("bqstorage") is True:
        # basedosdados' use_bqstorage_api: kept working where the Storage API cannot serve, as basedosdados did.
        why_not = _storage_missing() or why_not
        if why_not is None:
            api = "storage"
        else:
            warnings.warn(f"The BigQuery Storage API was asked for, but {why_not}: the rows are read through the REST API instead.", UserWarning, stacklevel=5)
    if api == "storage":
        why_not = why_not or _storage_missing()
        if why_not is not None:
            raise invalid(spec, name, "read_api", f'is "storage" but {why_not}')
    chosen = str(api or "auto")
    usable = why_not is None and (chosen != "auto" or _storage_missing() is None)
    return ReadChoice(chosen, usable, endpoint, streams if isinstance(streams, int) else DEFAULT_MAX_STREAMS, restriction)


@dataclass
class Call:
    """A checked data call: who pays, which environment, its options, its client."""

    spec: DataSpec
    name: str
    project: str
    env: EnvironmentSpec
    options: CallOptions
    args: Mapping[str, object]
    read: ReadChoice

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
    read = _read_choice(spec, name, args) if name != "estimate_query" else ReadChoice("rest", storage_usable=False)
    project = billing_project(spec, function, _string(args, "billing_project_id"))
    env = environment(spec, _string(args, "environment"))
    return Call(spec, name, project, env, options, args, read)


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
