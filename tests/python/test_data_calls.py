"""The data functions' call behaviour against the local datalake: per-page retry (one job), timeouts and cancel
in flight (against a scripted BigQuery whose page never comes: the call can only end by giving up), every
input gap refused before any request, download targets (paths, folders, formats, gzip, file system failures)
and the progress bar."""

from __future__ import annotations

import gzip
import io
import socket
import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import Datalake, FakeBigQuery, Reply, Request, ScriptedServer, blocked_request_threads, call_data, fault_on_page

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]

BIG = "`basedosdados.br_bd_sintetico.linhas_50000`"
UF = "`basedosdados.br_bd_diretorios_brasil.uf`"
LATER_PAGE = {"scope": "bigquery", "method": "GET", "path": "/queries/", "nth": [2]}  # the first request is the first page


def test_a_503_on_the_second_result_page_retries_that_page_in_the_same_job(bd: ModuleType, lake: Datalake) -> None:
    lake.control("PUT", "faults", {"rules": [{**LATER_PAGE, "status": 503}]})
    frame = bd.read_sql(f"SELECT id FROM {BIG}", page_size=20_000)
    assert len(frame) == 50_000
    assert frame["id"].is_unique and set(frame["id"]) == set(range(1, 50_001))  # every row exactly once
    stats = lake.control("GET", "stats")
    assert stats["faults"]["injected"] == 1
    assert stats["jobs"]["created"] == 1
    assert stats["operations"]["jobs.insert"] == 1
    assert stats["operations"]["jobs.getQueryResults"] == 4  # three pages, one of them twice


@pytest.fixture
def fake_lake(bd: ModuleType) -> ModuleType:
    """Settings for a scripted BigQuery (:class:`FakeBigQuery`), whose pages can hang: never answer."""
    bd.config.billing_project_id = "meu-projeto"
    return bd


def hangs(page_number: int, times: int | None = None) -> Callable[[Request, int], Reply | None]:
    """A fault that never answers result page ``page_number`` (its first ``times`` requests, or every one)."""
    return fault_on_page(page_number, lambda _page: "hang", times)


def test_a_page_that_never_comes_is_given_up_by_the_timeout(fake_lake: ModuleType, serve: Serve) -> None:
    fake_lake.config.retry = {"max_attempts": 1}
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=hangs(1))
    server = serve(fake)
    fake_lake.config.bigquery_endpoint = server.url
    with pytest.raises(fake_lake.BaseDosDadosTimeoutException) as raised:
        call_data(fake_lake, "read_sql", query="SELECT n", timeout=0.5)
    assert raised.value.kind == "timeout" and raised.value.attempts == 1
    # The server never answers that page: the call ended because the client gave up and closed the connection.
    assert server.wait_for_closes(1) == [server.requests[-1].path] and "pageToken=1" in server.requests[-1].path


def test_a_page_that_never_comes_once_is_retried_and_the_read_completes(fake_lake: ModuleType, serve: Serve) -> None:
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=hangs(1, times=1))
    server = serve(fake)
    fake_lake.config.bigquery_endpoint = server.url
    frame = call_data(fake_lake, "read_sql", query="SELECT n", timeout=0.5)
    assert [int(n) for n in frame["n"]] == [1, 2, 3, 4, 5, 6, 7]  # every row once
    assert fake.page_requests == {0: 1, 1: 2, 2: 1, 3: 1} and fake.inserts == 1  # the page again, in the same job
    assert len(server.wait_for_closes(1)) == 1


def test_cancel_stops_a_page_in_flight_and_cancels_the_job(fake_lake: ModuleType, serve: Serve) -> None:
    cancel = threading.Event()

    def cancel_then_hang(request: Request, page: int) -> Reply | None:
        if page != 1:
            return None
        cancel.set()  # the caller cancels while this page is in flight, and it never comes
        return "hang"

    fake = FakeBigQuery(rows=list(range(1, 8)), fault=cancel_then_hang)
    fake_lake.config.bigquery_endpoint = serve(fake).url
    started = set(threading.enumerate())
    with pytest.raises(fake_lake.BaseDosDadosException) as raised:
        call_data(fake_lake, "read_sql", query="SELECT n", cancel=cancel, timeout=3600)
    assert raised.value.kind == "cancelled"
    assert fake.cancels == 1 and fake.page_requests == {0: 1, 1: 1}
    # The page's request was stopped, not left waiting for its read timeout (the call's, an hour).
    assert blocked_request_threads(started) == []


def test_a_cancel_event_already_set_sends_nothing(bd: ModuleType, lake: Datalake) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(bd.BaseDosDadosException, match="cancelled"):
        call_data(bd, "read_sql", query="SELECT 1 AS x", cancel=cancel)
    assert lake.control("GET", "stats")["requests"]["bigquery"] == 0


