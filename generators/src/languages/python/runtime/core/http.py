# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The HTTP client every generated catalogue function delegates to.

It checks the arguments, sends the request (httpx), retries what the spec's
policy says, and turns failures into the typed exceptions of the spec's error
table. The same semantics as the TypeScript runtime (``sdk-ts/src/core/http.ts``).
"""

from __future__ import annotations

import atexit
import http.cookiejar
import platform
import random as _random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .auth import Authenticator, CallAuth, SecuritySchemeSpec
from .bodies import encode_body, encode_call_body
from .config import config
from .environments import EnvironmentSpec, catalogue_base_url
from .errors import CANCELLED_KIND, ErrorKindSpec, create_error
from .graphql import AnswerRefused, read_answer, request_body
from .operations import GraphqlSpec, MediaSpec, OperationSpec
from .pagination import Page, PaginationSpec
from .params import validate_args
from .redaction import header_secrets, remember_cookies
from .responses import FailedTry, Response, failure_error, parse_success
from .retry import (
    NetworkFailure,
    RetryPolicy,
    StatusFailure,
    TimeoutFailure,
    Verdict,
    call_with_retry,
    resolve_retry_policy,
)
from .transport import REDIRECT_STATUSES, NoCookies, redirect_method, redirect_target
from .wire import build_cookie, build_headers, build_path, build_query

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_TIMEOUT", "ApiSpec", "HttpClient", "close_clients", "http_client"]

DEFAULT_TIMEOUT = 30.0
"""Seconds each try may take when neither the call nor ``config.timeout`` says."""

# Network errors and timeouts are only retried for methods that are safe to repeat.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

_ACCEPT = {"json": "application/json, application/problem+json"}  # anything else: */*, as the TS runtime
_JSON = MediaSpec("application/json", "json")


@dataclass(frozen=True)
class ApiSpec:
    """What the generated code knows from the spec and hands to the runtime.

    Attributes
    ----------
    package : str
        The distribution name, sent in the ``User-Agent``.
    version : str
        The spec's ``info.version``, which is the package's version.
    default_base_url : str
        The spec's first server.
    retry : RetryPolicy
        The spec's ``x-bd-retry``.
    errors : tuple of ErrorKindSpec
        The spec's ``x-bd-errors``, each with its generated exception class.
    pagination : PaginationSpec
        The spec's ``x-bd-pagination``.
    environments : tuple of EnvironmentSpec
        The spec's ``x-bd-environments``: BigQuery projects and catalogue hosts.
    security_schemes : tuple of SecuritySchemeSpec
        The spec's ``components.securitySchemes`` (:mod:`.auth`).
    """

    package: str
    version: str
    default_base_url: str
    retry: RetryPolicy
    errors: tuple[ErrorKindSpec, ...]
    pagination: PaginationSpec
    environments: tuple[EnvironmentSpec, ...] = ()
    security_schemes: tuple[SecuritySchemeSpec, ...] = ()


class HttpClient:
    """Sends the catalogue API's requests for the generated functions.

    Parameters
    ----------
    spec : ApiSpec
        The generated retry policy, error table and pagination fields.
    base_url : str
        Where the API is (``http://127.0.0.1:8787``); a path prefix is kept.
    timeout : float, optional
        Seconds each try may take (connect, send and each read), default 30.
    retry : Mapping, optional
        Changes to the spec's retry policy (``{"max_attempts": 1}``).
    headers : Mapping, optional
        Headers sent with every request; their values (but ``Accept``,
        ``Content-Type`` and ``User-Agent``) never appear in an error.
    transport : httpx.BaseTransport, optional
        The httpx transport to send through (a mock in tests, a proxy...).
    sleep : callable, optional
        Waits the given seconds between tries (``time.sleep``); tests pass a recorder.
    random : callable, optional
        Random numbers in [0, 1) for the jitter.
    clock : callable, optional
        Monotonic seconds (``time.monotonic``), for the life of OAuth2 tokens; tests pass a fake one.

    Raises
    ------
    ValueError
        For a base URL that is not http(s), a timeout that is not positive, or a
        retry change that makes no sense.
    """

    def __init__(
        self,
        spec: ApiSpec,
        *,
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        retry: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import httpx  # imported on first use, so `import <package>` stays fast

        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"base_url must be an http or https URL, got {base_url!r}")
        if not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self.base_url = base_url.rstrip("/")
        self._origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self._base_path = url.path.rstrip("/")
        self.timeout = timeout
        self.retry_policy = resolve_retry_policy(spec.retry, retry)
        self.errors = spec.errors
        self.pagination = spec.pagination
        self._sleep = sleep
        self._random = random
        default_headers = {
            "user-agent": f"{spec.package}/{spec.version} (python {platform.python_version()}; httpx {httpx.__version__})",
        }
        default_headers.update({name.lower(): value for name, value in (headers or {}).items()})
        self._secrets = header_secrets(default_headers)
        self._client = httpx.Client(
            headers=default_headers,
            timeout=httpx.Timeout(timeout),
            transport=transport,
            # Redirects are followed by _attempt (same origin only, same headers: httpx's own
            # following drops the Cookie header of cookie parameters); no cookie jar.
            follow_redirects=False,
            cookies=http.cookiejar.CookieJar(policy=NoCookies()),
        )
        self._auth = Authenticator(spec.security_schemes, base_url=self.base_url, send=self._attempt, errors=self.errors, clock=clock)

    def close(self) -> None:
        """Closes the connections this client keeps open."""
        self._client.close()

    def call(
        self,
        op: OperationSpec,
        args: Mapping[str, object],
        body: object = None,
        *,
        content_type: str | None = None,
        cancel: threading.Event | None = None,
    ) -> Any:
        """Calls one operation and returns its success body as ``op.response`` says.

        Arguments and body are checked against ``op`` first, so a validation
        exception means no request was sent. Failed tries are retried as the policy
        says, waiting with backoff and jitter or as ``Retry-After`` asks. The
        exception finally raised is typed by the spec's error table and carries
        ``status``, ``problem``, ``request_id`` and ``attempts``, never a credential.

        Parameters
        ----------
        op : OperationSpec
            The generated description of the operation.
        args : Mapping
            The caller's path, query, header and cookie arguments, keyed by wire
            name; None means "not given".
        body : object, optional
            The request body (see :mod:`.bodies`); None means "not given".
        content_type : str, optional
            Which of the body's declared media types to send (default: the first).
        cancel : threading.Event, optional
            Setting it stops the call, even mid-request: an exception of kind ``cancelled``.

        Returns
        -------
        Any
            ``json``: the parsed body (None for an empty one); ``binary``: ``bytes``;
            ``text``: ``str``; ``empty``: None.

        Raises
        ------
        BaseDosDadosException
            Of the kind the spec's error table gives the failure; ``redirect`` for a
            redirect to another origin (not followed, not retried); ``server`` for a
            JSON answer whose body is not JSON (naming its content type).
        """
        validate_args(op.id, op.params, args, self.errors)
        encoded = encode_call_body(op, body, content_type, self.errors)
        auth = self._auth.plan(op.id, op.security)
        if op.graphql is not None:
            return self._graphql(op, op.graphql, args, cancel, auth)
        headers = {"accept": _ACCEPT.get(op.response, "*/*"), **build_headers(op, args)}
        cookie = build_cookie(op, args)
        if cookie is not None:
            headers["cookie"] = cookie
        if encoded is not None:
            headers["content-type"] = encoded.content_type

        def parse(response: Response, request: str, tries: int, secrets: tuple[str, ...]) -> Any:
            return parse_success(self.errors, op, response, request, tries, secrets)

        path = build_path(op, args) + build_query(op, args)
        content = encoded.content if encoded is not None else None
        return self._send(op.method, path, headers, content, parse=parse, idempotent=op.method in _IDEMPOTENT_METHODS, cancel=cancel, auth=auth)

    def _graphql(self, op: OperationSpec, spec: GraphqlSpec, args: Mapping[str, object], cancel: threading.Event | None, auth: CallAuth) -> Any:
        """A function of ``x-bd-graphql``: its document POSTed as JSON, the answer read as :mod:`.graphql` says."""
        paging = self.pagination
        encoded = encode_body(_JSON, request_body(spec, args, paging.page_param, paging.page_size_param))
        headers = {"accept": _ACCEPT["json"], "content-type": encoded.content_type}

        def parse(response: Response, request: str, tries: int, secrets: tuple[str, ...]) -> Any:
            answer = parse_success(self.errors, op, response, request, tries, secrets)
            try:
                return read_answer(
                    op.id, spec, answer, args, shape=op.pagination, page_param=paging.page_param, page_size_param=paging.page_size_param, count=paging.count
                )
            except AnswerRefused as refused:
                status = response.status
                request_id = response.headers.get("x-request-id")
                raise create_error(
                    self.errors, refused.kind, f"{refused} ({request})", status=status, request_id=request_id, attempts=tries, secrets=secrets
                ) from None

        # The document only reads: it is retried like a GET, after a network failure too.
        return self._send(op.method, op.path, headers, encoded.content, parse=parse, idempotent=True, cancel=cancel, auth=auth)

    def _send(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        content: bytes | None,
        *,
        parse: Callable[[Response, str, int, tuple[str, ...]], Any],
        idempotent: bool,
        cancel: threading.Event | None,
        auth: CallAuth,
    ) -> Any:
        """The one request path: credentials, tries, retries, redirects, and the typed error of the last failed try."""
        request = f"{method} {self._base_path}{path}"
        url = self.base_url + path
        secrets = (*self._secrets, *header_secrets(headers))
        refreshed = False

        def attempt(tries: int) -> Any:
            nonlocal refreshed
            response = self._attempt(method, *auth.request(method, url, headers), content)
            if response.status == 401 and auth.fetches and not refreshed:  # a revoked token: one new one, one resend
                refreshed = True
                response = self._attempt(method, *auth.request(method, url, headers, refresh=True), content)
            if 200 <= response.status < 300:
                return parse(response, request, tries, secrets)
            raise FailedTry(response)

        def classify(error: Exception) -> Verdict:
            if not isinstance(error, FailedTry):
                return Verdict(None)
            if error.response is not None:
                return Verdict(StatusFailure(error.response.status), error.response.retry_after)
            if not idempotent:
                return Verdict(None)
            return Verdict(TimeoutFailure() if error.timed_out else NetworkFailure())

        return call_with_retry(
            self.retry_policy,
            attempt,
            classify=classify,
            give_up=lambda error, tries: failure_error(self.errors, error, request, tries, self._origin, self.timeout, secrets, auth.unmet),
            sleep=self._sleep,
            random=self._random,
            cancel=cancel,
            cancelled=lambda: create_error(self.errors, CANCELLED_KIND, f"{request} was cancelled"),
        )

    def paginate(self, op: OperationSpec, args: Mapping[str, object], *, cancel: threading.Event | None = None) -> Page[Any, Any]:
        """Calls a list operation and returns the page asked for; iterating it walks every later page.

        Each page is one :meth:`call`, with its checks and retries.

        Raises
        ------
        TypeError
            When ``op`` is not a paged operation (a bug in the generated code).
        """
        if not op.paginated:
            raise TypeError(f"{op.id} is not a paginated operation; use call() instead of paginate()")
        if not any(p.name == self.pagination.page_param and p.location == "query" for p in op.params):
            raise TypeError(f'{op.id} has no "{self.pagination.page_param}" query parameter, so it cannot be paged')
        body = self.call(op, args, cancel=cancel)
        return Page(body, args, op=op, pagination=self.pagination, fetch_page=lambda page_args: self.call(op, page_args, cancel=cancel))

    def _attempt(self, method: str, url: str, headers: Mapping[str, str], content: bytes | None) -> Response:
        """One try: the request and the same-origin redirects it leads to (:mod:`.transport`)."""
        import httpx

        followed = 0
        while True:
            try:
                response = self._client.request(method, url, headers=headers, content=content)
            except httpx.TimeoutException as error:
                raise FailedTry(cause=error, timed_out=True) from None
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError):
                raise  # configuration mistakes, not network trouble: never retried
            except (httpx.TransportError, httpx.DecodingError) as error:  # refused, reset, a body cut or garbled
                raise FailedTry(cause=error) from None
            remember_cookies(response.headers.get_list("set-cookie"))
            if response.status_code not in REDIRECT_STATUSES:
                break
            url = redirect_target(response.status_code, str(response.url), response.headers.get("location"), followed)
            followed += 1
            method, keeps_body = redirect_method(response.status_code, method)
            if not keeps_body:
                content = None
                headers = {name: value for name, value in headers.items() if name != "content-type"}
        retry_after = response.headers.get_list("retry-after")
        return Response(
            status=response.status_code,
            headers=response.headers,
            content=response.content,
            retry_after=retry_after[0] if retry_after else None,
        )

_clients: dict[tuple[object, ...], HttpClient] = {}
_clients_lock = threading.Lock()


def http_client(spec: ApiSpec, base_url: str | None = None, timeout: float | None = None) -> HttpClient:
    """The shared client for these settings, so calls reuse connections.

    ``base_url`` and ``timeout`` are a call's own arguments; what they leave out
    comes from ``config`` and the environment (see :mod:`.config`).
    """
    url = catalogue_base_url(spec.environments, spec.default_base_url, base_url, spec.errors)
    seconds = timeout if timeout is not None else config.timeout if config.timeout is not None else DEFAULT_TIMEOUT
    retry = dict(config.retry) if config.retry else None
    headers = dict(config.headers)
    key = (spec, url, seconds, repr(sorted((retry or {}).items())), repr(sorted(headers.items())))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = HttpClient(spec, base_url=url, timeout=seconds, retry=retry, headers=headers)
            _clients[key] = client
        return client


def close_clients() -> None:
    """Closes every shared client (their connections); later calls open new ones."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


atexit.register(close_clients)
