"""Reads through the BigQuery Storage Read API against the local datalake's gRPC server (loopback), beside REST."""

from __future__ import annotations

import threading
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from conftest import Datalake

TIPOS = "SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha"
LINHAS = "`basedosdados.br_bd_sintetico.linhas_{n}`"


@pytest.fixture
def lake(bd: ModuleType, lake: Datalake) -> Datalake:
    """conftest's lake, with the package also pointed at the datalake's Storage Read API."""
    if lake.storage_endpoint is None:
        pytest.fail("the datalake printed no Storage Read API endpoint")
    bd.config.bigquery_storage_endpoint = lake.storage_endpoint
    return lake


def _storage_calls(lake: Datalake) -> int:
    return int(lake.control("GET", "stats")["requests"].get("storage", 0))


@pytest.mark.parametrize("dtypes", ["pandas-gbq", "nullable"])
def test_every_type_gives_the_same_dataframe_on_both_paths(bd: ModuleType, lake: Datalake, dtypes: str) -> None:
    rest = bd.read_sql(TIPOS, read_api="rest", dtypes=dtypes)
    assert _storage_calls(lake) == 0
    storage = bd.read_sql(TIPOS, read_api="storage", dtypes=dtypes)
    assert _storage_calls(lake) >= 2  # CreateReadSession, then ReadRows
    assert list(storage.dtypes.astype(str)) == list(rest.dtypes.astype(str))
    pd.testing.assert_frame_equal(storage, rest)
    assert storage.attrs["bigquery_schema"] == rest.attrs["bigquery_schema"]


def test_read_table_reads_the_table_itself_with_columns_row_restriction_and_limit(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_table("br_bd_sintetico", "linhas_5000", columns=["id"], row_restriction="id > 4990", read_api="storage")
    assert list(frame.columns) == ["id"]
    assert frame["id"].tolist() == list(range(4991, 5001))
    stats = lake.control("GET", "stats")
    assert stats["operations"].get("jobs.insert", 0) == 0 and stats["operations"]["storage.CreateReadSession"] == 1
    limited = bd.read_table("br_bd_sintetico", "linhas_5000", limit=7, read_api="storage")
    rest = bd.read_table("br_bd_sintetico", "linhas_5000", limit=7, read_api="rest")
    pd.testing.assert_frame_equal(limited, rest)


def test_several_streams_are_read_in_stream_order(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql(f"SELECT id FROM {LINHAS.format(n=25_000)}", read_api="storage", max_streams=4)
    assert lake.control("GET", "stats")["operations"]["storage.ReadRows"] >= 4  # one per stream at least
    assert frame["id"].tolist() == list(range(1, 25_001))


def test_a_cut_stream_is_resumed_from_its_offset_with_no_row_lost_or_repeated(bd: ModuleType, lake: Datalake) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "storage", "method": "ReadRows", "cutAfterRows": 1234, "times": 2}]})
    frame = bd.read_sql(f"SELECT id FROM {LINHAS.format(n=6000)}", read_api="storage", max_streams=1)
    assert frame["id"].tolist() == list(range(1, 6001))
    assert lake.control("GET", "stats")["operations"]["storage.ReadRows"] == 3  # cut twice, then read to the end


def test_a_stream_failing_on_every_try_ends_in_the_typed_error(bd: ModuleType, lake: Datalake) -> None:
    bd.config.retry = {"max_attempts": 2, "initial_delay_ms": 1, "max_delay_ms": 5}
    lake.control("PUT", "faults", {"rules": [{"scope": "storage", "method": "ReadRows", "status": 503}]})
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_sql(f"SELECT id FROM {LINHAS.format(n=10)}", read_api="storage")
    assert raised.value.kind == "server" and raised.value.status == 503
    assert lake.control("GET", "stats")["operations"]["storage.ReadRows"] == 2


def test_an_expired_session_is_the_timeout_kind(bd: ModuleType, lake: Datalake) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "storage", "method": "ReadRows", "expireSession": True}]})
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_sql(f"SELECT id FROM {LINHAS.format(n=10)}", read_api="storage")
    assert raised.value.kind == "timeout"
    assert "read session expired" in str(raised.value)


def test_a_refused_row_restriction_is_a_validation_error(bd: ModuleType, lake: Datalake) -> None:
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_table("br_bd_sintetico", "linhas_10", row_restriction="id > 1; DROP TABLE x")
    assert raised.value.kind == "validation"


