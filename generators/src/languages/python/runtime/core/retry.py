# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The retry policy, the pure functions that apply it, and the one retry loop.

Whether to retry, how long to wait and what ``Retry-After`` means, with the same
semantics as the TypeScript runtime (``sdk-ts/src/core/retry.ts``): delays are in
milliseconds, rounded half up, and ``max_attempts`` counts the first try.
:func:`call_with_retry` is the loop every request of the runtime goes through:
each catalogue request, each BigQuery job request and each result page.
"""

from __future__ import annotations

import itertools
import math
import random as _random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from email.utils import parsedate_to_datetime
from typing import Any, TypeAlias, TypeVar

from .errors import BaseDosDadosException

__all__ = [
    "AttemptFailure",
    "BigQueryFailure",
    "NetworkFailure",
    "RetryPolicy",
    "StatusFailure",
    "TimeoutFailure",
    "TryTimedOut",
    "Verdict",
    "backoff_delay_ms",
    "call_with_retry",
    "parse_retry_after",
    "resolve_retry_policy",
    "retry_delay_ms",
    "round_half_up",
    "run_interruptibly",
    "should_retry",
]

T = TypeVar("T")

RandomSource: TypeAlias = Callable[[], float]
"""Random numbers in [0, 1), like :func:`random.random`."""

Clock: TypeAlias = Callable[[], float]
"""Milliseconds since the epoch, like JavaScript's ``Date.now``."""


def _now_ms() -> float:
    return time.time() * 1000.0


@dataclass(frozen=True)
class RetryPolicy:
    """When and how failed requests are retried: the spec's ``x-bd-retry``.

    Attributes
    ----------
    max_attempts : int
        Most tries per call, the first one included (4: one try and up to three retries).
    statuses : tuple of int
        HTTP statuses that are retried.
    network_errors : bool
        Whether network errors (refused, reset, cut mid-body) and timeouts are retried.
    initial_delay_ms : float
        Wait before the first retry, in milliseconds.
    multiplier : float
        Each later wait is the previous one times this.
    max_delay_ms : float
        Longest computed wait, in milliseconds.
    jitter : float
        Up to this fraction (0..1) of each computed wait is randomly taken off.
    retry_after : bool
        Whether a ``Retry-After`` header replaces the computed wait.
    max_retry_after_ms : float
        Longest ``Retry-After`` wait honoured, in milliseconds; longer ones are cut to this.
    bigquery_reasons : tuple of str
        BigQuery error reasons that are retried (by the data functions).
    """

    max_attempts: int
    statuses: tuple[int, ...]
    network_errors: bool
    initial_delay_ms: float
    multiplier: float
    max_delay_ms: float
    jitter: float
    retry_after: bool
    max_retry_after_ms: float
    bigquery_reasons: tuple[str, ...]


@dataclass(frozen=True)
class StatusFailure:
    """A try answered with an HTTP error status."""

    status: int


@dataclass(frozen=True)
class NetworkFailure:
    """A try failed before a whole response arrived (refused, reset, cut mid-body)."""


@dataclass(frozen=True)
class TimeoutFailure:
    """A try took longer than its timeout."""


@dataclass(frozen=True)
class BigQueryFailure:
    """A BigQuery call failed with an error ``reason`` (``backendError``...)."""

    reason: str


AttemptFailure: TypeAlias = StatusFailure | NetworkFailure | TimeoutFailure | BigQueryFailure
"""Why one try failed, as far as the retry decision cares."""


