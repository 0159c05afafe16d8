"""Downloads never lose or half-write a file (docs/architecture.md, "Transport and file rules").

A full disk (a real 64 KiB tmpfs where the machine lets us mount one, and a writer failing with ENOSPC that
always runs), a folder made read-only or removed mid-download, SIGINT and SIGTERM: the ``filesystem`` kind
for write failures, an existing target untouched, no ``.part`` left where it can be removed.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import (
    PACKAGE_ROOT,
    Datalake,
    FakeBigQuery,
    Reply,
    Request,
    ScriptedServer,
)

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
BIG = "SELECT * FROM `basedosdados.br_bd_sintetico.linhas_50000`"
OLD = b"id\n1\n"


@pytest.fixture
def lake(bd: ModuleType, datalake: Datalake) -> ModuleType:
    bd.config.bigquery_endpoint = datalake.url
    bd.config.billing_project_id = "meu-projeto"
    datalake.control("DELETE", "faults")
    return bd


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (root only: skipped, saying why, where mount is refused)."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 64 KiB tmpfs here (root only): {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_full_disk_is_a_filesystem_error_keeping_the_old_file(lake: ModuleType, tmpfs: Path) -> None:
    target = tmpfs / "linhas.csv"
    target.write_bytes(OLD)
    with pytest.raises(lake.BaseDosDadosFileSystemException, match="No space left on device") as raised:
        lake.download(str(target), query=BIG)
    assert raised.value.kind == "filesystem"
    assert target.read_bytes() == OLD
    assert left_in(tmpfs) == ["linhas.csv"]


class FullDisk:
    """A file whose writes fail with ENOSPC once ``room`` bytes were written (or, with ``on_close``, whose flush does)."""

    def __init__(self, sink: Any, room: int, on_close: bool = False) -> None:
        self.sink, self.room, self.on_close = sink, room, on_close

    def write(self, data: bytes) -> int:
        if not self.on_close and len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.sink.write(data))

    def close(self) -> None:
        self.sink.close()
        if self.on_close:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sink, name)


def seam(bd: ModuleType, monkeypatch: pytest.MonkeyPatch, wrap: Callable[[Any], Any]) -> None:
    """Makes downloads write through ``wrap(the real temporary file)``."""
    download = sys.modules[f"{bd.__name__}._runtime.download"]
    real = download.open_target

    def open_target(destination: Path) -> Any:
        target = real(destination)
        target.sink = wrap(target.sink)
        return target

    monkeypatch.setattr(download, "open_target", open_target)


@pytest.mark.parametrize("when", ["on a write", "on the last flush"])
def test_a_writer_failing_with_enospc_is_a_filesystem_error_keeping_the_old_file(
    lake: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    seam(lake, monkeypatch, lambda sink: FullDisk(sink, room=4096, on_close=when == "on the last flush"))
    target = tmp_path / "linhas.csv"
    target.write_bytes(OLD)
    with pytest.raises(lake.BaseDosDadosFileSystemException, match="No space left on device"):
        lake.download(str(target), query=BIG)
    assert target.read_bytes() == OLD
    assert left_in(tmp_path) == ["linhas.csv"]


def test_a_folder_removed_mid_download_is_a_filesystem_error(lake: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "saida"

    class RemovesTheFolder(FullDisk):
        def write(self, data: bytes) -> int:
            shutil.rmtree(folder, ignore_errors=True)
            return super().write(data)

    seam(lake, monkeypatch, lambda sink: RemovesTheFolder(sink, room=10**9))
    with pytest.raises(lake.BaseDosDadosFileSystemException, match="No such file or directory"):
        lake.download(str(folder / "linhas.csv"), query=BIG)
    assert not folder.exists()


def test_a_folder_made_read_only_mid_download_is_a_filesystem_error_keeping_the_old_file(
    lake: ModuleType, tmpfs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sys.modules[f"{lake.__name__}._runtime.files"]
    real_replace = os.replace

    def read_only_then_replace(source: str, destination: str) -> None:
        # The rows are written and the file closed: now the file system turns read-only (remount).
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", read_only_then_replace)
    target = tmpfs / "uf.csv"
    target.write_bytes(OLD)
    with pytest.raises(lake.BaseDosDadosFileSystemException, match="Read-only file system") as raised:
        lake.download(str(target), query="SELECT * FROM `basedosdados.br_bd_diretorios_brasil.uf`")
    assert "could not move the download" in str(raised.value)  # the real failure, not the cleanup's
    assert target.read_bytes() == OLD


def test_sigterm_unwinds_main_thread_downloads_only_and_its_handler_is_restored(lake: ModuleType, tmp_path: Path) -> None:
    seen: list[object] = []
    download = sys.modules[f"{lake.__name__}._runtime.download"]
    real = download._Writer.write

    def write(self: object, batch: object) -> None:
        seen.append(signal.getsignal(signal.SIGTERM))
        real(self, batch)

    def own(signum: int, frame: object) -> None:
        pass

    download._Writer.write = write
    try:
        lake.download(str(tmp_path / "a.csv"), query="SELECT 1 AS x")
        worker = threading.Thread(target=lake.download, args=(str(tmp_path / "b.csv"),), kwargs={"query": "SELECT 1 AS x"})
        worker.start()
        worker.join()
        signal.signal(signal.SIGTERM, own)
        lake.download(str(tmp_path / "c.csv"), query="SELECT 1 AS x")
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        download._Writer.write = real
    assert seen[0] is not signal.SIG_DFL and seen[0] is not own  # the main thread's download unwinds on SIGTERM
    assert seen[1] is signal.SIG_DFL  # another thread's cannot (signals reach the main thread only)
    assert seen[2] is own  # a program's own handler is its business
    assert left_in(tmp_path) == ["a.csv", "b.csv", "c.csv"]


def test_the_default_sigterm_handler_is_back_after_a_download(lake: ModuleType, tmp_path: Path) -> None:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    lake.download(str(tmp_path / "a.csv"), query="SELECT 1 AS x")
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with pytest.raises(lake.BaseDosDadosException):
        lake.download(str(tmp_path / "b.csv"), query="SELECT * FROM `basedosdados.nao_existe.tabela`")
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert left_in(tmp_path) == ["a.csv"]


CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in an interactive session, whatever the parent ignores
sys.path.insert(0, {src!r})
import basedosdados_sdk as bd
from google.oauth2.credentials import Credentials
bd.config.bigquery_endpoint = {endpoint!r}
bd.config.billing_project_id = "meu-projeto"
bd.config.credentials = Credentials(token="FAKE-child-token-0123")
bd.download({target!r}, query="SELECT n")
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_download_leaves_no_partial_file(serve: Serve, tmp_path: Path, signum: signal.Signals) -> None:
    fake = FakeBigQuery(rows=list(range(1, 8)), fault=lambda _r, page: "hang" if page == 1 else None)
    server = serve(fake)
    folder = tmp_path / "saida"
    folder.mkdir()
    script = CHILD.format(src=str(PACKAGE_ROOT / "src"), endpoint=server.url, target=str(folder / "linhas.csv"))
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stderr=subprocess.PIPE, text=True)
    try:
        while not fake.page_requests.get(1):  # the first page is written: the .part exists and the next page hangs
            assert child.poll() is None, child.communicate()[1]
            threading.Event().wait(0.02)
        assert [p.suffix for p in folder.iterdir()] == [".part"]
        child.send_signal(signum)
        _, stderr = child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signum, stderr  # ended by the signal, as Python's default would
    assert left_in(folder) == []
    assert server.wait_for_closes(1) == [server.requests[-1].path]  # the hanging page was abandoned, not answered
