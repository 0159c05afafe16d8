"""The HTTP runtime and the generated catalogue functions against scripted servers on 127.0.0.1."""

from __future__ import annotations

import math
import socket
from collections.abc import Callable, Iterator
from types import ModuleType
from urllib.parse import parse_qs, urlsplit

import pytest
from basedosdados_sdk._runtime.http import HttpClient
from basedosdados_sdk._spec import API_SPEC, OPERATIONS
from conftest import Reply, Request, ScriptedServer

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]

STATS = {"datasets_with_treated_tables": 13, "total_treated_tables": 14, "updated_last_30_days": 0, "total_size_bytes": 2166772, "total_rows": 34966}
NOT_FOUND = {
    "type": "https://basedosdados.org/problems/not-found",
    "title": "Not found",
    "status": 404,
    "detail": "no statistics here",
    "request_id": "7c9d22aa",
}
STATS_OP = OPERATIONS["getTableStats"]


def replies(*answers: Reply) -> Callable[[Request], Reply]:
    """A script answering each request with the next answer, the last one forever."""
    queue = list(answers)

    def script(_: Request) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return script


def problem(status: int, body: dict[str, object], **headers: str) -> Reply:
    return (status, {"content-type": "application/problem+json", **headers}, body)  # type: ignore[return-value]


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client_for(sleeps: list[float]) -> Iterator[Callable[..., HttpClient]]:
    made: list[HttpClient] = []

    def make(url: str, **options: object) -> HttpClient:
        client = HttpClient(API_SPEC, base_url=url, sleep=sleeps.append, random=lambda: 0, **options)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_retries_503_then_succeeds_waiting_the_spec_backoff(serve: Serve, client_for: Callable[..., HttpClient], sleeps: list[float]) -> None:
    server = serve(replies(problem(503, {"title": "Unavailable", "status": 503}), (502, {}, "bad gateway"), (200, {}, STATS)))
    body = client_for(server.url).call(STATS_OP, {})
    assert body == STATS
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]  # 500 ms then 1000 ms: x-bd-retry with no jitter drawn


def test_retry_after_replaces_the_backoff_and_is_capped(serve: Serve, client_for: Callable[..., HttpClient], sleeps: list[float]) -> None:
    server = serve(
        replies(
            problem(429, {"title": "Too many requests", "status": 429}, **{"Retry-After": "2"}),
            problem(503, {"title": "Unavailable", "status": 503}, **{"Retry-After": "3600"}),
            (200, {}, STATS),
        )
    )
    client_for(server.url).call(STATS_OP, {})
    assert sleeps == [2.0, 60.0]  # the second is cut to max_retry_after_ms


