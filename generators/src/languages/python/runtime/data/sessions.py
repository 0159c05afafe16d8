# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The HTTP session the BigQuery client sends through: google-auth's, under the transport rules.

requests follows redirects to any host (dropping only ``Authorization``) and
keeps a cookie jar; the client's session is this one instead (handed to
``bigquery.Client`` as its ``_http``), which follows the rules of
:mod:`.transport`: a redirect is followed only to the same origin, at most 5 times,
and refused otherwise before anything is sent there; no cookie is stored or sent
back; a success whose content type is not JSON is refused (BigQuery's REST API
answers JSON only). Refusals surface as :class:`.transport.RedirectRefused` and
:class:`.transport.UnexpectedBody`, which the retry loop types without retrying.

A request can be stopped from another thread (:func:`stop_requests_of`) while it
waits for its response's headers as well as while it reads the body: the session's
connections record themselves as what their thread waits on.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Generator
from typing import Any

import google.auth.transport.requests
import requests
import urllib3.connection
import urllib3.poolmanager
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

from .redaction import remember_cookies
from .responses import is_json
from .transport import (
    MAX_REDIRECTS,
    REDIRECT_STATUSES,
    NoCookies,
    RedirectRefused,
    UnexpectedBody,
    redirect_target,
    shown_origin,
)

__all__ = ["policy_session", "stop_requests_of"]

# What google-cloud-core gives its own session: a token refresh may take this long at most.
_REFRESH_TIMEOUT = 300.0

# Thread id -> how to stop what that thread waits on: the connection its request was sent on until the
# response is handed over, then that response's body; so a try given up on can be stopped.
_stoppers: dict[int, Callable[[], None]] = {}
_stoppers_lock = threading.Lock()


def stop_requests_of(thread: threading.Thread) -> None:
    """Stops the request ``thread`` is sending or reading the answer of, if any: it fails now and the server sees the connection close.

    Called for a try abandoned by its time limit, a cancel or Ctrl-C. A connection
    still being opened is not stopped: its connect timeout ends it.
    """
    # Under the lock, so the thread cannot hand its connection back to the pool while it is being shut down.
    with _stoppers_lock:
        stop = _stoppers.pop(thread.ident or 0, None)
        if stop is not None:
            with contextlib.suppress(Exception):
                stop()


def _waits_on(stop: Callable[[], None]) -> None:
    with _stoppers_lock:
        _stoppers[threading.get_ident()] = stop


def _done_waiting_on(stop: Callable[[], None] | None = None) -> None:
    """Forgets what this thread waits on (only ``stop``, when given: something else may have replaced it)."""
    with _stoppers_lock:
        if stop is None or _stoppers.get(threading.get_ident()) == stop:
            _stoppers.pop(threading.get_ident(), None)


class _StoppableHTTPConnection(urllib3.connection.HTTPConnection):
    """A connection that records itself as what its thread waits on from sending a request until its response is handed over."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        _waits_on(self._shut_down)
        try:
            super().request(*args, **kwargs)
        except BaseException:
            _done_waiting_on(self._shut_down)
            raise

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3's own (not http.client's type)
        try:
            return super().getresponse()
        except BaseException:
            _done_waiting_on(self._shut_down)
            raise

    def _shut_down(self) -> None:
        # shutdown (unlike close) wakes a recv blocked in another thread; urllib3 then discards the broken connection.
        if self.sock is not None:
            self.sock.shutdown(socket.SHUT_RDWR)


class _StoppableHTTPSConnection(_StoppableHTTPConnection, urllib3.connection.HTTPSConnection):
    pass


class _StoppableHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _StoppableHTTPConnection


class _StoppableHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _StoppableHTTPSConnection


_STOPPABLE_POOLS: dict[str, type[HTTPConnectionPool]] = {
    "http": _StoppableHTTPConnectionPool,
    "https": _StoppableHTTPSConnectionPool,
}


def _stoppable(manager: Any) -> Any:
    """``manager`` (a urllib3 pool manager) opening stoppable connections; a SOCKS one keeps its own pools."""
    if manager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme:
        manager.pool_classes_by_scheme = _STOPPABLE_POOLS
    return manager


class _StoppableAdapter(requests.adapters.HTTPAdapter):
    """requests' default adapter (same pools, no retries), its connections stoppable."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _stoppable(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return _stoppable(super().proxy_manager_for(proxy, **proxy_kwargs))


def _check_response(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    """The session's response hook: every response, each redirect included, before requests follows it."""
    # urllib3 keeps each Set-Cookie apart; requests' own headers join them with commas.
    raw_headers: Any = getattr(response.raw, "headers", None)
    set_cookies = raw_headers.getlist("set-cookie") if hasattr(raw_headers, "getlist") else []
    remember_cookies(set_cookies or ([response.headers["set-cookie"]] if "set-cookie" in response.headers else []))
    refusal: Exception | None = None
    if response.status_code in REDIRECT_STATUSES:
        try:
            redirect_target(response.status_code, response.url, response.headers.get("location"), 0)
        except RedirectRefused as refused:
            refusal = refused
    content_type = response.headers.get("content-type", "")
    if 200 <= response.status_code < 300 and content_type and not is_json(content_type):
        refusal = UnexpectedBody(response.status_code, content_type)
    if refusal is not None:
        response.close()
        raise refusal
    raw: Any = response.raw
    # The headers came: from now on the body is what this thread waits on.
    # urllib3 >= 2.3 can wake a read blocked in another thread; closing is the best older ones allow.
    _waits_on(raw.shutdown if hasattr(raw, "shutdown") else raw.close)
    return response


class _PolicySession(google.auth.transport.requests.AuthorizedSession):
    def __init__(self, credentials: Any) -> None:
        super().__init__(credentials, refresh_timeout=_REFRESH_TIMEOUT)  # type: ignore[no-untyped-call]
        self.max_redirects = MAX_REDIRECTS
        self.cookies.set_policy(NoCookies())
        self.hooks["response"].append(_check_response)
        # Before configure_mtls_channel: an mTLS adapter it mounts instead takes over these settings.
        for prefix in ("https://", "http://"):
            self.mount(prefix, _StoppableAdapter())

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)  # type: ignore[no-any-return,no-untyped-call]
        finally:
            _done_waiting_on()

    def resolve_redirects(self, *args: Any, **kwargs: Any) -> Generator[Any, None, None]:
        try:
            yield from super().resolve_redirects(*args, **kwargs)
        except requests.exceptions.TooManyRedirects as error:
            status = error.response.status_code if error.response is not None else 0
            origin = shown_origin(error.response.url) if error.response is not None else "BigQuery"
            raise RedirectRefused(status, f"more than {MAX_REDIRECTS} times in a row", origin) from None

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: requests.Response) -> None:
        # requests puts the cookies a redirect set on the next request itself, outside the session's jar.
        prepared_request.headers.pop("Cookie", None)
        super().rebuild_auth(prepared_request, response)


def policy_session(credentials: Any) -> requests.Session:
    """google-auth's authorized session for ``credentials``, following the transport rules."""
    session = _PolicySession(credentials)
    session.configure_mtls_channel()  # type: ignore[no-untyped-call]
    return session