@pytest.fixture
def unreachable(bd: ModuleType) -> None:
    """BigQuery at a closed port: a call that got past the checks would fail with a connection error."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bd.config.bigquery_endpoint = f"http://127.0.0.1:{port}"
    bd.config.billing_project_id = "meu-projeto"
    bd.config.retry = {"max_attempts": 1}


GAPS: list[tuple[str, str, dict[str, Any], str]] = [
    ("columns that are not strings", "read_table", {"dataset_id": "d", "table_id": "t", "columns": [1, 2]}, "columns"),
    ("duplicate columns", "read_table", {"dataset_id": "d", "table_id": "t", "columns": ["ano", "ano"]}, "columns"),
    ("a limit past INT64", "read_table", {"dataset_id": "d", "table_id": "t", "limit": 10**21}, "limit"),
    ("a float limit", "read_table", {"dataset_id": "d", "table_id": "t", "limit": 1e21}, "limit"),
    ("a query of only spaces", "read_sql", {"query": "   \n\t "}, "query"),
    ("a blank query to estimate", "estimate_query", {"query": "  "}, "query"),
    ("no path", "download", {"path": None, "query": "SELECT 1"}, "path"),
    ("a path that is not a path", "download", {"path": 42, "query": "SELECT 1"}, "path"),
    ("a timeout that is not positive", "read_sql", {"query": "SELECT 1", "timeout": 0}, "timeout"),
    ("a cancel that is not an event", "read_sql", {"query": "SELECT 1", "cancel": True}, "cancel"),
    ("a progress that is not a bool", "read_sql", {"query": "SELECT 1", "progress": "yes"}, "progress"),
    ("a contradicting format", "download", {"path": "x.parquet", "query": "SELECT 1", "format": "csv"}, "format"),
    ("an unknown compression", "download", {"path": "x.csv", "query": "SELECT 1", "compression": "zip"}, "compression"),
]


@pytest.mark.parametrize(("name", "function", "args", "argument"), GAPS, ids=[g[0] for g in GAPS])
def test_input_gaps_are_validation_errors_naming_the_argument_before_any_request(
    bd: ModuleType, unreachable: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, function: str, args: dict[str, Any], argument: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(bd.BaseDosDadosValidationException) as raised:
        call_data(bd, function, **args)
    assert raised.value.attempts == 0
    assert argument in [p.name for p in raised.value.invalid_params] or f" {argument} " in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_a_download_into_a_folder_is_refused_before_the_query(bd: ModuleType, unreachable: None, tmp_path: Path) -> None:
    # A path ending in a separator names a folder whatever is on disk: the argument is wrong.
    with pytest.raises(bd.BaseDosDadosValidationException, match="is a folder") as raised:
        bd.download(f"{tmp_path}/some/dir/", query="SELECT 1")
    assert raised.value.invalid_params[0].name == "path"
    # An existing folder (its name has no extension, so the format is given): the target cannot be written
    # as a file, as in every language (conformance case).
    with pytest.raises(bd.BaseDosDadosFileSystemException, match="is an existing folder"):
        bd.download(str(tmp_path), query="SELECT 1", format="csv")


@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "str"])
def test_downloads_take_a_path_or_a_str_and_create_missing_folders(bd: ModuleType, lake: Datalake, tmp_path: Path, as_path: bool) -> None:
    target = tmp_path / "novo" / "dentro" / "uf.csv"
    result = call_data(bd, "download", path=target if as_path else str(target), dataset_id="br_bd_diretorios_brasil", table_id="uf")
    assert result["rows"] == 27 and result["path"] == str(target)
    assert target.read_text(encoding="utf-8").startswith("id_uf,sigla,nome,regiao\n")


@pytest.mark.parametrize("where", ["under a file", "under /proc"])
def test_a_target_that_cannot_be_written_is_a_filesystem_error_before_the_query(bd: ModuleType, unreachable: None, tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "out.csv" if where == "under a file" else Path("/proc/bdgen-nao-existe/out.csv")
    with pytest.raises(bd.BaseDosDadosFileSystemException) as raised:
        call_data(bd, "download", path=target, query="SELECT 1")
    assert raised.value.kind == "filesystem" and raised.value.attempts == 0
    assert "BigQuery" not in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_write_failure_mid_download_is_a_filesystem_error_leaving_no_file(bd: ModuleType, lake: Datalake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = sys.modules[f"{bd.__name__}._runtime.download"]._Writer

    def disk_full(self: object, batch: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write", disk_full)
    with pytest.raises(bd.BaseDosDadosFileSystemException, match="No space left on device"):
        bd.download(str(tmp_path / "uf.csv"), query=f"SELECT * FROM {UF}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "given", "want"),
    [
        ("uf.parquet", None, "parquet"),
        ("uf.jsonl", None, "jsonl"),
        ("uf.csv", None, "csv"),
        ("uf.ndjson", None, "jsonl"),
        ("uf.txt", "csv", "csv"),  # an extension that names no format: the format given
        ("dados", "jsonl", "jsonl"),  # no extension: the format given
    ],
)
def test_the_format_follows_the_extension_when_none_is_given(
    bd: ModuleType, lake: Datalake, tmp_path: Path, name: str, given: str | None, want: str
) -> None:
    result = call_data(bd, "download", path=tmp_path / name, query=f"SELECT sigla FROM {UF}", format=given)
    assert result["format"] == want
    data = (tmp_path / name).read_bytes()
    assert data.startswith(b"PAR1") if want == "parquet" else data.startswith(b'{"sigla":' if want == "jsonl" else b"sigla\n")


def test_gzip_by_extension_or_by_compression_writes_the_same_canonical_bytes(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    query = "SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha"
    call_data(bd, "download", path=tmp_path / "plain.csv", query=query)
    call_data(bd, "download", path=tmp_path / "by-name.csv.gz", query=query, format=None)
    call_data(bd, "download", path=tmp_path / "asked.csv.gz", query=query, compression="GZIP")
    call_data(bd, "download", path=tmp_path / "lines.jsonl.gz", query=query, format=None)
    plain = (tmp_path / "plain.csv").read_bytes()
    assert gzip.decompress((tmp_path / "by-name.csv.gz").read_bytes()) == plain
    assert (tmp_path / "asked.csv.gz").read_bytes() == (tmp_path / "by-name.csv.gz").read_bytes()  # mtime 0: reproducible
    assert gzip.decompress((tmp_path / "lines.jsonl.gz").read_bytes()).startswith(b'{"linha":')


def test_compression_gzip_for_parquet_uses_the_parquet_codec(bd: ModuleType, lake: Datalake, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    call_data(bd, "download", path=tmp_path / "uf.parquet", query=f"SELECT * FROM {UF}", format=None, compression="GZIP")
    assert pq.ParquetFile(tmp_path / "uf.parquet").metadata.row_group(0).column(0).compression == "GZIP"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_forced_on_draws_rows_bytes_rate_and_eta(bd: ModuleType, lake: Datalake, capsys: pytest.CaptureFixture[str]) -> None:
    frame = call_data(bd, "read_sql", query=f"SELECT id FROM {BIG}", page_size=20_000, progress=True)
    assert len(frame) == 50_000
    err = capsys.readouterr().err
    last = err.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("read_sql: 100%"), last
    assert "50.0k/50.0k" in last and " rows/s" in last and "<00:00" in last  # rows, rate and ETA
    assert "MB" in last or "kB" in last  # the bytes received


def test_progress_is_off_when_stderr_is_not_a_terminal(bd: ModuleType, lake: Datalake, capsys: pytest.CaptureFixture[str]) -> None:
    assert not sys.stderr.isatty()
    bd.read_sql(f"SELECT id FROM {BIG}", page_size=20_000)
    bd.download(_tmp_csv(), query=f"SELECT * FROM {UF}")
    assert capsys.readouterr().err == ""


def _tmp_csv() -> str:
    import tempfile

    return str(Path(tempfile.mkdtemp(prefix="bdgen-progress-")) / "uf.csv")


def test_progress_is_on_by_default_when_stderr_is_a_terminal(bd: ModuleType, lake: Datalake, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bd.read_table("br_bd_diretorios_brasil", "uf")
    assert "read_table: 100%" in terminal.getvalue() and "27.0/27.0" in terminal.getvalue()


def test_the_storage_api_says_why_it_is_not_used(bd: ModuleType, lake: Datalake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "google.cloud.bigquery_storage", None)  # as if not installed
    with pytest.warns(UserWarning, match="google-cloud-bigquery-storage is not installed"):
        frame = call_data(bd, "read_sql", query=f"SELECT sigla FROM {UF}", bqstorage=True)
    assert len(frame) == 27
    monkeypatch.setitem(sys.modules, "google.cloud.bigquery_storage", types.ModuleType("google.cloud.bigquery_storage"))
    with pytest.warns(UserWarning, match=f"endpoint {lake.url} .* has no Storage API"):
        frame = call_data(bd, "read_sql", query=f"SELECT sigla FROM {UF}", bqstorage=True)
    assert len(frame) == 27


def test_reauth_fetches_a_fresh_credential_before_the_query(bd: ModuleType, lake: Datalake) -> None:
    from google.auth.credentials import Credentials

    class Counting(Credentials):  # type: ignore[misc]
        refreshes = 0

        def refresh(self, request: object) -> None:
            Counting.refreshes += 1
            self.token = f"token-{Counting.refreshes}"

    bd.config.credentials = Counting()
    assert len(call_data(bd, "read_sql", query="SELECT 1 AS x")) == 1
    after_first = Counting.refreshes
    assert len(call_data(bd, "read_sql", query="SELECT 1 AS x", reauth=True)) == 1
    assert Counting.refreshes == after_first + 1

