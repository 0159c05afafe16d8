# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Download targets: the path a caller gives, the format it implies, and a file that can be written.

Paths are ``str`` or ``os.PathLike`` (``pathlib.Path``). The format comes from the
extension when none is given (``.csv``, ``.jsonl``/``.ndjson``, ``.parquet``, each
``.gz`` for gzip); a name without one of those extensions (``x.xlsx``, ``dados``)
is a validation error unless ``format`` is given, never a CSV under another name,
and a format that contradicts the extension is one too. Missing parent folders are created, as the old package did, and
the temporary file beside the target is opened before the query runs, so a target
that cannot be written fails fast with kind ``filesystem``, never after the query.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["FORMATS", "Target", "TargetError", "open_target", "path_argument", "resolve_format"]

FORMATS = ("csv", "jsonl", "parquet")
"""The file formats downloads write."""

_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_GZIP = ("gzip", "gz")


class TargetError(Exception):
    """A download target that is wrong (``kind`` ``validation``) or cannot be written (``filesystem``)."""

    def __init__(self, kind: str, message: str, argument: str = "path") -> None:
        super().__init__(message)
        self.kind = kind
        self.argument = argument


def path_argument(value: object, argument: str = "path") -> Path:
    """The path a caller gave, as a :class:`Path` with ``~`` expanded.

    Raises
    ------
    TargetError
        ``validation`` for anything but a non-empty ``str`` or ``os.PathLike``.
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TargetError("validation", f"{argument} must be a str or os.PathLike, got {type(value).__name__}", argument)
    if not value.strip():
        raise TargetError("validation", f"{argument} must not be empty", argument)
    if "\x00" in value:
        raise TargetError("validation", f"{argument} must not contain a NUL character", argument)
    if value.endswith(("/", os.sep)):
        raise TargetError("validation", f"{argument} {value!r} is a folder; give a file name (such as {value}data.csv)", argument)
    return Path(value).expanduser()


def resolve_format(path: Path, file_format: object, compression: object) -> tuple[str, bool]:
    """The format to write and whether to gzip it, from the arguments and the extension.

    Raises
    ------
    TargetError
        ``validation`` for an unknown format or compression, a format that
        contradicts the extension (``format="csv"`` for ``x.parquet``), or no format
        and a name whose extension names none (``x.xlsx``, ``dados``).
    """
    suffixes = [s.lower() for s in path.suffixes]
    gzipped_name = bool(suffixes) and suffixes[-1] == ".gz"
    named = (suffixes[-2] if len(suffixes) > 1 else "") if gzipped_name else suffixes[-1] if suffixes else ""
    implied = _EXTENSIONS.get(named)
    if file_format is not None and (not isinstance(file_format, str) or file_format not in FORMATS):
        raise TargetError("validation", f"format must be one of {', '.join(FORMATS)}, got {file_format!r}", "format")
    if file_format is not None and implied is not None and file_format != implied:
        raise TargetError(
            "validation",
            f"format {file_format!r} contradicts the extension of {str(path)!r} ({implied}); "
            "change one of them, or leave format out to follow the extension",
            "format",
        )
    chosen = file_format if isinstance(file_format, str) else implied
    if chosen is None:
        known = ", ".join(_EXTENSIONS)
        what = (
            f"the extension {named} names no format this package writes"
            if named
            else "has no format extension before .gz"
            if gzipped_name
            else "has no extension to take the format from"
        )
        raise TargetError(
            "validation",
            f"{str(path)!r}: {what}; give format= ({', '.join(FORMATS)}) or one of the extensions {known} (each may end in .gz)",
        )
    if compression is not None and not (isinstance(compression, str) and compression.lower() in (*_GZIP, "none")):
        raise TargetError("validation", f"compression must be 'GZIP' or None, got {compression!r}", "compression")
    gzip = gzipped_name or (isinstance(compression, str) and compression.lower() in _GZIP)
    return chosen, gzip


@dataclass
class Target:
    """An open temporary file beside the destination, renamed over it by :meth:`commit`."""

    destination: Path
    temporary: Path
    sink: BinaryIO

    def commit(self) -> None:
        self.sink.close()
        try:
            os.replace(self.temporary, self.destination)
        except OSError as error:
            self.discard()
            raise TargetError("filesystem", f"could not move the download into {str(self.destination)!r}: {_reason(error)}") from None

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.sink.close()
        with contextlib.suppress(FileNotFoundError, OSError):
            os.remove(self.temporary)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def open_target(destination: Path) -> Target:
    """Creates missing parent folders and opens the temporary file the rows will go to.

    Raises
    ------
    TargetError
        ``filesystem`` when the path is an existing folder, when a folder cannot be
        made or the file cannot be written there (read-only, no space...), as in
        every language (a path that ends in a separator is refused earlier, as
        ``validation``: it names a folder whatever is on disk).
    """
    text = str(destination)
    if destination.is_dir():
        raise TargetError("filesystem", f"path {text!r} is an existing folder; give a file name (such as {text}/data.csv)")
    parent = destination.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TargetError("filesystem", f"could not create the folder {str(parent)!r} for {text!r}: {_reason(error)}") from None
    # Beside the destination, so the final rename stays on one file system and is atomic;
    # opened with "x" (not mkstemp) so the file gets the usual permissions of the umask.
    temporary = parent / f".{destination.name}.{secrets.token_hex(6)}.part"
    try:
        sink = open(temporary, "xb")  # noqa: SIM115 - closed by Target.commit or Target.discard
    except OSError as error:
        raise TargetError("filesystem", f"cannot write {text!r}: {_reason(error)}") from None
    return Target(destination=destination, temporary=temporary, sink=sink)
