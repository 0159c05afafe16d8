"""The runtime's retry policy: decisions and delays, checked with the given/want tables
that the TypeScript and R runtimes check too (tests/shared/retry-cases.json)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from basedosdados_sdk._runtime.retry import (
    AttemptFailure,
    BigQueryFailure,
    NetworkFailure,
    RetryPolicy,
    StatusFailure,
    TimeoutFailure,
    backoff_delay_ms,
    parse_retry_after,
    resolve_retry_policy,
    retry_delay_ms,
    round_half_up,
    should_retry,
)
from basedosdados_sdk._spec import RETRY_POLICY

CASES: dict[str, Any] = json.loads((Path(__file__).resolve().parents[1] / "shared" / "retry-cases.json").read_text(encoding="utf-8"))
NOW = datetime.fromisoformat(CASES["now"]).timestamp() * 1000.0


def clock() -> float:
    return NOW


def _as_fields(values: dict[str, Any]) -> dict[str, Any]:
    # JSON lists are the policy's tuples.
    return {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}


BASE = RetryPolicy(**_as_fields(CASES["policy"]))


def policy(overrides: dict[str, Any]) -> RetryPolicy:
    return dataclasses.replace(BASE, **_as_fields(overrides))


def for_python(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cases that apply to Python: those without ``languages``, or listing it."""
    return [case for case in cases if "python" in case.get("languages", ["python"])]


def named(cases: list[dict[str, Any]]) -> Any:
    return pytest.mark.parametrize("case", cases, ids=[case["name"] for case in cases])


FAILURES = {
    "status": lambda failure: StatusFailure(failure["status"]),
    "network": lambda failure: NetworkFailure(),
    "timeout": lambda failure: TimeoutFailure(),
    "bigquery": lambda failure: BigQueryFailure(failure["reason"]),
}


def test_the_generated_policy_is_what_x_bd_retry_says() -> None:
    assert RETRY_POLICY == RetryPolicy(
        max_attempts=4,
        statuses=(408, 429, 500, 502, 503, 504),
        network_errors=True,
        initial_delay_ms=500,
        multiplier=2,
        max_delay_ms=8000,
        jitter=0.25,
        retry_after=True,
        max_retry_after_ms=60000,
        bigquery_reasons=("rateLimitExceeded", "backendError", "internalError"),
    )


def test_the_shared_table_starts_from_the_spec_policy() -> None:
    assert BASE == RETRY_POLICY


@named(for_python(CASES["should_retry"]))
def test_should_retry(case: dict[str, Any]) -> None:
    failure: AttemptFailure = FAILURES[case["failure"]["type"]](case["failure"])
    assert should_retry(policy(case["overrides"]), failure, case["attempts_made"]) is case["want"]


@named(for_python(CASES["backoff_delay_ms"]))
def test_backoff_delay_ms(case: dict[str, Any]) -> None:
    assert backoff_delay_ms(policy(case["overrides"]), case["retry"], lambda: case["random"]) == case["want"]


def test_backoff_stays_between_one_minus_jitter_and_the_computed_delay() -> None:
    bounds = CASES["backoff_bounds"]
    delays = {backoff_delay_ms(BASE, bounds["retry"]) for _ in range(300)}
    assert min(delays) >= bounds["min"]
    assert max(delays) <= bounds["max"]
    assert len(delays) > 10, "jitter should spread the delays"


# "first of several values" lists typescript and r only: parse_retry_after takes one str or
# None; its callers pick the value (the HTTP client the first of the header's values).
# "null" and "missing" both reach Python as None.
@named(for_python(CASES["parse_retry_after"]))
def test_parse_retry_after(case: dict[str, Any]) -> None:
    assert parse_retry_after(case.get("header"), clock) == case["want"]


@named(for_python(CASES["retry_delay_ms"]))
def test_retry_delay_ms(case: dict[str, Any]) -> None:
    got = retry_delay_ms(policy(case["overrides"]), case["retry"], case["header"], now=clock, random=lambda: case["random"])
    assert got == case["want"]


ROUNDING = for_python(CASES["round_half_up"])


@pytest.mark.parametrize("case", ROUNDING, ids=[str(case["given"]) for case in ROUNDING])
def test_round_half_up_matches_math_round(case: dict[str, Any]) -> None:
    assert round_half_up(case["given"]) == case["want"]


def test_resolve_retry_policy_applies_overrides_and_keeps_the_base() -> None:
    applies = CASES["resolve_retry_policy"]["applies"]
    resolved = resolve_retry_policy(BASE, applies["overrides"])
    for name, want in _as_fields(applies["want"]).items():
        assert getattr(resolved, name) == want, name
    assert BASE.max_attempts == CASES["policy"]["max_attempts"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolved.max_attempts = 9  # type: ignore[misc]


REJECTS = for_python(CASES["resolve_retry_policy"]["rejects"])


@pytest.mark.parametrize("case", REJECTS, ids=[", ".join(case["overrides"]) for case in REJECTS])
def test_resolve_retry_policy_rejects_nonsense(case: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=case["message"]):
        resolve_retry_policy(BASE, case["overrides"])
