"""Stata commands, Python part, against the local datalake: what Stata would hold afterwards.

Each test runs one command as its .ado would (tests/stata/conftest.py's
``command``): the stand-in sfi records the variables, storage types, formats,
labels, value labels, values, output, ``r()`` and the return code.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sfi
import stata_decode
from conftest import Command

BILLING = "projeto-de-teste"
EVERY_TYPE = "SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha"


@pytest.fixture
def control(datalake_url: str) -> Iterator[Any]:
    """The datalake's control API: request counts since the test began, faults cleared after it."""
    client = httpx.Client(base_url=f"{datalake_url}/__datalake")
    client.delete("/stats")
    yield client
    client.delete("/faults")
    client.close()


def requests(control: Any) -> dict[str, int]:
    counts = control.get("/stats").json()["requests"]
    return {"metadata": counts["metadata"], "bigquery": counts["bigquery"]}


def test_read_sql_lands_every_type_with_its_storage_format_and_missing_values(command: Command, stata: sfi.Session) -> None:
    assert command("bd_read_sql", query=EVERY_TYPE, billing_project_id=BILLING) == 0
    described = [(v.name, v.type, v.format, v.value_label) for v in stata.variables]
    assert described == [
        ("linha", "byte", "%8.0g", ""),
        ("inteiro", "str20", "%20s", ""),  # 9007199254740993 does not fit a double: kept exact, as text
        ("flutuante", "double", "%10.0g", ""),
        ("numerico", "str39", "%39s", ""),  # 99999999999999999999999999999.999999999 would be rounded
        ("booleano", "byte", "%8.0g", "bd_bool"),
        ("texto", "str46", "%46s", ""),
        ("data", "int", "%td", ""),
        ("data_hora", "double", "%tc", ""),
        ("instante", "double", "%tc", ""),
        ("geografia", "str36", "%36s", ""),
    ]
    assert stata.obs == 4
    assert stata.variable("data").values[:2] == [22432.0, -21914.0]  # 01jun2021 and 01jan1900, days since 01jan1960
    assert stata.variable("instante").values[1] == 315_619_200_000.0  # 01jan1970 00:00:00 UTC in ms since 1960
    assert [sfi.rules.missing_letter(v) for v in stata.variable("flutuante").values] == [None, None, "", None]
    assert stata.variable("texto").chars["bd_empty_obs"] == "4"  # row 4 holds "", row 3 NULL
    assert stata_decode.rows_result(stata)["rows"][3] == [
        4, "-9223372036854775808", 1e-7, "99999999999999999999999999999.999999999", True, "", "2000-02-29",
        "2000-02-29T00:00:00", "2000-02-29T00:00:00.000001Z", "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))",
    ]
    assert stata.displayed[0] == "(4 observations, 10 variables)"
    assert "note: inteiro is text: its integers are too large for a Stata double to hold exactly" in stata.displayed
    assert stata.returned == {"N": 4.0, "k": 10.0}
    assert stata.dta_chars == {"bd_source": EVERY_TYPE}


def test_read_table_labels_variables_with_the_catalogues_column_descriptions(command: Command, stata: sfi.Session, bd: Any) -> None:
    assert command("bd_read_table", dataset_id="br_ibge_pib", table_id="municipio", columns="id_municipio, ano pib", limit=5, billing_project_id=BILLING) == 0
    catalogue = {c["name"]: c["description"] for c in bd.list_table_columns("br_ibge_pib", "municipio")}
    assert [(v.name, v.label) for v in stata.variables] == [(n, catalogue[n]) for n in ("id_municipio", "ano", "pib")]
    assert all(0 < len(v.label) <= 80 for v in stata.variables)
    assert [(v.type, v.format) for v in stata.variables] == [("str7", "%9s"), ("int", "%8.0g"), ("double", "%20.0g")]
    assert stata.obs == 5 and stata.dta_chars == {"bd_source": "br_ibge_pib.municipio"}


