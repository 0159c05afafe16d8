# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_landing.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""Everything the runtime hands to Stata goes through here, through ``sfi``.

Data lands in memory directly (``Data.setObsTotal``, ``Data.addVar*``,
``Data.store``), not through a CSV file and ``import delimited`` (only the old
package's ``path()`` does that, as it did: stata_files.py). Stata's ``use``
rule holds: data in memory that changed since it was last saved is only
replaced when the command was given ``clear`` (else r(4)).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from sfi import Characteristic, Data, Macro, Missing, Scalar, SFIToolkit, ValueLabel

_columns = importlib.import_module(f"{__name__[: -len('landing')]}columns")

DATA_CHANGED = "no; dataset in memory has changed since last saved"
MAX_VALUE_LABEL = 32_000
"""Characters of one value label's text ([D] label)."""


class Refusal(Exception):
    """A command that must stop with a Stata return code and a message."""

    def __init__(self, rc: int, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.rc = rc
        self.kind = kind


def check_replace(clear: bool) -> None:
    """Refuses to replace changed data without ``clear``, before any request is made (r(4), as ``use`` does)."""
    has_data = Data.getVarCount() > 0 or Data.getObsTotal() > 0
    if has_data and not clear and Scalar.getValue("c(changed)") != 0:
        raise Refusal(4, f"{DATA_CHANGED}; add the clear option to replace it")


def _stata_value(value: Any) -> Any:
    if value is None:
        return Missing.getValue()
    if isinstance(value, str):
        return Missing.getValue(value[1:])  # ".a" -> extended missing .a
    return value


_ADD = {"byte": Data.addVarByte, "int": Data.addVarInt, "long": Data.addVarLong, "double": Data.addVarDouble, "strL": Data.addVarStrL}


def land(columns: Sequence[Any], nobs: int, dta_chars: Mapping[str, str] = {}) -> None:
    """Replaces the data in memory with ``columns`` (StataColumns) of ``nobs`` observations each."""
    if len(columns) > Data.getMaxVars():
        raise Refusal(900, f"no room to add more variables: the result has {len(columns)} columns and maxvar is {Data.getMaxVars()}; see help set maxvar")
    if Data.getVarCount() > 0 or Data.getObsTotal() > 0:
        SFIToolkit.stata("clear")
    Data.setObsTotal(nobs)
    for column in columns:
        if column.storage == "str":
            Data.addVarStr(column.name, column.width)
        else:
            _ADD[column.storage](column.name)
        index = Data.getVarIndex(column.name)
        if nobs:
            values = column.values if column.is_string else [_stata_value(v) for v in column.values]
            Data.store(index, None, values)
        if column.format:
            Data.setVarFormat(index, column.format)
        if column.label:
            Data.setVarLabel(index, column.label)
        if column.value_label:
            _attach_value_label(index, *column.value_label)
        for name, text in column.chars.items():
            if _fits_char(text):
                Characteristic.setVariableChar(index, name, text)
    for name, text in dta_chars.items():
        if _fits_char(text):
            Characteristic.setDtaChar(name, text)


def _fits_char(text: str) -> bool:
    """A characteristic holds at most 67,784 bytes ([P] char): longer provenance is dropped, never an error."""
    return len(text.encode("utf-8", "replace")) <= _columns.MAX_CHAR


def _attach_value_label(index: int, name: str, labels: Mapping[int, str]) -> None:
    if name not in ValueLabel.getNames():
        ValueLabel.createLabel(name)
        for value, text in labels.items():
            ValueLabel.setLabelValue(name, value, text[:MAX_VALUE_LABEL])
    ValueLabel.setVarValueLabel(index, name)


def set_results(results: Mapping[str, Any]) -> None:
    """``return()`` results of the rclass command: numbers as scalars, text as macros (r() once it ends)."""
    for name, value in results.items():
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            Scalar.setValue(f"return({name})", float(value))
        else:
            Macro.setGlobal(f"return({name})", str(value))


def counted(n: int, one: str, other: str | None = None) -> str:
    """``1 observation``, ``2 observations``, ``5,570 observations``: the count and the word it takes."""
    return f"{n:,} {one if n == 1 else other or one + 's'}"


def show(lines: Sequence[str]) -> None:
    """Lines for the Results window, as text (asis: data from the catalogue is never read as SMCL)."""
    for line in lines:
        SFIToolkit.displayln(line, asis=True)


def fail(refusal: Refusal, error_global: str) -> None:
    """The message, the error kind in the package's global (for do-files that branch on it) and the return code."""
    Macro.setGlobal(error_global, refusal.kind)
    for line in str(refusal).splitlines() or [""]:
        SFIToolkit.errprintln(line, asis=True)
    SFIToolkit.exit(refusal.rc)


def debug(text: str) -> None:
    """Shown only after ``set debug on``: the details of an unexpected failure."""
    SFIToolkit.errprintlnDebug(text, asis=True)


def clear_error(error_global: str) -> None:
    Macro.setGlobal(error_global, "")
