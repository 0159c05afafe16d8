"""The generated package's catalogue functions, asked the questions backend_metadata.py asks PyPI basedosdados 2.0.3.

Run by tests/datalake/backend-pypi.test.ts with the project's python, the generated package on PYTHONPATH and
BASEDOSDADOS_API_URL naming the replica:

    python sdk_metadata.py <questions.json>

questions.json lists {"name", "function", "args", "kwargs", "mode"}: ``mode`` "page" (the default) answers the
page's items, "one" the object, "all" every item of every page. Two questions have no one function, since ours
take BigQuery ids where PyPI's filters by name: {"name", "walk": "tables"} answers every table of every dataset
(each dataset's list_dataset_tables), {"name", "walk": "columns"} every column of every table. The script prints
one JSON object: name -> {"result": ...} or {"error": kind, "message": ...}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import basedosdados_sdk as bd


def every_table() -> list[dict[str, Any]]:
    return [table for dataset in bd.list_datasets(page_size=100) if dataset["dataset_id"] for table in bd.list_dataset_tables(dataset["dataset_id"], page_size=100)]


def every_column() -> list[dict[str, Any]]:
    return [column for table in every_table() for column in bd.list_table_columns(table["dataset_id"], table["table_id"], page_size=100)]


WALKS = {"tables": every_table, "columns": every_column}


def answer(question: dict[str, Any]) -> Any:
    if "walk" in question:
        return WALKS[question["walk"]]()
    result = getattr(bd, question["function"])(*question.get("args", []), **question.get("kwargs", {}))
    mode = question.get("mode", "page")
    return result if mode == "one" else list(result) if mode == "all" else result.items


def main() -> None:
    answers: dict[str, object] = {}
    for question in json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")):
        try:
            answers[question["name"]] = {"result": answer(question)}
        except bd.BaseDosDadosException as error:
            answers[question["name"]] = {"error": error.kind, "message": str(error)}
    print(json.dumps(answers, ensure_ascii=False))


if __name__ == "__main__":
    main()
