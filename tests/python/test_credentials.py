"""No error carries a credential: every failure path, with fake tokens, against loopback servers that echo them.

Each error is checked in every view a user or a log sees: ``str``, ``repr``, the formatted traceback, the
``__cause__``/``__context__`` chain and every attribute reachable from it (request objects included).
"""

from __future__ import annotations

import json
import socket
import traceback
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from basedosdados_sdk._runtime.errors import describe_cause
from basedosdados_sdk._runtime.redaction import redact
from conftest import FakeBigQuery, Reply, Request, ScriptedServer, call_data

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
CATALOGUE_TOKEN = "FAKE-catalogue-token-0123456789"
ACCESS_TOKEN = "ya29.FAKE-bigquery-token-abcdef0123"
REFRESH_TOKEN = "1//FAKE-refresh-token-0123456789"
CLIENT_SECRET = "FAKE-client-secret-xyz-987654"
# The distinctive part of each, so a percent-encoded or partly cut copy counts as a leak too.
SECRETS = ("FAKE-catalogue-token-0123456789", "FAKE-bigquery-token-abcdef0123", "FAKE-refresh-token-0123456789", CLIENT_SECRET)


def _reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through causes, contexts, attributes, mappings and sequences."""
    seen: set[int] = set()
    stack: list[tuple[object, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if id(value) in seen or depth > 8:
            continue
        seen.add(id(value))
        yield value
        children: list[object] = []
        if isinstance(value, BaseException):
            children += [value.__cause__, value.__context__, *value.args]
        if isinstance(value, dict):
            children += [*value.keys(), *value.values()]
        elif isinstance(value, (list, tuple, set)):
            children += list(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
            children += list(vars(value).values())
        elif hasattr(value, "items") and callable(value.items):  # header mappings of requests and httpx
            try:
                children += [item for pair in value.items() for item in pair]
            except Exception:  # noqa: BLE001 - not a mapping after all
                pass
        stack.extend((child, depth + 1) for child in children if child is not None)


def assert_no_credential(error: BaseException) -> None:
    views = [str(error), repr(error), "".join(traceback.format_exception(error))]
    for value in _reachable(error):
        if isinstance(value, (str, bytes)):
            views.append(value if isinstance(value, str) else value.decode("utf-8", "replace"))
    for secret in SECRETS:
        for view in views:
            assert secret not in view, f"{secret} leaked in {view[:300]!r}"
    assert error.__cause__ is None
    assert error.__context__ is None or not any(isinstance(v, BaseException) and v is not error for v in _reachable(error.__context__))


def echo(request: Request) -> str:
    """What a hostile server sends back: the request's headers and body."""
    return json.dumps({"headers": request.headers, "body": request.body.decode("utf-8", "replace")})


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the catalogue client (httpx) --------------------------------------------------------


CATALOGUE_FAILURES: list[tuple[str, Callable[[Request], Reply], str]] = [
    ("404 problem echoing the headers", lambda r: (404, {"content-type": "application/problem+json"}, {"title": "Not found", "detail": echo(r)}), "BaseDosDadosNotFoundException"),
    ("500 text echoing the headers", lambda r: (500, {"content-type": "text/plain"}, echo(r)), "BaseDosDadosServerException"),
    ("200 that is not JSON", lambda r: (200, {"content-type": "application/json"}, "{" + echo(r)), "BaseDosDadosException"),
    ("a connection cut", lambda r: "cut", "BaseDosDadosConnectionException"),
    ("a server that hangs", lambda r: "hang", "BaseDosDadosTimeoutException"),
]


@pytest.mark.parametrize(("name", "script", "kind"), CATALOGUE_FAILURES, ids=[c[0] for c in CATALOGUE_FAILURES])
def test_catalogue_errors_never_carry_the_authorization_header(
    bd: ModuleType, serve: Serve, name: str, script: Callable[[Request], Reply], kind: str
) -> None:
    server = serve(script)
    bd.config.headers = {"Authorization": f"Bearer {CATALOGUE_TOKEN}"}
    bd.config.retry = {"max_attempts": 2, "initial_delay_ms": 1, "max_delay_ms": 2}
    with pytest.raises(getattr(bd, kind)) as raised:
        # A timeout only where the server never answers: elsewhere a slow machine must not turn the case into one.
        bd.get_dataset("br_ibge_pib", base_url=server.url, timeout=0.3 if name == "a server that hangs" else None)
    assert server.requests[0].headers["authorization"] == f"Bearer {CATALOGUE_TOKEN}"  # it was sent...
    assert_no_credential(raised.value)  # ...and the error does not keep it


