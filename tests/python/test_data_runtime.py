"""The data runtime without a server: type mapping, SQL building, billing project, environments, endpoints,
and every check that must fail before any network call."""

from __future__ import annotations

import datetime as dt
import decimal
import socket
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from basedosdados_sdk._runtime import config as config_module
from basedosdados_sdk._runtime.bigquery import billing_project, environment
from basedosdados_sdk._runtime.bigquery_types import ColumnType, conform_dataframe, pandas_dtype, to_dataframe
from basedosdados_sdk._runtime.sql import UnsafeIdentifierError, select_table_sql, table_reference
from basedosdados_sdk._spec import DATA_SPEC

NULLABLE_DTYPES = [
    ("INT64", "NULLABLE", "Int64"),
    ("INTEGER", "NULLABLE", "Int64"),
    ("FLOAT64", "NULLABLE", "float64"),
    ("NUMERIC", "NULLABLE", "object"),
    ("BIGNUMERIC", "NULLABLE", "object"),
    ("BOOL", "NULLABLE", "boolean"),
    ("STRING", "NULLABLE", "string"),
    ("GEOGRAPHY", "NULLABLE", "string"),
    ("DATE", "NULLABLE", "dbdate"),
    ("TIME", "NULLABLE", "dbtime"),
    ("DATETIME", "NULLABLE", "datetime64[us]"),
    ("TIMESTAMP", "NULLABLE", "datetime64[us, UTC]"),
    ("BYTES", "NULLABLE", "object"),
    ("JSON", "NULLABLE", "string"),
    ("RECORD", "NULLABLE", "object"),
    ("INT64", "REPEATED", "object"),
    ("int64", "nullable", "Int64"),
    ("RANGE", "NULLABLE", "object"),
]


@pytest.mark.parametrize(("field_type", "mode", "want"), NULLABLE_DTYPES)
def test_nullable_pandas_dtype_of_each_bigquery_type(field_type: str, mode: str, want: str) -> None:
    assert pandas_dtype(field_type, mode, "nullable") == want


@pytest.mark.parametrize(("field_type", "mode", "want"), NULLABLE_DTYPES)
def test_pandas_gbq_dtypes_differ_from_nullable_ones_only_for_text(field_type: str, mode: str, want: str) -> None:
    # pandas-gbq's own dtypes are compared with pandas-gbq itself in test_dtypes.py; here, the table.
    text = field_type.upper() in ("STRING", "GEOGRAPHY", "JSON") and mode == "NULLABLE"
    assert pandas_dtype(field_type, mode) == (str(pd.Series(["x"]).dtype) if text else want)


def test_conform_dataframe_casts_to_the_documented_dtypes() -> None:
    frame = pd.DataFrame(
        {
            "ano": [2020.0, None],  # what a float-with-NaN column looks like
            "nome": pd.Series(["a", None], dtype=object),
            "ativo": pd.Series([True, None], dtype=object),
            "data": [dt.date(2020, 1, 2), None],
            "quando": pd.Series(pd.to_datetime(["2020-01-01T00:00:00Z", None], utc=True)).astype("datetime64[ns, UTC]"),
            "valor": [decimal.Decimal("1.50"), None],
            "extra": [1, 2],
        }
    )
    columns = [
        ColumnType("ano", "INT64"),
        ColumnType("nome", "STRING"),
        ColumnType("ativo", "BOOL"),
        ColumnType("data", "DATE"),
        ColumnType("quando", "TIMESTAMP"),
        ColumnType("valor", "NUMERIC"),
        ColumnType("missing", "STRING"),
    ]
    out = conform_dataframe(frame, columns, "nullable")
    assert {c: str(t) for c, t in out.dtypes.items()} == {
        "ano": "Int64",
        "nome": "string",
        "ativo": "boolean",
        "data": "dbdate",
        "quando": "datetime64[us, UTC]",
        "valor": "object",
        "extra": "int64",
    }
    assert out["ano"].iloc[0] == 2020 and out["ano"].isna().iloc[1]
    assert out["data"].iloc[0] == dt.date(2020, 1, 2)
    assert out["valor"].iloc[0] == decimal.Decimal("1.50")


