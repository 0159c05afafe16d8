"""A stand-in for Stata's ``sfi`` module (the Stata Function Interface of Stata 16+).

No Stata is reachable here, so the Python part of each Stata command runs
against this module instead: it implements the subset of the API the bdgen
Stata runtime uses, with Stata's rules (see ``rules``), and records what Stata
would hold in ``standin`` (a ``Session``). Put this folder first on
``sys.path`` and ``import sfi`` finds it.

API reference: https://www.stata.com/python/api16/ (Data, Macro, Scalar,
SFIToolkit, Missing, ValueLabel, Characteristic).
"""

from __future__ import annotations

import os
from typing import Any

from . import rules
from .data import Data
from .session import Session, StataExit, Variable

__all__ = ["Characteristic", "Data", "Macro", "Missing", "SFIToolkit", "Scalar", "StataExit", "ValueLabel", "Variable", "standin"]

standin = Session()
"""The recorded session (not part of Stata's API): ``standin.reset(locals={...})`` before a command."""
Data.session = standin

_RESULT_KINDS = ("return", "r", "e", "s")
_MAX_LOCAL_NAME = 31  # a local's name is stored behind an underscore ([P] macro)


def _c_value(name: str) -> float | None:
    """The c() values the stand-in knows ([P] creturn)."""
    values = {"changed": float(standin.changed), "maxvar": float(standin.maxvar), "N": float(standin.obs), "k": float(len(standin.variables)), "rc": float(standin.last_rc)}
    return values.get(name)


def _split_result(name: str) -> tuple[str, str] | None:
    """``"return(count)"`` -> ``("return", "count")``; None for a plain global name."""
    for kind in _RESULT_KINDS + ("c",):
        if name.startswith(f"{kind}(") and name.endswith(")"):
            inner = name[len(kind) + 1 : -1]
            problem = rules.valid_name(inner)
            if problem:
                raise ValueError(f"{name}: {problem}")
            return kind, inner
    return None


class Macro:
    """Local and global macros, and the macro-valued stored results."""

    @staticmethod
    def getLocal(name: str) -> str:
        """The caller's local (an option of the ado program, after ``syntax``); "" when not defined."""
        return standin.locals.get(name, "")

    @staticmethod
    def setLocal(name: str, value: str) -> None:
        problem = rules.valid_name(name)
        if problem or len(name) > _MAX_LOCAL_NAME:
            raise ValueError(f"{name!r} is not a valid local macro name")
        standin.locals[name] = str(value)

    @staticmethod
    def getGlobal(name: str) -> str:
        result = _split_result(name)
        if result is None:
            return standin.globals.get(name, "")
        kind, inner = result
        if kind == "c":
            value = _c_value(inner)
            return "" if value is None else f"{value:g}"
        value = standin.returned.get(inner) if kind == "return" else None
        return value if isinstance(value, str) else ""

    @staticmethod
    def setGlobal(name: str, value: str, vtype: str = "visible") -> None:
        if vtype not in ("visible", "hidden", "historical"):
            raise ValueError("vtype must be one of visible, hidden, or historical")
        if not isinstance(value, str):
            raise TypeError("value must be a string")
        result = _split_result(name)
        if result is None:
            problem = rules.valid_name(name)
            if problem:
                raise ValueError(f"{name!r} is not a valid global macro name: {problem}")
            standin.globals[name] = value
        elif result[0] == "return":
            standin.returned[result[1]] = value
        elif result[0] == "c":
            raise ValueError(f"{name}: c() values cannot be set")
        else:
            raise NotImplementedError(f"the stand-in records return() results only, not {name}")


class Scalar:
    """Numeric scalars and stored results (``return(name)``), and ``c()`` values."""

    @staticmethod
    def getValue(name: str) -> float:
        result = _split_result(name)
        if result and result[0] == "c":
            value = _c_value(result[1])
            if value is None:
                raise NotImplementedError(f"the stand-in does not know {name}")
            return value
        if result and result[0] == "return":
            value = standin.returned.get(result[1])
            return value if isinstance(value, float) else rules.SYSTEM_MISSING
        raise NotImplementedError(f"the stand-in does not hold scalar {name}")

    @staticmethod
    def setValue(name: str, value: float, vtype: str = "visible") -> None:
        if vtype not in ("visible", "hidden", "historical"):
            raise ValueError("vtype must be one of visible, hidden, or historical")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name}: a scalar holds a number, not {type(value).__name__}")
        if isinstance(value, int) and int(float(value)) != value:
            raise ValueError(f"{name}: {value} has more digits than a double holds")
        result = _split_result(name)
        if result is None or result[0] != "return":
            raise NotImplementedError(f"the stand-in records return() scalars only, not {name}")
        standin.returned[result[1]] = float(value)


