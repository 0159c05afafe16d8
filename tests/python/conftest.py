"""Shared fixtures of the Python package's tests.

The tests run against a freshly generated package: ``BDGEN_PY_OUT`` (and
``BDGEN_PY_TRICKY_OUT`` for the tricky fixture spec) name the output folder
``<out>/python`` that ``tests/python/python-package.test.ts`` generated; without
them, this file generates both into a temporary folder first. ``BDGEN_DATALAKE_URL``
names a running local datalake; without it, the data tests start one with
``bdgen serve --port 0`` and stop it at the end.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BDGEN = ROOT / "generators" / "bin" / "bdgen.mjs"
DATALAKE_SPEC = "spec/datalake.yaml"
TRICKY_SPEC = "tests/specs/fixtures/tricky/openapi.yaml"

# Variables the package reads; cleared around every test so the machine's own settings cannot leak in.
PACKAGE_ENV = (
    "BASEDOSDADOS_API_URL",
    "BASEDOSDADOS_ENVIRONMENT",
    "BASEDOSDADOS_BILLING_PROJECT_ID",
    "GOOGLE_CLOUD_PROJECT",
    "BASEDOSDADOS_BIGQUERY_ENDPOINT",
    "BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT",
    "BIGQUERY_EMULATOR_HOST",
)


def _generate(spec: str, out: Path) -> Path:
    subprocess.run(
        ["node", str(BDGEN), "generate", "--lang", "python", "--spec", spec, "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out / "python"


def _package_roots() -> tuple[Path, Path]:
    given, given_tricky = os.environ.get("BDGEN_PY_OUT"), os.environ.get("BDGEN_PY_TRICKY_OUT")
    if given and given_tricky:
        return Path(given), Path(given_tricky)
    scratch = Path(tempfile.mkdtemp(prefix="bdgen-pytest-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    return _generate(DATALAKE_SPEC, scratch / "datalake"), _generate(TRICKY_SPEC, scratch / "tricky")


PACKAGE_ROOT, TRICKY_ROOT = _package_roots()
# The generated package is imported from its src/ folder, as an editable install would.
sys.path.insert(0, str(PACKAGE_ROOT / "src"))
sys.path.insert(0, str(TRICKY_ROOT / "src"))


@pytest.fixture(scope="session")
def package_root() -> Path:
    """``<out>/python`` of the datalake spec: pyproject.toml, README.md, src/."""
    return PACKAGE_ROOT


@pytest.fixture(scope="session")
def tricky_root() -> Path:
    """``<out>/python`` of the tricky fixture spec."""
    return TRICKY_ROOT


@pytest.fixture
def bd(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The generated package, with settings and environment variables reset around the test."""
    module = importlib.import_module("basedosdados_sdk")
    for name in PACKAGE_ENV:
        monkeypatch.delenv(name, raising=False)
    yield from _with_fresh_config(module)


