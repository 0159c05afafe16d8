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
import itertools
import json
import platform
import random as _random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config import config, resolve_base_url
from .errors import BaseDosDadosException, ErrorKindSpec, create_error, error_from_response
from .pagination import Page, PaginationSpec
from .params import OperationSpec, build_path, build_query, validate_args
from .retry import (
    AttemptFailure,
    NetworkFailure,
    RetryPolicy,
    StatusFailure,
    TimeoutFailure,
    parse_retry_after,
    resolve_retry_policy,
    retry_delay_ms,
    should_retry,
)

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_TIMEOUT", "ApiSpec", "HttpClient", "close_clients", "http_client"]

DEFAULT_TIMEOUT = 30.0
"""Seconds each try may take when neither the call nor ``config.timeout`` says."""

# Network errors and timeouts are only retried for methods that are safe to repeat.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


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
    """

    package: str
    version: str
    default_base_url: str
    retry: RetryPolicy
    errors: tuple[ErrorKindSpec, ...]
    pagination: PaginationSpec


@dataclass(frozen=True)
class _Response:
    status: int
    headers: Mapping[str, str]
    text: str
    # The first Retry-After value: httpx joins repeated headers with commas.
    retry_after: str | None = None


@dataclass(frozen=True)
class _Network:
    error: Exception


@dataclass(frozen=True)
class _Timeout:
    error: Exception


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _as_problem(parsed: object, content_type: str) -> dict[str, Any] | None:
    if not isinstance(parsed, dict):
        return None
    looks_like_problem = any(member in parsed for member in ("type", "title", "status", "detail"))
    if content_type.lower().startswith("application/problem+json") or looks_like_problem:
        return parsed
    return None


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
        Headers sent with every request.
    transport : httpx.BaseTransport, optional
        The httpx transport to send through (a mock in tests, a proxy...).
    sleep : callable, optional
        Waits the given seconds between tries (``time.sleep``); tests pass a recorder.
    random : callable, optional
        Random numbers in [0, 1) for the jitter.

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
            "accept": "application/json, application/problem+json",
            "user-agent": f"{spec.package}/{spec.version} (python {platform.python_version()}; httpx {httpx.__version__})",
        }
        default_headers.update({name.lower(): value for name, value in (headers or {}).items()})
        self._client = httpx.Client(
            headers=default_headers,
            timeout=httpx.Timeout(timeout),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        """Closes the connections this client keeps open."""
        self._client.close()

    def call(self, op: OperationSpec, args: Mapping[str, object]) -> Any:
        """Calls one operation and returns its parsed JSON body.

        Arguments are checked against ``op`` first, so a validation exception means
        no request was sent. Failed tries are retried as the policy says, waiting
        with backoff and jitter or as ``Retry-After`` asks. The exception finally
        raised is typed by the spec's error table and carries ``status``,
        ``problem``, ``request_id`` and ``attempts``.

        Parameters
        ----------
        op : OperationSpec
            The generated description of the operation.
        args : Mapping
            The caller's arguments, keyed by wire name; None means "not given".

        Returns
        -------
        Any
            The parsed JSON body (None for an empty one; the text for a non-JSON one).

        Raises
        ------
        BaseDosDadosException
            Of the kind the spec's error table gives the failure.
        """
        validate_args(op.id, op.params, args, self.errors)
        path = build_path(op, args) + build_query(op, args)
        request = f"{op.method} {self._base_path}{path}"
        for attempt in itertools.count(1):
            result = self._attempt(op.method, self.base_url + path)
            if isinstance(result, _Response) and 200 <= result.status < 300:
                return self._parse_success(result, request, attempt)
            failure: AttemptFailure
            if isinstance(result, _Response):
                failure = StatusFailure(result.status)
            elif isinstance(result, _Timeout):
                failure = TimeoutFailure()
            else:
                failure = NetworkFailure()
            safe_to_repeat = isinstance(result, _Response) or op.method in _IDEMPOTENT_METHODS
            if not safe_to_repeat or not should_retry(self.retry_policy, failure, attempt):
                raise self._to_error(result, request, attempt)
            retry_after = result.retry_after if isinstance(result, _Response) else None
            self._sleep(retry_delay_ms(self.retry_policy, attempt, retry_after, random=self._random) / 1000)
        raise AssertionError("unreachable")  # pragma: no cover

    def paginate(self, op: OperationSpec, args: Mapping[str, object]) -> Page[Any, Any]:
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
        body = self.call(op, args)
        return Page(body, args, op=op, pagination=self.pagination, fetch_page=lambda page_args: self.call(op, page_args))

    def _attempt(self, method: str, url: str) -> _Response | _Network | _Timeout:
        import httpx

        try:
            response = self._client.request(method, url)
        except httpx.TimeoutException as error:
            return _Timeout(error)
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError):
            raise  # configuration mistakes, not network trouble: never retried
        except httpx.TransportError as error:
            return _Network(error)
        retry_after = response.headers.get_list("retry-after")
        return _Response(
            status=response.status_code,
            headers=response.headers,
            text=response.text,
            retry_after=retry_after[0] if retry_after else None,
        )

    def _parse_success(self, result: _Response, request: str, attempts: int) -> Any:
        if result.text == "":
            return None
        content_type = result.headers.get("content-type", "")
        if content_type and not _is_json(content_type):
            return result.text
        try:
            return json.loads(result.text)
        except ValueError as error:
            raise create_error(
                self.errors,
                "unknown",
                f"{request} answered {result.status} with a body that is not valid JSON",
                status=result.status,
                request_id=result.headers.get("x-request-id"),
                attempts=attempts,
            ) from error

    def _to_error(self, result: _Response | _Network | _Timeout, request: str, attempts: int) -> BaseDosDadosException:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        if isinstance(result, _Timeout):
            error = create_error(
                self.errors,
                "timeout",
                f"{request} to {self._origin} timed out ({self.timeout:g} s per attempt){tries}",
                attempts=attempts,
            )
            error.__cause__ = result.error
            return error
        if isinstance(result, _Network):
            reason = str(result.error) or type(result.error).__name__
            error = create_error(
                self.errors, "connection", f"{request} to {self._origin} failed: {reason}{tries}", attempts=attempts
            )
            error.__cause__ = result.error
            return error
        content_type = result.headers.get("content-type", "")
        problem: dict[str, Any] | None = None
        if _is_json(content_type):
            try:
                problem = _as_problem(json.loads(result.text), content_type)
            except ValueError:
                problem = None  # an unreadable error body is quoted as text below
        retry_after_ms = parse_retry_after(result.retry_after)
        request_id = result.headers.get("x-request-id")
        problem_request_id = problem.get("request_id") if problem else None
        return error_from_response(
            self.errors,
            result.status,
            request=request,
            problem=problem,
            request_id=request_id or (problem_request_id if isinstance(problem_request_id, str) else None),
            body_text=None if problem else result.text,
            attempts=attempts,
            retry_after=retry_after_ms / 1000 if retry_after_ms is not None else None,
        )


_clients: dict[tuple[object, ...], HttpClient] = {}
_clients_lock = threading.Lock()


def http_client(spec: ApiSpec, base_url: str | None = None, timeout: float | None = None) -> HttpClient:
    """The shared client for these settings, so calls reuse connections.

    ``base_url`` and ``timeout`` are a call's own arguments; what they leave out
    comes from ``config`` and the environment (see :mod:`.config`).
    """
    url = resolve_base_url(base_url, spec.default_base_url)
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
