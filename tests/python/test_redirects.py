"""The one redirect policy (docs/architecture.md, "Transport and file rules"), in both HTTP stacks.

A same-origin 301/302/303/307/308 is followed (at most 5 times, the Fetch standard's method and body rules);
a redirect to another origin, one without a Location and a sixth one fail at once with the ``redirect`` kind,
never retried, and nothing reaches the other origin: a second loopback server (another port, so another origin)
counts what it receives. The catalogue goes through httpx, the data functions through google-cloud-bigquery
over requests; both must refuse the same redirects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

import pytest
from basedosdados_sdk._runtime.http import HttpClient
from basedosdados_sdk._runtime.operations import BodySpec, MediaSpec, OperationSpec
from basedosdados_sdk._spec import API_SPEC
from conftest import FakeBigQuery, Reply, Request, ScriptedServer, call_data

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
DATASET = {"id": "br_ibge_pib", "name": "PIB"}
STATS = {"total_treated_tables": 14, "total_rows": 34966}
API_KEY = "key-FAKE-redirect-0123456789"
SECRET_IN_QUERY = "FAKE-query-token-0123456789"


def moved(location: str | None, status: int = 302) -> Reply:
    return (status, {} if location is None else {"location": location}, "")


def foreign_locations(foreign: ScriptedServer) -> list[tuple[str, str, str]]:
    """(case, Location, the origin the error must name) of redirects to the foreign server's port."""
    port = foreign.url.rsplit(":", 1)[1]
    path = f"/datasets/x?token={SECRET_IN_QUERY}"
    return [
        ("another port", f"http://127.0.0.1:{port}{path}", f"http://127.0.0.1:{port}"),
        ("another host", f"http://localhost:{port}{path}", f"http://localhost:{port}"),
        ("another scheme", f"https://127.0.0.1:{port}{path}", f"https://127.0.0.1:{port}"),
        ("scheme-relative", f"//127.0.0.1:{port}{path}", f"http://127.0.0.1:{port}"),
    ]


# --- the catalogue (httpx) ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_same_origin_redirect_is_followed_with_the_same_headers(bd: ModuleType, serve: Serve, status: int) -> None:
    server = serve(lambda r: (200, {}, STATS) if r.path.startswith("/moved/") else moved("/moved" + r.path, status))
    bd.config.headers = {"X-Api-Key": API_KEY}
    assert bd.get_table_stats(base_url=server.url) == STATS
    first, second = server.requests
    assert (first.path, second.path) == ("/tables/stats/", "/moved/tables/stats/")
    assert second.method == "GET" and second.headers["x-api-key"] == API_KEY


def send_op(method: str) -> OperationSpec:
    body = BodySpec(required=True, label="body", media=(MediaSpec(type="application/json", kind="json"),))
    return OperationSpec(id="send", method=method, path="/things", params=(), body=body)  # type: ignore[arg-type]


FETCH_RULES = [
    (307, "POST", "POST", True),
    (308, "PUT", "PUT", True),
    (303, "POST", "GET", False),
    (303, "PUT", "GET", False),
    (302, "POST", "GET", False),
    (301, "POST", "GET", False),
    (302, "PUT", "PUT", True),
]


@pytest.mark.parametrize(("status", "method", "then", "keeps_body"), FETCH_RULES)
def test_redirected_methods_and_bodies_follow_the_fetch_standard(serve: Serve, status: int, method: str, then: str, keeps_body: bool) -> None:
    server = serve(lambda r: (200, {}, {"ok": True}) if r.path == "/again" else moved("/again", status))
    client = HttpClient(API_SPEC, base_url=server.url, sleep=lambda _: None)
    try:
        assert client.call(send_op(method), {}, {"n": 1}) == {"ok": True}
    finally:
        client.close()
    first, second = server.requests
    assert (first.method, first.body) == (method, b'{"n":1}')
    assert second.method == then
    assert second.body == (b'{"n":1}' if keeps_body else b"")
    assert ("content-type" in second.headers) == keeps_body


def test_a_redirect_to_another_origin_is_refused_and_nothing_reaches_it(bd: ModuleType, serve: Serve) -> None:
    foreign = serve(lambda _: (200, {}, DATASET))
    for name, location, origin in foreign_locations(foreign):
        server = serve(lambda _r, location=location: moved(location, 307))
        bd.config.headers = {"X-Api-Key": API_KEY}
        with pytest.raises(bd.BaseDosDadosRedirectException) as raised:
            bd.get_dataset("br_ibge_pib", base_url=server.url)
        error = raised.value
        assert (error.kind, error.status, error.attempts) == ("redirect", 307, 1), name
        assert len(server.requests) == 1, f"{name}: a refused redirect is not retried"
        assert f"(307) to another origin, {origin};" in str(error), name
        for hidden in ("/datasets/x", SECRET_IN_QUERY, API_KEY):
            assert hidden not in str(error) + repr(vars(error)), f"{name}: {hidden} in {error}"
    assert foreign.requests == []


@pytest.mark.parametrize(("name", "reply"), [("no Location", moved(None)), ("an empty Location", moved(" ")), ("a bad port", moved("http://127.0.0.1:99999999/x"))])
def test_a_redirect_without_a_usable_location_is_refused(bd: ModuleType, serve: Serve, name: str, reply: Reply) -> None:
    server = serve(lambda _: reply)
    with pytest.raises(bd.BaseDosDadosRedirectException) as raised:
        bd.get_dataset("br_ibge_pib", base_url=server.url)
    assert raised.value.status == 302 and raised.value.attempts == 1
    assert len(server.requests) == 1