@pytest.fixture
def tricky(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The package generated from the tricky fixture spec (import name ``tricky``)."""
    module = importlib.import_module("tricky")
    for name in PACKAGE_ENV:
        monkeypatch.delenv(name, raising=False)
    yield from _with_fresh_config(module)


def _with_fresh_config(module: ModuleType) -> Iterator[ModuleType]:
    fresh = type(module.config)()
    for name in fresh.__slots__:
        setattr(module.config, name, getattr(fresh, name))
    # Tests must not wait for real backoff delays.
    module.config.retry = {"initial_delay_ms": 1, "max_delay_ms": 5, "max_retry_after_ms": 50}
    yield module
    for name in fresh.__slots__:
        setattr(module.config, name, getattr(fresh, name))
    importlib.import_module(f"{module.__name__}._runtime.http").close_clients()


def call_data(module: ModuleType, name: str, **args: Any) -> Any:
    """Calls the data function ``name`` with ``args``: the generated function when it takes them all, else its runtime.

    The runtime reads call options (``timeout``, ``cancel``, ``progress``, ``compression``...) that the
    generated signatures gain once the emitter passes them; until then the runtime is called with the
    generated defaults, exactly as the generated function would call it.
    """
    import inspect

    function = getattr(module, name)
    parameters = inspect.signature(function).parameters
    if all(key in parameters for key in args):
        return function(**args)
    defaults = {p: v.default for p, v in parameters.items() if v.default is not inspect.Parameter.empty}
    runtime = importlib.import_module(f"{module.__name__}._runtime.data")
    spec = importlib.import_module(f"{module.__name__}._spec").DATA_SPEC
    return getattr(runtime, name)(spec, {**defaults, **args})


@dataclass
class Request:
    """One request the scripted server received: method, path, headers (lower-case names) and the exact body bytes."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    raw_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CutBody:
    """A reply whose body stops halfway: the status, the headers and a ``Content-Length`` of the whole body, then a close."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Trickle:
    """A reply whose body comes one byte every ``interval`` seconds: slow, but never silent long enough for a read timeout.

    If the client closes the connection before the last byte, the request's path is recorded in ``closed_by_client``.
    """

    status: int
    body: bytes
    interval: float
    headers: dict[str, str] = field(default_factory=dict)


Reply = tuple[int, dict[str, str], bytes | str | dict[str, Any] | list[Any]] | CutBody | Trickle | str
"""What a script returns: (status, headers, body), a :class:`CutBody`, a :class:`Trickle`, "cut" to drop the
connection before answering, or "hang" to stay silent until the client closes the connection (recorded in
``closed_by_client``)."""


def _wait_for_close(connection: socket.socket, stop: threading.Event, seconds: float | None = None) -> bool:
    """Waits until the peer closes ``connection`` (True), or ``stop`` is set or ``seconds`` pass (False)."""
    waited = 0.0
    while not stop.is_set() and (seconds is None or waited < seconds):
        step = 0.05 if seconds is None else min(0.05, seconds - waited)
        readable, _, _ = select.select([connection], [], [], step)
        waited += step
        if readable:
            try:
                if connection.recv(65536, socket.MSG_PEEK) == b"":
                    return True
                connection.recv(65536)  # more bytes from the client (a pipelined request): drop them
            except OSError:
                return True
    return False


@dataclass
class ScriptedServer:
    """An HTTP server on 127.0.0.1 (port 0) that answers with ``script(request)`` and records requests."""

    script: Callable[[Request], Reply]
    requests: list[Request] = field(default_factory=list)
    closed_by_client: list[str] = field(default_factory=list)
    url: str = ""
    _server: ThreadingHTTPServer | None = None
    _released: threading.Event = field(default_factory=threading.Event)

    def start(self) -> ScriptedServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, list(self.headers.items()))
                owner.requests.append(request)
                reply = owner.script(request)
                if reply == "cut":
                    self.connection.shutdown(2)
                    self.close_connection = True
                    return
                if reply == "hang":
                    if _wait_for_close(self.connection, owner._released):
                        owner.closed_by_client.append(request.path)
                    self.close_connection = True
                    return
                if isinstance(reply, CutBody):
                    self.send_response(reply.status)
                    for name, value in {"content-type": "application/json", **reply.headers}.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body[: len(reply.body) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if isinstance(reply, Trickle):
                    self._trickle(request, reply)
                    return
                assert not isinstance(reply, str)
                status, headers, body = reply
                if isinstance(body, (dict, list)):
                    payload = json.dumps(body).encode()
                    headers = {"content-type": "application/json", **headers}
                else:
                    payload = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            def _trickle(self, request: Request, reply: Trickle) -> None:
                self.send_response(reply.status)
                for name, value in {"content-type": "application/json", **reply.headers}.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.close_connection = True
                for index in range(len(reply.body)):
                    try:
                        self.wfile.write(reply.body[index : index + 1])
                        self.wfile.flush()
                    except OSError:
                        owner.closed_by_client.append(request.path)
                        return
                    if _wait_for_close(self.connection, owner._released, reply.interval):
                        owner.closed_by_client.append(request.path)
                        return

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_TRACE = handle_any  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        # A short poll interval: shutdown() waits up to one interval.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def wait_for_closes(self, count: int = 1) -> list[str]:
        """The paths of hanging requests whose connection the client closed, once ``count`` of them were closed.

        Waits as long as that takes: a client that never gives up keeps the test waiting (the test runner's own
        limit ends it), never a guess of how long giving up may take.
        """
        while len(self.closed_by_client) < count:
            self._released.wait(0.01)
        return list(self.closed_by_client)

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


# The threads the package sends a request on: the call's own and the one fetching the next result page ahead.
REQUEST_THREADS = ("basedosdados-request", "bigquery-next-page")
# Far beyond how long a stopped request takes to end, far below the calls' read timeouts in the tests that use it
# (an hour): it only tells a request that was stopped from one left blocked, never how fast stopping is.
BLOCKED_AFTER = 30.0


def blocked_request_threads(started: set[threading.Thread]) -> list[str]:
    """The request threads not in ``started`` still running after each was given ``BLOCKED_AFTER`` seconds to end."""
    left = [t for t in set(threading.enumerate()) - started if t.name in REQUEST_THREADS]
    for thread in left:
        thread.join(BLOCKED_AFTER)
    return [t.name for t in left if t.is_alive()]


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[Request], Reply]], ScriptedServer]]:
    """Starts scripted servers for a test and stops every one of them after it."""
    started: list[ScriptedServer] = []

    def start(script: Callable[[Request], Reply]) -> ScriptedServer:
        server = ScriptedServer(script).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@dataclass
class Datalake:
    """A running local datalake: the metadata API and the BigQuery REST routes at ``url``, the Storage Read API at ``storage_endpoint``."""

    url: str
    storage_endpoint: str | None = None

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Calls the datalake's control API (``PUT faults``, ``DELETE faults``, ``GET stats``...)."""
        import httpx

        response = httpx.request(method, f"{self.url}/__datalake/{path}", json=body)
        response.raise_for_status()
        return response.json() if response.content else None


@pytest.fixture(scope="session")
def datalake() -> Iterator[Datalake]:
    """The local datalake: ``BDGEN_DATALAKE_URL`` if set, else one started with ``bdgen serve --port 0``."""
    given = os.environ.get("BDGEN_DATALAKE_URL")
    if given:
        yield Datalake(given.rstrip("/"), os.environ.get("BDGEN_DATALAKE_STORAGE_ENDPOINT"))
        return
    process = subprocess.Popen(
        ["node", str(BDGEN), "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = storage = None
        for line in process.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found and url is None:
                url = found.group(0)
            grpc = re.search(r"STORAGE_ENDPOINT=(127\.0\.0\.1:\d+)", line)
            if grpc:
                storage = grpc.group(1)
            if url is not None and (storage is not None or line.lstrip().startswith("the SDKs")):
                break
        if url is None:
            pytest.fail(f"bdgen serve exited ({process.wait()}) without printing its URL")
        yield Datalake(url, storage)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def lake(bd: ModuleType, datalake: Datalake) -> Iterator[Datalake]:
    """The package pointed at the local datalake (catalogue and BigQuery), with a billing project; faults and stats cleared first, faults again after."""
    bd.config.base_url = datalake.url
    bd.config.bigquery_endpoint = datalake.url
    bd.config.billing_project_id = "meu-projeto"
    datalake.control("DELETE", "faults")
    datalake.control("DELETE", "stats")
    yield datalake
    datalake.control("DELETE", "faults")


@dataclass
class FakeBigQuery:
    """A script for :class:`ScriptedServer` that answers like BigQuery's REST API: one query job whose
    ``rows`` (integers, column ``n``) come in pages of ``page_size``, ``pageToken`` being the page number.

    ``fault(request, page)`` may answer a result page request instead (None: the real page); page requests
    are counted per page in ``page_requests``; job inserts in ``inserts``, cancels in ``cancels``.
    """

    rows: list[int]
    page_size: int = 2
    fault: Callable[[Request, int], Reply | None] = lambda _request, _page: None
    page_requests: dict[int, int] = field(default_factory=dict)
    inserts: int = 0
    cancels: int = 0

    def __call__(self, request: Request) -> Reply:
        from urllib.parse import parse_qs, urlsplit

        url = urlsplit(request.path)
        if request.method == "POST" and url.path.endswith("/cancel"):
            self.cancels += 1
            return (200, {}, {"job": {"jobReference": {"projectId": "meu-projeto", "jobId": url.path.split("/")[-2]}}})
        if request.method == "POST" and url.path.endswith("/jobs"):
            self.inserts += 1
            job = json.loads(request.body)["jobReference"]
            return (200, {}, {"jobReference": job, "status": {"state": "DONE"}, "configuration": {"query": {"query": "SELECT n"}}})
        page = int(parse_qs(url.query).get("pageToken", ["0"])[0])
        self.page_requests[page] = self.page_requests.get(page, 0) + 1
        answer = self.fault(request, page)
        if answer is not None:
            return answer
        return (200, {}, self.page(page))

    def page(self, page: int) -> dict[str, Any]:
        """The body of result page ``page`` (0 is the first)."""
        chunk = self.rows[page * self.page_size : (page + 1) * self.page_size]
        body: dict[str, Any] = {
            "kind": "bigquery#getQueryResultsResponse",
            "jobReference": {"projectId": "meu-projeto", "jobId": "job", "location": "US"},
            "jobComplete": True,
            "schema": {"fields": [{"name": "n", "type": "INTEGER", "mode": "NULLABLE"}]},
            "totalRows": str(len(self.rows)),
            "rows": [{"f": [{"v": str(n)}]} for n in chunk],
        }
        if (page + 1) * self.page_size < len(self.rows):
            body["pageToken"] = str(page + 1)
        return body


def fault_on_page(page_number: int, answer: Callable[[int], Reply], times: int | None = None) -> Callable[[Request, int], Reply | None]:
    """A :class:`FakeBigQuery` fault: ``answer(page)`` instead of result page ``page_number`` (its first ``times`` requests, or every one)."""
    fired: list[int] = []

    def fault(_request: Request, page: int) -> Reply | None:
        if page != page_number or (times is not None and len(fired) >= times):
            return None
        fired.append(page)
        return answer(page)

    return fault
