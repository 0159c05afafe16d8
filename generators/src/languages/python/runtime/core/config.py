# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Package-wide settings (``bd.config``) and the environment variables behind them.

Every setting is read when a function is called, never at import time, so it can
be changed at any moment. A function's own argument always wins over ``config``,
which wins over the environment, which wins over the spec's default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_ENV_PREFIX",
    "ENV_BIGQUERY_EMULATOR_HOST",
    "ENV_GOOGLE_CLOUD_PROJECT",
    "Config",
    "config",
    "env_name",
    "env_value",
    "resolve_bigquery_endpoint",
    "resolve_billing_project_id",
    "use_env_prefix",
]

DEFAULT_ENV_PREFIX = "BASEDOSDADOS"
"""The prefix of the package's environment variables unless its ``_spec`` module gives the brand's own
(``x-bd-packages.brand``): Base dos Dados's, whose package this runtime was first written for."""

_env_prefix = DEFAULT_ENV_PREFIX


def use_env_prefix(prefix: str) -> None:
    """Sets the prefix of the package's environment variables; the generated ``_spec`` module calls it on import."""
    global _env_prefix
    _env_prefix = prefix


def env_name(setting: str) -> str:
    """The environment variable of a setting, read at call time: ``API_URL`` -> ``<PREFIX>_API_URL``.

    ``API_URL``: the catalogue's base URL; ``ENVIRONMENT``: the environment (``prod``, ``staging``...);
    ``BILLING_PROJECT_ID``: the Google Cloud project billed for queries; ``BIGQUERY_ENDPOINT``: a
    BigQuery REST endpoint used instead of Google's (the local datalake), with anonymous credentials.
    """
    return f"{_env_prefix}_{setting}"


ENV_GOOGLE_CLOUD_PROJECT = "GOOGLE_CLOUD_PROJECT"
"""Google Cloud's own default project, the last place the billing project is looked for."""

ENV_BIGQUERY_EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST"
"""The BigQuery emulators' conventional variable (``host:port`` or a URL), honoured after ours."""


@dataclass(slots=True)
class Config:
    """Package-wide settings; set the attributes of ``bd.config``.

    Slots make a misspelt setting (``bd.config.billing_projet_id = ...``) an error
    instead of a silently ignored attribute.

    Attributes
    ----------
    billing_project_id : str or None
        Your Google Cloud project, billed for queries. Else
        ``<PREFIX>_BILLING_PROJECT_ID``, then ``GOOGLE_CLOUD_PROJECT``.
    environment : str or None
        The environment of the spec's ``x-bd-environments`` (``prod``, ``staging``,
        ``dev``): it picks both the BigQuery project data is read from and the
        catalogue's host. Else ``<PREFIX>_ENVIRONMENT``, then the spec's default.
        A data call's own ``environment`` wins.
    base_url : str or None
        Where the catalogue API is. Else ``<PREFIX>_API_URL``, then the host of
        the environment in use, then the spec's first server.
    timeout : float or None
        Seconds each HTTP try may take (the limit is per try, not per call): 30 by
        default for catalogue calls; for the data functions, each try of each
        BigQuery request (job insert, wait, result page) as a whole, 120 by default,
        so a request fails after at most its tries times this plus the waits
        between them. A call's own ``timeout`` wins.
    retry : dict or None
        Changes to the spec's retry policy, e.g. ``{"max_attempts": 1}`` to turn retries off.
    headers : dict
        Headers sent with every catalogue request.
    bigquery_endpoint : str or None
        A BigQuery REST endpoint used instead of Google's, with anonymous credentials
        (the local datalake). Else ``<PREFIX>_BIGQUERY_ENDPOINT``, then ``BIGQUERY_EMULATOR_HOST``.
    bigquery_storage_endpoint : str or None
        The BigQuery Storage Read API endpoint (``host:port``, plain gRPC) beside a local
        ``bigquery_endpoint``; else ``<PREFIX>_BIGQUERY_STORAGE_ENDPOINT``. Without one, a local
        endpoint's rows are read through REST. Against Google, Google's own is used.
    credentials : dict or google.auth.credentials.Credentials or None
        For the API's security schemes, a dict keyed by scheme name (as the spec
        spells it): an API key or a bearer token as a string, ``(username, password)``
        (or a dict of them) for HTTP basic, and for OAuth2 a token or
        ``{"client_id": ..., "client_secret": ..., "scopes": [...]}``; a scheme it
        leaves out is read from its environment variables at call time (the README
        names them). For BigQuery (data functions): google-auth credentials instead of
        the application default ones (or the anonymous ones of an endpoint).
    auth_headers : callable or None
        Called before every try of every request with an ``AuthRequest`` (``method``,
        ``url``, ``operation_id``); the headers it returns are sent and, like every
        credential, never shown in an error.
    progress : bool or None
        Whether data functions show a progress bar; None (the default) shows one
        when stderr is a terminal. A call's own ``progress`` wins.
    dtypes : str or None
        The dtypes of ``read_sql`` and ``read_table``: ``"pandas-gbq"`` (None, the
        default: what pandas-gbq and basedosdados 2.x give, text as pandas' own text
        dtype) or ``"nullable"`` (pandas' nullable dtypes: ``string``, ``Int64``,
        ``boolean``, ``datetime64[us]``). A call's own ``dtypes`` wins.
    from_file : bool
        basedosdados 2.x's setting: when True, data functions use the service-account
        key it saved under ``~/.basedosdados/credentials/`` (``from_file=True`` on every
        call). A call's own ``from_file`` wins.
    """

    billing_project_id: str | None = None
    environment: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    retry: Mapping[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    bigquery_endpoint: str | None = None
    bigquery_storage_endpoint: str | None = None
    credentials: Any = None
    auth_headers: Callable[[Any], Mapping[str, str] | None] | None = None
    progress: bool | None = None
    dtypes: str | None = None
    from_file: bool = False


config = Config()
"""The settings every function reads; ``bd.config`` in the generated package."""


def env_value(name: str) -> str | None:
    """The environment variable ``name``, stripped; None when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or None


def resolve_billing_project_id(explicit: str | None) -> tuple[str, str] | None:
    """The billing project and where it came from, or None when nothing gives one.

    Looks at the argument, then ``config.billing_project_id``, then
    ``<PREFIX>_BILLING_PROJECT_ID``, then ``GOOGLE_CLOUD_PROJECT``.
    """
    candidates = (
        (explicit, "the billing_project_id argument"),
        (config.billing_project_id, "bd.config.billing_project_id"),
        (env_value(env_name("BILLING_PROJECT_ID")), env_name("BILLING_PROJECT_ID")),
        (env_value(ENV_GOOGLE_CLOUD_PROJECT), ENV_GOOGLE_CLOUD_PROJECT),
    )
    for value, source in candidates:
        if value:
            return value, source
    return None


def resolve_bigquery_endpoint() -> str | None:
    """The BigQuery endpoint to use instead of Google's, as a URL, or None for Google's own."""
    endpoint = config.bigquery_endpoint or env_value(env_name("BIGQUERY_ENDPOINT")) or env_value(ENV_BIGQUERY_EMULATOR_HOST)
    if endpoint is None:
        return None
    # BIGQUERY_EMULATOR_HOST is conventionally host:port, without a scheme.
    url = (endpoint if "://" in endpoint else f"http://{endpoint}").rstrip("/")
    # The client appends /bigquery/v2 itself; an emulator URL that already ends with it would double it.
    return url.removesuffix("/bigquery/v2")
