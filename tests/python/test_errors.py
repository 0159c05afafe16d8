"""The runtime's errors and the generated exception classes mapped from ``x-bd-errors``."""

from __future__ import annotations

from types import ModuleType

import pytest
from basedosdados_sdk import exceptions
from basedosdados_sdk._runtime.errors import (
    BaseDosDadosException,
    InvalidParam,
    create_error,
    describe_failure,
    error_class_for_kind,
    error_from_response,
    error_kind_for_bigquery_reason,
    error_kind_for_status,
)
from basedosdados_sdk._spec import ERROR_KINDS

STATUS_KINDS = [
    (400, "validation"),
    (422, "validation"),
    (404, "not_found"),
    (401, "access_denied"),
    (403, "access_denied"),
    (429, "rate_limited"),
    (500, "server"),
    (503, "server"),
    (408, "timeout"),
    (418, "unknown"),
    (501, "unknown"),
]


@pytest.mark.parametrize(("status", "kind"), STATUS_KINDS)
def test_kind_of_each_status_follows_the_spec_table(status: int, kind: str) -> None:
    assert error_kind_for_status(status, ERROR_KINDS) == kind


REASON_KINDS = [
    ("invalid", "validation"),
    ("notFound", "not_found"),
    ("accessDenied", "access_denied"),
    ("invalidQuery", "invalid_query"),
    ("rateLimitExceeded", "rate_limited"),
    ("quotaExceeded", "rate_limited"),
    ("backendError", "server"),
    ("internalError", "server"),
    ("stopped", "unknown"),
]


@pytest.mark.parametrize(("reason", "kind"), REASON_KINDS)
def test_kind_of_each_bigquery_reason_follows_the_spec_table(reason: str, kind: str) -> None:
    assert error_kind_for_bigquery_reason(reason, ERROR_KINDS) == kind


CLASS_NAMES = [
    ("validation", "BaseDosDadosValidationException"),
    ("not_found", "BaseDosDadosNotFoundException"),
    ("access_denied", "BaseDosDadosAccessDeniedException"),
    ("invalid_query", "BaseDosDadosInvalidQueryException"),
    ("rate_limited", "BaseDosDadosRateLimitException"),
    ("server", "BaseDosDadosServerException"),
    ("connection", "BaseDosDadosConnectionException"),
    ("redirect", "BaseDosDadosRedirectException"),
    ("timeout", "BaseDosDadosTimeoutException"),
    # The name users of the basedosdados package already catch.
    ("billing_project", "BaseDosDadosNoBillingProjectIDException"),
]


@pytest.mark.parametrize(("kind", "name"), CLASS_NAMES)
def test_every_kind_has_its_generated_class(bd: ModuleType, kind: str, name: str) -> None:
    cls = error_class_for_kind(kind, ERROR_KINDS)
    assert cls.__name__ == name
    assert cls is getattr(bd, name) is getattr(exceptions, name)
    assert issubclass(cls, bd.BaseDosDadosException)
    assert cls.kind == kind
    assert cls.__doc__ and cls.__doc__.strip()


def test_validation_errors_are_value_errors_too(bd: ModuleType) -> None:
    assert issubclass(bd.BaseDosDadosValidationException, ValueError)
    assert not issubclass(bd.BaseDosDadosNotFoundException, ValueError)


def test_a_kind_without_a_class_falls_back_to_the_base_class_and_keeps_its_kind() -> None:
    error = create_error((), "not_found", "gone", status=404)
    assert type(error) is BaseDosDadosException
    assert error.kind == "not_found"
    assert error.status == 404
    assert error_class_for_kind("nope", ERROR_KINDS) is BaseDosDadosException


def test_errors_carry_status_problem_request_id_and_invalid_params() -> None:
    problem = {
        "type": "https://basedosdados.org/problems/validation",
        "title": "Invalid parameter",
        "status": 400,
        "detail": "page_size must be <= 100",
        "request_id": "2b1f0c7e",
        "invalid_params": [{"name": "page_size", "in": "query", "reason": "must be <= 100", "pointer": "#/x"}],
    }
    error = error_from_response(ERROR_KINDS, 400, request="GET /datasets?page_size=500", problem=problem, attempts=1)
    assert isinstance(error, exceptions.BaseDosDadosValidationException)
    assert error.status == 400
    assert error.request_id == "2b1f0c7e"
    assert error.problem == problem
    assert error.invalid_params == (InvalidParam("page_size", "must be <= 100", location="query", pointer="#/x"),)
    assert str(error) == "400 Invalid parameter: page_size must be <= 100 (GET /datasets?page_size=500, request id 2b1f0c7e)"


def test_the_header_request_id_wins_over_the_problem_one() -> None:
    error = error_from_response(ERROR_KINDS, 404, problem={"title": "Not found", "request_id": "body"}, request_id="header")
    assert error.request_id == "header"


DESCRIBE = [
    ("status only", {"status": 503}, "503"),
    ("title and detail", {"status": 404, "problem": {"title": "Not found", "detail": "no x"}}, "404 Not found: no x"),
    ("body quoted when no problem", {"status": 502, "body_text": "  Bad\n gateway  "}, "502: Bad gateway"),
    ("long body cut", {"status": 500, "body_text": "x" * 300}, "500: " + "x" * 200 + "…"),
    ("attempts shown after the first", {"status": 503, "request": "GET /a", "attempts": 4}, "503 (GET /a, after 4 attempts)"),
    ("one attempt not shown", {"status": 503, "request": "GET /a", "attempts": 1}, "503 (GET /a)"),
]


@pytest.mark.parametrize(("name", "given", "want"), DESCRIBE, ids=[c[0] for c in DESCRIBE])
def test_describe_failure(name: str, given: dict[str, object], want: str) -> None:
    status = given.pop("status")
    assert describe_failure(status, **given) == want  # type: ignore[arg-type]


def test_rate_limit_errors_say_how_long_the_server_asked_to_wait(bd: ModuleType) -> None:
    error = error_from_response(ERROR_KINDS, 429, retry_after=1.5, attempts=4)
    assert isinstance(error, bd.BaseDosDadosRateLimitException)
    assert error.retry_after == 1.5
    assert error.attempts == 4
