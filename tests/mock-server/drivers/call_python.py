"""Calls every planned operation through a generated Python package, by its generated
function name, with wire-named arguments turned into the keyword names the package's
own ``_spec.OPERATIONS`` table gives. Credentials come from the environment, as the
package documents.

    python call_python.py <calls.json>

Prints one JSON line per call: ``{operation, ok, returned}`` or ``{operation, ok: false, error}``.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any


def typed(value: Any) -> Any:
    """The mock-server markers as Python values: a file part as a tuple, a binary body as bytes."""
    if isinstance(value, list):
        return [typed(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$file" in value:
        file = value["$file"]
        return (file["filename"], file["text"].encode(), "text/plain")
    if "$bytes" in value:
        return str(value["$bytes"]).encode()
    return {key: typed(item) for key, item in value.items()}


def keywords(operation: Any, call: dict[str, Any]) -> dict[str, Any]:
    args = {
        param.label: call["args"][param.name]
        for param in operation.params
        if param.name in call["args"]
    }
    if operation.body is not None and "body" in call:
        args[operation.body.label] = typed(call["body"])
    return args


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.path.insert(0, str(Path(plan["package"]) / "src"))
    package = importlib.import_module(plan["import"])
    operations = importlib.import_module(f"{plan['import']}._spec").OPERATIONS
    package.config.base_url = plan["baseUrl"]
    package.config.retry = {"max_attempts": 1}
    for call in plan["calls"]:
        try:
            returned = getattr(package, call["function"])(
                **keywords(operations[call["operation"]], call)
            )
            line = {
                "operation": call["operation"],
                "ok": True,
                "returned": "nothing" if returned is None else type(returned).__name__,
            }
        except Exception as error:  # noqa: BLE001 - every failure is reported, the test decides
            kind = getattr(error, "kind", type(error).__name__)
            line = {
                "operation": call["operation"],
                "ok": False,
                "error": {
                    "kind": kind,
                    "status": getattr(error, "status", None),
                    "message": str(error),
                },
            }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
