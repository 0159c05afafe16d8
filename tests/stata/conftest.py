"""Shared set-up of the Stata runtime's tests (driven by tests/stata/stata-runtime.test.ts).

``import sfi`` finds the stand-in (tests/stata/standin), the runtime is imported
from its source (generators/src/languages/stata/runtime) with the command table
``bdgen generate --lang stata`` wrote to ``BDGEN_STATA_PACKAGE`` (else
out/stata), and the generated Python package from ``BDGEN_STATA_PY_SRC`` (else
out/python/src). Tests that talk to the local datalake read its URL from
``BDGEN_DATALAKE_URL``; without it they fail, naming it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "generators/src/languages/stata/runtime"
PYTHON_SRC = Path(os.environ.get("BDGEN_STATA_PY_SRC", ROOT / "out/python/src"))
STATA_PACKAGE = Path(os.environ.get("BDGEN_STATA_PACKAGE", ROOT / "out/stata"))
if not (STATA_PACKAGE / "bdsdk_commands.py").is_file():
    raise RuntimeError(f"no generated command table in {STATA_PACKAGE}: run these tests through `npx vitest run tests/stata`, or `bdgen generate --lang stata`")
sys.path[:0] = [str(ROOT / "tests/stata/standin"), str(RUNTIME), str(STATA_PACKAGE), str(PYTHON_SRC)]

import sfi

PACKAGE_ENV = ("BASEDOSDADOS_API_URL", "BASEDOSDADOS_ENVIRONMENT", "BASEDOSDADOS_BILLING_PROJECT_ID", "GOOGLE_CLOUD_PROJECT", "BASEDOSDADOS_BIGQUERY_ENDPOINT", "BIGQUERY_EMULATOR_HOST")


@pytest.fixture
def stata() -> Iterator[sfi.Session]:
    """A fresh stand-in session; the same object the runtime's ``sfi`` calls record into."""
    yield sfi.standin.reset()
    sfi.standin.reset()


@pytest.fixture(scope="session")
def datalake_url() -> str:
    url = os.environ.get("BDGEN_DATALAKE_URL")
    if not url:
        pytest.fail("BDGEN_DATALAKE_URL is not set: run these tests through `npx vitest run tests/stata`, or start `bdgen serve --port 0` and set it")
    return url.rstrip("/")


@pytest.fixture
def bd(monkeypatch: pytest.MonkeyPatch, datalake_url: str) -> Iterator[ModuleType]:
    """The generated Python package aimed at the datalake, with fast retries and no billing project of the machine's."""
    for name in PACKAGE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BASEDOSDADOS_API_URL", datalake_url)
    monkeypatch.setenv("BASEDOSDADOS_BIGQUERY_ENDPOINT", datalake_url)
    module = importlib.import_module("basedosdados_sdk")
    saved = module.config.retry
    module.config.retry = {"initial_delay_ms": 1, "max_delay_ms": 5, "max_retry_after_ms": 50}
    yield module
    module.config.retry = saved


class Command:
    """Runs one command of the table the way its .ado would: locals as ``syntax`` leaves them, then the runtime."""

    def __init__(self, session: sfi.Session) -> None:
        self.session = session
        self.runtime = importlib.import_module("stata_runtime")
        self.table: dict[str, Any] = importlib.import_module("bdsdk_commands").TABLE

    def __call__(self, name: str, *, keep_data: bool = False, **options: Any) -> int:
        """``options`` as typed in Stata (True for a flag); returns ``_rc``. Numeric defaults are filled like syntax does."""
        spec = self.table["commands"][name]
        values = {o["name"]: str(o["default"]) for o in spec["options"] if o["kind"] == "integer" and "default" in o}
        for option, value in options.items():
            values[option] = option if value is True else " ".join(map(str, value)) if isinstance(value, list) else str(value)
        if keep_data:
            self.session.locals = values
            self.session.displayed, self.session.errors, self.session.returned, self.session.rc = [], [], {}, None
        else:
            self.session.reset(locals=values)
        try:
            self.runtime.main("bdsdk_commands", name)
        except sfi.StataExit as stop:
            return stop.rc
        return 0


@pytest.fixture
def command(stata: sfi.Session, bd: ModuleType) -> Command:
    return Command(stata)
