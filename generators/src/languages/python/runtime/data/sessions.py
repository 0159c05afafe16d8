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
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Generator
from typing import Any

import google.auth.transport.requests
import requests

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

# Thread id -> the response whose body that thread is reading, so a try given up on can be stopped.
_reading: dict[int, requests.Response] = {}
_reading_lock = threading.Lock()


def stop_requests_of(thread: threading.Thread) -> None:
    """Stops the response body ``thread`` is reading, if any: its read fails now and the server sees the connection close.

    Called for a try abandoned by its time limit, a cancel or Ctrl-C; before the
    headers arrive there is nothing to stop, and the try ends on its read timeout.
    """
    with _reading_lock:
        response = _reading.pop(thread.ident or 0, None)
    if response is None:
        return
    raw: Any = response.raw
    # urllib3 >= 2.3 can wake a read blocked in another thread; closing is the best older ones allow.
    with contextlib.suppress(Exception):
        raw.shutdown() if hasattr(raw, "shutdown") else raw.close()


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
    with _reading_lock:
        _reading[threading.get_ident()] = response
    return response


class _PolicySession(google.auth.transport.requests.AuthorizedSession):
    def __init__(self, credentials: Any) -> None:
        super().__init__(credentials, refresh_timeout=_REFRESH_TIMEOUT)  # type: ignore[no-untyped-call]
        self.max_redirects = MAX_REDIRECTS
        self.cookies.set_policy(NoCookies())
        self.hooks["response"].append(_check_response)

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)  # type: ignore[no-any-return,no-untyped-call]
        finally:
            with _reading_lock:
                _reading.pop(threading.get_ident(), None)

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