def test_a_refused_catalogue_connection_carries_no_credential(bd: ModuleType) -> None:
    bd.config.headers = {"Authorization": f"Bearer {CATALOGUE_TOKEN}"}
    with pytest.raises(bd.BaseDosDadosConnectionException) as raised:
        bd.get_dataset("x", base_url=f"http://127.0.0.1:{closed_port()}")
    assert_no_credential(raised.value)
    assert raised.value.cause is not None and "ConnectError" in raised.value.cause


# --- the data functions (google-cloud-bigquery, requests, google-auth) -------------------


def bigquery_error(request: Request, status: int, reason: str) -> Reply:
    message = f"echo: {echo(request)} Authorization: Bearer {ACCESS_TOKEN}"
    body = {"error": {"code": status, "message": message, "errors": [{"reason": reason, "message": message, "domain": "global"}]}}
    return (status, {"content-type": "application/json"}, body)


BIGQUERY_FAILURES: list[tuple[str, Callable[[Request], Reply], str]] = [
    ("invalid query echoing the token", lambda r: bigquery_error(r, 400, "invalidQuery"), "BaseDosDadosInvalidQueryException"),
    ("access denied echoing the token", lambda r: bigquery_error(r, 403, "accessDenied"), "BaseDosDadosAccessDeniedException"),
    ("backend errors until the retries end", lambda r: bigquery_error(r, 503, "backendError"), "BaseDosDadosServerException"),
    ("an error without a reason", lambda r: (502, {"content-type": "text/html"}, f"<p>{echo(r)}</p>"), "BaseDosDadosServerException"),
    ("a connection cut", lambda r: "cut", "BaseDosDadosConnectionException"),
    ("a server that hangs", lambda r: "hang", "BaseDosDadosTimeoutException"),
]


@pytest.fixture
def fake_token(bd: ModuleType) -> Any:
    from google.oauth2.credentials import Credentials

    bd.config.credentials = Credentials(token=ACCESS_TOKEN)
    bd.config.billing_project_id = "meu-projeto"
    bd.config.retry = {"max_attempts": 2, "initial_delay_ms": 1, "max_delay_ms": 2}
    return bd.config.credentials


@pytest.mark.parametrize(("name", "script", "kind"), BIGQUERY_FAILURES, ids=[c[0] for c in BIGQUERY_FAILURES])
def test_bigquery_errors_never_carry_the_bearer_token(
    bd: ModuleType, serve: Serve, fake_token: Any, name: str, script: Callable[[Request], Reply], kind: str
) -> None:
    server = serve(script)
    bd.config.bigquery_endpoint = server.url
    with pytest.raises(getattr(bd, kind)) as raised:
        call_data(bd, "read_sql", query="SELECT 1", timeout=0.5 if name == "a server that hangs" else None)
    assert server.requests[0].headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert_no_credential(raised.value)
    assert raised.value.cause is not None


def test_a_failed_result_page_carries_no_token(bd: ModuleType, serve: Serve, fake_token: Any) -> None:
    def script(request: Request) -> Reply:
        if request.method == "POST":
            job = json.loads(request.body)["jobReference"]
            return (200, {}, {"jobReference": job, "status": {"state": "RUNNING"}, "configuration": {"query": {"query": "SELECT 1"}}})
        return bigquery_error(request, 500, "internalError")

    server = serve(script)
    bd.config.bigquery_endpoint = server.url
    with pytest.raises(bd.BaseDosDadosServerException) as raised:
        bd.read_sql("SELECT 1")
    assert [r.method for r in server.requests] == ["POST", "GET", "GET"]  # the page was retried, the job was not
    assert_no_credential(raised.value)


def test_a_refresh_that_fails_carries_neither_refresh_token_nor_client_secret(bd: ModuleType, serve: Serve) -> None:
    from google.oauth2.credentials import Credentials

    def script(request: Request) -> Reply:
        if request.path.startswith("/token"):
            # A token endpoint that quotes what it was sent, secrets included.
            return (400, {"content-type": "application/json"}, {"error": "invalid_grant", "error_description": echo(request)})
        return (500, {}, "the query must not be reached")

    server = serve(script)
    bd.config.credentials = Credentials(
        token=None, refresh_token=REFRESH_TOKEN, token_uri=f"{server.url}/token", client_id="client-id", client_secret=CLIENT_SECRET
    )
    bd.config.billing_project_id = "meu-projeto"
    bd.config.bigquery_endpoint = server.url
    with pytest.raises(bd.BaseDosDadosAccessDeniedException, match="could not be refreshed") as raised:
        bd.read_sql("SELECT 1")
    assert SECRETS[2] in server.requests[0].body.decode()  # it was sent to the token endpoint...
    assert_no_credential(raised.value)  # ...and the error does not keep it
    assert all(not r.path.startswith("/projects") and "/queries" not in r.path for r in server.requests)


