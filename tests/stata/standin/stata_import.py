"""``import delimited``, as the stand-in plays it: the types Stata gives the columns of a CSV file.

The old Stata package saved every result as a CSV file and ran
``import delimited "file", clear varn(1) encoding("utf-8")``; its users' do-files
depend on what that makes of each column (``id_municipio`` a number they
``merge`` on). The stand-in follows [D] import delimited's defaults as
documented, each a rule below; what real Stata does beyond them is not proven
here (tests/stata/README.md lists what the stand-in cannot prove):

- ``varnames(1)``: the first line names the variables, in lower case
  (``case(lower)``, the default); a name Stata cannot take becomes ``v<n>``,
  labelled with the header.
- ``bindquote(loose)``, the default: quotes bind within one line only.
- A column whose every nonempty field is a number is numeric, empty fields
  missing: whole numbers the smallest of ``byte``, ``int``, ``long`` that holds
  them (``double`` beyond); any other number ``float``, the default ``set type``
  (``asdouble`` is not given). Any other column is text, ``str#`` of its widest
  field in bytes, ``strL`` beyond 2045. A column with no value is ``byte``.
- The data in memory are replaced (``clear``) and count as unchanged since saved.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import sfi
from sfi import Data, rules
from stata_parse import StataError

NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
"""A field import delimited reads as a number (a decimal point, no thousands separator)."""
_INTEGER_TYPES = ("byte", "int", "long")


def _rows(text: str) -> list[list[str]]:
    """The fields of each line; a quoted field does not continue on the next line (bindquote(loose))."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [next(csv.reader([line.removesuffix("\r")], strict=False), []) for line in lines]


def _storage(cells: list[str]) -> tuple[str, int, list[float | str | None]]:
    """The storage type import delimited gives a column, its str width, and the values it holds."""
    filled = [c for c in cells if c != ""]
    if all(NUMBER.fullmatch(c) for c in filled):
        numbers = [float(c) if c != "" else None for c in cells]
        values = [n for n in numbers if n is not None]
        if not all(v.is_integer() for v in values):
            return "float", 0, numbers
        storage = next((t for t in _INTEGER_TYPES if all(rules.fits_storage(t, v) for v in values)), "double")
        return storage, 0, numbers
    width = max((len(c.encode("utf-8")) for c in cells), default=1) or 1
    return ("strL" if width > rules.MAX_STR_BYTES else "str"), width, list(cells)


def import_delimited(path: str) -> None:
    """Replaces the data in memory with the CSV file at ``path`` (UTF-8, header on line 1)."""
    file = Path(path).expanduser()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StataError(601, f"file {path} not found") from None
    except OSError as error:
        raise StataError(603, f"file {path} could not be opened: {error.strerror}") from None
    rows = _rows(text)
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    width = max([len(header), *(len(r) for r in body)], default=0)
    header = header + [""] * (width - len(header))
    sfi.standin.clear()
    Data.setObsTotal(len(body))
    for index, title in enumerate(header):
        name = title.lower()
        if rules.valid_variable_name(name) or name in sfi.standin.names():
            name = f"v{index + 1}"
        storage, str_width, values = _storage([row[index] if index < len(row) else "" for row in body])
        if storage == "str":
            Data.addVarStr(name, str_width)
        else:
            getattr(Data, f"addVar{storage.capitalize() if storage != 'strL' else 'StrL'}")(name)
        if body:
            missing = sfi.Missing.getValue()
            Data.store(name, None, [missing if v is None else v for v in values])
        if name != title.lower() and title:
            Data.setVarLabel(name, title[: rules.MAX_VARIABLE_LABEL_CHARS])
    sfi.standin.changed = False
