# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Typed errors of the SDK.

Every failure the SDK raises is a :class:`BaseDosDadosException` whose ``kind``
says what went wrong. Which HTTP statuses and BigQuery reasons mean which kind
is not written here: it is the spec's ``x-bd-errors`` table, which the generated
code hands to the runtime as a tuple of :class:`ErrorKindSpec`, each naming the
generated exception class of its kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .redaction import configured_secrets, redact, redact_value, remembered_cookies, remembered_secrets

__all__ = [
    "CANCELLED_KIND",
    "UNKNOWN_KIND",
    "ApiException",
    "BaseDosDadosException",
    "ErrorKindSpec",
    "InvalidParam",
    "create_error",
    "describe_cause",
    "describe_failure",
    "error_class_for_kind",
    "error_from_response",
    "error_kind_for_bigquery_reason",
    "error_kind_for_status",
]

UNKNOWN_KIND = "unknown"
"""The kind of a failure no entry of the spec's error table claims."""

CANCELLED_KIND = "cancelled"
"""The kind of a call stopped by its ``cancel`` event (no spec entry: it is the caller's own doing)."""

_MAX_QUOTED_BODY = 200
_MAX_CAUSE = 500


def describe_cause(error: BaseException, secrets: Iterable[str] = ()) -> str:
    """``module.Type: message`` of a library's exception, credentials removed and cut to 500 characters.

    Errors keep this text instead of the exception itself: google-auth, requests and
    httpx exceptions hold the request, whose headers carry the bearer token.
    """
    kind = type(error)
    module = kind.__module__
    name = kind.__qualname__ if module in ("builtins", "") else f"{module}.{kind.__qualname__}"
    text = redact(f"{name}: {error}" if str(error) else name, secrets)
    return text if len(text) <= _MAX_CAUSE else text[:_MAX_CAUSE] + "…"


@dataclass(frozen=True)
class InvalidParam:
    """One parameter that broke a constraint, as in a problem's ``invalid_params``.

    Attributes
    ----------
    name : str
        The parameter's wire name (``page_size``).
    reason : str
        Which constraint it broke, in words (``must be <= 100, got 500``).
    location : str or None
        Where the parameter goes (``path``, ``query``, ``argument``), when known.
    pointer : str or None
        JSON pointer to the constraint in the spec, when the server gives one.
    label : str or None
        The name the Python caller typed (``in_`` for ``in``), for errors raised
        before the request.
    """

    name: str
    reason: str
    location: str | None = None
    pointer: str | None = None
    label: str | None = None


def _invalid_params_of(problem: Mapping[str, Any] | None) -> tuple[InvalidParam, ...]:
    raw = problem.get("invalid_params") if problem else None
    if not isinstance(raw, list):
        return ()
    params: list[InvalidParam] = []
    for entry in raw:
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            location = entry.get("in")
            pointer = entry.get("pointer")
            params.append(
                InvalidParam(
                    name=entry["name"],
                    reason=str(entry.get("reason", "")),
                    location=location if isinstance(location, str) else None,
                    pointer=pointer if isinstance(pointer, str) else None,
                )
            )
    return tuple(params)


