"""Transport faults are retried or typed (docs/architecture.md, "Transport and file rules").

A body cut short (a ``Content-Length`` the server never fills, then a close) is a connection fault: retried by
the one retry loop, the ``connection`` kind once the tries run out, never ``unknown``; a 2xx answer whose body
is not what the call declares is the ``server`` kind naming the content type, not retried. Each fault is
checked in the catalogue (httpx) and in BigQuery's result pages (google-cloud-bigquery over requests).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from types import ModuleType

import pytest
from conftest import CutBody, FakeBigQuery, Reply, Request, ScriptedServer, call_data, fault_on_page

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
# A GraphQL answer of list_datasets (a POST, which only reads: retried like a GET).
PAGE = {"data": {"allDataset": {"totalCount": 1, "edges": [{"node": {"slug": "pib", "status": {"slug": "published"}}}]}}}
CUT_PAGE = CutBody(200, json.dumps(PAGE).encode())


@pytest.fixture
def sleeps(bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the retry loop asks for, recorded instead of slept."""
    asked: list[float] = []
    retry = __import__(f"{bd.__name__}._runtime.retry", fromlist=["call_with_retry"])
    original = retry.call_with_retry

    class RecordingEvent:
        """A cancel event whose waits (the loop's backoff when it has an event, as a prefetched page has) are recorded."""

        def __init__(self, event: threading.Event) -> None:
            self.event = event

        def is_set(self) -> bool:
            return self.event.is_set()

        def wait(self, seconds: float) -> bool:
            asked.append(seconds)
            return self.event.is_set()

    def recording(*args: object, **kwargs: object) -> object:
        kwargs["sleep"] = asked.append
        if isinstance(kwargs.get("cancel"), threading.Event):
            kwargs["cancel"] = RecordingEvent(kwargs["cancel"])  # type: ignore[arg-type]
        return original(*args, **kwargs)

    for module in ("http", "bigquery"):
        monkeypatch.setattr(f"{bd.__name__}._runtime.{module}.call_with_retry", recording)
    return asked


# --- the catalogue (httpx) ---------------------------------------------------------------------


def test_a_catalogue_body_cut_once_is_retried(bd: ModuleType, serve: Serve, sleeps: list[float]) -> None:
    server = serve(lambda _: CUT_PAGE if len(server.requests) == 1 else (200, {}, PAGE))
    page = bd.list_datasets(base_url=server.url)
    assert page.body == {"items": [{"slug": "pib", "status": "published", "dataset_id": None}], "page": 1, "page_size": 10, "count": 1, "page_total": 1}
    assert [r.method for r in server.requests] == ["POST", "POST"] and len(sleeps) == 1


def test_a_catalogue_body_cut_on_every_try_is_a_connection_error(bd: ModuleType, serve: Serve, sleeps: list[float]) -> None:
    server = serve(lambda _: CUT_PAGE)
    with pytest.raises(bd.BaseDosDadosConnectionException) as raised:
        bd.list_datasets(base_url=server.url)
    assert (raised.value.kind, raised.value.attempts) == ("connection", 4)
    assert len(server.requests) == 4 and len(sleeps) == 3
    assert raised.value.cause is not None and "RemoteProtocolError" in raised.value.cause


NOT_JSON = [
    ("text/html", "<html><body>Moved to the new portal</body></html>"),
    ("text/plain; charset=utf-8", "ok"),
    ("application/json", "{not json"),
]


@pytest.mark.parametrize(("content_type", "body"), NOT_JSON)
def test_a_catalogue_answer_that_is_not_json_is_a_server_error_naming_its_content_type(
    bd: ModuleType, serve: Serve, content_type: str, body: str
) -> None:
    server = serve(lambda _: (200, {"content-type": content_type}, body))
    for call in (lambda: bd.list_datasets(base_url=server.url), lambda: bd.get_dataset("br_ibge_pib", base_url=server.url)):
        with pytest.raises(bd.BaseDosDadosServerException) as raised:
            call()
        assert raised.value.kind == "server" and raised.value.status == 200 and raised.value.attempts == 1
        assert f"({content_type.split(';')[0]})" in str(raised.value)
    assert len(server.requests) == 2  # one per call: not retried


# --- BigQuery's result pages (requests) --------------------------------------------------------


@pytest.fixture
def fake_lake(bd: ModuleType) -> ModuleType:
    from google.oauth2.credentials import Credentials

    bd.config.billing_project_id = "meu-projeto"
    bd.config.credentials = Credentials(token="FAKE-bigquery-token-faults-0123")
    return bd


def cut_page(page_number: int, times: int | None = None) -> Callable[[Request, int], Reply | None]:
    """A fault cutting result page ``page_number`` (its first ``times`` requests, or every one)."""
    return fault_on_page(page_number, lambda page: CutBody(200, json.dumps(FakeBigQuery(rows=list(range(1, 8))).page(page)).encode()), times)


def test_a_bigquery_page_cut_once_is_retried_and_every_row_comes_once(fake_lake: ModuleType, serve: Serve, sleeps: list[float]) -> None:
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=cut_page(1, times=1))
    fake_lake.config.bigquery_endpoint = serve(fake).url
    frame = call_data(fake_lake, "read_sql", query="SELECT n")
    assert [int(n) for n in frame["n"]] == [1, 2, 3, 4, 5, 6, 7]
    assert fake.page_requests == {0: 1, 1: 2, 2: 1, 3: 1} and fake.inserts == 1
    assert len(sleeps) == 1


def test_a_bigquery_page_cut_on_every_try_is_a_connection_error(fake_lake: ModuleType, serve: Serve, sleeps: list[float]) -> None:
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=cut_page(1))
    fake_lake.config.bigquery_endpoint = serve(fake).url
    with pytest.raises(fake_lake.BaseDosDadosConnectionException) as raised:
        call_data(fake_lake, "read_sql", query="SELECT n")
    assert (raised.value.kind, raised.value.attempts) == ("connection", 4)
    assert fake.page_requests[1] == 4 and fake.inserts == 1 and len(sleeps) == 3


def test_a_bigquery_answer_that_is_not_json_is_a_server_error_naming_its_content_type(fake_lake: ModuleType, serve: Serve) -> None:
    html = (200, {"content-type": "text/html"}, "<html>a captive portal</html>")
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=lambda _r, page: html if page == 1 else None)
    fake_lake.config.bigquery_endpoint = serve(fake).url
    with pytest.raises(fake_lake.BaseDosDadosServerException, match=r"not JSON \(text/html\)") as raised:
        call_data(fake_lake, "read_sql", query="SELECT n")
    assert raised.value.kind == "server" and fake.page_requests[1] == 1
