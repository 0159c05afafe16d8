# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Keeping credentials out of errors: the one place that decides what is a secret and blanks it out.

Redacted (replaced by ``[redacted]``): the value of every header the caller
configured, on the client or on one call (except ``Accept``, ``Content-Type`` and
``User-Agent``), header and cookie parameters, the bare token after an
``Authorization`` scheme, every cookie's value (those sent and those a server
set), the credentials of the API's security schemes (configured, read from the
environment, fetched, or returned by the headers hook), the BigQuery access
token, and anything shaped like a credential (bearer
tokens, ``ya29.`` tokens, ``AIza`` keys, JWTs, PEM private keys, OAuth fields,
``token=``/``key=`` pairs). Values shorter than 4 characters are left alone: they
would match ordinary words.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

__all__ = [
    "REDACTED",
    "configured_secrets",
    "cookie_values",
    "header_secrets",
    "redact",
    "redact_value",
    "remember_cookies",
    "remember_secrets",
    "remembered_cookies",
    "remembered_secrets",
]

REDACTED = "[redacted]"
_MIN_SECRET = 4
# Headers that describe the exchange, never a credential; every other configured header may be one.
_PLAIN_HEADERS = frozenset({"accept", "content-type", "user-agent"})
_SCHEMED_HEADERS = frozenset({"authorization", "proxy-authorization"})
_COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})

# Credentials as libraries print them: header values, OAuth fields in JSON, forms and URLs,
# Google's token and key shapes, JWTs and PEM keys. Applied to every text an error keeps.
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.S), REDACTED),
    (re.compile(r"(?i)\b(bearer|basic)(\s+)(?!\[redacted\])[A-Za-z0-9._~+/=-]{4,}"), rf"\1\2{REDACTED}"),
    (
        re.compile(
            r"(?i)(\\?[\"']?(?:authorization|proxy-authorization|cookie|set-cookie|x-goog-api-key|api[_-]?key|"
            r"access_token|refresh_token|id_token|client_secret|private_key|private_key_id|assertion|password|"
            r"token)\\?[\"']?\s*[:=]\s*)(\\?[\"']?)(?!\[redacted\])[^\s\"'&,;}\\]+"
        ),
        rf"\1\2{REDACTED}",
    ),
    (re.compile(r"([?&](?:key|sig|signature|code|token|access_token)=)(?!\[redacted\])[^&\s\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"\bya29\.[A-Za-z0-9._-]+"), REDACTED),
    (re.compile(r"\b1//[A-Za-z0-9._-]{8,}"), REDACTED),
    (re.compile(r"\bAIza[A-Za-z0-9_-]{20,}"), REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), REDACTED),
)


def _forms(secret: str) -> set[str]:
    """A secret as it may appear in text: as is, inside a JSON string, percent-encoded."""
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], quote(secret, safe=""), quote_plus(secret)}
    return {form for form in forms if len(form) >= _MIN_SECRET}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without credentials: the known ``secrets`` and anything shaped like a credential."""
    known = {form for secret in secrets if isinstance(secret, str) for form in _forms(secret)}
    # Longest first: the bare token inside "Bearer <token>" must not leave the scheme half-replaced.
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of ``value`` (JSON-like: mappings, lists, text) with every string redacted, keys included."""
    known = tuple(secrets)
    if isinstance(value, str):
        return redact(value, known)
    if isinstance(value, Mapping):
        return {redact_value(key, known): redact_value(item, known) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item, known) for item in value]
    return value


def cookie_values(header: str) -> list[str]:
    """The values of a ``Cookie`` header (``a=1; b=2``) or of one ``Set-Cookie`` (``a=1; Path=/``: only ``1``)."""
    pairs = header.split(";")
    values = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if sep and name.strip().lower() not in ("path", "domain", "expires", "max-age", "samesite"):
            values.append(value.strip().strip('"'))
    return values


def header_secrets(headers: Mapping[str, str]) -> tuple[str, ...]:
    """The secrets among ``headers``: every value but Accept, Content-Type and User-Agent, bare tokens, cookie values."""
    secrets: list[str] = []
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _PLAIN_HEADERS or not isinstance(value, str):
            continue
        secrets.append(value)
        scheme, _, token = value.strip().partition(" ")
        if lowered in _SCHEMED_HEADERS and scheme and token.strip():
            secrets.append(token.strip())
        if lowered in _COOKIE_HEADERS:
            secrets.extend(cookie_values(value))
    return tuple(secret for secret in secrets if len(secret) >= _MIN_SECRET)


def configured_secrets() -> tuple[str, ...]:
    """What ``config`` holds that no error may show: the credentials' tokens and client secret, the headers' secrets."""
    from .config import config

    credentials = config.credentials
    if isinstance(credentials, Mapping):  # the API's security schemes: keys, tokens, passwords, client secrets
        values = [part for value in credentials.values() for part in _secret_parts(value)]
    else:  # google-auth credentials, for BigQuery
        names = ("token", "refresh_token", "client_secret", "_refresh_token", "_client_secret", "id_token")
        values = [getattr(credentials, name, None) for name in names] if credentials is not None else []
    return (*(v for v in values if isinstance(v, str) and len(v) >= _MIN_SECRET), *header_secrets(config.headers))


def _secret_parts(value: object) -> tuple[object, ...]:
    """The secret parts of one scheme's credentials: a key or token, a password, a client secret (not user names or ids)."""
    if isinstance(value, tuple):
        return value[1:]
    if isinstance(value, Mapping):
        return (value.get("password"), value.get("client_secret"), value.get("token"))
    return (value,)


# Cookies servers set: never sent back (no cookie jar), and never shown in an error. Kept for
# the process, as errors are made far from the response that set them; bounded.
_cookies: deque[str] = deque(maxlen=64)
_cookies_lock = threading.Lock()


def remember_cookies(set_cookie_headers: Iterable[str]) -> None:
    """Notes the values of the ``Set-Cookie`` headers of a response, so that no error shows them."""
    values = [value for header in set_cookie_headers for value in cookie_values(header)[:1] if len(value) >= _MIN_SECRET]
    if values:
        with _cookies_lock:
            _cookies.extend(value for value in values if value not in _cookies)


def remembered_cookies() -> tuple[str, ...]:
    """The cookie values servers set in this process (the last 64)."""
    with _cookies_lock:
        return tuple(_cookies)


# Credentials the runtime sent (from the environment, fetched OAuth2 tokens, the headers hook's):
# errors made after the request that carried them still blank them out. Kept for the process; bounded.
_sent_secrets: deque[str] = deque(maxlen=64)


def remember_secrets(values: Iterable[str]) -> None:
    """Notes credentials the runtime sent, so that no error shows them."""
    fresh = [value for value in values if isinstance(value, str) and len(value) >= _MIN_SECRET]
    if fresh:
        with _cookies_lock:
            _sent_secrets.extend(value for value in fresh if value not in _sent_secrets)


def remembered_secrets() -> tuple[str, ...]:
    """The credentials the runtime sent in this process (the last 64)."""
    with _cookies_lock:
        return tuple(_sent_secrets)