class BaseDosDadosException(Exception):
    """The base class of every error the SDK raises.

    Catch it for any failure, or one of its generated subclasses (one per kind
    of the spec's ``x-bd-errors``, such as ``BaseDosDadosNotFoundException``)
    for one kind.

    Parameters
    ----------
    message : str
        What went wrong, in words.
    kind : str, optional
        The kind of failure; defaults to the class's own ``kind``.
    status : int, optional
        HTTP status of the failed response, if there was one.
    problem : Mapping, optional
        The RFC 9457 problem details the server sent.
    request_id : str, optional
        The server's request id (``X-Request-Id``, else ``problem["request_id"]``).
    attempts : int, optional
        How many tries were made; 0 when raised before any request.
    invalid_params : sequence of InvalidParam, optional
        The parameters that broke a constraint (else read from ``problem``).
    retry_after : float, optional
        Seconds the server's last ``Retry-After`` asked to wait.
    reason : str, optional
        The BigQuery error reason (``notFound``, ``invalidQuery``...), for data functions.
    cause : str, optional
        What the library underneath reported (:func:`describe_cause`), when a library failed.

    secrets : iterable of str, optional
        Values to blank out besides those :mod:`.redaction` knows (what ``config``
        holds, the cookies servers set): the headers the call sent; not kept.

    Credentials never reach an error: the message, the problem, the invalid
    parameters, the request id and the cause are redacted (:mod:`.redaction`),
    and the runtime raises its errors without chaining the library exceptions
    (which hold requests and their ``Authorization`` headers).

    Attributes
    ----------
    kind : str
        What kind of failure this is (``not_found``, ``validation``...).
    status : int or None
    problem : dict or None
    request_id : str or None
    attempts : int
    invalid_params : tuple of InvalidParam
    retry_after : float or None
    reason : str or None
    cause : str or None
    """

    kind: str = UNKNOWN_KIND

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        status: int | None = None,
        problem: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        attempts: int = 0,
        invalid_params: Sequence[InvalidParam] = (),
        retry_after: float | None = None,
        reason: str | None = None,
        cause: str | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        known = (*secrets, *configured_secrets(), *remembered_cookies(), *remembered_secrets())
        message = redact(message, known)
        super().__init__(message)
        self.message = message
        # Set per instance, so an error of a kind the spec has no class for still says its kind.
        self.kind = kind if kind is not None else type(self).kind
        self.status = status
        self.problem: dict[str, Any] | None = redact_value(dict(problem), known) if problem is not None else None
        problem_request_id = self.problem.get("request_id") if self.problem is not None else None
        if request_id is None and isinstance(problem_request_id, str):
            request_id = problem_request_id
        self.request_id = redact(request_id, known) if request_id is not None else None
        self.attempts = attempts
        given = tuple(replace(p, reason=redact(p.reason, known)) for p in invalid_params)
        self.invalid_params = given or _invalid_params_of(self.problem)
        self.retry_after = retry_after
        self.reason = reason
        self.cause = redact(cause, known) if cause is not None else None

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        status = f", status={self.status}" if self.status is not None else ""
        return f"{type(self).__name__}({self.message!r}, kind={self.kind!r}{status})"


ApiException = BaseDosDadosException
"""The base class under a name of no brand: a package of another brand derives its own base class
(``<Brand>Exception``, in its ``exceptions`` module) from it, and every class of its error table from that."""


@dataclass(frozen=True)
class ErrorKindSpec:
    """One entry of the spec's ``x-bd-errors``: which statuses and BigQuery reasons mean a kind.

    Attributes
    ----------
    kind : str
        The kind this entry describes (``not_found``).
    name : str
        The spec's short name of the kind (``NotFound``).
    statuses : tuple of int
        HTTP statuses that mean this kind.
    bigquery_reasons : tuple of str
        BigQuery error ``reason`` values that mean this kind.
    exception : type
        The generated exception class raised for this kind.
    description : str
        What the kind means, in words.
    """

    kind: str
    name: str
    statuses: tuple[int, ...]
    bigquery_reasons: tuple[str, ...]
    exception: type[BaseDosDadosException]
    description: str = ""


def error_kind_for_status(status: int, table: Sequence[ErrorKindSpec]) -> str:
    """The kind an HTTP status means by ``table``; the first entry listing it wins, else ``unknown``."""
    for entry in table:
        if status in entry.statuses:
            return entry.kind
    return UNKNOWN_KIND


def error_kind_for_bigquery_reason(reason: str, table: Sequence[ErrorKindSpec]) -> str:
    """The kind a BigQuery error reason means by ``table``; the first entry listing it wins, else ``unknown``."""
    for entry in table:
        if reason in entry.bigquery_reasons:
            return entry.kind
    return UNKNOWN_KIND


