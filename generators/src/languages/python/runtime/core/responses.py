# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Reading the catalogue API's answers: success bodies by response kind, failures as typed errors.

A failed try keeps what the error needs (status, headers, body) and a redacted
summary of the library exception, never the exception itself: httpx's keeps the
request with its headers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ErrorKindSpec, create_error, describe_cause, error_from_response
from .graphql import error_messages
from .operations import OperationSpec
from .retry import parse_retry_after
from .transport import RedirectRefused

__all__ = ["FailedTry", "Response", "as_problem", "failure_error", "is_json", "parse_success"]


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    content: bytes
    # The first Retry-After value: httpx joins repeated headers with commas.
    retry_after: str | None = None

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class FailedTry(Exception):
    """One try that did not succeed: an error status, a network error or a timeout (``cause``)."""

    def __init__(self, response: Response | None = None, cause: Exception | None = None, timed_out: bool = False) -> None:
        super().__init__("failed try")
        self.response = response
        self.cause = cause
        self.timed_out = timed_out


def is_json(content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def as_problem(parsed: object, content_type: str) -> dict[str, Any] | None:
    if not isinstance(parsed, dict):
        return None
    looks_like_problem = any(member in parsed for member in ("type", "title", "status", "detail"))
    if content_type.lower().startswith("application/problem+json") or looks_like_problem:
        return parsed
    return None


def parse_success(
    errors: Sequence[ErrorKindSpec], op: OperationSpec, result: Response, request: str, attempts: int, secrets: Sequence[str]
) -> Any:
    """The success body as ``op.response`` says; a JSON answer that is not JSON is the ``server`` kind (not retried)."""
    if op.response == "empty" or op.method == "HEAD":
        return None
    if op.response == "binary":
        return result.content
    if op.response == "text":
        charset = _charset(result.headers.get("content-type", ""))
        return result.content.decode(charset, errors="replace")
    if result.content == b"":
        return None
    content_type = result.headers.get("content-type", "")
    if not content_type or is_json(content_type):
        try:
            return json.loads(result.content)
        except ValueError:
            pass
    shown = content_type.split(";")[0].strip() or "no content type"
    problem = "a body that is not valid JSON" if not content_type or is_json(content_type) else "a body that is not JSON"
    raise create_error(
        errors,
        "server",
        f"{request} answered {result.status} with {problem} ({shown})",
        status=result.status,
        request_id=result.headers.get("x-request-id"),
        attempts=attempts,
        secrets=secrets,
    )


def failure_error(
    errors: Sequence[ErrorKindSpec],
    failed: Exception,
    request: str,
    attempts: int,
    origin: str,
    timeout: float,
    secrets: Sequence[str] = (),
    unauthorized_note: str | None = None,
) -> BaseException:
    """The typed error for the last failed try: a refused redirect, a network fault, a timeout or an error status.

    ``unauthorized_note`` ends the message of a 401 or 403: which credentials the call could have sent.
    """
    if isinstance(failed, RedirectRefused):
        return create_error(errors, "redirect", failed.describe(request), status=failed.status, attempts=attempts, secrets=secrets)
    if not isinstance(failed, FailedTry):
        return failed
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    result = failed.response
    if result is None:
        cause = describe_cause(failed.cause, secrets) if failed.cause is not None else None
        if failed.timed_out:
            return create_error(
                errors,
                "timeout",
                f"{request} to {origin} timed out ({timeout:g} s per attempt){tries}",
                attempts=attempts,
                cause=cause,
                secrets=secrets,
            )
        reason = str(failed.cause) if failed.cause is not None and str(failed.cause) else type(failed.cause).__name__
        return create_error(
            errors, "connection", f"{request} to {origin} failed: {reason}{tries}", attempts=attempts, cause=cause, secrets=secrets
        )
    content_type = result.headers.get("content-type", "")
    problem: dict[str, Any] | None = None
    quoted = result.text
    if is_json(content_type):
        try:
            parsed = json.loads(result.content)
        except ValueError:
            parsed = None  # an unreadable error body is quoted as text below
        problem = as_problem(parsed, content_type)
        # A GraphQL API's refusal (HTTP 400 with errors) is told by its messages, joined.
        quoted = error_messages(parsed) or quoted
    retry_after_ms = parse_retry_after(result.retry_after)
    request_id = result.headers.get("x-request-id")
    problem_request_id = problem.get("request_id") if problem else None
    return error_from_response(
        errors,
        result.status,
        request=request,
        problem=problem,
        request_id=request_id or (problem_request_id if isinstance(problem_request_id, str) else None),
        body_text=None if problem else quoted,
        attempts=attempts,
        retry_after=retry_after_ms / 1000 if retry_after_ms is not None else None,
        secrets=secrets,
        note=unauthorized_note if result.status in (401, 403) else None,
    )


def _charset(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            candidate = value.strip().strip('"')
            try:
                "".encode(candidate)
            except LookupError:
                break
            return candidate
    return "utf-8"
