"""``timeout=`` of the data functions: a limit per try of each BigQuery request, told in the SDK's words.

Against scripted BigQuery servers that never answer, or answer a byte at a time: the call can only end
because the client gave up, and the server records each connection the client closed. No test measures
elapsed time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

import pytest
from conftest import FakeBigQuery, Reply, Request, ScriptedServer, Trickle, call_data, fault_on_page

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]

# What requests and urllib3 say, which the message must not carry (the SDK says what timed out instead).
LIBRARY_WORDS = ("HTTPConnectionPool", "ReadTimeout", "requests.", "urllib3")


@pytest.fixture
def fake_lake(bd: ModuleType) -> ModuleType:
    bd.config.billing_project_id = "meu-projeto"
    bd.config.retry = {"max_attempts": 2, "initial_delay_ms": 1, "max_delay_ms": 1}
    return bd


def _said_in_sdk_words(error: BaseException, what: str, seconds: str) -> None:
    text = str(error)
    assert what in text, text
    assert f"within {seconds} s" in text and "timeout= is the limit per try" in text, text
    assert "on each of 2 tries" in text, text
    for word in LIBRARY_WORDS:
        assert word not in text, text


def _read_until_timed_out(bd: ModuleType, serve: Serve, fake: FakeBigQuery, timeout: float) -> tuple[BaseException, ScriptedServer]:
    """read_sql against ``fake`` until it gives up: the timeout error (after both tries) and the server."""
    server = serve(fake)
    bd.config.bigquery_endpoint = server.url
    with pytest.raises(bd.BaseDosDadosTimeoutException) as raised:
        call_data(bd, "read_sql", query="SELECT n", timeout=timeout)
    assert raised.value.attempts == 2
    return raised.value, server


def test_a_result_page_that_never_comes_says_which_page_and_that_timeout_is_per_try(fake_lake: ModuleType, serve: Serve) -> None:
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=fault_on_page(1, lambda _page: "hang"))
    error, server = _read_until_timed_out(fake_lake, serve, fake, 0.2)
    _said_in_sdk_words(error, "BigQuery timed out reading result page 2", "0.2")
    assert server.wait_for_closes(2) == [r.path for r in server.requests[-2:]]


def test_a_job_that_is_never_created_says_so(fake_lake: ModuleType, serve: Serve) -> None:
    server = serve(lambda request: "hang")
    fake_lake.config.bigquery_endpoint = server.url
    with pytest.raises(fake_lake.BaseDosDadosTimeoutException) as raised:
        fake_lake.read_sql("SELECT 1", timeout=0.05)
    _said_in_sdk_words(raised.value, "BigQuery timed out creating the query job", "0.05")
    assert [r.method for r in server.requests] == ["POST", "POST"]
    with pytest.raises(fake_lake.BaseDosDadosTimeoutException) as estimated:
        fake_lake.estimate_query("SELECT 1", timeout=0.05)
    _said_in_sdk_words(estimated.value, "BigQuery timed out estimating the query (a dry run)", "0.05")


def test_each_try_is_cut_at_the_timeout_even_while_bytes_keep_coming(fake_lake: ModuleType, serve: Serve) -> None:
    # A byte every 20 ms never lets a 0.3 s read timeout fire: only a limit on the whole try ends it. Left to
    # finish, the page would come whole (after about 6 s a try) and the read succeed.
    fake = FakeBigQuery(rows=list(range(1, 8)))
    slow_page = json.dumps(fake.page(1)).rjust(300).encode()
    fake.fault = fault_on_page(1, lambda _page: Trickle(200, slow_page, interval=0.02))
    error, server = _read_until_timed_out(fake_lake, serve, fake, 0.3)
    _said_in_sdk_words(error, "reading result page 2", "0.3")
    # Both tries of the page were cut: the client closed each connection before the body was whole.
    assert server.wait_for_closes(2) == [r.path for r in server.requests if "pageToken=1" in r.path]
    assert fake.page_requests[1] == 2


def test_the_timeout_is_documented_per_try(bd: ModuleType) -> None:
    doc = bd.read_sql.__doc__ or ""
    assert "per try" in doc and "tries" in doc
    assert "per try" in (type(bd.config).__doc__ or "")
