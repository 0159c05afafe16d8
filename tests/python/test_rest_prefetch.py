"""The next REST result page is fetched while this one is converted (runtime/data/jobs.py, ``_ResultPages``).

Proved by events, never by time: the package's conversion of each page
(``rest_arrow.page_batch``, the one step every REST read of
``read_sql``, ``read_table`` and ``download`` goes through) is held until the server
has seen the next page's request, or until no thread is left that could send it.
Without the prefetch the next request only ever leaves after the conversion, so
each of these tests fails at once (checked by building the package with the
prefetch switched off).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest
from conftest import Datalake, FakeBigQuery, Reply, Request, ScriptedServer, Trickle, blocked_request_threads

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]

PAGE_ROWS = 1000
ROWS = 5000  # five pages of PAGE_ROWS
QUERY = "SELECT id FROM `basedosdados.br_bd_sintetico.linhas_5000` ORDER BY id"
PREFETCH_THREAD = "bigquery-next-page"  # the name jobs.py gives the thread fetching ahead
PREFETCHED_PAGE = {"scope": "bigquery", "method": "GET", "path": "/queries/", "nth": [2]}  # request 1 is the first page


def prefetching() -> bool:
    return any(t.name == PREFETCH_THREAD for t in threading.enumerate())


def wait_for(condition: Callable[[], bool]) -> bool:
    """Waits until ``condition()`` holds (True), or until no prefetch thread is left that could make it hold (False)."""
    idle = threading.Event()
    while not condition():
        if not prefetching():
            return condition()  # the thread may have ended right after making it hold
        idle.wait(0.005)
    return True


@dataclass
class Conversions:
    """Every page the package converts to Arrow, in order (its ``id`` values), and a hook run just before each."""

    pages: list[list[int]] = field(default_factory=list)
    before: Callable[[int], None] = lambda _index: None


@pytest.fixture
def conversions(bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Conversions:
    rest_arrow = bd._runtime.rest_arrow
    seen = Conversions()
    original = rest_arrow.page_batch

    def converting(rows: Any, fields: Any, schema: Any) -> Any:
        seen.before(len(seen.pages))
        batch = original(rows, fields, schema)
        seen.pages.append([int(v) for v in batch.column(0).to_pylist()])
        return batch

    monkeypatch.setattr(rest_arrow, "page_batch", converting)
    return seen


def page_requests(lake: Datalake) -> int:
    return int(lake.control("GET", "stats")["operations"].get("jobs.getQueryResults", 0))


def test_the_next_page_is_requested_before_this_one_is_converted(bd: ModuleType, lake: Datalake, conversions: Conversions) -> None:
    asked_before: list[int] = []

    def hold(index: int) -> None:
        if index < ROWS // PAGE_ROWS - 1:  # the last page has no next one
            wait_for(lambda: page_requests(lake) >= index + 2)
        asked_before.append(page_requests(lake))

    conversions.before = hold
    frame = bd.read_sql(QUERY, page_size=PAGE_ROWS, read_api="rest")
    assert frame["id"].tolist() == list(range(1, ROWS + 1))
    assert [len(p) for p in conversions.pages] == [PAGE_ROWS] * 5
    # When page k (0-based) was converted, page k+1 had been asked for already; each page exactly once.
    assert asked_before == [2, 3, 4, 5, 5]
    assert page_requests(lake) == 5


def test_a_failed_prefetch_surfaces_after_the_rows_before_it_as_the_typed_error(bd: ModuleType, lake: Datalake, conversions: Conversions) -> None:
    bd.config.retry = {"max_attempts": 1}
    lake.control("PUT", "faults", {"rules": [{**PREFETCHED_PAGE, "status": 500}]})
    failed_before: list[bool] = []

    def hold(index: int) -> None:
        if index == 0:  # page 2's request has failed already; page 1 is still converted and handed on
            failed_before.append(wait_for(lambda: lake.control("GET", "stats")["faults"]["injected"] == 1))

    conversions.before = hold
    with pytest.raises(bd.BaseDosDadosServerException) as raised:
        bd.read_sql(QUERY, page_size=PAGE_ROWS, read_api="rest")
    assert raised.value.kind == "server" and raised.value.status == 500 and raised.value.attempts == 1
    assert failed_before == [True]
    assert conversions.pages == [list(range(1, PAGE_ROWS + 1))]  # the rows before it, then the error
    assert page_requests(lake) == 2


def test_a_prefetch_retried_after_a_failure_loses_and_repeats_no_row(bd: ModuleType, lake: Datalake, conversions: Conversions) -> None:
    lake.control("PUT", "faults", {"rules": [{**PREFETCHED_PAGE, "status": 500}]})
    failed_before: list[bool] = []

    def hold(index: int) -> None:
        if index == 0:
            failed_before.append(wait_for(lambda: lake.control("GET", "stats")["faults"]["injected"] == 1))

    conversions.before = hold
    frame = bd.read_sql(QUERY, page_size=PAGE_ROWS, read_api="rest")
    assert failed_before == [True]  # the failed try was the prefetch's, while page 1 was held
    assert frame["id"].tolist() == list(range(1, ROWS + 1))
    assert [row for page in conversions.pages for row in page] == list(range(1, ROWS + 1))
    assert page_requests(lake) == 6  # five pages, the second twice
    stats = lake.control("GET", "stats")
    assert stats["jobs"]["created"] == 1 and stats["operations"]["jobs.insert"] == 1


@pytest.mark.parametrize("in_flight", ["before its headers", "while its body comes"])
def test_cancel_stops_a_prefetch_in_flight_and_leaves_no_thread(
    bd: ModuleType, serve: Serve, conversions: Conversions, in_flight: str
) -> None:
    bd.config.billing_project_id = "meu-projeto"
    cancel = threading.Event()
    asked = threading.Event()
    fake = FakeBigQuery(rows=list(range(1, 8)), page_size=2)

    def held(_request: Request, page: int) -> Reply | None:
        if page != 1:
            return None
        asked.set()
        # Either no answer at all, or one whose body never ends: the request stays in flight until the client stops it.
        return "hang" if in_flight == "before its headers" else Trickle(200, json.dumps(fake.page(1)).encode(), interval=0.05)

    fake.fault = held
    server = serve(fake)
    bd.config.bigquery_endpoint = server.url
    started = set(threading.enumerate())

    def cancel_while_prefetching(index: int) -> None:
        if index == 0:
            assert wait_for(asked.is_set), "page 2 was not asked for while page 1 was converted"
            cancel.set()

    conversions.before = cancel_while_prefetching
    with pytest.raises(bd.BaseDosDadosException) as raised:
        bd.read_sql("SELECT n", page_size=2, read_api="rest", cancel=cancel, timeout=3600)
    assert raised.value.kind == "cancelled"
    assert conversions.pages == [[1, 2]]
    # Each request thread ends once its request is stopped; a blocked one would wait for the hour-long read timeout.
    assert blocked_request_threads(started) == []
    assert not prefetching()
    # The prefetched request's connection was closed by the client (not by a timeout: the call's is an hour).
    prefetched = [r.path for r in server.requests if "pageToken=1" in r.path]
    assert server.wait_for_closes(1) == prefetched
    assert fake.page_requests == {0: 1, 1: 1} and fake.cancels == 1