def test_a_404_is_not_retried_and_carries_status_problem_and_request_id(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    server = serve(replies(problem(404, NOT_FOUND, **{"X-Request-Id": "hdr-1"})))
    with pytest.raises(bd.BaseDosDadosNotFoundException) as raised:
        client_for(server.url).call(STATS_OP, {})
    error = raised.value
    assert (error.status, error.request_id, error.attempts, error.kind) == (404, "hdr-1", 1, "not_found")
    assert error.problem == NOT_FOUND
    assert str(error) == "404 Not found: no statistics here (GET /tables/stats/, request id hdr-1)"


def test_the_backends_own_error_body_is_quoted(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    server = serve(replies((404, {}, {"error": "Table not found or has no columns"})))
    with pytest.raises(bd.BaseDosDadosNotFoundException) as raised:
        client_for(server.url).call(OPERATIONS["listTableColumnsByUuid"], {"table_uuid": "00000000-0000-0000-0000-000000000000"})
    assert str(raised.value) == '404: {"error": "Table not found or has no columns"} (GET /tables/00000000-0000-0000-0000-000000000000/columns/)'
    assert raised.value.problem is None
    assert len(server.requests) == 1


def test_a_400_with_invalid_params_is_a_validation_error(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    body = {"title": "Invalid parameter", "status": 400, "invalid_params": [{"name": "q", "in": "query", "reason": "too long"}]}
    server = serve(replies(problem(400, body)))
    with pytest.raises(bd.BaseDosDadosValidationException) as raised:
        client_for(server.url).call(OPERATIONS["search"], {"q": "pib"})
    assert [(p.name, p.reason) for p in raised.value.invalid_params] == [("q", "too long")]
    assert raised.value.attempts == 1


def test_persistent_5xx_raise_a_server_error_after_max_attempts(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType, sleeps: list[float]) -> None:
    server = serve(replies((500, {"content-type": "text/html"}, "<h1>Internal Server Error</h1>")))
    with pytest.raises(bd.BaseDosDadosServerException) as raised:
        client_for(server.url).call(STATS_OP, {})
    assert raised.value.attempts == 4
    assert len(server.requests) == 4
    assert sleeps == [0.5, 1.0, 2.0]
    assert str(raised.value) == "500: <h1>Internal Server Error</h1> (GET /tables/stats/, after 4 attempts)"


def test_a_status_no_kind_claims_is_the_base_exception(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    server = serve(replies((418, {}, {"title": "I'm a teapot"})))
    with pytest.raises(bd.BaseDosDadosException) as raised:
        client_for(server.url).call(STATS_OP, {})
    assert type(raised.value) is bd.BaseDosDadosException
    assert raised.value.kind == "unknown"
    assert raised.value.status == 418


def test_connection_refused_is_retried_then_raised(client_for: Callable[..., HttpClient], bd: ModuleType, sleeps: list[float]) -> None:
    with pytest.raises(bd.BaseDosDadosConnectionException) as raised:
        client_for(f"http://127.0.0.1:{closed_port()}").call(STATS_OP, {})
    assert raised.value.attempts == 4
    assert len(sleeps) == 3
    # The httpx exception (which holds the request and its headers) is summarised, not chained.
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert raised.value.cause is not None and raised.value.cause.startswith("httpx.ConnectError: ")


def test_a_connection_cut_mid_request_is_retried(serve: Serve, client_for: Callable[..., HttpClient]) -> None:
    server = serve(replies("cut", (200, {}, STATS)))
    assert client_for(server.url).call(STATS_OP, {}) == STATS
    assert len(server.requests) == 2


def test_a_silent_server_times_out(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    server = serve(replies("hang"))
    client = client_for(server.url, timeout=0.2, retry={"max_attempts": 2})
    with pytest.raises(bd.BaseDosDadosTimeoutException) as raised:
        client.call(STATS_OP, {})
    assert raised.value.attempts == 2
    assert "timed out (0.2 s per attempt) after 2 attempts" in str(raised.value)


def test_a_success_body_that_is_not_json_is_an_error(serve: Serve, client_for: Callable[..., HttpClient], bd: ModuleType) -> None:
    server = serve(replies((200, {"content-type": "application/json"}, "{not json")))
    with pytest.raises(bd.BaseDosDadosException, match="not valid JSON"):
        client_for(server.url).call(STATS_OP, {})


def test_the_client_rejects_a_base_url_that_is_not_http() -> None:
    with pytest.raises(ValueError, match="http or https"):
        HttpClient(API_SPEC, base_url="ftp://example.org")


# --- the generated functions -------------------------------------------------------


def search_script(count: int) -> Callable[[Request], Reply]:
    """The backend's /search/ over ``count`` datasets named d000, d001...: items in ``results``, no page total."""

    def script(request: Request) -> Reply:
        url = urlsplit(request.path)
        if url.path != "/search/":
            return (404, {"content-type": "text/html"}, "<h1>Not Found</h1>")
        query = parse_qs(url.query)
        page, size = int(query["page"][0]), int(query["page_size"][0])
        results = [{"slug": f"d{i:03}"} for i in range((page - 1) * size, min(page * size, count))]
        return (200, {}, {"page": page, "page_size": size, "count": count, "locale": "pt", "results": results, "aggregations": {}})

    return script


def test_search_walks_every_page_of_results_with_the_page_total_computed(serve: Serve, bd: ModuleType) -> None:
    server = serve(search_script(23))
    page = bd.search(q="população", page_size=7, base_url=server.url)
    assert (page.page, page.page_size, page.count, page.page_total) == (1, 7, 23, math.ceil(23 / 7))
    assert page["page_total"] == 4 and page["results"] == page["items"] == page.items
    assert [d["slug"] for d in page] == [f"d{i:03}" for i in range(23)]
    assert [r.path for r in server.requests] == [f"/search/?q=popula%C3%A7%C3%A3o&page={n}&page_size=7&locale=pt" for n in (1, 2, 3, 4)]


def test_search_filters_repeat_the_parameter(serve: Serve, bd: ModuleType) -> None:
    server = serve(search_script(0))
    page = bd.search(theme=["economia", "saude"], contains=["tables"], base_url=server.url)
    assert list(page) == [] and page.page_total == 0
    assert server.requests[0].path == "/search/?page=1&page_size=10&locale=pt&theme=economia&theme=saude&contains=tables"


def test_a_bad_id_never_reaches_the_network(serve: Serve, bd: ModuleType) -> None:
    server = serve(replies((200, {}, {"data": {}})))
    for bad in ("x; DROP TABLE y", "a`b", "a.b", "ab\n", "br_\u0430", ""):
        with pytest.raises(bd.BaseDosDadosValidationException) as raised:
            bd.get_dataset(bad, base_url=server.url)
        assert raised.value.attempts == 0
        assert raised.value.invalid_params[0].name == "dataset_id"
    with pytest.raises(ValueError, match="page_size must be <= 1500, got 1501"):
        bd.list_datasets(page_size=1501, base_url=server.url)
    with pytest.raises(bd.BaseDosDadosValidationException, match="locale must be one of 'pt', 'en', 'es'"):
        bd.list_themes(locale="fr", base_url=server.url)  # type: ignore[arg-type]
    with pytest.raises(bd.BaseDosDadosValidationException, match="table_uuid"):
        bd.list_table_columns_by_uuid("br_ibge_pib", base_url=server.url)
    assert server.requests == []


def test_search_pages_keep_the_aggregations(serve: Serve, bd: ModuleType) -> None:
    aggregations = {"themes": [{"key": "economia", "name": "Economia", "count": 1, "fallback": False}], "organizations": [], "tags": []}
    body = {"page": 1, "page_size": 10, "count": 1, "locale": "pt", "results": [{"slug": "pib"}], "aggregations": aggregations}
    server = serve(replies((200, {"x-request-id": "r1"}, body)))
    page = bd.search("pib", base_url=server.url)
    assert page.body["aggregations"] == aggregations
    assert server.requests[0].path == "/search/?q=pib&page=1&page_size=10&locale=pt"
    assert server.requests[0].headers["user-agent"].startswith("basedosdados-sdk/0.2.0 (python ")
    assert "application/json" in server.requests[0].headers["accept"]


def test_the_catalogue_as_csv_is_text(serve: Serve, bd: ModuleType) -> None:
    csv = "Dataset Name,Table Name\nPIB,Município\n"
    server = serve(replies((200, {"content-type": "text/csv; charset=utf-8"}, csv.encode())))
    assert bd.export_catalog(locale="en", base_url=server.url) == csv
    assert server.requests[0].path == "/export/catalog/?locale=en"


def test_a_base_url_with_a_path_prefix_keeps_it(serve: Serve, bd: ModuleType) -> None:
    server = serve(replies((200, {}, STATS)))
    bd.get_table_stats(base_url=f"{server.url}/api/v1/")
    assert server.requests[0].path == "/api/v1/tables/stats/"


def test_config_retry_and_headers_apply_to_the_generated_functions(serve: Serve, bd: ModuleType) -> None:
    server = serve(replies(problem(503, {"title": "Unavailable", "status": 503})))
    bd.config.retry = {"max_attempts": 1}
    bd.config.headers = {"X-Trace": "abc"}
    with pytest.raises(bd.BaseDosDadosServerException):
        bd.list_tags(base_url=server.url)
    assert len(server.requests) == 1
    assert server.requests[0].headers["x-trace"] == "abc"


def test_a_misspelt_setting_is_an_error(bd: ModuleType) -> None:
    with pytest.raises(AttributeError):
        bd.config.billing_projet_id = "x"
def test_keyword_named_parameters_of_the_tricky_spec(serve: Serve, tricky: ModuleType) -> None:
    server = serve(replies((200, {}, "null")))
    assert tricky.get_class("abc", end=0, if_="it's", base_url=server.url) is None
    assert server.requests[0].path == "/class/abc?if=it%27s&end=0"
    with pytest.raises(tricky.TrickyFixtureValidationException, match=r"in_ \(in\) must match the pattern \^\[a-z\]\+\$"):
        tricky.get_class("ABC", end=0, base_url=server.url)
    with pytest.raises(tricky.TrickyFixtureValidationException, match="if_ \\(if\\) must be one of 'yes', 'no', \"it's\""):
        tricky.get_class("abc", end=0, if_="maybe", base_url=server.url)  # type: ignore[arg-type]
    assert len(server.requests) == 1
