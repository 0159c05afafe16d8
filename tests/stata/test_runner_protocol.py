"""The Stata conformance runner speaks the suite's JSON-lines protocol (tests/conformance/README.md).

The whole suite runs it through the harness; here, one case of each kind of
result, an error and the end of the conversation, with the process stopped after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import PYTHON_SRC, ROOT

RUNNER = ROOT / "tests/conformance/runners/stata/runner.py"


class Runner:
    def __init__(self, datalake_url: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BASEDOSDADOS_", "GOOGLE_CLOUD_PROJECT", "BIGQUERY_EMULATOR_HOST"))}
        env |= {"BASEDOSDADOS_API_URL": datalake_url, "BASEDOSDADOS_BIGQUERY_ENDPOINT": datalake_url, "BDGEN_OUT": str(PYTHON_SRC.parents[1]), "PYTHONDONTWRITEBYTECODE": "1"}
        self.process = subprocess.Popen([sys.executable, str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read() if self.process.stderr else "the runner exited"
        return json.loads(line)

    def case(self, function: str, args: dict[str, Any], mode: str = "page", env: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.ask({"type": "case", "id": function, "function": function, "args": args, "mode": mode, "env": env or {}})


@pytest.fixture
def runner(datalake_url: str) -> Iterator[Runner]:
    started = Runner(datalake_url)
    hello = started.ask({"type": "hello", "settings": {"retry": {"initial_delay_ms": 5, "max_delay_ms": 20}}})
    assert hello["language"] == "stata"
    assert sorted(hello["functions"]) == sorted([
        "read_sql", "read_table", "download", "estimate_query", "list_datasets", "get_dataset", "list_dataset_tables",
        "get_table", "list_table_columns", "list_organizations", "list_themes", "list_tags", "search",
        "list_facet_values", "list_table_columns_by_uuid", "get_table_stats", "export_catalog",
    ])
    yield started
    if started.process.poll() is None:
        started.process.kill()
    started.process.wait()


def test_rows_pages_objects_estimates_and_errors_come_back_canonical(runner: Runner) -> None:
    rows = runner.case("read_sql", {"query": "SELECT 1 AS x, DATE '2021-06-01' AS d", "billing_project_id": "projeto-de-teste"})
    assert rows == {"type": "result", "id": "read_sql", "ok": True, "result": {"columns": [{"name": "x", "type": "INT64"}, {"name": "d", "type": "DATE"}], "rows": [[1, "2021-06-01"]]}}
    page = runner.case("list_tags", {"page": 2, "page_size": 10})["result"]
    assert (page["page"], page["count"], page["page_total"], [t["slug"] for t in page["items"]]) == (2, 15, 2, ["municipios", "pib", "populacao", "sintetico", "teste"])
    every = runner.case("list_organizations", {"page_size": 4}, mode="all")["result"]
    assert list(every) == ["items"] and len(every["items"]) == 9
    dataset = runner.case("get_dataset", {"dataset_id": "br_ibge_pib"})["result"]
    assert dataset["temporal_coverage"] == "2002 - 2021" and dataset["organizations"][0]["slug"] == "ibge"
    assert dataset["created_at"] == "2021-03-15T12:00:00+00:00"
    found = runner.case("search", {"q": "pib", "theme": ["economia"]})["result"]
    assert [r["slug"] for r in found["results"]] == ["pib"] and "items" not in found and "page_total" not in found
    catalogue = runner.case("export_catalog", {"locale": "en"})["result"]
    assert catalogue.startswith("Dataset Name,") and "\r\n" in catalogue  # the text as it came, CRLF line ends kept
    assert runner.case("list_datasets", {"q": ""})["error"]["kind"] == "validation"
    estimate = runner.case("estimate_query", {"query": "SELECT pib FROM `basedosdados.br_ibge_pib.municipio`", "billing_project_id": "projeto-de-teste"})
    assert estimate["result"] == {"bytes_processed": 89120, "cost_usd": 5.06588548887521e-7}
    missing = runner.case("read_sql", {"query": "SELECT 1 AS x"}, env={"BASEDOSDADOS_BILLING_PROJECT_ID": None})
    assert missing["ok"] is False and missing["error"]["kind"] == "billing_project" and missing["error"]["message"].startswith("r(198): ")
    assert runner.case("get_table", {"dataset_id": "br_ibge_pib"})["error"]["kind"] == "validation"  # syntax: table_id() required
    assert runner.case("list_licenses", {})["error"] == {"kind": "runner_error", "message": "not implemented: list_licenses"}
    assert runner.process.stdin is not None
    runner.process.stdin.write(json.dumps({"type": "bye"}) + "\n")
    runner.process.stdin.flush()
    assert runner.process.wait() == 0  # bye: it exits by itself