def test_a_refused_bigquery_connection_carries_no_token(bd: ModuleType, fake_token: Any) -> None:
    bd.config.bigquery_endpoint = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(bd.BaseDosDadosConnectionException) as raised:
        bd.read_sql("SELECT 1")
    assert_no_credential(raised.value)


REDACTED = [
    ("Authorization: Bearer ya29.abc-DEF_123", "Authorization: [redacted] [redacted]"),
    ("{'authorization': 'Bearer sekret12345'}", "{'authorization': '[redacted] [redacted]'}"),
    ('{"access_token": "abc123", "refresh_token":"1//0gxyzxyzxyz"}', '{"access_token": "[redacted]", "refresh_token":"[redacted]"}'),
    ("grant_type=refresh_token&refresh_token=1%2F%2Fabc&client_secret=GOCSPX-xyz", "grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]"),
    ("GET https://x/y?key=AIzaSy123&alt=json", "GET https://x/y?key=[redacted]&alt=json"),
    ("-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----", "[redacted]"),
    ("key=AIzaSyFAKE0123456789abcdefghij and AIzaSyFAKE0123456789abcdefghij", "key=[redacted] and [redacted]"),
    ("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJl end", "jwt [redacted] end"),
    ("GET /x?token=FAKE123&page=2", "GET /x?token=[redacted]&page=2"),
    ("The access token expired", "The access token expired"),
    ("Table basedosdados.br_ibge_pib.municipio was not found", "Table basedosdados.br_ibge_pib.municipio was not found"),
]


@pytest.mark.parametrize(("text", "want"), REDACTED)
def test_redact_removes_credentials_and_keeps_ordinary_text(text: str, want: str) -> None:
    assert redact(text) == want


def test_the_secrets_of_configured_headers_are_their_values_bare_tokens_and_cookie_values() -> None:
    from basedosdados_sdk._runtime.redaction import header_secrets

    headers = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "User-Agent": "my-app/1.0",
        "Authorization": "Bearer FAKE-bare-0123",
        "Cookie": "a=FAKE-cookie-1; b=FAKE-cookie-2",
        "X-Api-Key": "key-FAKE",
        "X-Short": "abc",
    }
    assert sorted(header_secrets(headers)) == sorted(
        ["Bearer FAKE-bare-0123", "FAKE-bare-0123", "a=FAKE-cookie-1; b=FAKE-cookie-2", "FAKE-cookie-1", "FAKE-cookie-2", "key-FAKE"]
    )
    # As it is, inside JSON and percent-encoded: every form a server may quote it in.
    assert redact('{"x": "a\\"b-FAKE"} a%22b-FAKE a"b-FAKE', ['a"b-FAKE']) == '{"x": "[redacted]"} [redacted] [redacted]'


def test_describe_cause_names_the_type_and_removes_known_secrets() -> None:
    error = ValueError(f"token {CLIENT_SECRET} refused")
    assert describe_cause(error, [CLIENT_SECRET]) == "ValueError: token [redacted] refused"
    assert describe_cause(KeyError()) == "KeyError"


# --- credentials a server echoes back, and cookies it sets ------------------------------------------

API_KEY = "key-FAKE-configured-0123456789"
OPAQUE_TOKEN = "FAKE-opaque-token-0123456789"
COOKIE = "cookie-FAKE-0123456789"
HEADER_PARAM = "FAKE-header-param-0123456789"
COOKIE_PARAM = "FAKE-cookie-param-0123456789"


def echo_problem(status: int) -> Callable[[Request], Reply]:
    """A problem quoting every request header back, in its detail and as a structured member."""

    def reply(request: Request) -> Reply:
        lines = [f"{name}: {value}" for name, value in request.raw_headers]
        body = {"title": "Echo", "status": status, "detail": "request headers were: " + "; ".join(lines), "request_headers": dict(request.raw_headers)}
        return (status, {"content-type": "application/problem+json", "x-request-id": f"id-{API_KEY}"}, body)

    return reply


def every_view(error: BaseException) -> str:
    """What the conformance runners dump: every way Python shows an error."""
    problem = getattr(error, "problem", None)
    return str(error) + repr(error) + repr(vars(error)) + repr(problem) + repr(error.args) + "".join(traceback.format_exception(error))


