# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_runtime.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""The Python part of every command of a generated Stata package.

Each ``.ado`` parses its options with ``syntax`` and ends with one line,

    python: import bdsdk_stata_runtime; bdsdk_stata_runtime.main("bdsdk_commands", "bd_read_sql")

``main`` reads the command's entry in the generated table (``TABLE`` of the
module named first), takes each option's value from the ado program's local
macros (``sfi.Macro.getLocal``; values never pass through Python source),
calls the generated Python package and lands the result through ``sfi``. It
never lets a Python exception (and its traceback) reach the user: every
failure is a message (``SFIToolkit.errprintln``), the error's kind in the
global macro ``<package>_error`` and a Stata return code (``SFIToolkit.exit``).
See README.md for the table's format and the return codes.
"""

from __future__ import annotations

import importlib
import math
import re
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from sfi import Macro

_prefix = __name__[: -len("runtime")]
_landing = importlib.import_module(f"{_prefix}landing")
_columns = importlib.import_module(f"{_prefix}columns")
_names = importlib.import_module(f"{_prefix}names")
_catalogue = importlib.import_module(f"{_prefix}catalogue")
_files = importlib.import_module(f"{_prefix}files")
_bodies = importlib.import_module(f"{_prefix}bodies")
Refusal = _landing.Refusal
counted = _landing.counted

RETURN_CODES = {
    "validation": 198,
    "billing_project": 198,
    "invalid_query": 198,
    "not_found": 111,
    "access_denied": 7102,
    "rate_limited": 677,
    "server": 677,
    "connection": 677,
    "redirect": 677,
    "timeout": 2,
    "filesystem": 603,
}
"""Error kind of the spec -> Stata return code (README.md says why each); any other kind: 7102."""

MESSAGES = {
    "billing_project": "no Google Cloud billing project: queries run on BigQuery and are billed to your own project; give "
    "billing_project_id(your-google-cloud-project) or set the environment variable BASEDOSDADOS_BILLING_PROJECT_ID "
    "(create a project at https://console.cloud.google.com/projectcreate)",
}
"""Messages said the Stata way where the Python package's would speak Python (``billing_project_id="..."``)."""

HINTS = {"rate_limited": "wait a little and run the command again"}
QUERY_HINTS = {
    "access_denied": "check that your Google Cloud credentials may run BigQuery jobs in the billing project (gcloud auth application-default login)",
}
"""Hints of a command that runs a BigQuery query (it has a billing project); elsewhere a refusal is the API's own."""
_noted: set[str] = set()
SHOWN_WHEN_LOADED = 20
"""Items a catalogue command lists when it also loads them (the rest are in memory); without clear it lists all."""


def main(table_module: str, command: str) -> None:
    """Runs ``command`` of the table in module ``table_module``; on failure ends with its return code."""
    error_global = "bd_error"
    package: Mapping[str, Any] = {}
    try:
        table = importlib.import_module(table_module).TABLE
        package = table["package"]
        error_global = f"{package['stata']}_error"
        _landing.clear_error(error_global)
        _run(table, command)
    except Refusal as refusal:
        _landing.fail(Refusal(refusal.rc, redacted(package, str(refusal)), refusal.kind), error_global)
    except Exception as error:  # noqa: BLE001 - a bug of ours or the package's: a message, never a traceback
        _landing.debug(redacted(package, traceback.format_exc()))
        _landing.fail(Refusal(7102, f"{command} failed unexpectedly ({type(error).__name__}); type set debug on and run the command again to see why, and report it", "internal"), error_global)


def redacted(package: Mapping[str, Any], text: str) -> str:
    """``text`` without credentials, by the Python package's one redaction (configured headers and tokens, cookies).

    The package's errors are redacted already; this also covers what Stata alone shows (a debug traceback).
    """
    try:
        redaction = importlib.import_module(f"{package['python']}._runtime.redaction")
    except (ImportError, KeyError):  # no package: it holds no credential either
        return text
    return str(redaction.redact(text, redaction.configured_secrets()))


def _run(table: Mapping[str, Any], command: str) -> None:
    spec = table["commands"].get(command)
    if spec is None:
        raise Refusal(199, f"{command} is not a command of this package's table", "internal")
    package = table["package"]
    try:
        bd = importlib.import_module(package["python"])
    except ImportError as error:
        raise Refusal(
            7102,
            f"{command}: the Python package {package['python']} cannot be imported ({error}); it is on no package index: install the "
            f"Python package bdgen generated into the Python Stata uses (python query shows it): {package.get('install') or 'pip install ' + package['pip']}",
            "missing_package",
        ) from None
    deprecated = spec.get("deprecated")
    if deprecated and command not in _noted:
        _noted.add(command)
        _landing.show([f"note: {command} is deprecated; use {deprecated['use']}"])
    if isinstance(spec.get("fields"), str):
        spec = {**spec, "fields": table["field_sets"][spec["fields"]]}
    args, effects = read_options(spec)
    base = _base_exception(bd, package)
    try:
        LANDS[spec["lands"]](bd, spec, args, effects, package)
    except base as error:
        kind = str(getattr(error, "kind", ""))
        hint = HINTS.get(kind) or (QUERY_HINTS.get(kind) if _queries_bigquery(spec) else None)
        message = MESSAGES.get(kind, str(error))
        raise Refusal(RETURN_CODES.get(kind, 7102), f"{command}: {message}" + (f"\n{hint}" if hint else ""), kind) from None


