"""Each failure of a command: a clear message, the return code Stata users expect, the kind in $bdsdk_error, no traceback."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sfi
from conftest import Command

BILLING = "projeto-de-teste"


def failed(stata: sfi.Session) -> tuple[str, str]:
    """The error kind the runtime left in the global and the error lines, after checking no traceback got out."""
    output = stata.output()
    assert "Traceback" not in output and 'File "' not in output
    return stata.globals.get("bdsdk_error", ""), "\n".join(stata.errors)


@pytest.fixture
def faults(datalake_url: str) -> Iterator[httpx.Client]:
    client = httpx.Client(base_url=f"{datalake_url}/__datalake")
    yield client
    client.delete("/faults")
    client.close()


@pytest.mark.parametrize(
    ("name", "options", "rc", "kind", "says"),
    [
        ("bd_read_sql", {"query": "SELECT 1 AS x"}, 198, "billing_project", "billing_project_id(your-google-cloud-project)"),
        ("bd_read_sql", {"query": "SELECT 1 AS x", "billing_project_id": "Projeto Inválido"}, 198, "validation", "billing_project_id"),
        ("bd_read_table", {"dataset_id": "br_ibge_pib; DROP TABLE x", "table_id": "municipio", "billing_project_id": BILLING}, 198, "validation", "dataset_id must match"),
        ("bd_read_table", {"dataset_id": "br_ibge_pib", "table_id": "municipio` UNION SELECT 1 --", "billing_project_id": BILLING}, 198, "validation", "table_id"),
        ("bd_read_table", {"dataset_id": "br_ibge_pib", "table_id": "municipio", "limit": "dez", "billing_project_id": BILLING}, 198, "validation", "option limit() takes an integer, not dez"),
        ("bd_read_sql", {"query": "SELEC nome FROM `basedosdados.br_bd_diretorios_brasil.uf`", "billing_project_id": BILLING}, 198, "invalid_query", "bd_read_sql: "),
        ("bd_read_sql", {"query": "SELECT * FROM `basedosdados.br_bd_diretorios_brasil.pais`", "billing_project_id": BILLING}, 111, "not_found", "pais"),
        ("bd_get_dataset", {"dataset_id": "br_nao_existe"}, 111, "not_found", "br_nao_existe"),
        ("bd_read_sql", {"query": "SELECT 1 AS x", "billing_project_id": "projeto-sem-permissao"}, 7102, "access_denied", "gcloud auth application-default login"),
        ("bd_list_datasets", {"page_size": 1501}, 198, "validation", "page_size"),
        ("bd_list_dataset_tables", {"dataset_id": "br_nao_existe"}, 111, "not_found", "listDatasetTables(dataset_id='br_nao_existe')"),
        ("bd_list_facet_values", {"facet": "colour"}, 198, "validation", "facet must be one of"),
        ("bd_list_table_columns_by_uuid", {"table_uuid": "00000000-0000-0000-0000-000000000000"}, 111, "not_found", "Table not found"),
        ("bd_download", {"path": "x.xlsx", "query": "SELECT 1 AS x", "format": "xlsx", "billing_project_id": BILLING}, 198, "validation", "format"),
    ],
)
def test_each_error_has_its_message_return_code_and_kind(command: Command, stata: sfi.Session, name: str, options: dict[str, Any], rc: int, kind: str, says: str) -> None:
    assert command(name, **options) == rc
    got_kind, message = failed(stata)
    assert got_kind == kind
    assert says in message
    assert message.startswith((f"{name}: ", "option "))
    assert stata.variables == [] and stata.returned == {}


def test_a_download_target_that_cannot_be_written_is_r603(command: Command, stata: sfi.Session, tmp_path: Any) -> None:
    (tmp_path / "arquivo").write_text("not a folder")
    assert command("bd_download", path=str(tmp_path / "arquivo" / "x.csv"), query="SELECT 1 AS x", billing_project_id=BILLING) == 603
    kind, message = failed(stata)
    assert kind == "filesystem" and message.startswith("bd_download: ") and "x.csv" in message


def test_server_errors_are_retried_then_r677(command: Command, stata: sfi.Session, faults: httpx.Client) -> None:
    faults.post("/faults", json={"rules": [{"scope": "bigquery", "fraction": 1, "status": 503, "retryAfter": 0}]})
    assert command("bd_read_sql", query="SELECT 1 AS x", billing_project_id=BILLING) == 677
    assert failed(stata)[0] == "server"


def test_a_missing_python_package_is_r7102_saying_how_to_install_the_generated_one(stata: sfi.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    table = sys.modules["bdsdk_commands"].TABLE if "bdsdk_commands" in sys.modules else __import__("bdsdk_commands").TABLE
    broken = types.ModuleType("bdsdk_commands_sem_pacote")
    broken.TABLE = {**table, "package": {**table["package"], "python": "basedosdados_pacote_ausente", "pip": "basedosdados-pacote-ausente"}}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bdsdk_commands_sem_pacote", broken)
    runtime = __import__("stata_runtime")
    stata.reset(locals={"query": "SELECT 1 AS x", "page_size": "10000"})
    with pytest.raises(sfi.StataExit) as stop:
        runtime.main("bdsdk_commands_sem_pacote", "bd_read_sql")
    assert stop.value.rc == 7102
    kind, message = failed(stata)
    # The package is on no index (pip install basedosdados-sdk fails): the message says where it comes from, as _bdsdk_setup does.
    assert kind == "missing_package" and "on no package index" in message and "python query" in message
    assert "-m pip install <the out/python folder bdgen generate wrote>" in message


def test_an_unexpected_failure_is_r7102_and_its_traceback_only_shows_with_debug_on(command: Command, stata: sfi.Session, bd: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_: Any) -> None:
        raise TypeError("a bug somewhere")

    monkeypatch.setattr(bd, "estimate_query", broken)
    assert command("bd_estimate_query", query="SELECT 1", billing_project_id=BILLING) == 7102
    kind, message = failed(stata)
    assert kind == "internal" and "failed unexpectedly (TypeError)" in message and "set debug on" in message
    stata.reset(locals={"query": "SELECT 1", "billing_project_id": BILLING}, debug=True)
    with pytest.raises(sfi.StataExit):
        command.runtime.main("bdsdk_commands", "bd_estimate_query")
    assert "Traceback" in "\n".join(stata.errors) and "a bug somewhere" in "\n".join(stata.errors)


def test_a_required_option_left_empty_is_r198(command: Command, stata: sfi.Session) -> None:
    assert command("bd_get_table", dataset_id="br_ibge_pib") == 198
    assert failed(stata) == ("validation", "option table_id() required")


def test_a_success_clears_the_previous_error_kind(command: Command, stata: sfi.Session) -> None:
    stata.globals["bdsdk_error"] = "not_found"
    assert command("bd_list_tags", keep_data=True) == 0
    assert stata.globals["bdsdk_error"] == ""


def test_a_redirect_to_another_origin_is_r677_naming_that_origin(command: Command, stata: sfi.Session, faults: httpx.Client) -> None:
    faults.post("/faults", json={"rules": [{"scope": "metadata", "nth": [1], "redirect": {"status": 302, "to": "foreign"}}]})
    faults.delete("/stats")
    assert command("bd_get_dataset", dataset_id="br_ibge_pib") == 677
    kind, message = failed(stata)
    assert kind == "redirect" and message.startswith("bd_get_dataset: ") and "(302) to another origin, http://127.0.0." in message
    assert faults.get("/stats").json()["requests"]["foreign"] == 0  # nothing was sent there


CLIENT_ID = "client-FAKE-stata-0123456789"


def test_the_displayed_message_and_the_debug_traceback_show_no_credential(
    command: Command, stata: sfi.Session, bd: Any, faults: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bd.config, "headers", {"X-Client-Id": CLIENT_ID})
    faults.post("/faults", json={"rules": [{"scope": "metadata", "nth": [1], "status": 403, "echo": True}]})
    faults.delete("/stats")
    assert command("bd_get_dataset", dataset_id="br_ibge_pib") == 7102
    assert CLIENT_ID in faults.get("/stats").json()["faults"]["echoed"]  # sent, and quoted back by the server
    kind, message = failed(stata)
    # The backend's 403 page quotes every request header (the replica's echo); the message quotes its start only.
    assert kind == "access_denied" and message.startswith("bd_get_dataset: 403: ") and CLIENT_ID not in stata.output()

    def broken(**_: Any) -> None:
        raise RuntimeError(f"a library quoting the request: X-Client-Id: {CLIENT_ID}")

    monkeypatch.setattr(bd, "estimate_query", broken)
    stata.reset(locals={"query": "SELECT 1", "billing_project_id": BILLING}, debug=True)
    with pytest.raises(sfi.StataExit):
        command.runtime.main("bdsdk_commands", "bd_estimate_query")
    assert "Traceback" in "\n".join(stata.errors) and CLIENT_ID not in stata.output() + "\n".join(stata.errors)