def test_arrow_rows_become_nullable_dtypes_without_passing_through_float() -> None:
    import pyarrow as pa

    big = 2**62 + 1  # not representable as a float64
    table = pa.table(
        {
            "n": pa.array([big, None], pa.int64()),
            "s": pa.array(["a", None], pa.string()),
            "b": pa.array([False, None], pa.bool_()),
            "d": pa.array([dt.date(1, 1, 1), None], pa.date32()),
            "t": pa.array([dt.time(12, 30), None], pa.time64("us")),
            "x": pa.array([decimal.Decimal("0.1"), None], pa.decimal128(38, 9)),
            "ts": pa.array([dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc), None], pa.timestamp("us", tz="UTC")),
            "tags": pa.array([["a"], []], pa.list_(pa.string())),
        }
    )
    types = {"n": "INT64", "s": "STRING", "b": "BOOL", "d": "DATE", "t": "TIME", "x": "NUMERIC", "ts": "TIMESTAMP"}
    columns = [ColumnType(name, kind) for name, kind in types.items()] + [ColumnType("tags", "STRING", "REPEATED")]
    frame = to_dataframe(table, columns, "nullable")
    # dbdate cannot hold year 1: that column keeps datetime.date objects.
    want = {**{c: pandas_dtype(k, dtypes="nullable") for c, k in types.items()}, "d": "object", "tags": "object"}
    assert {c: str(t) for c, t in frame.dtypes.items()} == want
    assert frame["n"].iloc[0] == big
    assert frame["n"].isna().iloc[1] and frame["s"].isna().iloc[1] and frame["b"].isna().iloc[1]
    assert frame["d"].iloc[0] == dt.date(1, 1, 1)  # far outside what nanosecond timestamps can hold
    assert frame["x"].iloc[0] == decimal.Decimal("0.1")
    assert frame["ts"].iloc[0].year == 9999
    in_range = to_dataframe(pa.table({"d": pa.array([dt.date(2020, 1, 2), None], pa.date32())}), [ColumnType("d", "DATE")])
    assert str(in_range["d"].dtype) == "dbdate"
    assert in_range["d"].iloc[0] == dt.date(2020, 1, 2)


SQL = [
    ("whole table", ("basedosdados", "br_ibge_pib", "municipio", None, None), "SELECT * FROM `basedosdados.br_ibge_pib.municipio`"),
    (
        "columns and limit",
        ("basedosdados-staging", "br_ibge_pib_staging", "municipio", ["ano", "pib"], 10),
        "SELECT `ano`, `pib` FROM `basedosdados-staging.br_ibge_pib_staging.municipio` LIMIT 10",
    ),
]


@pytest.mark.parametrize(("name", "given", "want"), SQL, ids=[c[0] for c in SQL])
def test_select_table_sql(name: str, given: tuple[str, str, str, list[str] | None, int | None], want: str) -> None:
    assert select_table_sql(*given) == want


INJECTIONS = ["x; DROP TABLE y", "a`b", "a'b", 'a"b', "a.b", "a b", "a\nb", "br_ibge_\u0430", "\uff42r", "", "a--b", "a/*b"]


@pytest.mark.parametrize("bad", INJECTIONS)
def test_sql_building_refuses_anything_but_plain_identifiers(bad: str) -> None:
    with pytest.raises(UnsafeIdentifierError):
        table_reference("basedosdados", bad, "t")
    with pytest.raises(UnsafeIdentifierError):
        table_reference("basedosdados", "d", bad)
    with pytest.raises(UnsafeIdentifierError):
        select_table_sql("basedosdados", "d", "t", ["ok", bad])


@pytest.mark.parametrize("bad", ["Basedosdados", "x` OR 1", "-start", "end-", "a.b"])
def test_sql_building_refuses_odd_projects(bad: str) -> None:
    with pytest.raises(UnsafeIdentifierError):
        table_reference(bad, "d", "t")


def test_sql_building_refuses_a_limit_that_is_not_a_positive_integer() -> None:
    for limit in (0, -1, True):
        with pytest.raises(UnsafeIdentifierError, match="limit"):
            select_table_sql("basedosdados", "d", "t", None, limit)


def test_billing_project_argument_then_config_then_env_vars(bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    fn = DATA_SPEC.function("read_sql")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "google-project")
    assert billing_project(DATA_SPEC, fn, None) == "google-project"
    monkeypatch.setenv("BASEDOSDADOS_BILLING_PROJECT_ID", "bd-env-project")
    assert billing_project(DATA_SPEC, fn, None) == "bd-env-project"
    bd.config.billing_project_id = "config-project"
    assert billing_project(DATA_SPEC, fn, None) == "config-project"
    assert billing_project(DATA_SPEC, fn, "argument-project") == "argument-project"


