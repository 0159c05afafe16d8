# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The environments of the spec (``x-bd-environments``): which BigQuery project and which catalogue host.

One setting picks both: a call's ``environment`` argument (data functions), else
``bd.config.environment``, else ``<PREFIX>_ENVIRONMENT``, else the spec's
default. The catalogue's base URL is, in order, the call's ``base_url``,
``bd.config.base_url``, ``<PREFIX>_API_URL``, the ``api_url`` of the
environment in use, then the spec's first server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .config import config, env_name, env_value
from .errors import ErrorKindSpec, create_error

__all__ = ["EnvironmentSpec", "catalogue_base_url", "environment_in_use"]


@dataclass(frozen=True)
class EnvironmentSpec:
    """One environment of the spec's ``x-bd-environments``.

    Attributes
    ----------
    name : str
        ``prod``, ``staging``, ``dev``...
    project : str
        The BigQuery project whose tables are read.
    is_default : bool
        Whether it is used when nothing names an environment.
    dataset_suffix : str
        Appended to dataset ids in this environment (``_staging``).
    api_url : str
        The catalogue's base URL in this environment ("" when the spec gives none).
    """

    name: str
    project: str
    is_default: bool
    dataset_suffix: str = ""
    api_url: str = ""


def _named(explicit: str | None) -> tuple[str, str] | None:
    """The environment's name and where it came from, or None when nothing names one."""
    for value, source in (
        (explicit, "the environment argument"),
        (config.environment, "bd.config.environment"),
        (env_value(env_name("ENVIRONMENT")), env_name("ENVIRONMENT")),
    ):
        if value:
            return value, source
    return None


def environment_in_use(
    environments: Sequence[EnvironmentSpec], explicit: str | None, errors: Sequence[ErrorKindSpec]
) -> EnvironmentSpec | None:
    """The environment ``explicit``, ``config.environment`` or ``<PREFIX>_ENVIRONMENT`` names, else the default.

    None only when the spec lists no environments and nothing names one.

    Raises
    ------
    BaseDosDadosException
        Of kind ``validation``, before any request, for a name the spec does not list.
    """
    named = _named(explicit)
    if named is None:
        return next((e for e in environments if e.is_default), environments[0] if environments else None)
    name, source = named
    for candidate in environments:
        if candidate.name == name:
            return candidate
    choices = ", ".join(repr(e.name) for e in environments) or "none: the spec lists no environments"
    raise create_error(errors, "validation", f"Unknown environment {name!r} (from {source}); choose one of {choices}.", attempts=0)


def catalogue_base_url(
    environments: Sequence[EnvironmentSpec], default: str, explicit: str | None, errors: Sequence[ErrorKindSpec]
) -> str:
    """Where the catalogue is: ``explicit``, ``config.base_url``, ``<PREFIX>_API_URL``, the environment's, the spec's."""
    given = explicit or config.base_url or env_value(env_name("API_URL"))
    if given:
        return given
    # A package whose spec has no environments ignores the variable: it names nothing there.
    environment = environment_in_use(environments, None, errors) if environments else None
    return environment.api_url if environment is not None and environment.api_url else default
