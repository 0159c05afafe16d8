"""PyPI basedosdados 2.0.3's catalogue functions against a backend given by URL.

Run by tests/datalake/backend-pypi.test.ts with .venv-basedosdados's python:

    python backend_metadata.py <search_url> <graphql_url> <calls.json>

calls.json lists {"name", "function", "kwargs"}; each function of basedosdados
(get_datasets, get_tables, get_columns, search) is called with
backend=Backend(search_url=..., graphql_url=...) and the script prints one JSON
object: name -> {"result": ...} or {"error": class, "cause": class of its
__cause__, "message": the cause's text}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import basedosdados
from basedosdados import Backend
from basedosdados.exceptions import BaseDosDadosException


def main() -> None:
    search_url, graphql_url, calls_path = sys.argv[1:4]
    backend = Backend(search_url=search_url, graphql_url=graphql_url)
    answers: dict[str, object] = {}
    for call in json.loads(Path(calls_path).read_text(encoding="utf-8")):
        function = getattr(basedosdados, call["function"])
        try:
            answers[call["name"]] = {
                "result": function(**call["kwargs"], backend=backend)
            }
        except (BaseDosDadosException, TypeError) as error:
            cause = error.__cause__
            answers[call["name"]] = {
                "error": type(error).__name__,
                "cause": type(cause).__name__ if cause is not None else None,
                "message": str(cause if cause is not None else error),
            }
    print(json.dumps(answers, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
