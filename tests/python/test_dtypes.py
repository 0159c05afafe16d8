"""The dtypes of read_sql and read_table: by default what pandas-gbq (and so basedosdados 2.x) gives, compared
with pandas-gbq itself on the same rows; ``dtypes="nullable"`` gives pandas' nullable dtypes instead.

pandas-gbq runs in this process (the same pandas as ours: text is ``object`` on pandas 2, ``str`` on pandas 3,
as pandas-gbq gives it), against the local datalake, or against a scripted BigQuery for a RECORD column,
which the datalake's SQL cannot make.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from conftest import Datalake, Request, ScriptedServer

# One BigQuery type per query, with a NULL of it beside; out-of-range dates and times alone (pandas-gbq
# turns every date/time column of a result to object when one of them holds such a value).
EVERY_TYPE = {
    "INT64": "SELECT CAST(1 AS INT64) AS v, CAST(NULL AS INT64) AS n",
    "FLOAT64": "SELECT CAST(1.5 AS FLOAT64) AS v, CAST(NULL AS FLOAT64) AS n",
    "NUMERIC": "SELECT NUMERIC '1.10' AS v, CAST(NULL AS NUMERIC) AS n",
    "BIGNUMERIC": "SELECT BIGNUMERIC '2.5' AS v, CAST(NULL AS BIGNUMERIC) AS n",
    "BOOL": "SELECT TRUE AS v, CAST(NULL AS BOOL) AS n",
    "STRING": "SELECT 'Acre' AS v, CAST(NULL AS STRING) AS n",
    "BYTES": "SELECT b'ab' AS v, CAST(NULL AS BYTES) AS n",
    "DATE": "SELECT DATE '2020-01-02' AS v, CAST(NULL AS DATE) AS n",
    "DATE before 1677": "SELECT DATE '0001-01-01' AS v",
    "TIME": "SELECT TIME '12:30:00' AS v, CAST(NULL AS TIME) AS n",
    "DATETIME": "SELECT DATETIME '2020-01-01 12:00:00' AS v, CAST(NULL AS DATETIME) AS n",
    "DATETIME before 1677": "SELECT DATETIME '0001-01-01 00:00:00' AS v",
    "TIMESTAMP": "SELECT TIMESTAMP '2020-01-01 12:00:00+00' AS v, CAST(NULL AS TIMESTAMP) AS n",
    "TIMESTAMP after 2262": "SELECT TIMESTAMP '9999-12-31 23:59:59+00' AS v",
    "GEOGRAPHY": "SELECT ST_GEOGPOINT(-47.9, -15.8) AS v",
    "JSON": """SELECT JSON '{"a": 1}' AS v, CAST(NULL AS JSON) AS n""",
    "ARRAY": "SELECT [1, 2] AS v",
}
TABLE = "SELECT * FROM `basedosdados.br_tse_eleicoes.bens_candidato` ORDER BY sequencial_candidato, descricao_item LIMIT 50"


@pytest.fixture
def lake(bd: ModuleType, datalake: Datalake, monkeypatch: pytest.MonkeyPatch) -> Iterator[Datalake]:
    bd.config.bigquery_endpoint = datalake.url
    bd.config.billing_project_id = "meu-projeto"
    monkeypatch.setenv("BIGQUERY_EMULATOR_HOST", datalake.url)  # where pandas-gbq's client goes
    datalake.control("DELETE", "faults")
    yield datalake


def pandas_gbq(sql: str) -> pd.DataFrame:
    import pandas_gbq as gbq
    from google.auth.credentials import AnonymousCredentials

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # pandas-gbq's notes about its own future
        frame = gbq.read_gbq(sql, project_id="meu-projeto", credentials=AnonymousCredentials(), progress_bar_type=None)
    assert frame is not None
    return frame


@pytest.mark.parametrize("bigquery_type", list(EVERY_TYPE))
def test_the_default_dtypes_and_values_are_pandas_gbqs(bd: ModuleType, lake: Datalake, bigquery_type: str) -> None:
    sql = EVERY_TYPE[bigquery_type]
    ours, theirs = bd.read_sql(sql), pandas_gbq(sql)
    assert {c: str(t) for c, t in ours.dtypes.items()} == {c: str(t) for c, t in theirs.dtypes.items()}
    pd.testing.assert_frame_equal(ours, theirs)


def test_a_table_reads_as_pandas_gbq_reads_it(bd: ModuleType, lake: Datalake) -> None:
    ours, theirs = bd.read_sql(TABLE), pandas_gbq(TABLE)
    assert len(ours) == 50 and list(ours.columns) == list(theirs.columns)
    pd.testing.assert_frame_equal(ours, theirs)


def test_text_columns_are_found_by_select_dtypes_object_as_with_the_old_package(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_table("br_bd_diretorios_brasil", "uf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas 3 warns that include="object" will stop finding str columns one day
        found = list(frame.select_dtypes(include="object").columns)
    assert found == ["id_uf", "sigla", "nome", "regiao"]
    assert str(frame["sigla"].dtype) == str(pd.Series(["x"]).dtype)  # pandas' own text dtype: object, or str on pandas 3


def test_nullable_dtypes_on_request(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql(
        "SELECT 'Acre' AS s, CAST(NULL AS STRING) AS s_null, CAST(NULL AS INT64) AS i, CAST(NULL AS BOOL) AS b, "
        """JSON '{"a": 1}' AS j, DATETIME '0001-01-01 00:00:00' AS old, TIMESTAMP '2020-01-01 12:00:00+00' AS ts""",
        dtypes="nullable",
    )
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "s": "string",
        "s_null": "string",
        "i": "Int64",
        "b": "boolean",
        "j": "string",
        "old": "datetime64[us]",  # microseconds hold year 1: no object column
        "ts": "datetime64[us, UTC]",
    }
    assert frame["s_null"].iloc[0] is pd.NA
    table = bd.read_table("br_bd_diretorios_brasil", "uf", dtypes="nullable")
    assert table.select_dtypes(include="string").columns.tolist() == ["id_uf", "sigla", "nome", "regiao"]


def test_the_setting_picks_the_dtypes_and_a_call_overrides_it(bd: ModuleType, lake: Datalake) -> None:
    bd.config.dtypes = "nullable"
    assert str(bd.read_sql("SELECT 'x' AS s")["s"].dtype) == "string"
    assert str(bd.read_sql("SELECT 'x' AS s", dtypes="pandas-gbq")["s"].dtype) == str(pd.Series(["x"]).dtype)


@pytest.mark.parametrize("bad", ["object", "", 1])
def test_other_dtypes_are_refused_before_any_request(bd: ModuleType, lake: Datalake, bad: Any) -> None:
    lake.control("DELETE", "stats")
    with pytest.raises(bd.BaseDosDadosValidationException, match="dtypes must be 'pandas-gbq' or 'nullable'"):
        bd.read_sql("SELECT 1 AS x", dtypes=bad)
    assert lake.control("GET", "stats")["requests"]["bigquery"] == 0


RECORD_FIELD = {
    "name": "v",
    "type": "RECORD",
    "mode": "NULLABLE",
    "fields": [{"name": "a", "type": "INTEGER", "mode": "NULLABLE"}, {"name": "b", "type": "STRING", "mode": "NULLABLE"}],
}


def _record_results(request: Request) -> tuple[int, dict[str, str], dict[str, Any]]:
    """A BigQuery answering one RECORD column to both ways of asking: jobs.query (pandas-gbq) and jobs.insert + getQueryResults (ours)."""
    job = {"projectId": "meu-projeto", "jobId": "record-job", "location": "US"}
    if request.method == "POST" and request.path.split("?")[0].endswith("/jobs"):
        job = {**job, "jobId": json.loads(request.body)["jobReference"]["jobId"]}
        return 200, {}, {"jobReference": job, "status": {"state": "DONE"}, "configuration": {"query": {"query": "SELECT v"}}}
    rows = [{"f": [{"v": {"f": [{"v": "1"}, {"v": "x"}]}}]}, {"f": [{"v": None}]}]
    return 200, {}, {
        "kind": "bigquery#queryResponse",
        "jobReference": job,
        "jobComplete": True,
        "schema": {"fields": [RECORD_FIELD]},
        "totalRows": "2",
        "rows": rows,
    }


def test_a_record_column_is_what_pandas_gbq_gives(bd: ModuleType, serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    server: ScriptedServer = serve(_record_results)
    bd.config.bigquery_endpoint = server.url
    bd.config.billing_project_id = "meu-projeto"
    monkeypatch.setenv("BIGQUERY_EMULATOR_HOST", server.url)
    ours, theirs = bd.read_sql("SELECT v"), pandas_gbq("SELECT v")
    assert str(ours["v"].dtype) == str(theirs["v"].dtype) == "object"
    pd.testing.assert_frame_equal(ours, theirs)
    assert ours["v"].iloc[0] == {"a": 1, "b": "x"}
