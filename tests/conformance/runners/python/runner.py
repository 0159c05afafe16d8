"""The Python conformance runner: the JSON-lines protocol of tests/conformance/README.md
over the generated package ``basedosdados_sdk`` (imported from ``$BDGEN_OUT/python/src``,
which the harness puts on PYTHONPATH).

A case's ``auth`` is configured the package's documented way for that case only
(``bd.config.headers``, and ``bd.config.credentials`` as google-auth credentials
holding the token); every failing reply carries ``error.dump``, every way Python
shows the error. KeyboardInterrupt is never caught: an interrupted case ends the
runner as it would end a user's session (after the package's own cleanup).
A call Python itself refuses before the function runs (a required argument
left out: a TypeError of the call) is the ``validation`` kind, as the Stata
runner reports what Stata's ``syntax`` refuses.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import basedosdados_sdk as bd
from basedosdados_sdk._runtime.canonical import Column, canonical_value
from case_credentials import configured, dump

Args = dict[str, Any]


class CallRefused(Exception):
    """What Python itself refuses before the function runs (a required argument left out): a TypeError of the call."""


def checked(function: Callable[..., Any], args: Args) -> Args:
    """``args``, once Python would accept them for ``function``'s signature (as the Stata runner's ``syntax``)."""
    try:
        inspect.signature(function).bind(**args)
    except TypeError as refusal:
        raise CallRefused(f"{function.__name__}(): {refusal} (TypeError, raised by Python before any request)") from None
    return args


def paged(function: Callable[..., Any]) -> Callable[[Args, str], Any]:
    """A list operation: one page's body, or every item of every page (``mode: all``)."""

    def call(args: Args, mode: str) -> Any:
        page = function(**checked(function, args))
        return page.body if mode == "page" else {"items": list(page)}

    return call


def single(function: Callable[..., Any]) -> Callable[[Args, str], Any]:
    return lambda args, _mode: function(**checked(function, args))


def plain(value: Any) -> Any:
    """A pandas/numpy cell as a plain Python value (NA -> None), for the canonical forms."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
    except ImportError:  # pragma: no cover - pandas comes with the data functions
        pass
    return value.item() if hasattr(value, "item") and not isinstance(value, (list, dict, str, bytes)) else value


def table(frame: Any) -> dict[str, Any]:
    """A DataFrame as ``{columns, rows}`` in canonical JSON, typed by ``frame.attrs["bigquery_schema"]``."""
    schema = frame.attrs["bigquery_schema"]
    columns = [Column(c["name"], c["type"], c["mode"]) for c in schema]
    rows = [
        [canonical_value(column, plain(value)) for column, value in zip(columns, record, strict=True)]
        for record in frame.itertuples(index=False, name=None)
    ]
    return {"columns": [{"name": c.name, "type": c.type} for c in columns], "rows": rows}


DISPATCH: dict[str, Callable[[Args, str], Any]] = {
    "list_datasets": paged(bd.list_datasets),
    "get_dataset": single(bd.get_dataset),
    "list_dataset_tables": paged(bd.list_dataset_tables),
    "get_table": single(bd.get_table),
    "list_table_columns": paged(bd.list_table_columns),
    "list_organizations": paged(bd.list_organizations),
    "list_themes": paged(bd.list_themes),
    "list_tags": paged(bd.list_tags),
    "search": paged(bd.search),
    "list_facet_values": single(bd.list_facet_values),
    "list_table_columns_by_uuid": single(bd.list_table_columns_by_uuid),
    "get_table_stats": single(bd.get_table_stats),
    "export_catalog": single(bd.export_catalog),  # the CSV text, a string
    "read_sql": lambda args, _mode: table(bd.read_sql(**args)),
    "read_table": lambda args, _mode: table(bd.read_table(**args)),
    "download": single(bd.download),
    "estimate_query": single(bd.estimate_query),
}


@contextmanager
def environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    for name, value in changes.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def reply(message: Mapping[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_options(read: Mapping[str, Any] | None) -> Args:
    """A case's ``read`` (api, row_restriction, max_streams) as the package's call options."""
    if not read:
        return {}
    names = {"api": "read_api", "row_restriction": "row_restriction", "max_streams": "max_streams"}
    return {names[key]: value for key, value in read.items() if key in names}


def handle(message: Mapping[str, Any]) -> bool:
    kind = message.get("type")
    if kind == "hello":
        retry = (message.get("settings") or {}).get("retry") or {}
        bd.config.retry = {key: value for key, value in retry.items() if value is not None}
        reply({"type": "hello", "language": "python", "functions": list(DISPATCH)})
        return True
    if kind == "bye":
        return False
    case_id = message["id"]
    call = DISPATCH.get(message["function"])
    if call is None:
        reply({"type": "result", "id": case_id, "ok": False, "error": {"kind": "runner_error", "message": f"not implemented: {message['function']}"}})
        return True
    try:
        with environment(message.get("env") or {}), configured(bd, message.get("auth")):
            result = call({**(message.get("args") or {}), **read_options(message.get("read"))}, message.get("mode") or "page")
        reply({"type": "result", "id": case_id, "ok": True, "result": result})
    except bd.BaseDosDadosException as error:
        reply({"type": "result", "id": case_id, "ok": False, "error": {"kind": error.kind, "message": str(error), "dump": dump(error)}})
    except CallRefused as refusal:
        reply({"type": "result", "id": case_id, "ok": False, "error": {"kind": "validation", "message": str(refusal), "dump": dump(refusal)}})
    except Exception as error:  # noqa: BLE001 - anything else is a runner or package bug, reported as such
        failure = {"kind": "runner_error", "message": f"{type(error).__name__}: {error}", "dump": dump(error)}
        reply({"type": "result", "id": case_id, "ok": False, "error": failure})
    return True


def main() -> int:
    for line in sys.stdin:
        if line.strip() and not handle(json.loads(line)):
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