def test_the_sixth_redirect_in_a_row_is_refused(bd: ModuleType, serve: Serve) -> None:
    server = serve(lambda r: moved(f"/hop{len(server.requests)}"))
    with pytest.raises(bd.BaseDosDadosRedirectException, match="more than 5 times") as raised:
        bd.get_dataset("br_ibge_pib", base_url=server.url)
    assert len(server.requests) == 6  # the request and the 5 redirects followed
    assert raised.value.attempts == 1


def test_five_redirects_are_followed(bd: ModuleType, serve: Serve) -> None:
    server = serve(lambda r: (200, {}, STATS) if len(server.requests) == 6 else moved(f"/hop{len(server.requests)}"))
    assert bd.get_table_stats(base_url=server.url) == STATS
    assert len(server.requests) == 6


# --- the data functions (google-cloud-bigquery over requests) ---------------------------------


@pytest.fixture
def lake(bd: ModuleType) -> ModuleType:
    from google.oauth2.credentials import Credentials

    bd.config.billing_project_id = "meu-projeto"
    bd.config.credentials = Credentials(token="FAKE-bigquery-token-redirect-0123")
    return bd


def bigquery(serve: Serve, fake: FakeBigQuery, lake: ModuleType) -> ScriptedServer:
    server = serve(fake)
    lake.config.bigquery_endpoint = server.url
    return server


def numbers(frame: object) -> list[int]:
    return [int(n) for n in frame["n"]]  # type: ignore[index]


def test_bigquery_same_origin_redirects_are_followed(lake: ModuleType, serve: Serve) -> None:
    def fault(request: Request, page: int) -> Reply | None:
        return moved(request.path + "&hop=1", 307) if page == 1 and "hop=1" not in request.path else None

    fake = FakeBigQuery(rows=[1, 2, 3, 4, 5], fault=fault)
    bigquery(serve, fake, lake)
    assert numbers(call_data(lake, "read_sql", query="SELECT n")) == [1, 2, 3, 4, 5]
    assert fake.page_requests == {0: 1, 1: 2, 2: 1} and fake.inserts == 1


def test_a_bigquery_job_insert_redirected_with_307_keeps_its_body(lake: ModuleType, serve: Serve) -> None:
    fake = FakeBigQuery(rows=[1, 2])
    server = serve(lambda r: moved(r.path + "?again=1", 307) if r.method == "POST" and "again" not in r.path else fake(r))
    lake.config.bigquery_endpoint = server.url
    assert numbers(call_data(lake, "read_sql", query="SELECT n")) == [1, 2]
    first, second = server.requests[:2]
    assert second.method == "POST" and second.body == first.body and json.loads(second.body)["jobReference"]
    assert second.headers["authorization"] == "Bearer FAKE-bigquery-token-redirect-0123"


@pytest.mark.parametrize("where", ["the job insert", "a result page"])
def test_a_bigquery_redirect_to_another_origin_is_refused_and_nothing_reaches_it(lake: ModuleType, serve: Serve, where: str) -> None:
    foreign = serve(lambda _: (200, {}, FakeBigQuery(rows=[42]).page(0)))
    for name, location, origin in foreign_locations(foreign):
        fake = FakeBigQuery(rows=[1, 2, 3], fault=lambda _r, page, location=location: moved(location, 302) if page == 1 else None)
        server = serve(lambda r, fake=fake, location=location: moved(location, 307) if where == "the job insert" else fake(r))
        lake.config.bigquery_endpoint = server.url
        with pytest.raises(lake.BaseDosDadosRedirectException) as raised:
            call_data(lake, "read_sql", query="SELECT n")
        error = raised.value
        assert error.kind == "redirect" and f"to another origin, {origin};" in str(error), name
        assert len(server.requests) == (1 if where == "the job insert" else 3), f"{name}: not retried"
        for hidden in ("/datasets/x", SECRET_IN_QUERY, "FAKE-bigquery-token-redirect-0123"):
            assert hidden not in str(error) + repr(vars(error)), f"{name}: {hidden} in {error}"
    assert foreign.requests == []


@pytest.mark.parametrize("location", [None, " "])
def test_a_bigquery_redirect_without_a_location_is_refused(lake: ModuleType, serve: Serve, location: str | None) -> None:
    fake = FakeBigQuery(rows=[1, 2, 3], fault=lambda _r, page: moved(location) if page == 1 else None)
    bigquery(serve, fake, lake)
    with pytest.raises(lake.BaseDosDadosRedirectException) as raised:
        call_data(lake, "read_sql", query="SELECT n")
    assert raised.value.status == 302 and fake.page_requests[1] == 1


def test_the_sixth_bigquery_redirect_in_a_row_is_refused(lake: ModuleType, serve: Serve) -> None:
    fake = FakeBigQuery(rows=[1, 2, 3], fault=lambda r, page: moved(r.path + "&hop=1") if page == 1 else None)
    bigquery(serve, fake, lake)
    with pytest.raises(lake.BaseDosDadosRedirectException, match="more than 5 times"):
        call_data(lake, "read_sql", query="SELECT n")
    assert fake.page_requests[1] == 6
