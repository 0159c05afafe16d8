"""What the Python and Stata runners share for the cases with credentials (tests/conformance/README.md).

A case's ``auth`` is configured the Python package's documented way, for that
case only: ``config.headers``, and ``config.credentials`` as google-auth
credentials holding the BigQuery access token (Stata's commands call the same
package). A failing reply's ``error.dump`` is every way Python shows the error.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import Any


@contextmanager
def configured(package: ModuleType, auth: Mapping[str, Any] | None) -> Iterator[None]:
    """The case's headers and access token in ``package.config`` while the case runs; the previous settings after."""
    config = package.config
    saved = (config.headers, config.credentials)
    if auth and auth.get("headers"):
        config.headers = dict(auth["headers"])
    if auth and auth.get("token"):
        from google.oauth2.credentials import Credentials

        config.credentials = Credentials(token=auth["token"])
    try:
        yield
    finally:
        config.headers, config.credentials = saved


def dump(error: BaseException) -> str:
    """``str``, ``repr``, ``vars``, the problem details and the formatted traceback (with its causes) of ``error``."""
    problem = getattr(error, "problem", None)
    return str(error) + repr(error) + repr(vars(error)) + repr(problem) + "".join(traceback.format_exception(error))
