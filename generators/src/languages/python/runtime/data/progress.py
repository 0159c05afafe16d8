# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""The progress bar of ``read_sql``, ``read_table`` and ``download``: tqdm, rows, bytes, rate and ETA.

On when the call's ``progress`` says so, else when ``config.progress`` does, else
when stderr is a terminal (so scripts, logs and CI stay quiet). tqdm is imported
only when a bar is shown.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from .bigquery_types import untyped_module

__all__ = ["Progress", "progress_wanted"]


def progress_wanted(explicit: object, stream: IO[str] | None = None) -> bool:
    """Whether to show a bar: ``explicit`` if it is a bool, else ``config.progress``, else whether stderr is a TTY."""
    from .config import config

    if isinstance(explicit, bool):
        return explicit
    if isinstance(config.progress, bool):
        return config.progress
    target = stream if stream is not None else sys.stderr
    isatty = getattr(target, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # a closed or odd stream: no bar
        return False


class Progress:
    """Counts the rows and bytes of one result as its pages arrive, on a tqdm bar when enabled.

    Parameters
    ----------
    enabled : bool
        Whether to draw a bar; a disabled one only counts.
    description : str
        The bar's label (``read_sql``).
    stream : file, optional
        Where the bar is drawn (stderr).
    """

    def __init__(self, enabled: bool, description: str, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.description = description
        self.stream = stream
        self.rows = 0
        self.bytes = 0
        self._bar: Any = None

    def start(self, total_rows: int | None) -> None:
        """Opens the bar once the result's size is known (its first page)."""
        if not self.enabled or self._bar is not None:
            return
        self._bar = untyped_module("tqdm").tqdm(
            total=total_rows,
            initial=self.rows,  # the first page came with the answer that told the size
            desc=self.description,
            unit=" rows",
            unit_scale=True,
            file=self.stream if self.stream is not None else sys.stderr,
            dynamic_ncols=True,
            leave=True,
        )
        self._bar.set_postfix_str(self._bar.format_sizeof(self.bytes, "B", 1024), refresh=False)

    def update(self, rows: int, received_bytes: int) -> None:
        """Adds one page: its rows and the bytes it took on the wire."""
        self.rows += rows
        self.bytes += received_bytes
        if self._bar is not None:
            size = self._bar.format_sizeof(self.bytes, "B", 1024)
            self._bar.set_postfix_str(size, refresh=False)
            self._bar.update(rows)

    def close(self) -> None:
        """Ends the bar (also after a failure, so the terminal line is finished)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