def _check_smcl(text: str) -> None:
    """Text sent through the SMCL interpreter must not have stray braces (Stata would misrender it)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise ValueError(f"unbalanced SMCL braces in {text!r}: pass asis=True for text that is not SMCL")


_MESSAGES = {
    4: "no; dataset in memory has changed since last saved",
    111: "not found",
    198: "invalid syntax",
    601: "file not found",
    603: "file could not be opened",
    7102: "Python error",
}


class SFIToolkit:
    """Output, errors, return codes and Stata commands."""

    @staticmethod
    def display(s: str, asis: bool = False) -> None:
        if not asis:
            _check_smcl(s)
        standin.write(s, error=False)

    @staticmethod
    def displayln(s: str, asis: bool = False) -> None:
        SFIToolkit.display(s + "\n", asis)

    @staticmethod
    def errprint(s: str, asis: bool = False) -> None:
        if not asis:
            _check_smcl(s)
        standin.write(s, error=True)

    @staticmethod
    def errprintln(s: str, asis: bool = False) -> None:
        SFIToolkit.errprint(s + "\n", asis)

    @staticmethod
    def errprintDebug(s: str, asis: bool = False) -> bool:
        if standin.debug:
            SFIToolkit.errprint(s, asis)
        return standin.debug

    @staticmethod
    def errprintlnDebug(s: str, asis: bool = False) -> bool:
        return SFIToolkit.errprintDebug(s + "\n", asis)

    @staticmethod
    def error(rc: int) -> None:
        """Displays Stata's standard message for return code ``rc``."""
        if not isinstance(rc, int) or rc < 0:
            raise ValueError("rc must be a nonnegative integer")
        standin.write(f"{_MESSAGES.get(rc, 'error')}\n", error=True)

    @staticmethod
    def exit(rc: int = 0) -> None:
        """Ends the Python part; Stata's ``_rc`` becomes ``rc``."""
        if isinstance(rc, bool) or not isinstance(rc, int) or rc < 0:
            raise ValueError("rc must be a nonnegative integer")
        standin.rc = rc
        raise StataExit(rc)

    @staticmethod
    def stata(s: str, echo: bool = False) -> None:
        """Runs a Stata command: the few of ``stata_commands`` (``clear``, ``import delimited``, ...); anything else is refused loudly."""
        import stata_commands  # the stand-in's Stata, beside this package

        standin.commands.append(s)
        stata_commands.run(s, standin.locals)

    @staticmethod
    def isValidName(name: str) -> bool:
        return rules.valid_name(name) is None

    @staticmethod
    def isValidVariableName(name: str) -> bool:
        return rules.valid_variable_name(name) is None

    @staticmethod
    def getWorkingDir() -> str:
        return os.getcwd()

    @staticmethod
    def pollstd() -> None:
        return None

    @staticmethod
    def pollnow() -> None:
        return None


class Missing:
    """Stata's missing values: ``.`` and ``.a`` .. ``.z`` as doubles."""

    @staticmethod
    def getValue(val: str | None = None) -> float:
        return rules.missing_value(val)

    @staticmethod
    def isMissing(val: float) -> bool:
        return rules.is_missing(float(val))

    @staticmethod
    def parseIsMissing(s: str) -> bool:
        return s == "." or (len(s) == 2 and s[0] == "." and s[1] in rules.EXTENDED_MISSING)


class ValueLabel:
    """Value labels: integers mapped to text, attached to numeric variables."""

    @staticmethod
    def createLabel(name: str) -> None:
        problem = rules.valid_name(name)
        if problem:
            raise ValueError(f"{name!r} is not a valid value-label name: {problem}")
        if name in standin.value_labels:
            raise ValueError(f"label {name} already defined")
        standin.value_labels[name] = {}
        standin.changed = True

    @staticmethod
    def setLabelValue(name: str, value: int, label: str) -> None:
        if name not in standin.value_labels:
            raise ValueError(f"value label {name} not found")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"value labels map integers to text; {value!r} is not an integer")
        if not rules.fits_storage("long", float(value)):
            raise ValueError(f"{value} is outside the integers a value label holds")
        if not isinstance(label, str) or len(label) > rules.MAX_VALUE_LABEL_TEXT_CHARS:
            raise ValueError(f"the text of value {value} in label {name} is too long (at most 32,000 characters)")
        standin.value_labels[name][value] = label
        standin.changed = True

    @staticmethod
    def getNames() -> list[str]:
        return list(standin.value_labels)

    @staticmethod
    def getValueLabels(name: str) -> dict[int, str]:
        return dict(standin.value_labels.get(name, {}))

    @staticmethod
    def getLabel(name: str, value: int) -> str:
        return standin.value_labels.get(name, {}).get(value, "")

    @staticmethod
    def setVarValueLabel(var: Any, labelName: str) -> None:
        variable = Data._variable(var)
        if variable.is_string:
            raise ValueError(f"{variable.name} is a string variable; value labels apply to numeric variables")
        problem = rules.valid_name(labelName)
        if problem:
            raise ValueError(f"{labelName!r} is not a valid value-label name: {problem}")
        variable.value_label = labelName
        standin.changed = True

    @staticmethod
    def getVarValueLabel(var: Any) -> str:
        return Data._variable(var).value_label


class Characteristic:
    """Characteristics (``char varname[name]``, ``char _dta[name]``)."""

    @staticmethod
    def _checked(name: str, value: str) -> str:
        problem = rules.valid_name(name)
        if problem:
            raise ValueError(f"{name!r} is not a valid characteristic name: {problem}")
        if not isinstance(value, str):
            raise TypeError("a characteristic holds text")
        if len(value.encode("utf-8")) > rules.MAX_CHAR_BYTES:
            raise ValueError(f"characteristic {name} is longer than {rules.MAX_CHAR_BYTES} bytes")
        return value

    @staticmethod
    def setVariableChar(var: Any, name: str, value: str) -> None:
        chars = Data._variable(var).chars
        if Characteristic._checked(name, value):
            chars[name] = value
        else:
            chars.pop(name, None)  # Stata: setting a characteristic to "" deletes it
        standin.changed = True

    @staticmethod
    def getVariableChar(var: Any, name: str) -> str:
        return Data._variable(var).chars.get(name, "")

    @staticmethod
    def setDtaChar(name: str, value: str) -> None:
        if Characteristic._checked(name, value):
            standin.dta_chars[name] = value
        else:
            standin.dta_chars.pop(name, None)
        standin.changed = True

    @staticmethod
    def getDtaChar(name: str) -> str:
        return standin.dta_chars.get(name, "")
