"""The runtime's retry policy: decisions and delays, given/want tables shared with the TypeScript runtime."""

from __future__ import annotations

import calendar
import dataclasses
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

NOW = calendar.timegm((2025, 1, 1, 0, 0, 0)) * 1000.0


def clock() -> float:
    return NOW


def policy(**changes: Any) -> RetryPolicy:
    return dataclasses.replace(RETRY_POLICY, **changes)


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


SHOULD_RETRY: list[tuple[str, dict[str, Any], AttemptFailure, int, bool]] = [
    ("retryable status, tries left", {}, StatusFailure(503), 1, True),
    ("429, tries left", {}, StatusFailure(429), 3, True),
    ("retryable status, no tries left", {}, StatusFailure(503), 4, False),
    ("status not in the policy", {}, StatusFailure(404), 1, False),
    ("400 is never retried", {}, StatusFailure(400), 1, False),
    ("501 not listed", {}, StatusFailure(501), 1, False),
    ("network error", {}, NetworkFailure(), 1, True),
    ("network error, network_errors off", {"network_errors": False}, NetworkFailure(), 1, False),
    ("timeout", {}, TimeoutFailure(), 2, True),
    ("timeout, network_errors off", {"network_errors": False}, TimeoutFailure(), 1, False),
    ("max_attempts 1 never retries", {"max_attempts": 1}, StatusFailure(503), 1, False),
    ("custom statuses", {"statuses": (404,)}, StatusFailure(404), 1, True),
    ("BigQuery reason in the policy", {}, BigQueryFailure("backendError"), 1, True),
    ("BigQuery reason not in the policy", {}, BigQueryFailure("invalidQuery"), 1, False),
    ("BigQuery reason, no tries left", {}, BigQueryFailure("rateLimitExceeded"), 4, False),
]


@pytest.mark.parametrize(("name", "changes", "failure", "attempts", "want"), SHOULD_RETRY, ids=[c[0] for c in SHOULD_RETRY])
def test_should_retry(name: str, changes: dict[str, Any], failure: AttemptFailure, attempts: int, want: bool) -> None:
    assert should_retry(policy(**changes), failure, attempts) is want


NO_JITTER = policy(jitter=0)
BACKOFF: list[tuple[str, RetryPolicy, int, float, int]] = [
    ("first retry", NO_JITTER, 1, 0.5, 500),
    ("second retry doubles", NO_JITTER, 2, 0.5, 1000),
    ("third", NO_JITTER, 3, 0.5, 2000),
    ("fifth", NO_JITTER, 5, 0.5, 8000),
    ("capped at max_delay_ms", NO_JITTER, 6, 0.5, 8000),
    ("capped far out", NO_JITTER, 30, 0.5, 8000),
    ("jitter 0.25, random 0: full delay", RETRY_POLICY, 1, 0, 500),
    ("jitter 0.25, random 0.5: 12.5% off, rounded half up like Math.round", RETRY_POLICY, 1, 0.5, 438),
    ("jitter 0.25, random ~1: ~25% off", RETRY_POLICY, 2, 0.999999, 750),
    ("jitter applies after the cap", RETRY_POLICY, 9, 1, 6000),
    ("multiplier 3", policy(jitter=0, multiplier=3, initial_delay_ms=100), 3, 0, 900),
    ("zero initial delay", policy(initial_delay_ms=0), 3, 0.3, 0),
    ("retry 0 treated as first", NO_JITTER, 0, 0, 500),
]


@pytest.mark.parametrize(("name", "given", "retry", "random", "want"), BACKOFF, ids=[c[0] for c in BACKOFF])
def test_backoff_delay_ms(name: str, given: RetryPolicy, retry: int, random: float, want: int) -> None:
    assert backoff_delay_ms(given, retry, lambda: random) == want


def test_backoff_stays_between_one_minus_jitter_and_the_computed_delay() -> None:
    delays = {backoff_delay_ms(RETRY_POLICY, 2) for _ in range(300)}
    assert min(delays) >= 750
    assert max(delays) <= 1000
    assert len(delays) > 10, "jitter should spread the delays"


RETRY_AFTER: list[tuple[str, str | None, int | None]] = [
    ("delta-seconds", "3", 3000),
    ("zero", "0", 0),
    ("with spaces", " 2 ", 2000),
    ("fractional seconds (lenient)", "1.5", 1500),
    ("IMF-fixdate in the future", "Wed, 01 Jan 2025 00:00:10 GMT", 10_000),
    ("RFC 850 date", "Wednesday, 01-Jan-25 00:00:05 GMT", 5000),
    ("asctime date (GMT, whatever the local zone)", "Wed Jan  1 00:00:07 2025", 7000),
    ("date in the past", "Tue, 31 Dec 2024 23:59:00 GMT", 0),
    ("negative", "-1", None),
    ("garbage", "soon", None),
    ("empty", "", None),
    ("missing", None, None),
]


@pytest.mark.parametrize(("name", "header", "want"), RETRY_AFTER, ids=[c[0] for c in RETRY_AFTER])
def test_parse_retry_after(name: str, header: str | None, want: int | None) -> None:
    assert parse_retry_after(header, clock) == want


CAPPED = policy(jitter=0, max_retry_after_ms=10_000)
RETRY_DELAY: list[tuple[str, RetryPolicy, int, str | None, int]] = [
    ("no header: backoff", CAPPED, 2, None, 1000),
    ("header honoured", CAPPED, 1, "3", 3000),
    ("header shorter than backoff still wins", CAPPED, 3, "0", 0),
    ("header capped at max_retry_after_ms", CAPPED, 1, "120", 10_000),
    ("HTTP-date header", CAPPED, 1, "Wed, 01 Jan 2025 00:00:02 GMT", 2000),
    ("unreadable header: backoff", CAPPED, 2, "later", 1000),
    ("retry_after off: header ignored", dataclasses.replace(CAPPED, retry_after=False), 1, "3", 500),
]


@pytest.mark.parametrize(("name", "given", "retry", "header", "want"), RETRY_DELAY, ids=[c[0] for c in RETRY_DELAY])
def test_retry_delay_ms(name: str, given: RetryPolicy, retry: int, header: str | None, want: int) -> None:
    assert retry_delay_ms(given, retry, header, now=clock, random=lambda: 0) == want


@pytest.mark.parametrize(("given", "want"), [(0.5, 1), (1.5, 2), (2.5, 3), (437.5, 438), (2.4999, 2), (-0.5, 0)])
def test_round_half_up_matches_math_round(given: float, want: int) -> None:
    assert round_half_up(given) == want


def test_resolve_retry_policy_applies_overrides_and_keeps_the_base() -> None:
    resolved = resolve_retry_policy(RETRY_POLICY, {"max_attempts": 2, "jitter": None, "statuses": [503]})
    assert resolved.max_attempts == 2
    assert resolved.jitter == 0.25
    assert resolved.statuses == (503,)
    assert RETRY_POLICY.max_attempts == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolved.max_attempts = 9  # type: ignore[misc]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_attempts": 0}, r"retry\.max_attempts must be an integer >= 1, got 0"),
        ({"max_attempts": 1.5}, "max_attempts"),
        ({"jitter": 2}, r"retry\.jitter must be between 0 and 1"),
        ({"multiplier": 0.5}, "multiplier"),
        ({"initial_delay_ms": -1}, "initial_delay_ms"),
        ({"max_retry_after_ms": -5}, "max_retry_after_ms"),
        ({"max_attemps": 2}, "retry has no setting max_attemps"),
    ],
)
def test_resolve_retry_policy_rejects_nonsense(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_retry_policy(RETRY_POLICY, overrides)