def test_a_bad_billing_project_from_the_environment_is_refused_naming_where_it_came_from(bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASEDOSDADOS_BILLING_PROJECT_ID", "Bad Project!")
    with pytest.raises(bd.BaseDosDadosValidationException, match="from BASEDOSDADOS_BILLING_PROJECT_ID"):
        billing_project(DATA_SPEC, DATA_SPEC.function("read_sql"), None)


def test_environments_from_the_spec(bd: ModuleType) -> None:
    assert environment(DATA_SPEC, None).project == "basedosdados"
    staging = environment(DATA_SPEC, "staging")
    assert (staging.project, staging.dataset_suffix) == ("basedosdados-staging", "_staging")
    with pytest.raises(bd.BaseDosDadosValidationException, match="Unknown environment 'qa'"):
        environment(DATA_SPEC, "qa")


ENDPOINTS = [
    ({}, None),
    ({"BASEDOSDADOS_BIGQUERY_ENDPOINT": "http://127.0.0.1:9050"}, "http://127.0.0.1:9050"),
    ({"BIGQUERY_EMULATOR_HOST": "localhost:9050"}, "http://localhost:9050"),
    ({"BIGQUERY_EMULATOR_HOST": "http://127.0.0.1:8787/bigquery/v2"}, "http://127.0.0.1:8787"),
    ({"BASEDOSDADOS_BIGQUERY_ENDPOINT": "http://a:1/", "BIGQUERY_EMULATOR_HOST": "b:2"}, "http://a:1"),
]


@pytest.mark.parametrize(("env", "want"), ENDPOINTS)
def test_bigquery_endpoint_resolution(bd: ModuleType, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], want: str | None) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert config_module.resolve_bigquery_endpoint() == want
    bd.config.bigquery_endpoint = "http://config:3"
    assert config_module.resolve_bigquery_endpoint() == "http://config:3"


