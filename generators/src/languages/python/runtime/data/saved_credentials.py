# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""``from_file=True`` as basedosdados 1.x and 2.x meant it: the service-account key its ``config init`` saved.

The old package kept one key file per mode (``prod``, ``staging``; the staging one
served its upload functions, which this package does not have) and queried with
the prod one. It is found where the old package looked, in this order:

1. ``<PREFIX>_CREDENTIALS_PROD``: the key's JSON, base64-encoded;
2. the ``credentials_path`` of ``[gcloud-projects.prod]`` in ``~/.basedosdados/config.toml``;
3. ``~/.basedosdados/credentials/prod.json``.

google-auth loads it (``service_account.Credentials``) with BigQuery's scope, and
mints its tokens from it. Nothing is asked interactively (the old package started
a setup wizard when ``config.toml`` was missing).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import threading
import tomllib
from pathlib import Path
from typing import Any

from .bigquery import DataSpec
from .config import env_name
from .errors import BaseDosDadosException, create_error, describe_cause
from .redaction import configured_secrets, redact

__all__ = ["SCOPES", "saved_credentials"]

SCOPES = ("https://www.googleapis.com/auth/bigquery", "https://www.googleapis.com/auth/cloud-platform")
"""BigQuery's scope, and the one the BigQuery client asks for its own credentials."""

# One Credentials object per key (and version of its file): calls share one client and its token.
_loaded: dict[tuple[object, ...], Any] = {}
_loaded_lock = threading.Lock()


def _folder() -> Path:
    return Path.home() / ".basedosdados"


def _key_path(spec: DataSpec) -> Path:
    """The prod key's file: config.toml's ``credentials_path``, else ``credentials/prod.json``."""
    config_file = _folder() / "config.toml"
    try:
        with open(config_file, "rb") as file:
            settings = tomllib.load(file)
    except FileNotFoundError:
        settings = {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise _unusable(spec, str(config_file), error) from None
    projects = settings.get("gcloud-projects")
    prod = projects.get("prod") if isinstance(projects, dict) else None
    path = prod.get("credentials_path") if isinstance(prod, dict) else None
    return Path(path).expanduser() if isinstance(path, str) and path.strip() else _folder() / "credentials" / "prod.json"


def _unusable(spec: DataSpec, where: str, error: BaseException | str) -> BaseDosDadosException:
    secrets = configured_secrets()
    reason = error if isinstance(error, str) else redact(str(error), secrets) or type(error).__name__
    return create_error(
        spec.api.errors,
        "access_denied",
        f"from_file=True: the service-account key in {where} cannot be used: {reason}",
        cause=None if isinstance(error, str) else describe_cause(error, secrets),
        secrets=secrets,
    )


def _missing(spec: DataSpec, path: Path) -> BaseDosDadosException:
    return create_error(
        spec.api.errors,
        "access_denied",
        f"from_file=True uses the service-account key basedosdados saves for prod, and there is none at {path}. "
        f"Save your key's JSON file there (or name it in credentials_path of [gcloud-projects.prod] in {_folder() / 'config.toml'}), "
        f"or set {env_name('CREDENTIALS_PROD')} to its base64; or leave from_file out to use your application default credentials.",
    )


def _load(spec: DataSpec, where: str, text: str) -> Any:
    """The key's credentials; outside any ``except`` block, so no library exception holding the key is chained."""
    from google.oauth2 import service_account

    failure: BaseDosDadosException | None = None
    try:
        info = json.loads(text)
    except ValueError as error:
        failure = _unusable(spec, where, error)
    else:
        kind = info.get("type") if isinstance(info, dict) else None
        if kind != "service_account":
            failure = _unusable(spec, where, f"it is {f'a {kind!r} file' if kind else 'not a key file'}, not a service-account key")
        else:
            try:
                return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)  # type: ignore[no-untyped-call]
            except (ValueError, KeyError, TypeError) as error:  # a missing field, a key that does not parse
                failure = _unusable(spec, where, error)
    raise failure


def saved_credentials(spec: DataSpec) -> Any:
    """The credentials of the prod service-account key basedosdados saved (see the module).

    Raises
    ------
    BaseDosDadosException
        Of kind ``access_denied``, before any request, when there is no key where the
        old package kept it or it cannot be used (the message says where it looked,
        never what the key holds).
    """
    encoded = os.environ.get(env_name("CREDENTIALS_PROD"), "").strip()
    if encoded:
        cache_key: tuple[object, ...] = ("env", hashlib.sha256(encoded.encode()).hexdigest())
        where = env_name("CREDENTIALS_PROD")
    else:
        path = _key_path(spec)
        try:
            stat = path.stat()
        except OSError:
            raise _missing(spec, path) from None
        cache_key, where = ("file", str(path), stat.st_mtime_ns, stat.st_size), str(path)
    with _loaded_lock:
        if cache_key in _loaded:
            return _loaded[cache_key]
    if encoded:
        try:
            text = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise _unusable(spec, where, "it is not base64 of a key's JSON") from None
    else:
        try:
            text = Path(where).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise _unusable(spec, where, error) from None
    credentials = _load(spec, where, text)
    with _loaded_lock:
        return _loaded.setdefault(cache_key, credentials)
