"""The data functions on the official BigQuery client against the local datalake (BigQuery REST v2 on DuckDB)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from basedosdados_sdk._runtime.bigquery_types import pandas_dtype
from conftest import Datalake

UF = "`basedosdados.br_bd_diretorios_brasil.uf`"
BENS_TYPES = {
    "ano": "INT64",
    "sigla_uf": "STRING",
    "id_eleicao": "STRING",
    "tipo_eleicao": "STRING",
    "data_eleicao": "DATE",
    "titulo_eleitoral_candidato": "STRING",
    "sequencial_candidato": "STRING",
    "tipo_item": "STRING",
    "descricao_item": "STRING",
    "valor_item": "FLOAT64",
}
BIG = "`basedosdados.br_bd_sintetico.linhas_50000`"




def test_read_sql_returns_every_row(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql(f"SELECT sigla, nome FROM {UF} ORDER BY sigla")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["sigla", "nome"]
    assert len(frame) == 27
    assert frame["sigla"].iloc[0] == "AC"
    assert str(frame["sigla"].dtype) == str(pd.Series(["AC"]).dtype)  # pandas' own text dtype, as pandas-gbq gives it


def test_dtypes_follow_the_documented_mapping(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_table("br_tse_eleicoes", "bens_candidato", limit=50)
    assert list(frame.columns) == list(BENS_TYPES)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: pandas_dtype(t) for c, t in BENS_TYPES.items()}
    assert isinstance(frame["data_eleicao"].dropna().iloc[0], dt.date)
    assert frame.attrs["bigquery_schema"][0] == {"name": "ano", "type": "INT64", "mode": "NULLABLE"}
    assert [c["name"] for c in frame.attrs["bigquery_schema"]] == list(BENS_TYPES)


def test_nulls_keep_integers_integers_and_numerics_exact(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql(
        "SELECT ano AS x, CAST(NULL AS INT64) AS nothing, NUMERIC '1.10' AS exact, CAST(NULL AS BOOL) AS b "
        "FROM `basedosdados.br_tse_eleicoes.bens_candidato` LIMIT 2"
    )
    assert str(frame["x"].dtype) == "Int64"
    assert str(frame["nothing"].dtype) == "Int64"
    assert frame["nothing"].isna().all()
    assert frame["exact"].iloc[0] == decimal.Decimal("1.10")
    assert str(frame["b"].dtype) == "boolean"


def test_timestamps_are_utc_datetimes(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql("SELECT TIMESTAMP '2020-01-01 12:00:00+00' AS ts, DATETIME '2020-01-01 12:00:00' AS dt")
    assert str(frame["ts"].dtype) == "datetime64[us, UTC]"
    assert frame["ts"].iloc[0] == pd.Timestamp("2020-01-01T12:00:00Z")
    assert str(frame["dt"].dtype) == "datetime64[us]"


def test_read_sql_reads_large_results_page_by_page(bd: ModuleType, lake: Datalake) -> None:
    lake.control("DELETE", "stats")
    frame = bd.read_sql(f"SELECT id FROM {BIG}", page_size=20_000)
    assert len(frame) == 50_000
    assert frame["id"].is_unique
    assert lake.control("GET", "stats")["operations"]["jobs.getQueryResults"] >= 3


def test_read_table_columns_in_order_and_limit(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_table("br_ibge_populacao", "municipio", columns=["populacao", "ano"], limit=3)
    assert list(frame.columns) == ["populacao", "ano"]
    assert len(frame) == 3


def test_read_table_in_the_staging_environment_reads_the_staging_dataset(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_table("br_ibge_populacao", "municipio", limit=2, environment="staging")
    assert len(frame) == 2
    with pytest.raises(bd.BaseDosDadosNotFoundException, match="basedosdados-staging"):
        bd.read_table("br_ibge_populacao", "nao_existe", environment="staging")


def test_invalid_sql_raises_invalid_query_keeping_bigquerys_message(bd: ModuleType, lake: Datalake) -> None:
    with pytest.raises(bd.BaseDosDadosInvalidQueryException) as raised:
        bd.read_sql(f"SELECT nope FROM {UF}")
    error = raised.value
    assert error.reason == "invalidQuery"
    assert error.status == 400
    assert "nope" in str(error) and "at [1:8]" in str(error)


def test_a_missing_table_raises_not_found(bd: ModuleType, lake: Datalake) -> None:
    with pytest.raises(bd.BaseDosDadosNotFoundException) as raised:
        bd.read_table("br_ibge_populacao", "nao_existe")
    assert raised.value.reason == "notFound"


def test_a_project_that_may_not_run_jobs_raises_access_denied(bd: ModuleType, lake: Datalake) -> None:
    with pytest.raises(bd.BaseDosDadosAccessDeniedException, match="projeto-sem-permissao"):
        bd.read_sql("SELECT 1 AS x", billing_project_id="projeto-sem-permissao")


def test_bigquery_backend_errors_are_retried_by_the_spec_policy(bd: ModuleType, lake: Datalake) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "bigquery", "method": "POST", "nth": [1, 2], "status": 503}]})
    frame = bd.read_sql(f"SELECT sigla FROM {UF}")
    assert len(frame) == 27
    assert lake.control("GET", "faults")  # the rules are still set...
    stats = lake.control("GET", "stats")
    assert stats["faults"]["injected"] >= 2  # ...and fired twice before the third try succeeded


def test_persistent_backend_errors_raise_a_server_error_after_the_retries(bd: ModuleType, lake: Datalake) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "bigquery", "method": "POST", "status": 500}]})
    with pytest.raises(bd.BaseDosDadosServerException) as raised:
        bd.read_sql("SELECT 1 AS x")
    assert raised.value.attempts == 4
    assert raised.value.reason == "internalError"


@pytest.mark.parametrize("file_format", ["csv", "jsonl", "parquet"])
def test_download_a_table_in_each_format(bd: ModuleType, lake: Datalake, tmp_path: Path, file_format: str) -> None:
    path = tmp_path / f"uf.{file_format}"
    result = bd.download(str(path), dataset_id="br_bd_diretorios_brasil", table_id="uf", format=file_format)
    assert result == {"path": str(path), "format": file_format, "rows": 27, "bytes": path.stat().st_size}
    if file_format == "csv":
        back = pd.read_csv(path, dtype=str)
    elif file_format == "jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        assert json.loads(lines[0]).keys() == {"id_uf", "sigla", "nome", "regiao"}
        back = pd.read_json(path, lines=True, dtype=False)
    else:
        back = pd.read_parquet(path)
    assert len(back) == 27
    assert sorted(back["sigla"]) == sorted(bd.read_table("br_bd_diretorios_brasil", "uf")["sigla"])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_download_a_query_with_a_limit(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    path = tmp_path / "bens.jsonl"
    result = bd.download(str(path), query="SELECT ano, data_eleicao, valor_item FROM `basedosdados.br_tse_eleicoes.bens_candidato`", limit=5, format="jsonl")
    assert result["rows"] == 5
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(rows) == 5
    assert isinstance(rows[0]["ano"], int)
    assert dt.date.fromisoformat(rows[0]["data_eleicao"])


def test_downloads_of_every_type_are_the_bytes_every_package_writes(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    from test_canonical import WANT_CSV, WANT_JSONL_FIRST

    query = "SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha"
    bd.download(str(tmp_path / "tipos.csv"), query=query)
    assert (tmp_path / "tipos.csv").read_text(encoding="utf-8") == WANT_CSV
    bd.download(str(tmp_path / "tipos.jsonl"), query=query, format="jsonl")
    assert (tmp_path / "tipos.jsonl").read_text(encoding="utf-8").startswith(WANT_JSONL_FIRST)
    bd.download(str(tmp_path / "tipos.parquet"), query=query, format="parquet")
    schema = pd.read_parquet(tmp_path / "tipos.parquet").dtypes
    assert str(schema["numerico"]) == "object" and str(schema["instante"]).startswith("datetime64")


def test_a_failed_download_leaves_no_file_and_keeps_the_old_one(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("previous contents\n")
    with pytest.raises(bd.BaseDosDadosInvalidQueryException):
        bd.download(str(path), query=f"SELECT nope FROM {UF}")
    assert path.read_text() == "previous contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_download_cut_after_its_first_page_leaves_no_partial_file(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    bd.config.retry = {"max_attempts": 1}
    # The third getQueryResults of the job is a later page of rows: the first is already written.
    lake.control("PUT", "faults", {"rules": [{"scope": "bigquery", "method": "GET", "path": "/queries/", "nth": [3], "status": 500}]})
    path = tmp_path / "big.csv"
    with pytest.raises(bd.BaseDosDadosServerException):
        bd.download(str(path), query=f"SELECT * FROM {BIG}")
    assert list(tmp_path.iterdir()) == []


def test_a_download_retried_after_a_mid_stream_failure_is_complete(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "bigquery", "method": "GET", "path": "/queries/", "nth": [3], "status": 500}]})
    path = tmp_path / "big.parquet"
    result = bd.download(str(path), query=f"SELECT id FROM {BIG}", format="parquet")
    assert result["rows"] == 50_000
    back = pd.read_parquet(path)
    assert len(back) == 50_000 and back["id"].is_unique
    assert [p.name for p in tmp_path.iterdir()] == ["big.parquet"]


def test_estimate_query_is_a_dry_run_priced_on_demand(bd: ModuleType, lake: Datalake) -> None:
    lake.control("DELETE", "stats")
    estimate = bd.estimate_query("SELECT * FROM `basedosdados.br_ibge_pib.municipio`")
    assert estimate["bytes_processed"] > 0
    assert math.isclose(estimate["cost_usd"], estimate["bytes_processed"] / 2**40 * 6.25)
    assert "jobs.getQueryResults" not in lake.control("GET", "stats")["operations"]


def test_the_emulator_variable_alone_points_at_the_datalake(bd: ModuleType, lake: Datalake, monkeypatch: pytest.MonkeyPatch) -> None:
    bd.config.bigquery_endpoint = None
    monkeypatch.setenv("BIGQUERY_EMULATOR_HOST", f"{lake.url}/bigquery/v2")
    assert len(bd.read_sql(f"SELECT sigla FROM {UF}")) == 27


def test_the_catalogue_functions_against_the_datalake(bd: ModuleType, lake: Datalake) -> None:
    first = bd.list_datasets(page_size=3)
    every = list(first)
    assert len(every) == first.count
    assert first.page_total == math.ceil(first.count / 3)
    assert len({d["uuid"] for d in every}) == first.count
    dataset = bd.get_dataset("br_ibge_populacao")
    assert (dataset["dataset_id"], dataset["slug"]) == ("br_ibge_populacao", "populacao")
    tables = [t["table_id"] for t in bd.list_dataset_tables("br_ibge_populacao")]
    assert "municipio" in tables
    columns = bd.list_table_columns("br_ibge_populacao", "municipio")
    assert [c["name"] for c in columns] == ["ano", "id_municipio", "populacao", "sigla_uf"]  # the backend's name order
    table = bd.get_table("br_ibge_populacao", "municipio")
    assert (table["dataset_id"], table["table_id"], table["number_columns"]) == ("br_ibge_populacao", "municipio", 4)
    by_uuid = bd.list_table_columns_by_uuid(table["uuid"])
    assert [c["name"] for c in by_uuid] == ["ano", "sigla_uf", "id_municipio", "populacao"]  # the table's own order
    assert {c["uuid"] for c in columns} == {c["id"] for c in by_uuid}
    assert bd.search("população").count == 2 and bd.list_themes(locale="en", page_size=100).count > 0
    assert bd.export_catalog(locale="en").startswith("Dataset Name,")
    with pytest.raises(bd.BaseDosDadosNotFoundException) as raised:
        bd.get_dataset("br_nao_existe")
    assert raised.value.status == 200 and "getDataset(dataset_id='br_nao_existe')" in str(raised.value)