def _queries_bigquery(spec: Mapping[str, Any]) -> bool:
    return any(option.get("param") == "billing_project_id" for option in spec["options"])


def _base_exception(bd: Any, package: Mapping[str, Any]) -> type[BaseException]:
    """The Python package's base exception: the table's name for it (the brand's), else the runtime's own names for it."""
    for name in (package.get("exception"), "ApiException", "BaseDosDadosException"):
        found = getattr(bd, name, None) if name else None
        if isinstance(found, type) and issubclass(found, BaseException):
            return found
    raise Refusal(7102, f"the Python package {package['python']} has no base exception {package.get('exception')}: reinstall the one bdgen generated with this package", "missing_package")


def read_options(spec: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The options' values from the ado program's locals: arguments of the Python function, and runtime effects."""
    args: dict[str, Any] = {}
    effects: dict[str, Any] = {}
    for option in spec["options"]:
        name, kind = option["name"], option["kind"]
        text = Macro.getLocal(name).strip()
        if kind == "flag":
            value: Any = (text == "") if option.get("negated") else (text != "")  # no<name> sends false
        elif "body" in option:
            if text == "":
                if option.get("required"):
                    raise Refusal(198, f"option {name}() required", "validation")
                continue
            value = _bodies.body_value(name, option, unquoted(text))
        elif text == "" or (kind == "string" and "effect" in option and unquoted(text) == ""):
            if option.get("required"):
                raise Refusal(198, f"option {name}() required", "validation")
            continue
        elif kind == "integer":
            value = _integer(name, text)
        elif kind == "names":
            value = [name for name in re.split(r"[\s,]+", text) if name]  # columns(a b) or columns("a, b")
        else:
            value = unquoted(text)  # "" stays: an empty text the Python package refuses, not an option left out
        if "values" in option:
            if str(value) not in option["values"]:
                raise Refusal(198, f"option {name}() must be one of {', '.join(option['values'])}, not {text}", "validation")
            value = option["values"][str(value)]
        if "param" in option:
            args[option.get("keyword", option["param"])] = value  # the Python keyword, when it is not the wire name
        elif "body" in option:
            args[option.get("keyword", "body")] = value
        elif "effect" in option:
            effects[option["effect"]] = value
    return args, effects


def unquoted(text: str) -> str:
    """An ``asis`` text option as the user meant it: one pair of quotes, ``"..."`` or compound, removed."""
    if len(text) >= 4 and text.startswith('`"') and text.endswith("\"'"):
        return text[2:-2]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def _integer(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise Refusal(198, f"option {name}() takes an integer, not {text}", "validation") from None


def _call(bd: Any, name: str, args: Mapping[str, Any]) -> Any:
    return getattr(bd, name)(**args)


def _function(spec: Mapping[str, Any]) -> str:
    """The Python package's function a command calls: ``call`` when its name is not the IR's (``print`` -> ``print_``)."""
    return str(spec.get("call", spec["function"]))


def plain(value: Any) -> Any:
    """A pandas/numpy cell as a plain Python value; NA, NaT and NaN (pandas' NULL of float64) are None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return plain(value.tolist())  # numpy scalars and arrays (REPEATED columns)
    return value


def frame_columns(frame: Any, descriptions: Mapping[str, str]) -> tuple[list[Any], list[str]]:
    """A DataFrame of the Python package (typed by ``attrs["bigquery_schema"]``) as Stata columns, with notes."""
    schema = frame.attrs["bigquery_schema"]
    names = _names.unique_names(c["name"] for c in schema)
    columns, notes = [], []
    for index, (name, field) in enumerate(zip(names, schema, strict=True)):
        values = [plain(v) for v in frame.iloc[:, index].tolist()]
        column = _columns.result_column(name, field["name"], field["type"], field.get("mode", "NULLABLE"), values)
        description = descriptions.get(field["name"])
        if description:
            column.label = _names.variable_label(description)
            if column.label != " ".join(description.split()):
                column.chars["bd_description"] = description
        elif name != field["name"]:
            column.label = _names.variable_label(field["name"])
        if name != field["name"]:
            notes.append(f"note: column {field['name']} is variable {name}")
        columns.append(column)
        notes.extend(f"note: {n}" for n in column.notes)
    return columns, notes


def _descriptions(bd: Any, spec: Mapping[str, Any], args: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Column descriptions from the catalogue, for variable labels; a failure costs the labels, not the data."""
    source = spec.get("labels_from")
    if not source:
        return {}, []
    call_args = {name: args[name] for name in source["args"] if name in args} | dict(source.get("extra", {}))
    try:
        items = list(_call(bd, source["function"], call_args))
    except Exception as error:  # noqa: BLE001 - labels are a courtesy: any failure is a note
        return {}, [f"note: no variable labels ({getattr(error, 'kind', type(error).__name__)}: the catalogue did not answer)"]
    return {str(i[source["name"]]): str(i.get(source["description"]) or "") for i in items if isinstance(i, Mapping)}, []


def _land_rows(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    if effects.get("save_csv"):  # the old path(): the file, then import delimited, replacing the data as the old package did
        result = _files.land_through_csv(bd, spec, args, effects["save_csv"])
        rows, variables = _files.held()
        _landing.show([f"({counted(rows, 'observation')}, {counted(variables, 'variable')}; file {result['path']} saved)"])
        _landing.set_results({"N": rows, "k": variables, "path": str(result["path"])})
        return
    _landing.check_replace(bool(effects.get("clear")))
    frame = _call(bd, _function(spec), args)
    descriptions, notes = _descriptions(bd, spec, args)
    columns, column_notes = frame_columns(frame, descriptions)
    source = str(args["query"]) if "query" in args else f"{args.get('dataset_id')}.{args.get('table_id')}"
    _landing.land(columns, len(frame), {"bd_source": source})
    _landing.show([f"({counted(len(frame), 'observation')}, {counted(len(columns), 'variable')})", *notes, *column_notes])
    _landing.set_results({"N": len(frame), "k": len(columns)})


def _envelope_results(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """Page numbers as scalars, anything else of the envelope (aggregations, ...) as JSON text."""
    return {k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else _columns.json_text(v) for k, v in envelope.items() if v is not None}


def _land_page(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    page = _call(bd, _function(spec), args)
    body = dict(page.body)
    key = spec.get("items", "items")
    if effects.get("allpages") or spec.get("all_pages"):
        items, envelope = list(page), {"count": body.get("count")}
    else:
        items, envelope = list(body.get(key) or []), {k: v for k, v in body.items() if k != key}
    loads = bool(effects.get("clear"))
    if loads:
        _landing.land(_catalogue.item_columns(spec["fields"], items), len(items))
    # The summary counts pages even when the backend's page carries no total (the search's): the package computes it.
    shown = {**envelope, "page_total": page.page_total} if isinstance(envelope.get("page"), int) else envelope
    _landing.show(_catalogue.summary(spec.get("noun", {}), items, shown, spec.get("show", []), limit=SHOWN_WHEN_LOADED if loads else None))
    _landing.set_results(_envelope_results(envelope))


def _land_object(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    result = _call(bd, _function(spec), args)
    # A result that is not an object (a list, text, a value of no declared shape) lands whole, in a field of path [].
    item = dict(result) if isinstance(result, Mapping) else result
    if effects.get("clear"):
        _landing.land(_catalogue.item_columns(spec["fields"], [item]), 1)
    lines = _catalogue.summary(spec.get("noun", {}), [item], {}, spec.get("show", []))
    shown = spec.get("display_field")
    if shown and isinstance(item, Mapping):
        lines.append(str(item.get(shown) or ""))
        _landing.set_results({shown: str(item.get(shown) or "")})
    _landing.show(lines)


def _land_csv(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    saving, replace = effects.get("saving"), bool(effects.get("replace"))
    if saving:
        _files.write_text(package, saving, None, replace)  # an existing file without replace: r(602) before any request
    text = str(_call(bd, _function(spec), args))
    columns, rows = _catalogue.csv_columns(text)
    saved = _files.write_text(package, saving, text, replace) if saving else None
    if effects.get("clear"):
        _landing.land(columns, rows)
    _landing.show([f"({counted(rows, 'observation')}, {counted(len(columns), 'variable')})", *([f"(file {saved} saved)"] if saved else [])])
    _landing.set_results({"N": rows, "k": len(columns)})


def _save_file(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    result = dict(_call(bd, _function(spec), args))
    rows, size = int(result.get("rows") or 0), int(result.get("bytes") or 0)
    _landing.show([f"(file {result.get('path')} saved: {counted(rows, 'row')}, {counted(size, 'byte')}, {result.get('format')})"])
    _landing.set_results(result)


def _estimate(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    result = dict(_call(bd, _function(spec), args))
    scanned, cost = int(result.get("bytes_processed") or 0), float(result.get("cost_usd") or 0.0)
    _landing.show([f"(the query would process {counted(scanned, 'byte')}; on-demand price about US$ {cost:.6f})"])
    _landing.set_results(result)


def _done(bd: Any, spec: Mapping[str, Any], args: dict[str, Any], effects: dict[str, Any], package: Mapping[str, Any]) -> None:
    _call(bd, _function(spec), args)  # an answer with no body: nothing lands
    _landing.show(["(done)"])


LANDS: dict[str, Callable[..., None]] = {
    "rows": _land_rows,
    "page": _land_page,
    "object": _land_object,
    "file": _save_file,
    "estimate": _estimate,
    "csv": _land_csv,
    "none": _done,
}
"""How each kind of result (the table's ``lands``) reaches Stata."""