def test_output_arrow_and_polars(bd: ModuleType, lake: Datalake) -> None:
    import polars as pl
    import pyarrow as pa

    query = f"SELECT id FROM {LINHAS.format(n=100)} ORDER BY id"
    for api in ("rest", "storage"):
        table = bd.read_sql(query, read_api=api, output="arrow")
        assert isinstance(table, pa.Table) and table.column("id").to_pylist() == list(range(1, 101))
        frame = bd.read_sql(query, read_api=api, output="polars")
        assert isinstance(frame, pl.DataFrame) and frame["id"].to_list() == list(range(1, 101))


def test_polars_missing_is_a_validation_error_naming_the_extra(bd: ModuleType, lake: Datalake, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_sql("SELECT 1 AS x", output="polars")
    assert raised.value.kind == "validation" and "[polars]" in str(raised.value)
    assert lake.control("GET", "stats")["requests"]["bigquery"] == 0


def test_use_bqstorage_api_reads_through_storage_on_a_local_datalake(bd: ModuleType, lake: Datalake) -> None:
    frame = bd.read_sql(f"SELECT id FROM {LINHAS.format(n=50)}", use_bqstorage_api=True)
    assert frame["id"].tolist() == list(range(1, 51))
    assert _storage_calls(lake) >= 2


def test_auto_reads_through_storage_from_the_threshold_on(bd: ModuleType, lake: Datalake) -> None:
    storage = importlib_runtime(bd, "storage")
    bd.read_sql(f"SELECT id FROM {LINHAS.format(n=50)}")
    assert _storage_calls(lake) == 0  # a small result: REST
    frame = bd.read_sql(f"SELECT id FROM {LINHAS.format(n=storage.STORAGE_MIN_ROWS)}")
    assert _storage_calls(lake) >= 2 and len(frame) == storage.STORAGE_MIN_ROWS


def test_forced_storage_with_no_endpoint_is_a_validation_error_before_any_request(bd: ModuleType, lake: Datalake) -> None:
    bd.config.bigquery_storage_endpoint = None
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_sql("SELECT 1 AS x", read_api="storage")
    assert raised.value.kind == "validation" and "BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT" in str(raised.value)
    with pytest.raises(bd.BaseDosDadosException) as rest_restricted:
        bd.read_table("br_bd_sintetico", "linhas_10", row_restriction="id > 1", read_api="rest")
    assert rest_restricted.value.kind == "validation"
    assert lake.control("GET", "stats")["requests"]["bigquery"] == 0


def test_cancel_stops_the_streams(bd: ModuleType, lake: Datalake) -> None:
    cancel = threading.Event()
    lake.control("PUT", "faults", {"rules": [{"scope": "storage", "method": "ReadRows", "delayMs": 60_000}]})
    failure: list[BaseException] = []

    def read() -> None:
        try:
            bd.read_sql(f"SELECT id FROM {LINHAS.format(n=10)}", read_api="storage", cancel=cancel)
        except BaseException as error:
            failure.append(error)

    worker = threading.Thread(target=read)
    worker.start()
    while lake.control("GET", "stats")["operations"].get("storage.ReadRows", 0) == 0:
        threading.Event().wait(0.02)
    cancel.set()
    worker.join()
    assert len(failure) == 1 and getattr(failure[0], "kind", None) == "cancelled"


@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_downloads_are_byte_identical_across_paths(bd: ModuleType, lake: Datalake, tmp_path: Path, file_format: str) -> None:
    rest, storage = tmp_path / f"rest.{file_format}", tmp_path / f"storage.{file_format}"
    bd.download(str(rest), query=TIPOS, read_api="rest")
    bd.download(str(storage), query=TIPOS, read_api="storage")
    assert storage.read_bytes() == rest.read_bytes()
    table_rest, table_storage = tmp_path / f"t_rest.{file_format}", tmp_path / f"t_storage.{file_format}"
    bd.download(str(table_rest), dataset_id="br_bd_tipos", table_id="exemplo", read_api="rest")
    bd.download(str(table_storage), dataset_id="br_bd_tipos", table_id="exemplo", read_api="storage")
    assert table_storage.read_bytes() == table_rest.read_bytes()


def test_a_failed_storage_download_leaves_no_file(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    lake.control("PUT", "faults", {"rules": [{"scope": "storage", "method": "ReadRows", "expireSession": True}]})
    with pytest.raises(bd.BaseDosDadosException):
        bd.download(str(tmp_path / "linhas.csv"), query=f"SELECT id FROM {LINHAS.format(n=10)}", read_api="storage")
    assert list(tmp_path.iterdir()) == []


def importlib_runtime(bd: ModuleType, name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"{bd.__name__}._runtime.{name}")
