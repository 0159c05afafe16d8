# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Authentication from the spec's ``components.securitySchemes``.

Credentials are read at call time: ``config.credentials[<scheme name>]``, else the
scheme's environment variables (:class:`SecuritySchemeSpec`). A call sends the first
of its operation's requirements whose every scheme has credentials; ``config.auth_headers``
adds headers to every try. OAuth2 client-credentials tokens are fetched from the
scheme's ``tokenUrl``, cached per scheme, client and scopes, fetched again when less
than 30 s of their life is left, and once more when a request sent with one is answered
401. Every credential sent is remembered by :mod:`.redaction`, so no error shows it.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias
from urllib.parse import quote, urlencode, urljoin

from .config import config, env_value
from .errors import ErrorKindSpec, create_error
from .operations import SchemeUse
from .redaction import header_secrets, remember_secrets
from .responses import FailedTry, Response

__all__ = [
    "REFRESH_MARGIN",
    "AuthParts",
    "AuthRequest",
    "Authenticator",
    "CallAuth",
    "SecuritySchemeSpec",
]

REFRESH_MARGIN = 30.0
"""Seconds of life below which a cached OAuth2 token is fetched again."""

SchemeKind: TypeAlias = Literal["apiKey", "basic", "bearer", "oauth2", "other"]
Send: TypeAlias = Callable[[str, str, Mapping[str, str], bytes | None], Response]


@dataclass(frozen=True)
class SecuritySchemeSpec:
    """One scheme of the spec's ``components.securitySchemes``.

    Attributes
    ----------
    name : str
        Its key in the spec: the key of its credentials in ``config.credentials``.
    kind : {"apiKey", "basic", "bearer", "oauth2", "other"}
        What it sends; ``other`` only the headers hook can send.
    location : {"header", "query", "cookie"} or None
        apiKey: where the key goes, under ``param_name``.
    param_name : str or None
        apiKey: the header, query parameter or cookie name.
    token_url : str or None
        oauth2 with the client-credentials flow: where tokens are fetched (may be relative to the base URL).
    scopes : tuple of str
        oauth2: the flow's scopes.
    env_token, env_username, env_password, env_client_id, env_client_secret : str or None
        The environment variables its credentials are read from when ``config.credentials`` has none.
    """

    name: str
    kind: SchemeKind
    location: Literal["header", "query", "cookie"] | None = None
    param_name: str | None = None
    token_url: str | None = None
    scopes: tuple[str, ...] = ()
    env_token: str | None = None
    env_username: str | None = None
    env_password: str | None = None
    env_client_id: str | None = None
    env_client_secret: str | None = None

    def where(self) -> str:
        """Where its credentials are read from, for an error that says none were found."""
        names = [n for n in (self.env_token, self.env_username, self.env_password, self.env_client_id, self.env_client_secret) if n]
        read = f"config.credentials[{self.name!r}]" + (f" or {', '.join(names)}" if names else "")
        return read if self.kind != "other" else "config.auth_headers (no credential the runtime can send)"


@dataclass(frozen=True)
class AuthRequest:
    """What ``config.auth_headers`` is called with: the request about to be sent."""

    method: str
    url: str
    operation_id: str


@dataclass
class AuthParts:
    """What one try adds to its request."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Client:
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]


def _bad(errors: Sequence[ErrorKindSpec], scheme: SecuritySchemeSpec, wants: str, got: object) -> Exception:
    return create_error(errors, "validation", f"config.credentials[{scheme.name!r}] must be {wants}, got {type(got).__name__}")


Credential: TypeAlias = "str | tuple[str, str] | _Client"
"""A scheme's credential, normalised: a key or token, a (username, password) pair, or an OAuth2 client."""