@pytest.fixture
def unreachable_bigquery(bd: ModuleType) -> str:
    """Points BigQuery at a closed port: a check that lets a call through shows up as a connection error."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bd.config.bigquery_endpoint = f"http://127.0.0.1:{port}"
    bd.config.retry = {"max_attempts": 1}
    return str(bd.config.bigquery_endpoint)


def test_no_billing_project_fails_before_any_network_call_saying_how_to_set_one(bd: ModuleType, unreachable_bigquery: str) -> None:
    with pytest.raises(bd.BaseDosDadosNoBillingProjectIDException) as raised:
        bd.read_sql("SELECT 1")
    message = str(raised.value)
    for hint in ('billing_project_id="my-project"', "bd.config.billing_project_id", "BASEDOSDADOS_BILLING_PROJECT_ID", "GOOGLE_CLOUD_PROJECT"):
        assert hint in message
    assert raised.value.attempts == 0


@pytest.mark.parametrize("bad", INJECTIONS)
def test_read_table_refuses_unsafe_ids_before_any_network_call(bd: ModuleType, unreachable_bigquery: str, bad: str) -> None:
    bd.config.billing_project_id = "my-gcp-project"
    with pytest.raises(bd.BaseDosDadosValidationException) as raised:
        bd.read_table("br_ibge_pib", bad)
    assert "table_id" in str(raised.value)
    with pytest.raises(bd.BaseDosDadosValidationException, match="item 0"):
        bd.read_table("br_ibge_pib", "municipio", columns=[bad])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda bd, p: bd.read_sql(""), "query must be at least 1 character long"),
        (lambda bd, p: bd.read_sql("SELECT 1", page_size=0), "page_size must be >= 1"),
        (lambda bd, p: bd.read_sql("SELECT 1", environment="qa"), "environment must be one of 'prod', 'staging', 'dev'"),
        (lambda bd, p: bd.read_sql("SELECT 1", billing_project_id="x"), "billing_project_id must match the pattern"),
        (lambda bd, p: bd.read_table("br_ibge_pib", "municipio", limit=0), "limit must be >= 1"),
        (lambda bd, p: bd.read_table("br_ibge_pib", "municipio", columns=[]), "columns must have at least 1 item"),
        (lambda bd, p: bd.download(str(p / "x.csv")), "Give either query, or both dataset_id and table_id"),
        (lambda bd, p: bd.download(str(p / "x.csv"), query="SELECT 1", dataset_id="d", table_id="t"), "not both"),
        (lambda bd, p: bd.download(str(p / "x.csv"), query="SELECT 1", columns=["a"]), "columns only applies"),
        (lambda bd, p: bd.download(str(p / "x.xlsx"), query="SELECT 1", format="xlsx"), "format must be one of"),
        (lambda bd, p: bd.download(str(p / "x.xlsx"), query="SELECT 1"), r"extension \.xlsx names no format .*give format="),
        (lambda bd, p: bd.download(str(p / "dados"), query="SELECT 1"), "has no extension to take the format from; give format="),
        (lambda bd, p: bd.download(str(p / "dados.gz"), query="SELECT 1"), "has no format extension before .gz; give format="),
        (lambda bd, p: bd.download(f"{p}/", query="SELECT 1"), "is a folder"),
        (lambda bd, p: bd.estimate_query(""), "query must be at least 1 character long"),
    ],
)
def test_data_function_arguments_are_checked_before_any_network_call(
    bd: ModuleType, unreachable_bigquery: str, tmp_path: Path, call: object, message: str
) -> None:
    bd.config.billing_project_id = "my-gcp-project"
    with pytest.raises(bd.BaseDosDadosValidationException, match=message):
        call(bd, tmp_path)  # type: ignore[operator]
    assert list(tmp_path.iterdir()) == []


def test_with_valid_arguments_the_call_does_reach_the_network(bd: ModuleType, unreachable_bigquery: str) -> None:
    # The counterpart of the tests above: the closed port is what a call that passed the checks hits.
    bd.config.billing_project_id = "my-gcp-project"
    with pytest.raises(bd.BaseDosDadosConnectionException):
        bd.read_sql("SELECT 1")


@pytest.mark.parametrize("name", ["x.xlsx", "dados", "dados.gz"])
def test_format_makes_any_file_name_a_download_target(bd: ModuleType, unreachable_bigquery: str, tmp_path: Path, name: str) -> None:
    # With format= the name's extension is the caller's business: the checks pass and the call reaches the network.
    bd.config.billing_project_id = "my-gcp-project"
    with pytest.raises(bd.BaseDosDadosConnectionException):
        bd.download(str(tmp_path / name), query="SELECT 1", format="jsonl")


# --- BigQuery errors and the retry policy, with the client's own exception types --------


class _Response:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


def _api_error(kind: str, message: str, reason: str | None, headers: dict[str, str] | None = None) -> Exception:
    from google.api_core import exceptions

    errors = [{"reason": reason, "message": message, "domain": "global"}] if reason else []
    return getattr(exceptions, kind)(message, errors=errors, response=_Response(headers or {}))


MAPPED = [
    ("BadRequest", "invalidQuery", "BaseDosDadosInvalidQueryException", 400),
    ("BadRequest", "invalid", "BaseDosDadosValidationException", 400),
    ("NotFound", "notFound", "BaseDosDadosNotFoundException", 404),
    ("Forbidden", "accessDenied", "BaseDosDadosAccessDeniedException", 403),
    ("TooManyRequests", "quotaExceeded", "BaseDosDadosRateLimitException", 429),
    ("InternalServerError", "stopped", "BaseDosDadosServerException", 500),  # unknown reason: by status
    ("InternalServerError", None, "BaseDosDadosServerException", 500),
]


@pytest.mark.parametrize(("kind", "reason", "want", "status"), MAPPED)
def test_bigquery_errors_are_typed_by_reason_then_status(bd: ModuleType, kind: str, reason: str | None, want: str, status: int) -> None:
    from basedosdados_sdk._runtime.bigquery import bigquery_error

    error = bigquery_error(DATA_SPEC, _api_error(kind, "Syntax error: Unexpected identifier at [1:8]", reason))
    assert type(error) is getattr(bd, want)
    assert error.status == status
    assert error.reason == reason
    assert "Syntax error: Unexpected identifier at [1:8]" in str(error)


def test_run_with_retry_follows_the_spec_policy_and_retry_after(bd: ModuleType) -> None:
    from basedosdados_sdk._runtime.bigquery import run_with_retry

    bd.config.retry = None  # the spec's own policy: 500 ms, then 1000 ms...
    failures = [
        _api_error("ServiceUnavailable", "backend", "backendError"),
        _api_error("TooManyRequests", "slow down", "rateLimitExceeded", {"Retry-After": "2"}),
    ]
    sleeps: list[float] = []

    def action() -> str:
        if failures:
            raise failures.pop(0)
        return "done"

    assert run_with_retry(DATA_SPEC, action, sleep=sleeps.append, random=lambda: 0) == "done"
    assert sleeps == [0.5, 2.0]


def test_run_with_retry_gives_up_at_once_on_errors_the_policy_does_not_retry(bd: ModuleType) -> None:
    from basedosdados_sdk._runtime.bigquery import run_with_retry

    calls: list[int] = []

    def action() -> None:
        calls.append(1)
        raise _api_error("BadRequest", "bad SQL", "invalidQuery")

    with pytest.raises(bd.BaseDosDadosInvalidQueryException) as raised:
        run_with_retry(DATA_SPEC, action, sleep=lambda _: None)
    assert len(calls) == 1
    assert raised.value.attempts == 1


def test_run_with_retry_retries_network_errors_then_raises_a_connection_error(bd: ModuleType) -> None:
    import requests
    from basedosdados_sdk._runtime.bigquery import run_with_retry

    calls: list[int] = []

    def action() -> None:
        calls.append(1)
        raise requests.exceptions.ConnectionError("refused")

    with pytest.raises(bd.BaseDosDadosConnectionException, match="after 4 attempts") as raised:
        run_with_retry(DATA_SPEC, action, sleep=lambda _: None)
    assert len(calls) == 4
    assert raised.value.__cause__ is None and raised.value.__context__ is None  # summarised, not chained
    assert raised.value.cause == "requests.exceptions.ConnectionError: refused"