def test_configured_headers_and_a_cookie_echoed_back_never_reach_the_error(bd: ModuleType, serve: Serve) -> None:
    cookie = {"set-cookie": f"bd_session={COOKIE}; Path=/; HttpOnly", "retry-after": "0"}
    echo_403 = echo_problem(403)
    server = serve(lambda r: (503, cookie, {"title": "Unavailable", "status": 503}) if len(server.requests) == 1 else echo_403(r))
    bd.config.headers = {"X-Api-Key": API_KEY, "Authorization": f"Token {OPAQUE_TOKEN}"}
    with pytest.raises(bd.BaseDosDadosAccessDeniedException) as raised:
        bd.list_datasets(base_url=server.url)
    retried = server.requests[1]
    assert retried.headers["x-api-key"] == API_KEY  # sent, and quoted back by the server
    assert "cookie" not in retried.headers  # the cookie the 503 set was not sent back
    view = every_view(raised.value)
    for secret in (API_KEY, OPAQUE_TOKEN, COOKIE):
        assert secret not in view, f"{secret} in {view[:600]}"
    assert raised.value.problem is not None and raised.value.problem["request_headers"]["x-api-key"] == "[redacted]"
    assert_no_credential_of(raised.value, (API_KEY, OPAQUE_TOKEN, COOKIE))


def test_header_and_cookie_parameters_echoed_by_a_failing_server_never_reach_the_error(bd: ModuleType, serve: Serve) -> None:
    from basedosdados_sdk._runtime.http import HttpClient
    from basedosdados_sdk._runtime.operations import OperationSpec
    from basedosdados_sdk._runtime.params import ParamSpec, ValueRules
    from basedosdados_sdk._spec import API_SPEC

    params = (
        ParamSpec(name="X-Session", label="session", location="header", required=True, rules=ValueRules(type="string")),
        ParamSpec(name="sid", label="sid", location="cookie", required=True, rules=ValueRules(type="string")),
    )
    op = OperationSpec(id="getThing", method="GET", path="/thing", params=params)  # type: ignore[arg-type]
    server = serve(echo_problem(500))
    client = HttpClient(API_SPEC, base_url=server.url, sleep=lambda _: None)
    try:
        with pytest.raises(bd.BaseDosDadosServerException) as raised:
            client.call(op, {"X-Session": HEADER_PARAM, "sid": COOKIE_PARAM})
    finally:
        client.close()
    assert raised.value.attempts == 4 and server.requests[3].headers["cookie"] == f"sid={COOKIE_PARAM}"
    assert_no_credential_of(raised.value, (HEADER_PARAM, COOKIE_PARAM))


def test_a_cookie_a_server_set_is_never_sent_back(bd: ModuleType, serve: Serve) -> None:
    server = serve(lambda _: (200, {"set-cookie": f"bd_session={COOKIE}; Path=/"}, {"total_rows": 1}))
    bd.get_table_stats(base_url=server.url)
    bd.get_table_stats(base_url=server.url)
    assert [r.headers.get("cookie") for r in server.requests] == [None, None]


def test_bigquery_never_sends_back_a_cookie_even_within_a_redirect(bd: ModuleType, serve: Serve, fake_token: Any) -> None:
    def fault(request: Request, page: int) -> Reply | None:
        hop = page == 1 and "hop=1" not in request.path
        return (302, {"location": request.path + "&hop=1", "set-cookie": f"hop={COOKIE}"}, "") if hop else None

    fake = FakeBigQuery(rows=[1, 2, 3], fault=fault)

    def script(request: Request) -> Reply:
        answer = fake(request)
        return (answer[0], {**answer[1], "set-cookie": f"bd_session={COOKIE}"}, answer[2]) if request.method == "POST" else answer  # type: ignore[index]

    server = serve(script)
    bd.config.bigquery_endpoint = server.url
    assert list(call_data(bd, "read_sql", query="SELECT n")["n"]) == [1, 2, 3]
    assert fake.page_requests == {0: 1, 1: 2}
    assert [r.headers.get("cookie") for r in server.requests] == [None] * 4


def assert_no_credential_of(error: BaseException, secrets: tuple[str, ...]) -> None:
    """No view of ``error`` and no text reachable from it holds any of ``secrets``."""
    texts = [every_view(error)] + [v if isinstance(v, str) else v.decode("utf-8", "replace") for v in _reachable(error) if isinstance(v, (str, bytes))]
    for secret in secrets:
        for text in texts:
            assert secret not in text, f"{secret} leaked in {text[:300]!r}"
