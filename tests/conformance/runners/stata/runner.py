"""The Stata conformance runner: the JSON-lines protocol of tests/conformance/README.md.

There is no Stata here, so each case runs the Python part of a Stata command
the way Stata would: the command's options become the ado program's local
macros (what ``syntax`` would leave: given values, numeric defaults, ``clear``,
which makes a catalogue command load its answer as the dataset, ``allpages``
for ``mode: all``), the runtime's ``main`` runs against the
stand-in ``sfi`` (tests/stata/standin), and what Stata then holds (variables,
formats, value labels, characteristics, ``r()``, ``_rc`` and the error global)
is read back as canonical JSON by ``stata_decode``. Text options are taken
``asis`` by the generated ``syntax``, so their locals hold the value as typed,
in quotes. A CSV answer (``export_catalog``) lands as a dataset; its text, the
case's result, is what the command's ``saving()`` writes.

The package is the one ``bdgen generate`` wrote to ``$BDGEN_OUT/stata``: its
generated command table ``<name>_commands.py`` and its copy of the runtime,
``<name>_stata_runtime.py``. The generated Python package it calls comes from
``$BDGEN_OUT/python/src`` (the harness generates both when Stata runs).

A case's ``auth`` goes to that Python package's config, as a Stata user sets it
(``python: bd.config.headers = ...``); a failing reply's ``error.dump`` is what
Stata displays plus every rendering of the errors behind it (the package's
exception, kept as the context of the runtime's refusal). KeyboardInterrupt is
never caught.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(os.environ.get("BDGEN_OUT", ROOT / "out"))


def _package() -> tuple[str, str]:
    """Puts the generated Stata package's Python files on sys.path; returns (table module, runtime module)."""
    generated = OUT / "stata"
    tables = sorted(generated.glob("*_commands.py")) if generated.is_dir() else []
    runtimes = sorted(generated.glob("*_stata_runtime.py")) if generated.is_dir() else []
    if len(tables) != 1 or len(runtimes) != 1:
        raise SystemExit(f"no generated Stata package in {generated} (want one *_commands.py and one *_stata_runtime.py): run bdgen generate --lang stata,python --out {OUT}")
    sys.path.insert(0, str(generated))
    return tables[0].stem, runtimes[0].stem


sys.path[:0] = [str(ROOT / "tests/stata/standin"), str(OUT / "python" / "src"), str(ROOT / "tests/conformance/runners/python")]
TABLE_MODULE, RUNTIME_MODULE = _package()

import importlib

import sfi
import stata_decode
from case_credentials import configured, dump

runtime = importlib.import_module(RUNTIME_MODULE)
TABLE: Mapping[str, Any] = importlib.import_module(TABLE_MODULE).TABLE
COMMANDS: Mapping[str, Any] = TABLE["commands"]
ERROR_GLOBAL = f"{TABLE['package']['stata']}_error"
bd = importlib.import_module(TABLE["package"]["python"])

# IR function -> the (non-deprecated) Stata command that calls it.
DISPATCH = {spec["function"]: name for name, spec in reversed(list(COMMANDS.items())) if not spec.get("deprecated")}


class SyntaxRefusal(Exception):
    """What Stata's ``syntax`` itself would refuse (r(198)) before the Python part runs."""


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def typed_asis(text: str) -> str:
    """What ``syntax`` leaves for a text option taken ``asis`` when the user types it quoted, as text is typed: ``q("")``, ``q(`"a "b""')``."""
    return f'`"{text}"\'' if '"' in text else f'"{text}"'


def syntax_locals(spec: Mapping[str, Any], args: Mapping[str, Any], mode: str) -> dict[str, str]:
    """The locals ``syntax`` leaves for the call a case describes."""
    by_param = {o["param"]: o for o in spec["options"] if "param" in o}
    unknown = sorted(set(args) - set(by_param))
    if unknown:
        raise KeyError(f"the command has no option for {', '.join(unknown)}")
    values: dict[str, str] = {}
    for option in spec["options"]:
        name, kind = option["name"], option["kind"]
        if option.get("param") in args:
            value = args[option["param"]]
            if kind == "integer" and "default" in option and (isinstance(value, bool) or not isinstance(value, int)):
                raise SyntaxRefusal(f"option {name}() incorrectly specified")
            values[name] = typed_asis(_text(value)) if kind == "string" else _text(value)
        elif kind == "integer" and "default" in option:
            values[name] = str(option["default"])
        elif option.get("effect") == "clear" or (option.get("effect") == "allpages" and mode == "all"):
            values[name] = name
        elif option.get("required"):
            raise SyntaxRefusal(f"option {name}() required")
    return values


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


