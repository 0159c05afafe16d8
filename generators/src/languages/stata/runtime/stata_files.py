# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_files.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""Files a command writes: the old ``path()`` (a CSV file, then ``import delimited``) and ``saving()``.

The old package's ``bd_read_sql``/``bd_read_table`` saved the rows as a CSV
file and ran ``import delimited "file", clear varn(1) encoding("utf-8")``; do-files
written for it rely on the types Stata's own import gives (``id_municipio`` a
number to ``merge`` on) and on the data being replaced without ``clear``. So
with ``path()`` the rows are downloaded to that file by the Python package
(``~`` expanded, missing folders created, written whole or not at all), and
Stata's ``import delimited`` loads it, exactly as before. Without ``path()``
the rows land typed, through ``sfi`` (stata_landing.py).
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from typing import Any

from sfi import Data, Scalar, SFIToolkit

_landing = importlib.import_module(f"{__name__[: -len('files')]}landing")
Refusal = _landing.Refusal

_MACRO_CHARACTERS = re.compile(r"[`$]|\"'")
"""What Stata would expand, or what would end a compound quote, in a file name inside a command line."""


def import_delimited(path: str) -> None:
    """Replaces the data in memory with the CSV file at ``path``, through Stata's own ``import delimited``.

    A name Stata would read as a macro (a backtick, ``$``) is imported from a copy with a plain name.
    """
    copy = None
    if _MACRO_CHARACTERS.search(path):
        handle, copy = tempfile.mkstemp(prefix="bdsdk-", suffix=".csv")
        os.close(handle)
        shutil.copyfile(path, copy)
    try:
        SFIToolkit.stata(f'capture quietly import delimited using `"{copy or path}"\', clear varnames(1) encoding("utf-8")')
        rc = int(Scalar.getValue("c(rc)"))
    finally:
        if copy:
            os.unlink(copy)
    if rc:
        raise Refusal(rc, f"import delimited could not load {path} (r({rc})); the file is kept", "filesystem")


def land_through_csv(bd: Any, spec: Mapping[str, Any], args: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The old ``path()``: the rows downloaded to ``path`` as CSV, then imported; the download's result."""
    through = spec["save_csv"]
    result = dict(getattr(bd, through["function"])(**{**args, **through.get("args", {}), through["path"]: path}))
    import_delimited(str(result["path"]))
    return result


def write_text(package: Mapping[str, Any], path: str, text: str | None, replace: bool) -> str:
    """``saving()``: ``text`` to ``path`` as it came (UTF-8), by the Python package's rules for a download target.

    ``~`` is expanded and missing folders made; the file is written whole or not
    at all. An existing file needs ``replace`` (r(602), as ``save`` says); call
    this before any request with ``text`` None to check only. Returns the path written.
    """
    files = importlib.import_module(f"{package['python']}._runtime.files")
    try:
        target = files.path_argument(path, "saving")
        if target.exists() and not replace:
            raise Refusal(602, f"file {path} already exists; add the replace option to overwrite it", "filesystem")
        if text is None:
            return str(target)
        sink = files.open_target(target)
        try:
            sink.sink.write(text.encode("utf-8"))
        except OSError:
            sink.discard()
            raise
        sink.commit()
    except files.TargetError as error:
        raise Refusal(198 if error.kind == "validation" else 603, f"saving(): {error}", error.kind) from None
    except OSError as error:
        raise Refusal(603, f"file {path} could not be written: {error.strerror or error}", "filesystem") from None
    return str(target)


def held() -> tuple[int, int]:
    """Observations and variables in memory."""
    return Data.getObsTotal(), Data.getVarCount()