def _configured(scheme: SecuritySchemeSpec, errors: Sequence[ErrorKindSpec]) -> Credential | None:
    """The scheme's credential from ``config.credentials`` or its environment variables, normalised; None when absent."""
    given = config.credentials.get(scheme.name) if isinstance(config.credentials, Mapping) else None
    if scheme.kind in ("apiKey", "bearer"):
        if given is not None and not isinstance(given, str):
            raise _bad(errors, scheme, "a string", given)
        return given or (env_value(scheme.env_token) if scheme.env_token else None)
    if scheme.kind == "basic":
        if isinstance(given, Mapping):
            given = (given.get("username"), given.get("password"))
        if given is None:
            user, password = env_value(scheme.env_username or ""), env_value(scheme.env_password or "")
            return (user, password) if user and password else None
        if not (isinstance(given, tuple) and len(given) == 2 and isinstance(given[0], str) and isinstance(given[1], str)):
            raise _bad(errors, scheme, "a (username, password) tuple or a dict of them", given)
        return (given[0], given[1])
    if scheme.kind == "oauth2":
        if isinstance(given, Mapping):
            client_id, secret, scopes = given.get("client_id"), given.get("client_secret"), given.get("scopes", ())
            if not (isinstance(client_id, str) and isinstance(secret, str) and scheme.token_url):
                raise _bad(errors, scheme, "a token, or a dict of client_id and client_secret (client credentials flow)", given)
            return _Client(client_id, secret, tuple(scopes))
        if given is not None and not isinstance(given, str):
            raise _bad(errors, scheme, "a string or a dict", given)
        token = given or (env_value(scheme.env_token) if scheme.env_token else None)
        if token:
            return token
        client_id = env_value(scheme.env_client_id) if scheme.env_client_id else None
        secret = env_value(scheme.env_client_secret) if scheme.env_client_secret else None
        return _Client(client_id, secret, ()) if client_id and secret and scheme.token_url else None
    return None  # other: only the headers hook


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: float


class Authenticator:
    """The schemes of one client and its cache of OAuth2 tokens (per scheme, client id and scopes).

    ``send`` sends one request (the client's own, with its transport); ``clock`` gives
    monotonic seconds (tests pass a fake one).
    """

    def __init__(
        self,
        schemes: Sequence[SecuritySchemeSpec],
        *,
        base_url: str,
        send: Send,
        errors: Sequence[ErrorKindSpec],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._schemes = {scheme.name: scheme for scheme in schemes}
        self._base_url = base_url
        self._send = send
        self._errors = errors
        self._clock = clock
        self._tokens: dict[tuple[str, str, tuple[str, ...]], _Token] = {}
        self._lock = threading.Lock()

    def plan(self, operation_id: str, security: Sequence[Sequence[SchemeUse]]) -> CallAuth:
        """The credentials one call sends: its first requirement whose every scheme has some."""
        for requirement in security:
            chosen = []
            for use in requirement:
                scheme = self._schemes[use.scheme]
                credential = _configured(scheme, self._errors)
                if credential is None:
                    break
                chosen.append((scheme, credential, use.scopes))
            else:
                return CallAuth(self, operation_id, tuple(chosen), None)
        accepted = " or ".join(" and ".join(f"{use.scheme} ({self._schemes[use.scheme].where()})" for use in r) for r in security)
        note = f"; {operation_id} was sent without credentials: it accepts {accepted}" if security else None
        return CallAuth(self, operation_id, (), note)

    def token(self, scheme: SecuritySchemeSpec, client: _Client, scopes: tuple[str, ...], *, refresh: bool) -> str:
        """An access token of the client-credentials flow: cached, or fetched when refreshing or near its end."""
        scope = scopes or client.scopes
        key = (scheme.name, client.client_id, tuple(sorted(scope)))
        with self._lock:
            cached = self._tokens.get(key)
        if cached is not None and not refresh and cached.expires_at - self._clock() >= REFRESH_MARGIN:
            return cached.value
        fetched = self._fetch(scheme, client, scope)
        with self._lock:
            self._tokens[key] = fetched
        return fetched.value

    def _fetch(self, scheme: SecuritySchemeSpec, client: _Client, scope: tuple[str, ...]) -> _Token:
        remember_secrets((client.client_secret,))
        url = urljoin(self._base_url + "/", scheme.token_url or "")
        basic = base64.b64encode(f"{client.client_id}:{client.client_secret}".encode()).decode("ascii")
        form = {"grant_type": "client_credentials", **({"scope": " ".join(scope)} if scope else {})}
        headers = {"authorization": f"Basic {basic}", "content-type": "application/x-www-form-urlencoded", "accept": "application/json"}
        remember_secrets(header_secrets(headers))
        started = self._clock()
        response = self._send("POST", url, headers, urlencode(form).encode("ascii"))
        answer = _json(response)
        if response.status in (400, 401, 403):
            said = " ".join(str(answer.get(k)) for k in ("error", "error_description") if answer.get(k))
            raise create_error(self._errors, "access_denied", f"The token endpoint of {scheme.name} refused the client ({response.status}{': ' + said if said else ''})", status=response.status)
        if not 200 <= response.status < 300:
            raise FailedTry(response)
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise create_error(self._errors, "server", f"The token endpoint of {scheme.name} answered without an access_token", status=response.status)
        remember_secrets((token,))
        lifetime = answer.get("expires_in")
        expires = started + float(lifetime) if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) else float("inf")
        return _Token(token, expires)


