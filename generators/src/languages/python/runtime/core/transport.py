# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The transport rules both HTTP stacks follow (httpx for the catalogue, requests for BigQuery).

- **Redirects.** A 301, 302, 303, 307 or 308 whose ``Location`` resolves to the
  request's own origin (scheme, host and port) is followed, at most 5 times per
  try; 307/308 keep the method and body, 303 (and 301/302 of a POST) continue as
  a GET without a body, as the Fetch standard does. A redirect to another origin,
  one without a usable ``Location`` and a sixth one are refused
  (:class:`RedirectRefused`, the ``redirect`` kind, never retried): nothing is
  sent to the other origin, so no credential leaves the configured host.
- **No cookie jar.** A cookie a server sets is never sent back
  (:class:`NoCookies`); its value is remembered only to keep it out of errors.
"""

from __future__ import annotations

import http.cookiejar
from typing import Any
from urllib.parse import urljoin, urlsplit

__all__ = [
    "MAX_REDIRECTS",
    "REDIRECT_STATUSES",
    "NoCookies",
    "RedirectRefused",
    "UnexpectedBody",
    "redirect_method",
    "redirect_target",
    "shown_origin",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
"""The statuses that redirect (300 and 304 do not)."""

MAX_REDIRECTS = 5
"""Redirects followed per try; the sixth is refused."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


class RedirectRefused(Exception):
    """A redirect the policy does not follow: its status, why, where it came from, and the other origin if that is why."""

    def __init__(self, status: int, why: str, from_origin: str, other_origin: str | None = None) -> None:
        super().__init__(f"{status} {why}" + (f" {other_origin}" if other_origin else ""))
        self.status = status
        self.why = why
        self.from_origin = from_origin
        self.other_origin = other_origin

    def describe(self, request: str) -> str:
        """The message of the ``redirect`` error: the status and the other origin, never its path or query."""
        where = f" {self.other_origin}" if self.other_origin else ""
        advice = " If the API moved, configure its new address instead." if self.other_origin else ""
        return f"{request} was redirected ({self.status}) {self.why}{where}; it is not followed, so nothing leaves {self.from_origin}.{advice}"


class UnexpectedBody(Exception):
    """A success whose body is not what the call expects (not JSON, or JSON that does not parse): the ``server`` kind."""

    def __init__(self, status: int, content_type: str, what: str = "not JSON") -> None:
        self.status = status
        self.content_type = content_type.split(";")[0].strip() or "no content type"
        super().__init__(f"a body that is {what} ({self.content_type})")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def shown_origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``: no user, path or query (they may carry a token)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def redirect_target(status: int, url: str, location: str | None, followed: int) -> str:
    """The URL a redirect of ``url`` leads to, after ``followed`` redirects of this try.

    Raises
    ------
    RedirectRefused
        For a sixth redirect, a missing or unreadable ``Location``, or another origin.
    """
    here = shown_origin(url)
    if followed >= MAX_REDIRECTS:
        raise RedirectRefused(status, f"more than {MAX_REDIRECTS} times in a row", here)
    if location is None or not location.strip():
        raise RedirectRefused(status, "without a Location", here)
    try:
        target = urljoin(url, location.strip())
        other = _origin(target)
    except ValueError:  # a port that is not a number, a malformed IPv6 host
        raise RedirectRefused(status, "to a Location that is not a URL", here) from None
    if other[0] not in _DEFAULT_PORTS or other != _origin(url):
        raise RedirectRefused(status, "to another origin,", here, shown_origin(target) if other[1] else f"{other[0]}:")
    return target


def redirect_method(status: int, method: str) -> tuple[str, bool]:
    """The method the redirected request uses, and whether it keeps the body."""
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        return "GET", False
    return method, True


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """A cookie policy that stores no cookie and returns none: the runtimes keep no cookie jar."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False
