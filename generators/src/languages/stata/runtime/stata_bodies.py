# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_bodies.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""A request body from the text of a command's ``body()`` option.

The table's option says the body's kind (the spec's first media type):
``json`` is JSON text, parsed, so the Python package sends what it means;
``form`` and ``multipart`` are a JSON object of their fields, a multipart part
the spec declares a file (the option's ``files``) holding the name of the file
to send; ``binary`` is the name of the file whose bytes are sent; ``text`` is
sent as typed. Text that is not what the kind needs is r(198); a file that is
not there is r(601), before any request.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from typing import Any

_landing = importlib.import_module(f"{__name__[: -len('bodies')]}landing")
Refusal = _landing.Refusal


def body_value(name: str, option: Mapping[str, Any], text: str) -> Any:
    """The value the Python package takes as the body, from the option's text."""
    kind = option["body"]
    if kind == "text":
        return text
    if kind == "binary":
        return _file_bytes(name, text)
    try:
        value = json.loads(text)
    except ValueError as error:
        raise Refusal(198, f"option {name}() takes the body as JSON text: {error.msg} at character {error.pos + 1}", "validation") from None
    if kind == "json":
        return value
    if not isinstance(value, dict):
        raise Refusal(198, f"option {name}() takes the {kind} fields as a JSON object ({{\"field\": value, ...}})", "validation")
    files = set(option.get("files", []))
    return {field: (os.path.basename(str(v)), _file_bytes(name, str(v))) if field in files else v for field, v in value.items()}


def _file_bytes(name: str, path: str) -> bytes:
    full = os.path.expanduser(path)
    try:
        with open(full, "rb") as file:
            return file.read()
    except OSError as error:
        raise Refusal(601, f"option {name}(): file {path} cannot be read ({error.strerror})", "filesystem") from None