def error_class_for_kind(kind: str, table: Sequence[ErrorKindSpec]) -> type[BaseDosDadosException]:
    """The exception class of ``kind`` in ``table``; when none, the package's base class (see :func:`package_base`)."""
    for entry in table:
        if entry.kind == kind:
            return entry.exception
    return package_base(table)


def package_base(table: Sequence[ErrorKindSpec]) -> type[BaseDosDadosException]:
    """The base class of the package's exceptions: the most derived class every class of ``table`` derives from.

    :class:`BaseDosDadosException` itself for a package whose classes derive from it directly; the brand's
    own base (``SwaggerPetstoreException``) for a package of another brand.
    """
    classes = {entry.exception for entry in table}
    if not classes:
        return BaseDosDadosException
    first = next(iter(classes))
    for candidate in first.__mro__:
        if candidate not in classes and issubclass(candidate, BaseDosDadosException) and all(issubclass(c, candidate) for c in classes):
            return candidate
    return BaseDosDadosException


def create_error(
    table: Sequence[ErrorKindSpec],
    kind: str,
    message: str,
    **init: Any,
) -> BaseDosDadosException:
    """Builds the exception of ``kind``: its generated class, or the base class carrying the kind.

    Parameters
    ----------
    table : sequence of ErrorKindSpec
        The spec's error table.
    kind : str
        The kind of failure.
    message : str
        What went wrong.
    **init
        ``status``, ``problem``, ``request_id``, ``attempts``, ``invalid_params``,
        ``retry_after``, ``reason``, ``cause``, ``secrets`` (see :class:`BaseDosDadosException`).

    Returns
    -------
    BaseDosDadosException
    """
    return error_class_for_kind(kind, table)(message, kind=kind, **init)


def describe_failure(
    status: int,
    *,
    request: str | None = None,
    problem: Mapping[str, Any] | None = None,
    request_id: str | None = None,
    body_text: str | None = None,
    attempts: int | None = None,
) -> str:
    """A one-line message for a failed response.

    Status, the problem's title and detail (or the start of the body), then the
    request, the request id and how many tries were made, e.g.
    ``404 Not found: dataset x does not exist (GET /datasets/x, request id 7c9d22aa)``.
    """
    title = problem.get("title") if problem else None
    detail = problem.get("detail") if problem else None
    summary = str(status)
    if isinstance(title, str) and title:
        summary += f" {title}"
    if isinstance(detail, str) and detail:
        summary += f": {detail}"
    if not (isinstance(title, str) and title) and not (isinstance(detail, str) and detail) and body_text:
        text = " ".join(body_text.split())
        if text:
            summary += f": {text[:_MAX_QUOTED_BODY]}…" if len(text) > _MAX_QUOTED_BODY else f": {text}"
    context: list[str] = []
    if request:
        context.append(request)
    problem_request_id = problem.get("request_id") if problem else None
    shown_id = request_id if request_id is not None else problem_request_id
    if isinstance(shown_id, str) and shown_id:
        context.append(f"request id {shown_id}")
    if attempts is not None and attempts > 1:
        context.append(f"after {attempts} attempts")
    return f"{summary} ({', '.join(context)})" if context else summary


def error_from_response(
    table: Sequence[ErrorKindSpec],
    status: int,
    *,
    request: str | None = None,
    problem: Mapping[str, Any] | None = None,
    request_id: str | None = None,
    body_text: str | None = None,
    attempts: int = 1,
    retry_after: float | None = None,
    secrets: Iterable[str] = (),
    note: str | None = None,
) -> BaseDosDadosException:
    """The typed exception for a failed HTTP response, its class chosen by status from ``table``; ``note`` ends its message."""
    message = describe_failure(
        status, request=request, problem=problem, request_id=request_id, body_text=body_text, attempts=attempts
    ) + (note or "")
    return create_error(
        table,
        error_kind_for_status(status, table),
        message,
        status=status,
        problem=problem,
        request_id=request_id,
        attempts=attempts,
        retry_after=retry_after,
        secrets=secrets,
    )