def held_result(spec: Mapping[str, Any], mode: str) -> Any:
    """What Stata holds after a successful command, as the canonical result of the case."""
    session = sfi.standin
    lands = spec["lands"]
    if lands == "rows":
        return stata_decode.rows_result(session)
    fields = spec.get("fields")
    fields = TABLE["field_sets"][fields] if isinstance(fields, str) else fields
    if lands == "page":
        items = stata_decode.items_result(session, fields)
        return {"items": items} if mode == "all" else {**stata_decode.results(session, json_macros=True), spec.get("items", "items"): items}
    if lands == "object":
        return stata_decode.items_result(session, fields)[0]
    return stata_decode.results(session, json_macros=False)


def run_case(function: str, args: Mapping[str, Any], mode: str) -> dict[str, Any]:
    command = DISPATCH.get(function)
    if command is None:
        return {"ok": False, "error": {"kind": "runner_error", "message": f"not implemented: {function}"}}
    spec = COMMANDS[command]
    try:
        values = syntax_locals(spec, args, mode)
    except SyntaxRefusal as refusal:
        return {"ok": False, "error": {"kind": "validation", "message": f"{command}: {refusal} (r(198), from syntax)", "dump": dump(refusal)}}
    saved = None
    if spec["lands"] == "csv":  # the text comes back through the file saving() writes, as it came
        saved = Path(tempfile.mkdtemp(prefix="bdgen-stata-")) / "saved.csv"
        values["saving"] = typed_asis(str(saved))
    sfi.standin.reset(locals=values)
    try:
        runtime.main(TABLE_MODULE, command)
    except sfi.StataExit as stop:
        output = sfi.standin.output()
        kind = sfi.standin.globals.get(ERROR_GLOBAL) or "runner_error"
        if "Traceback" in output:
            kind = "runner_error"
        return {"ok": False, "error": {"kind": kind, "message": f"r({stop.rc}): {output}", "dump": stata_dump(stop)}}
    if "Traceback" in sfi.standin.output():
        return {"ok": False, "error": {"kind": "runner_error", "message": "a traceback reached the Results window"}}
    if saved is not None:
        text = saved.read_bytes().decode("utf-8")  # as written: its CRLF line ends kept
        shutil.rmtree(saved.parent)
        return {"ok": True, "result": text}
    return {"ok": True, "result": held_result(spec, mode)}


def stata_dump(stop: BaseException) -> str:
    """What Stata displays, then each error of the chain behind the exit: the runtime's refusal, the package's exception."""
    parts = [sfi.standin.output()]
    error: BaseException | None = stop
    while error is not None:
        parts.append(dump(error))
        error = error.__context__
    return "\n".join(parts)


def reply(message: Mapping[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# Cases Stata cannot run, with the reason (the hello's `unavailable`, tests/conformance/README.md).
_STORAGE_REASON = (
    "the Stata commands have no option choosing how rows are read: bd_read_sql and bd_read_table read through the "
    "Python package's default (read_api auto: REST for results under 100,000 rows), so a case forcing the Storage "
    "Read API (read_api, row_restriction, max_streams) cannot be expressed in Stata"
)
UNAVAILABLE = {prefix: _STORAGE_REASON for prefix in ("read_sql/storage_", "read_table/storage_", "download/storage_")}


def handle(message: Mapping[str, Any]) -> bool:
    kind = message.get("type")
    if kind == "hello":
        retry = (message.get("settings") or {}).get("retry") or {}
        bd.config.retry = {key: value for key, value in retry.items() if value is not None}
        reply({"type": "hello", "language": "stata", "functions": list(DISPATCH), "unavailable": UNAVAILABLE})
        return True
    if kind == "bye":
        return False
    try:
        with environment(message.get("env") or {}), configured(bd, message.get("auth")):
            outcome = run_case(message["function"], dict(message.get("args") or {}), message.get("mode") or "page")
    except Exception as error:  # noqa: BLE001 - the runtime let something escape: a bug, reported as such
        outcome = {"ok": False, "error": {"kind": "runner_error", "message": f"{type(error).__name__}: {error}", "dump": dump(error)}}
    reply({"type": "result", "id": message["id"], **outcome})
    return True


def main() -> int:
    for line in sys.stdin:
        if line.strip() and not handle(json.loads(line)):
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