def resolve_retry_policy(base: RetryPolicy, overrides: Mapping[str, Any] | None = None) -> RetryPolicy:
    """The policy with ``overrides`` applied (``{"max_attempts": 1}`` turns retries off).

    Raises
    ------
    ValueError
        When an override names no field of the policy or a value makes no sense;
        the message names the field.
    """
    known = {f.name for f in fields(RetryPolicy)}
    changes = {name: value for name, value in (overrides or {}).items() if value is not None}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValueError(f"retry has no setting {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    for name in ("statuses", "bigquery_reasons"):
        if name in changes:
            changes[name] = tuple(changes[name])
    policy = replace(base, **changes)

    def check(ok: bool, name: str, rule: str) -> None:
        if not ok:
            raise ValueError(f"retry.{name} {rule}, got {getattr(policy, name)!r}")

    check(isinstance(policy.max_attempts, int) and policy.max_attempts >= 1, "max_attempts", "must be an integer >= 1")
    check(policy.initial_delay_ms >= 0, "initial_delay_ms", "must be >= 0")
    check(policy.multiplier >= 1, "multiplier", "must be >= 1")
    check(policy.max_delay_ms >= 0, "max_delay_ms", "must be >= 0")
    check(0 <= policy.jitter <= 1, "jitter", "must be between 0 and 1")
    check(policy.max_retry_after_ms >= 0, "max_retry_after_ms", "must be >= 0")
    return policy


def should_retry(policy: RetryPolicy, failure: AttemptFailure, attempts_made: int) -> bool:
    """Whether to try again after ``attempts_made`` tries, the last of which failed as ``failure``.

    Statuses and BigQuery reasons are retried when the policy lists them; network
    errors and timeouts when ``network_errors`` is on; never once ``max_attempts``
    tries were made.
    """
    if attempts_made >= policy.max_attempts:
        return False
    if isinstance(failure, StatusFailure):
        return failure.status in policy.statuses
    if isinstance(failure, BigQueryFailure):
        return failure.reason in policy.bigquery_reasons
    return policy.network_errors


def round_half_up(value: float) -> int:
    """Rounds like JavaScript's ``Math.round`` (halves up), not Python's ``round`` (halves to even)."""
    return math.floor(value + 0.5)


def backoff_delay_ms(policy: RetryPolicy, retry: int, random: RandomSource = _random.random) -> int:
    """The computed wait before retry number ``retry`` (1 for the first retry), in milliseconds.

    ``min(max_delay_ms, initial_delay_ms * multiplier ** (retry - 1))``, minus a random
    part of up to ``jitter`` of it, so clients that failed together do not retry together.
    """
    exponent = max(0, retry - 1)
    base = min(policy.max_delay_ms, policy.initial_delay_ms * policy.multiplier**exponent)
    fraction = min(1.0, max(0.0, random()))
    return max(0, round_half_up(base * (1 - policy.jitter * fraction)))


_DELTA_SECONDS = re.compile(r"\d+(\.\d+)?", re.ASCII)
_HAS_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
_HAS_ZONE = re.compile(r"GMT|UTC|[+-]\d{4}$", re.IGNORECASE)


def parse_retry_after(value: str | None, now: Clock = _now_ms) -> int | None:
    """How long a ``Retry-After`` header asks to wait, in milliseconds.

    Either delta-seconds (``120``, ``0.5``) or an HTTP-date
    (``Wed, 21 Oct 2015 07:28:00 GMT``, compared with ``now``; a past date means 0).

    Returns
    -------
    int or None
        The wait, or None when the header is absent or unreadable.
    """
    text = value.strip() if value is not None else ""
    if not text:
        return None
    if _DELTA_SECONDS.fullmatch(text):
        return round_half_up(float(text) * 1000)
    # A date must at least name a month or a day; bare numbers such as "-1" are not dates.
    if not _HAS_LETTER.search(text):
        return None
    # HTTP-dates are always GMT; asctime dates do not say so and must not be read as local time.
    candidate = text if _HAS_ZONE.search(text) else f"{text} GMT"
    try:
        at = parsedate_to_datetime(candidate)
    except (TypeError, ValueError, IndexError):
        return None
    if at.tzinfo is None:
        return None
    return max(0, round_half_up(at.timestamp() * 1000 - now()))


def retry_delay_ms(
    policy: RetryPolicy,
    retry: int,
    retry_after_header: str | None = None,
    *,
    random: RandomSource = _random.random,
    now: Clock = _now_ms,
) -> int:
    """The wait before retry number ``retry``, in milliseconds.

    The server's ``Retry-After`` when the policy honours it and it is readable (cut
    to ``max_retry_after_ms``), else :func:`backoff_delay_ms`.
    """
    if policy.retry_after:
        asked = parse_retry_after(retry_after_header, now)
        if asked is not None:
            return min(asked, round_half_up(policy.max_retry_after_ms))
    return backoff_delay_ms(policy, retry, random)


@dataclass(frozen=True)
class Verdict:
    """What one failed try means for the loop: the failure to judge, and the server's ``Retry-After``.

    ``failure`` None means "never retried" (a bad request, a request that is not
    safe to repeat after a network error).
    """

    failure: AttemptFailure | None
    retry_after: str | None = None


_CANCEL_POLL_SECONDS = 0.05


class TryTimedOut(TimeoutError):
    """A try that was still running when its time limit (``deadline``) passed; the try is abandoned."""


def run_interruptibly(
    action: Callable[[], T],
    cancel: threading.Event | None,
    cancelled: Callable[[], BaseException],
    *,
    deadline: float | None = None,
    abandon: Callable[[threading.Thread], None] | None = None,
) -> T:
    """Runs ``action``; raises ``cancelled()`` as soon as ``cancel`` is set, and :class:`TryTimedOut` after ``deadline`` seconds.

    Without an event or a deadline ``action`` runs in this thread. Otherwise it runs
    in a worker thread that this one watches, since a blocking socket read cannot be
    stopped from outside (and a read timeout only bounds each read, not a body that
    keeps trickling in). A try given up on (cancelled, out of time, or interrupted by
    Ctrl-C) is handed to ``abandon``, which may stop its request; its result is dropped.
    """
    if cancel is None and deadline is None:
        return action()
    if cancel is not None and cancel.is_set():
        raise cancelled()
    outcome: list[tuple[bool, Any]] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append((True, action()))
        except BaseException as error:  # handed to the waiting thread, which raises it
            outcome.append((False, error))
        finally:
            done.set()

    worker = threading.Thread(target=work, name="basedosdados-request", daemon=True)
    ends_at = math.inf if deadline is None else time.monotonic() + deadline

    def step() -> float:
        left = max(0.0, ends_at - time.monotonic())  # finite whenever there is no cancel event to poll
        return min(left, _CANCEL_POLL_SECONDS) if cancel is not None else left

    worker.start()
    try:
        while not done.wait(step()):
            if cancel is not None and cancel.is_set():
                raise cancelled()
            if time.monotonic() >= ends_at:
                raise TryTimedOut(f"no answer within {deadline:g} s")
    except BaseException:
        if abandon is not None:
            abandon(worker)
        raise
    succeeded, value = outcome[0]
    if succeeded:
        return value  # type: ignore[no-any-return]
    raise value


def call_with_retry(
    policy: RetryPolicy,
    attempt: Callable[[int], T],
    *,
    classify: Callable[[Exception], Verdict],
    give_up: Callable[[Exception, int], BaseException],
    sleep: Callable[[float], None] = time.sleep,
    random: RandomSource = _random.random,
    cancel: threading.Event | None = None,
    cancelled: Callable[[], BaseException] | None = None,
    attempt_timeout: float | None = None,
    abandon: Callable[[threading.Thread], None] | None = None,
) -> T:
    """Runs ``attempt(n)`` for n = 1, 2... until it returns, as ``policy`` says.

    A failed try is judged by ``classify``; when it is not retried (or no try is
    left) the loop raises ``give_up(error, tries)``, the typed error, outside any
    ``except`` block so the library's exception is not chained to it. A
    :class:`BaseDosDadosException` raised by a try is raised as it is. The wait
    between tries honours ``Retry-After``; a ``cancel`` event ends it at once and
    stops a try in flight, raising ``cancelled()``. With ``attempt_timeout`` each
    try ends after that many seconds (:class:`TryTimedOut`, judged by ``classify``
    like any timeout), so the whole call takes at most ``max_attempts`` times it
    plus the waits; ``abandon`` is told of each try given up (see :func:`run_interruptibly`).
    """

    def stopped() -> BaseException:
        return cancelled() if cancelled is not None else RuntimeError("cancelled")

    for tries in itertools.count(1):
        failed: Exception
        try:
            return run_interruptibly(
                lambda tries=tries: attempt(tries),  # type: ignore[misc]
                cancel,
                stopped,
                deadline=attempt_timeout,
                abandon=abandon,
            )
        except BaseDosDadosException:
            raise
        except Exception as error:
            failed = error
        verdict = classify(failed)
        if verdict.failure is None or not should_retry(policy, verdict.failure, tries):
            raise give_up(failed, tries)
        seconds = retry_delay_ms(policy, tries, verdict.retry_after, random=random) / 1000
        if cancel is None:
            sleep(seconds)
        elif cancel.wait(seconds):
            raise stopped()
    raise AssertionError("unreachable")  # pragma: no cover
