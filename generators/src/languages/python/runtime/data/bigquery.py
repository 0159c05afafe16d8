# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""What the data functions know from the spec, and BigQuery's failures under it.

Which project pays, which environment is read, the spec's retry policy and its
error table (the client itself is made by :mod:`.clients`).
"""

from __future__ import annotations

import random as _random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .config import ENV_GOOGLE_CLOUD_PROJECT, env_name, resolve_billing_project_id
from .environments import EnvironmentSpec, environment_in_use
from .errors import (
    CANCELLED_KIND,
    BaseDosDadosException,
    ErrorKindSpec,
    create_error,
    describe_cause,
    error_kind_for_bigquery_reason,
    error_kind_for_status,
)
from .http import ApiSpec
from .params import ParamSpec, check_param
from .redaction import configured_secrets, redact
from .retry import (
    AttemptFailure,
    BigQueryFailure,
    NetworkFailure,
    StatusFailure,
    TimeoutFailure,
    Verdict,
    call_with_retry,
)
from .transport import RedirectRefused, UnexpectedBody

__all__ = [
    "DataFunctionSpec",
    "DataSpec",
    "bigquery_error",
    "billing_project",
    "environment",
    "no_retry",
    "run_with_retry",
]

T = TypeVar("T")


@dataclass(frozen=True)
class DataFunctionSpec:
    """One function of the spec's ``x-bd-data``: its name and parameters."""

    name: str
    params: tuple[ParamSpec, ...]

    def param(self, name: str) -> ParamSpec | None:
        """The parameter with this wire name, if the function has one."""
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class DataSpec:
    """What the data functions know from the spec.

    Attributes
    ----------
    api : ApiSpec
        The package, version, retry policy, error table and environments.
    on_demand_usd_per_tib : float
        BigQuery's on-demand price per TiB scanned, for estimates.
    functions : tuple of DataFunctionSpec
        The spec's ``x-bd-data`` functions.
    """

    api: ApiSpec
    on_demand_usd_per_tib: float
    functions: tuple[DataFunctionSpec, ...]

    def function(self, name: str) -> DataFunctionSpec:
        """The function of this name; KeyError if the spec has none (a bug in the generated code)."""
        for function in self.functions:
            if function.name == name:
                return function
        raise KeyError(f"the spec has no data function {name}")


def _errors(spec: DataSpec) -> tuple[ErrorKindSpec, ...]:
    return spec.api.errors


def billing_project(spec: DataSpec, function: DataFunctionSpec, explicit: str | None) -> str:
    """The Google Cloud project billed for a query, checked against the spec's pattern.

    Raises
    ------
    BaseDosDadosException
        Of kind ``billing_project`` when nothing names one (before any network
        call, saying how to set one); of kind ``validation`` when the one found
        breaks the spec's pattern.
    """
    found = resolve_billing_project_id(explicit)
    if found is None:
        raise create_error(
            _errors(spec),
            "billing_project",
            "No Google Cloud billing project: queries run on BigQuery and are billed to your own project. "
            'Pass billing_project_id="my-project", set bd.config.billing_project_id = "my-project", '
            f"or set the environment variable {env_name('BILLING_PROJECT_ID')} (or {ENV_GOOGLE_CLOUD_PROJECT}). "
            "Create a project at https://console.cloud.google.com/projectcreate.",
        )
    value, source = found
    param = function.param("billing_project_id")
    reason = check_param(param, value) if param is not None else None
    if reason:
        raise create_error(
            _errors(spec),
            "validation",
            f"Invalid billing project id from {source}: {reason}. "
            "A Google Cloud project id is 6 to 30 lowercase letters, digits or hyphens, starting with a letter.",
        )
    return value


def environment(spec: DataSpec, name: str | None) -> EnvironmentSpec:
    """The environment called ``name``, else ``config.environment``'s, ``<PREFIX>_ENVIRONMENT``'s, the spec's default.

    Raises
    ------
    BaseDosDadosException
        Of kind ``validation`` for a name the spec does not list, or a spec that lists none.
    """
    chosen = environment_in_use(spec.api.environments, name, _errors(spec))
    if chosen is None:
        raise create_error(_errors(spec), "validation", "The spec lists no environments (x-bd-environments).")
    return chosen


def no_retry() -> Any:
    """A google-api-core retry that never retries: the spec's policy is applied by :func:`run_with_retry` alone."""
    from google.api_core.retry import Retry

    return Retry(predicate=lambda _error: False)


def _reason(error: BaseException) -> str | None:
    errors = getattr(error, "errors", None)
    if isinstance(errors, Sequence) and errors and isinstance(errors[0], dict):
        reason = errors[0].get("reason")
        return reason if isinstance(reason, str) else None
    return None


def _message(error: BaseException) -> str:
    errors = getattr(error, "errors", None)
    if isinstance(errors, Sequence) and errors and isinstance(errors[0], dict):
        message = errors[0].get("message")
        if isinstance(message, str) and message:
            return message
    message = getattr(error, "message", None)
    return message if isinstance(message, str) and message else str(error)


def _is_network_error(error: BaseException) -> bool:
    """Refused, reset, or a body cut short (requests, urllib3 and http.client each have a name for it)."""
    import http.client

    import google.auth.exceptions
    import requests
    import urllib3.exceptions

    return isinstance(
        error,
        (
            requests.exceptions.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
            urllib3.exceptions.ProtocolError,
            http.client.HTTPException,
            ConnectionError,
            google.auth.exceptions.TransportError,
        ),
    )