def test_read_sql_has_no_descriptions_and_labels_only_renamed_columns(command: Command, stata: sfi.Session) -> None:
    sql = "SELECT 1 AS `if`, 2 AS `byte`, 3 AS populacao_residente_estimada_por_municipio_2020, 4 AS populacao_residente_estimada_por_municipio_2021, 5 AS ano"
    assert command("bd_read_sql", query=sql, billing_project_id=BILLING) == 0
    assert stata.names() == ["if_", "byte_", "populacao_residente_estimada_por", "populacao_residente_estimada_p_2", "ano"]
    assert [v.label for v in stata.variables] == ["if", "byte", "populacao_residente_estimada_por_municipio_2020", "populacao_residente_estimada_por_municipio_2021", ""]
    assert [v.chars["bd_name"] for v in stata.variables][2:4] == ["populacao_residente_estimada_por_municipio_2020", "populacao_residente_estimada_por_municipio_2021"]
    assert "note: column populacao_residente_estimada_por_municipio_2021 is variable populacao_residente_estimada_p_2" in stata.displayed


def test_long_text_lands_as_strl_and_repeated_values_as_json(command: Command, stata: sfi.Session) -> None:
    sql = "SELECT REPEAT('x', 3000) AS longo, REPEAT('ção', 409) AS medio, [1, 2] AS xs, CAST('12:30:00.25' AS TIME) AS hora"
    assert command("bd_read_sql", query=sql, billing_project_id=BILLING) == 0
    assert [v.type for v in stata.variables] == ["strL", "str2045", "str5", "double"]
    assert len(stata.variable("longo").values[0]) == 3000
    assert stata.variable("xs").chars["bd_type"] == "ARRAY<INT64>"
    assert stata_decode.rows_result(stata)["rows"] == [["x" * 3000, "ção" * 409, [1, 2], "12:30:00.250000"]]


def test_download_writes_the_file_and_leaves_the_data_in_memory(command: Command, stata: sfi.Session, tmp_path: Any) -> None:
    assert command("bd_read_sql", query="SELECT 1 AS x", billing_project_id=BILLING) == 0
    target = tmp_path / "uf.csv"
    assert command("bd_download", keep_data=True, path=str(target), dataset_id="br_bd_diretorios_brasil", table_id="uf", columns=["sigla", "nome"], limit=2, billing_project_id=BILLING) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == "sigla,nome"
    assert stata.returned == {"path": str(target), "format": "csv", "rows": 2.0, "bytes": float(target.stat().st_size)}
    assert stata.names() == ["x"]


def test_estimate_query_returns_bytes_and_cost(command: Command, stata: sfi.Session) -> None:
    assert command("bd_estimate_query", query="SELECT pib FROM `basedosdados.br_ibge_pib.municipio`", billing_project_id=BILLING) == 0
    assert stata.returned == {"bytes_processed": 89120.0, "cost_usd": 5.06588548887521e-7}
    assert stata.displayed == ["(the query would process 89,120 bytes; on-demand price about US$ 0.000001)"]
    assert stata.variables == []


def test_changed_data_needs_clear_and_is_refused_before_any_request(command: Command, stata: sfi.Session, control: Any) -> None:
    assert command("bd_read_sql", query="SELECT 1 AS x", billing_project_id=BILLING) == 0
    before = requests(control)
    assert command("bd_read_sql", keep_data=True, query="SELECT 2 AS y", billing_project_id=BILLING) == 4
    assert stata.errors == ["no; dataset in memory has changed since last saved; add the clear option to replace it"]
    assert requests(control) == before and stata.names() == ["x"]
    assert command("bd_read_sql", keep_data=True, query="SELECT 2 AS y", billing_project_id=BILLING, clear=True) == 0
    assert stata.names() == ["y"] and stata.commands == ["clear"]


def test_a_result_that_is_not_an_object_lands_whole_in_one_variable(command: Command, stata: sfi.Session, bd: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bd, "get_dataset", lambda **_: ["br_ibge_pib", {"n": 1}])
    whole = {"function": "get_dataset", "lands": "object", "fields": [{"var": "value", "path": [], "kind": "json", "label": "ok"}], "options": [{"name": "clear", "kind": "flag", "effect": "clear"}]}
    command.table = {**command.table, "commands": {**command.table["commands"], "bd_whole": whole}}
    monkeypatch.setitem(sys.modules, "bdsdk_commands_whole", types.SimpleNamespace(TABLE=command.table))
    stata.reset(locals={"clear": "clear"})
    command.runtime.main("bdsdk_commands_whole", "bd_whole")
    assert (stata.obs, stata.names()) == (1, ["value"])
    assert stata_decode.items_result(stata, whole["fields"]) == [["br_ibge_pib", {"n": 1}]]
