# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The official BigQuery client, set up for Base dos Dados: which credentials, which endpoint.

One client per billing project, endpoint and credentials, shared by the calls
(making one re-reads the credentials and fetches a token).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .bigquery import DataSpec, bigquery_error
from .config import ENV_BIGQUERY_EMULATOR_HOST, env_name, resolve_bigquery_endpoint
from .errors import BaseDosDadosException, create_error, describe_cause
from .redaction import configured_secrets

if TYPE_CHECKING:
    from google.cloud import bigquery

__all__ = ["bigquery_client"]

_clients: dict[tuple[str, str | None, int], bigquery.Client] = {}
_clients_lock = threading.Lock()


def bigquery_client(spec: DataSpec, project: str, *, fresh: bool = False, from_file: bool = False) -> bigquery.Client:
    """The shared BigQuery client billing ``project``.

    Credentials: with ``from_file`` (the old package's), the service-account key
    basedosdados saved under ``~/.basedosdados`` (:mod:`.saved_credentials`); else
    ``config.credentials`` when set; else, with ``config.bigquery_endpoint``
    (or ``<PREFIX>_BIGQUERY_ENDPOINT``, or ``BIGQUERY_EMULATOR_HOST``), anonymous
    ones for that endpoint (the local datalake); else Google's application default
    credentials. Requests go through the session of :mod:`.sessions` (same-origin
    redirects only, no cookie jar). ``fresh`` (the old package's ``reauth``) drops
    the shared client and fetches a new token before the next request.

    Raises
    ------
    BaseDosDadosException
        Of kind ``access_denied`` when Google credentials cannot be found, read or refreshed.
    """
    from .config import config
    from .saved_credentials import saved_credentials

    # Before importing the client (and the pandas it imports): a missing saved key fails in an instant.
    # A dict is the catalogue API's security schemes' credentials, not BigQuery's.
    credentials = saved_credentials(spec) if from_file else None if isinstance(config.credentials, Mapping) else config.credentials
    from google.cloud import bigquery

    endpoint = resolve_bigquery_endpoint()
    key = (project, endpoint, id(credentials))
    with _clients_lock:
        client = None if fresh else _clients.get(key)
        if client is not None:
            return client
        failure: BaseDosDadosException | None = None
        try:
            client = bigquery.Client(**_client_options(spec, project, endpoint, credentials))
            if fresh:
                _refresh(client)
        except Exception as error:
            failure = _credentials_error(spec, error)
        if failure is not None:
            raise failure
        assert client is not None
        _clients[key] = client
        return client


def _client_options(spec: DataSpec, project: str, endpoint: str | None, credentials: Any) -> dict[str, Any]:
    """The client's arguments: its credentials, and the session of :mod:`.sessions` they send through."""
    import google.auth
    from google.auth.credentials import AnonymousCredentials, with_scopes_if_required
    from google.cloud import bigquery

    from .sessions import policy_session

    options: dict[str, Any] = {"project": project, "client_info": _client_info(spec)}
    if endpoint is not None:
        from google.api_core.client_options import ClientOptions

        options["client_options"] = ClientOptions(api_endpoint=endpoint)
        credentials = credentials if credentials is not None else AnonymousCredentials()  # type: ignore[no-untyped-call]
    elif credentials is None:
        # What the client would look up itself; found here, as the session needs them first.
        credentials, _ = google.auth.default(scopes=bigquery.Client.SCOPE)
    credentials = with_scopes_if_required(credentials, bigquery.Client.SCOPE)  # type: ignore[no-untyped-call]
    return {**options, "credentials": credentials, "_http": policy_session(credentials)}


def _refresh(client: bigquery.Client) -> None:
    """Fetches a new token now (``reauth``), instead of reusing one that may expire mid-download."""
    import google.auth.transport.requests
    from google.auth.credentials import AnonymousCredentials

    credentials = getattr(client, "_credentials", None)
    if credentials is not None and not isinstance(credentials, AnonymousCredentials):
        credentials.refresh(google.auth.transport.requests.Request())


def _credentials_error(spec: DataSpec, error: Exception) -> BaseDosDadosException:
    import google.auth.exceptions

    if isinstance(error, google.auth.exceptions.DefaultCredentialsError):
        return create_error(
            spec.api.errors,
            "access_denied",
            "No Google Cloud credentials found. Run `gcloud auth application-default login` "
            "(or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file); to use the local "
            f"datalake instead, set bd.config.bigquery_endpoint or {env_name('BIGQUERY_ENDPOINT')} "
            f"({ENV_BIGQUERY_EMULATOR_HOST} works too).",
            cause=describe_cause(error, configured_secrets()),
        )
    if isinstance(error, google.auth.exceptions.GoogleAuthError):
        return create_error(
            spec.api.errors,
            "access_denied",
            f"Google Cloud credentials could not be used: {describe_cause(error, configured_secrets())}",
            cause=describe_cause(error, configured_secrets()),
        )
    return bigquery_error(spec, error)


def _client_info(spec: DataSpec) -> Any:
    from google.api_core.client_info import ClientInfo

    return ClientInfo(user_agent=f"{spec.api.package}/{spec.api.version}")  # type: ignore[no-untyped-call]