def _json(response: Response) -> dict[str, Any]:
    try:
        parsed = json.loads(response.content)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


@dataclass(frozen=True)
class CallAuth:
    """The credentials one call sends (its chosen requirement), and why none were, when none were."""

    authenticator: Authenticator
    operation_id: str
    chosen: tuple[tuple[SecuritySchemeSpec, Credential, tuple[str, ...]], ...]
    unmet: str | None
    """For an error of a 401 or 403: the schemes the operation accepts and where their credentials are read from."""

    @property
    def fetches(self) -> bool:
        """Whether it sends an OAuth2 token the runtime fetches (a 401 then fetches a new one and resends, once)."""
        return any(isinstance(credential, _Client) for _, credential, _ in self.chosen)

    def request(self, method: str, url: str, headers: Mapping[str, str], *, refresh: bool = False) -> tuple[str, dict[str, str]]:
        """The URL and headers of one try, with what :meth:`parts` adds."""
        parts = self.parts(method, url, refresh=refresh)
        if parts.query:
            url += ("&" if "?" in url else "?") + "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in parts.query)
        sent = {**headers, **parts.headers}
        if parts.cookies:
            cookie = "; ".join(f"{name}={quote(value, safe='')}" for name, value in parts.cookies)
            sent["cookie"] = f"{sent['cookie']}; {cookie}" if sent.get("cookie") else cookie
        return url, sent

    def parts(self, method: str, url: str, *, refresh: bool = False) -> AuthParts:
        """What one try adds: the schemes' headers, query pairs and cookies, then the headers hook's."""
        parts = AuthParts()
        for scheme, credential, scopes in self.chosen:
            if isinstance(credential, _Client):
                credential = self.authenticator.token(scheme, credential, scopes, refresh=refresh)
            if isinstance(credential, tuple):
                user, password = credential
                encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
                parts.headers["authorization"] = f"Basic {encoded}"
                remember_secrets((password,))
            elif scheme.kind == "apiKey" and scheme.location == "query":
                parts.query.append((scheme.param_name or "", credential))
            elif scheme.kind == "apiKey" and scheme.location == "cookie":
                parts.cookies.append((scheme.param_name or "", credential))
            elif scheme.kind == "apiKey":
                parts.headers[(scheme.param_name or "").lower()] = credential
            else:
                parts.headers["authorization"] = f"Bearer {credential}"
            remember_secrets((credential,) if isinstance(credential, str) else ())
        hook = config.auth_headers
        if hook is not None:
            extra = hook(AuthRequest(method, url, self.operation_id))
            parts.headers.update({str(name).lower(): str(value) for name, value in dict(extra or {}).items()})
        remember_secrets(header_secrets(parts.headers))
        return parts
