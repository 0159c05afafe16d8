"""Authentication from the spec's securitySchemes, through the package generated from
tests/specs/fixtures/issue18/python-auth.yaml, against loopback servers: what each scheme
kind sends, OAuth2 tokens fetched, cached, refreshed (a fake clock) and fetched again on a
401, the headers hook, ``security: []``, alternatives, environment variables, and no
credential in any error."""

from __future__ import annotations

import base64
import importlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Reply, Request, ScriptedServer, _generate, _with_fresh_config

AUTH_SPEC = "tests/specs/fixtures/issue18/python-auth.yaml"
ENV = ("HEADER_KEY", "QUERY_KEY", "COOKIE_KEY", "BASIC_USERNAME", "BASIC_PASSWORD", "BEARER", "OAUTH", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET")
THING = (200, {}, {"id": "t1"})
SECRET = "s3cr3t-value-0123456789"


@pytest.fixture(scope="module")
def auth_root() -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="bdgen-auth-"))
    root = _generate(AUTH_SPEC, scratch)
    sys.path.insert(0, str(root / "src"))
    yield root
    sys.path.remove(str(root / "src"))
    shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def ak(auth_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The generated package ``authkinds``, with fresh settings and none of its environment variables set."""
    module = importlib.import_module("authkinds")
    for name in ENV:
        monkeypatch.delenv(f"AUTH_KINDS_{name}", raising=False)
    yield from _with_fresh_config(module)


def start(serve: Callable[[Callable[[Request], Reply]], ScriptedServer], script: Callable[[Request], Reply] = lambda _: THING) -> ScriptedServer:
    return serve(script)


def query(request: Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.path).query)


def test_api_key_in_a_header(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"header_key": "key-in-header"}
    assert ak.with_header_key(base_url=server.url) == {"id": "t1"}
    assert server.requests[0].headers["x-api-key"] == "key-in-header"
    assert "authorization" not in server.requests[0].headers


def test_api_key_in_the_query_beside_the_parameters(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"query_key": "key in query&"}
    ak.with_query_key(q="pib", base_url=server.url)
    assert query(server.requests[0]) == {"q": ["pib"], "api_key": ["key in query&"]}


def test_api_key_in_a_cookie(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"cookie_key": "cookie-value"}
    ak.with_cookie_key(base_url=server.url)
    assert server.requests[0].headers["cookie"] == "session=cookie-value"


def test_basic_from_a_tuple_and_from_a_dict(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    for given in (("ana", "pässword"), {"username": "ana", "password": "pässword"}):
        ak.config.credentials = {"basic": given}
        ak.with_basic(base_url=server.url)
    expected = "Basic " + base64.b64encode("ana:pässword".encode()).decode()
    assert [r.headers["authorization"] for r in server.requests] == [expected, expected]


def test_bearer_from_the_global_requirement(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"bearer": "token-123"}
    ak.with_bearer(base_url=server.url)
    assert server.requests[0].headers["authorization"] == "Bearer token-123"


def test_security_empty_sends_nothing(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {name: "value-1234" for name in ("header_key", "query_key", "cookie_key", "bearer")}
    ak.without_security(base_url=server.url)
    request = server.requests[0]
    assert "authorization" not in request.headers and "x-api-key" not in request.headers and "cookie" not in request.headers
    assert urlsplit(request.path).query == ""


def test_alternatives_send_the_first_one_configured(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"basic": ("ana", "pw-1234")}
    ak.with_either(base_url=server.url)
    ak.config.credentials = {"basic": ("ana", "pw-1234"), "header_key": "key-1234"}
    ak.with_either(base_url=server.url)
    first, second = server.requests
    assert first.headers["authorization"].startswith("Basic ") and "x-api-key" not in first.headers
    assert second.headers["x-api-key"] == "key-1234" and "authorization" not in second.headers


def test_a_requirement_of_two_schemes_needs_both(ak: ModuleType, serve: Any) -> None:
    server = start(serve)
    ak.config.credentials = {"header_key": "key-1234"}
    ak.with_both(base_url=server.url)
    ak.config.credentials = {"header_key": "key-1234", "query_key": "key-5678"}
    ak.with_both(base_url=server.url)
    first, second = server.requests
    assert "x-api-key" not in first.headers and query(first) == {}
    assert second.headers["x-api-key"] == "key-1234" and query(second) == {"api_key": ["key-5678"]}


def test_environment_variables_are_read_at_call_time(ak: ModuleType, serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    server = start(serve)
    ak.with_header_key(base_url=server.url)
    monkeypatch.setenv("AUTH_KINDS_HEADER_KEY", "from-env-1")
    monkeypatch.setenv("AUTH_KINDS_BASIC_USERNAME", "ana")
    monkeypatch.setenv("AUTH_KINDS_BASIC_PASSWORD", "pw-from-env")
    ak.with_header_key(base_url=server.url)
    ak.with_basic(base_url=server.url)
    ak.config.credentials = {"header_key": "from-config"}
    ak.with_header_key(base_url=server.url)
    assert [r.headers.get("x-api-key") for r in server.requests] == [None, "from-env-1", None, "from-config"]
    assert server.requests[2].headers["authorization"] == "Basic " + base64.b64encode(b"ana:pw-from-env").decode()


def test_the_hook_runs_for_every_try_and_sends_what_no_scheme_can(ak: ModuleType, serve: Any) -> None:
    answers = iter([(503, {}, b"busy"), THING])
    server = start(serve, lambda _: next(answers))
    seen: list[tuple[str, str, str]] = []

    def hook(request: Any) -> dict[str, str]:
        seen.append((request.method, request.url, request.operation_id))
        return {"Authorization": f"Digest try-{len(seen)}"}

    ak.config.auth_headers = hook
    ak.with_digest(base_url=server.url)
    assert [r.headers["authorization"] for r in server.requests] == ["Digest try-1", "Digest try-2"]
    assert seen == [("GET", f"{server.url}/digest", "withDigest")] * 2


def oauth_server(serve: Any, *, expires_in: int = 3600, refuse_first_token: bool = False) -> tuple[ScriptedServer, list[Request]]:
    """A token endpoint (/oauth/token, counted) beside the API, which accepts only the last token issued."""
    tokens: list[Request] = []

    def script(request: Request) -> Reply:
        if request.path == "/oauth/token":
            tokens.append(request)
            return (200, {}, {"access_token": f"tok-{len(tokens)}-abcdef", "token_type": "bearer", "expires_in": expires_in})
        latest = f"Bearer tok-{len(tokens)}-abcdef"
        if refuse_first_token and len(tokens) == 1:
            return (401, {}, {"title": "token revoked"})
        return THING if request.headers.get("authorization") == latest else (401, {}, {"title": "bad token"})

    return serve(script), tokens


def test_oauth2_client_credentials_fetched_once_and_cached(ak: ModuleType, serve: Any) -> None:
    server, tokens = oauth_server(serve)
    ak.config.credentials = {"oauth": {"client_id": "app", "client_secret": SECRET}}
    ak.with_oauth(base_url=server.url)
    ak.with_oauth(base_url=server.url)
    assert len(tokens) == 1
    form = parse_qs(tokens[0].body.decode())
    assert form == {"grant_type": ["client_credentials"], "scope": ["read"]}
    assert tokens[0].headers["authorization"] == "Basic " + base64.b64encode(f"app:{SECRET}".encode()).decode()
    assert [r.headers.get("authorization") for r in server.requests if r.path == "/oauth"] == ["Bearer tok-1-abcdef"] * 2


def test_oauth2_token_refreshed_when_less_than_30_seconds_are_left(ak: ModuleType, serve: Any) -> None:
    server, tokens = oauth_server(serve, expires_in=100)
    now = [1000.0]
    api = importlib.import_module("authkinds._spec")
    client = importlib.import_module("authkinds._runtime.http").HttpClient(api.API_SPEC, base_url=server.url, clock=lambda: now[0])
    try:
        ak.config.credentials = {"oauth": {"client_id": "app", "client_secret": SECRET}}
        op = api.OPERATIONS["withOauth"]
        client.call(op, {})
        now[0] += 70  # 30 s left: still used
        client.call(op, {})
        assert len(tokens) == 1
        now[0] += 1  # 29 s left: fetched again
        client.call(op, {})
        assert len(tokens) == 2
        assert [r.headers["authorization"] for r in server.requests if r.path == "/oauth"][-1] == "Bearer tok-2-abcdef"
    finally:
        client.close()


def test_oauth2_401_fetches_a_new_token_and_resends_once(ak: ModuleType, serve: Any) -> None:
    server, tokens = oauth_server(serve, refuse_first_token=True)
    ak.config.credentials = {"oauth": {"client_id": "app", "client_secret": SECRET}}
    assert ak.with_oauth(base_url=server.url) == {"id": "t1"}
    assert len(tokens) == 2
    assert [r.path for r in server.requests] == ["/oauth/token", "/oauth", "/oauth/token", "/oauth"]


def test_oauth2_a_second_401_is_access_denied_without_a_third_token(ak: ModuleType, serve: Any) -> None:
    tokens: list[Request] = []

    def script(request: Request) -> Reply:
        if request.path == "/oauth/token":
            tokens.append(request)
            return (200, {}, {"access_token": f"tok-{len(tokens)}-abcdef", "expires_in": 3600})
        return (401, {}, {"title": "no"})

    server = serve(script)
    ak.config.credentials = {"oauth": {"client_id": "app", "client_secret": SECRET}}
    with pytest.raises(Exception) as caught:
        ak.with_oauth(base_url=server.url)
    assert caught.value.kind == "access_denied"
    assert len(tokens) == 2
    assert_no_secret(caught.value, ("tok-1-abcdef", "tok-2-abcdef", SECRET))


def test_a_token_endpoint_that_refuses_is_access_denied_naming_its_error(ak: ModuleType, serve: Any) -> None:
    server = serve(lambda r: (400, {}, {"error": "invalid_client", "error_description": "unknown client"}))
    ak.config.credentials = {"oauth": {"client_id": "app", "client_secret": SECRET}}
    with pytest.raises(Exception) as caught:
        ak.with_oauth(base_url=server.url)
    assert caught.value.kind == "access_denied"
    assert "invalid_client unknown client" in str(caught.value)
    assert_no_secret(caught.value, (SECRET,))


def test_unmet_requirement_answered_401_names_the_schemes_and_variables(ak: ModuleType, serve: Any) -> None:
    server = serve(lambda r: (401, {}, {"title": "Unauthorized"}))
    with pytest.raises(Exception) as caught:
        ak.with_either(base_url=server.url)
    message = str(caught.value)
    assert caught.value.kind == "access_denied"
    assert "withEither was sent without credentials" in message
    assert "header_key (config.credentials['header_key'] or AUTH_KINDS_HEADER_KEY)" in message
    assert "basic (config.credentials['basic'] or AUTH_KINDS_BASIC_USERNAME, AUTH_KINDS_BASIC_PASSWORD)" in message


def test_a_credential_of_the_wrong_type_is_a_typed_error(ak: ModuleType) -> None:
    ak.config.credentials = {"basic": "not-a-pair"}
    with pytest.raises(Exception) as caught:
        ak.with_basic(base_url="http://127.0.0.1:9")
    assert caught.value.kind == "validation" and caught.value.attempts == 0
    assert "config.credentials['basic'] must be a (username, password) tuple" in str(caught.value)


def assert_no_secret(error: BaseException, secrets: tuple[str, ...]) -> None:
    shown = " ".join([str(error), repr(error), repr(vars(error)), repr(getattr(error, "problem", None))])
    for secret in secrets:
        assert secret not in shown, secret


@pytest.mark.parametrize(
    ("operation", "credentials", "secrets"),
    [
        ("with_header_key", {"header_key": SECRET}, (SECRET,)),
        ("with_query_key", {"query_key": SECRET}, (SECRET,)),
        ("with_cookie_key", {"cookie_key": SECRET}, (SECRET,)),
        ("with_basic", {"basic": ("ana", SECRET)}, (SECRET, base64.b64encode(f"ana:{SECRET}".encode()).decode())),
        ("with_bearer", {"bearer": SECRET}, (SECRET,)),
    ],
)
def test_credentials_echoed_by_the_server_are_redacted(ak: ModuleType, serve: Any, operation: str, credentials: dict[str, Any], secrets: tuple[str, ...]) -> None:
    def echo(request: Request) -> Reply:
        return (403, {}, {"title": "Forbidden", "detail": f"you sent {request.path} {request.headers}"})

    server = serve(echo)
    ak.config.credentials = credentials
    with pytest.raises(Exception) as caught:
        getattr(ak, operation)(base_url=server.url)
    assert caught.value.status == 403
    assert "[redacted]" in str(caught.value)
    assert_no_secret(caught.value, secrets)


def test_env_and_hook_credentials_echoed_are_redacted(ak: ModuleType, serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    server = serve(lambda r: (403, {}, {"title": "Forbidden", "detail": f"got {r.headers}"}))
    monkeypatch.setenv("AUTH_KINDS_HEADER_KEY", "env-" + SECRET)
    with pytest.raises(Exception) as caught:
        ak.with_header_key(base_url=server.url)
    assert_no_secret(caught.value, ("env-" + SECRET,))
    ak.config.auth_headers = lambda request: {"X-Signature": "hook-" + SECRET}
    with pytest.raises(Exception) as caught:
        ak.with_digest(base_url=server.url)
    assert_no_secret(caught.value, ("hook-" + SECRET,))


def test_the_package_is_named_after_its_brand(ak: ModuleType, serve: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """AUTH_KINDS_API_URL is its base URL; its errors are AuthKinds*Exception, a kind no class claims the brand's base."""
    server = serve(lambda r: (404, {}, {"title": "Not found"}) if r.path == "/open" else (418, {}, {"title": "teapot"}))
    monkeypatch.setenv("AUTH_KINDS_API_URL", server.url)
    monkeypatch.setenv("BASEDOSDADOS_API_URL", "http://127.0.0.1:9")
    with pytest.raises(ak.AuthKindsNotFoundException) as caught:
        ak.without_security()
    assert isinstance(caught.value, ak.AuthKindsException)
    with pytest.raises(ak.AuthKindsException) as other:
        ak.with_digest()
    assert type(other.value) is ak.AuthKindsException and other.value.kind == "unknown"
    assert repr(other.value).startswith("AuthKindsException(")
    assert not any(name.startswith("BaseDosDados") for name in ak.__all__)