def _is_refresh_error(error: BaseException) -> bool:
    import google.auth.exceptions

    return isinstance(error, google.auth.exceptions.RefreshError)


def _is_timeout(error: BaseException) -> bool:
    import concurrent.futures

    import requests

    return isinstance(error, (requests.exceptions.Timeout, TimeoutError, concurrent.futures.TimeoutError))


def _timed_out(what: str, attempts: int, timeout: float | None) -> str:
    """``BigQuery timed out reading result page 2: no answer within 0.2 s on each of 4 tries (...)``."""
    if timeout is None:
        return f"BigQuery timed out {what}" + (f" (after {attempts} attempts)" if attempts > 1 else "")
    tries = f"on each of {attempts} tries" if attempts > 1 else "on its only try"
    return f"BigQuery timed out {what}: no answer within {timeout:g} s {tries} (timeout= is the limit per try)"


def bigquery_error(
    spec: DataSpec, error: BaseException, attempts: int = 1, *, what: str = "answering", timeout: float | None = None
) -> BaseDosDadosException:
    """The typed exception for a failed BigQuery call, its kind chosen by reason, then status.

    BigQuery's own message is kept (with the query location for invalid SQL); the
    library's exception is summarised in ``cause``, not chained (it holds the
    request and its bearer token), and every text is redacted. A timeout says, in
    the package's words, which request (``what``) ran out of its ``timeout``.
    """
    from google.api_core.exceptions import GoogleAPICallError

    if isinstance(error, BaseDosDadosException):
        return error
    errors = _errors(spec)
    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
    secrets = configured_secrets()
    if isinstance(error, RedirectRefused):
        return create_error(errors, "redirect", error.describe("A BigQuery request"), status=error.status, attempts=attempts, secrets=secrets)
    if isinstance(error, UnexpectedBody):
        message = f"BigQuery answered {error.status} with {error}"
        return create_error(errors, "server", message, status=error.status, attempts=attempts, secrets=secrets)
    cause = describe_cause(error, secrets)
    if isinstance(error, GoogleAPICallError):
        reason = _reason(error)
        status = error.code if isinstance(error.code, int) else None
        kind = error_kind_for_bigquery_reason(reason, errors) if reason else "unknown"
        if kind == "unknown" and status is not None:
            kind = error_kind_for_status(status, errors)
        label = f"{status} {reason}" if status is not None and reason else str(status or reason or "error")
        message = redact(f"BigQuery {label}: {_message(error)}{tries}", secrets)
        return create_error(errors, kind, message, status=status, reason=reason, attempts=attempts, cause=cause, secrets=secrets)
    if _is_refresh_error(error):
        message = f"Google Cloud credentials could not be refreshed{tries}: {cause}"
        return create_error(errors, "access_denied", message, attempts=attempts, cause=cause, secrets=secrets)
    if _is_timeout(error):
        return create_error(errors, "timeout", _timed_out(what, attempts, timeout), attempts=attempts, cause=cause, secrets=secrets)
    if _is_network_error(error):
        message = f"The connection to BigQuery failed{tries}: {cause}"
        return create_error(errors, "connection", message, attempts=attempts, cause=cause, secrets=secrets)
    return create_error(errors, "unknown", f"BigQuery failed{tries}: {cause}", attempts=attempts, cause=cause, secrets=secrets)


def _failure(error: BaseException) -> AttemptFailure | None:
    from google.api_core.exceptions import GoogleAPICallError

    if isinstance(error, GoogleAPICallError):
        reason = _reason(error)
        if reason:
            return BigQueryFailure(reason)
        return StatusFailure(error.code) if isinstance(error.code, int) else None
    if _is_timeout(error):
        return TimeoutFailure()
    if _is_network_error(error):
        return NetworkFailure()
    return None


def _retry_after(error: BaseException) -> str | None:
    """The ``Retry-After`` header of the HTTP response behind a BigQuery error, if it had one."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    value = headers.get("Retry-After") if headers is not None and hasattr(headers, "get") else None
    return value if isinstance(value, str) else None


def run_with_retry(
    spec: DataSpec,
    action: Callable[[], T],
    *,
    sleep: Callable[[float], None] = time.sleep,
    random: Callable[[], float] = _random.random,
    cancel: threading.Event | None = None,
    what: str = "answering",
    timeout: float | None = None,
) -> T:
    """Runs ``action`` (one BigQuery request: a job insert, a wait, a result page) under the spec's retry policy.

    The loop is :func:`.retry.call_with_retry`, the one the catalogue client uses.
    BigQuery errors are retried when the policy lists their reason (``backendError``...),
    or, without a reason, their status; network errors and timeouts when it retries
    those. The wait honours the response's ``Retry-After``. The error finally raised
    is typed by the spec's error table; a set ``cancel`` event raises kind ``cancelled``.
    ``timeout`` limits each try as a whole (the library's own timeout only limits each
    socket read), and a try given up on has its request stopped; ``what`` names the
    request in a timeout's message (``reading result page 2``).
    """
    from .config import config
    from .retry import resolve_retry_policy
    from .sessions import stop_requests_of

    return call_with_retry(
        resolve_retry_policy(spec.api.retry, config.retry),
        lambda _tries: action(),
        classify=lambda error: Verdict(_failure(error), _retry_after(error)),
        give_up=lambda error, tries: bigquery_error(spec, error, tries, what=what, timeout=timeout),
        sleep=sleep,
        random=random,
        cancel=cancel,
        cancelled=lambda: create_error(_errors(spec), CANCELLED_KIND, "The BigQuery call was cancelled."),
        attempt_timeout=timeout,
        abandon=stop_requests_of,
    )
