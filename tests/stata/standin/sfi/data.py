"""``sfi.Data`` of the stand-in: the dataset in memory, with Stata's rules.

Signatures and argument shapes follow Stata's Python API documentation
(https://www.stata.com/python/api16/Data.html): variables and observations are
numbered from 0, negative indices count from the end, ``var`` may be an index
or a name, ``store`` takes one value, a list per observation or a flat list for
one variable. What Stata would refuse raises ``ValueError``/``TypeError``, and
so does what it would silently change (a value out of a type's range, text
wider than its ``str#``), so the runtime cannot lean on either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import rules
from .session import Session, Variable


class Data:
    """Access to the dataset in memory (the module's one ``Session``)."""

    session: Session  # set by sfi/__init__.py

    # -- observations --------------------------------------------------------------------

    @classmethod
    def getObsTotal(cls) -> int:
        return cls.session.obs

    @classmethod
    def setObsTotal(cls, nobs: int) -> None:
        if isinstance(nobs, bool) or not isinstance(nobs, int) or nobs < 0:
            raise ValueError(f"{nobs!r}: the number of observations must be a nonnegative integer")
        for variable in cls.session.variables:
            missing = variable.missing()
            variable.values = variable.values[:nobs] + [missing] * max(0, nobs - len(variable.values))
        cls.session.obs = nobs
        cls.session.changed = True

    @classmethod
    def addObs(cls, n: int, nofill: bool = False) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"{n!r}: the number of observations to add must be a nonnegative integer")
        cls.setObsTotal(cls.session.obs + n)

    # -- variables -----------------------------------------------------------------------

    @classmethod
    def _add(cls, name: str, storage: str, width: int = 0) -> None:
        problem = rules.valid_variable_name(name)
        if problem:
            raise ValueError(f"{name!r} is not a valid Stata variable name: {problem}")
        if any(v.name == name for v in cls.session.variables):
            raise ValueError(f"variable {name} already defined")
        if len(cls.session.variables) >= cls.session.maxvar:
            raise ValueError(f"no room to add more variables: maxvar is {cls.session.maxvar}")
        variable = Variable(name, storage, width, rules.default_format(storage, width))
        variable.values = [variable.missing()] * cls.session.obs
        cls.session.variables.append(variable)
        cls.session.changed = True

    @classmethod
    def addVarByte(cls, name: str) -> None:
        cls._add(name, "byte")

    @classmethod
    def addVarInt(cls, name: str) -> None:
        cls._add(name, "int")

    @classmethod
    def addVarLong(cls, name: str) -> None:
        cls._add(name, "long")

    @classmethod
    def addVarFloat(cls, name: str) -> None:
        cls._add(name, "float")

    @classmethod
    def addVarDouble(cls, name: str) -> None:
        cls._add(name, "double")

    @classmethod
    def addVarStr(cls, name: str, length: int) -> None:
        """A ``str<length>``; longer than ``getMaxStrLength()`` makes a ``strL``, as Stata's documentation says."""
        if isinstance(length, bool) or not isinstance(length, int) or length <= 0:
            raise ValueError(f"{length!r}: length must be a positive integer")
        if length > rules.MAX_STR_BYTES:
            cls._add(name, "strL")
        else:
            cls._add(name, "str", length)

    @classmethod
    def addVarStrL(cls, name: str) -> None:
        cls._add(name, "strL")

    @classmethod
    def dropVar(cls, var: Any) -> None:
        drop = {cls.session.index_of(v) for v in _as_list(var)}
        cls.session.variables = [v for i, v in enumerate(cls.session.variables) if i not in drop]
        cls.session.changed = True

    @classmethod
    def renameVar(cls, var: Any, name: str) -> None:
        variable = cls.session.variables[cls.session.index_of(var)]
        problem = rules.valid_variable_name(name)
        if problem:
            raise ValueError(f"{name!r} is not a valid Stata variable name: {problem}")
        if any(v.name == name for v in cls.session.variables if v is not variable):
            raise ValueError(f"variable {name} already defined")
        variable.name = name
        cls.session.changed = True

    @classmethod
    def getVarCount(cls) -> int:
        return len(cls.session.variables)

    @classmethod
    def getMaxVars(cls) -> int:
        return cls.session.maxvar

    @classmethod
    def getMaxStrLength(cls) -> int:
        return rules.MAX_STR_BYTES

    @classmethod
    def getVarIndex(cls, name: str) -> int:
        if not isinstance(name, str):
            raise TypeError("unsupported operand type(s) for variable input")
        return cls.session.index_of(name)

    @classmethod
    def getVarName(cls, index: int) -> str:
        if not isinstance(index, int):
            raise TypeError("unsupported operand type(s) for variable input")
        return cls.session.variables[cls.session.index_of(index)].name

    @classmethod
    def _variable(cls, var: Any) -> Variable:
        return cls.session.variables[cls.session.index_of(var)]

    @classmethod
    def getVarType(cls, var: Any) -> str:
        return cls._variable(var).type

    @classmethod
    def isVarTypeStr(cls, var: Any) -> bool:
        return cls._variable(var).storage == "str"

    @classmethod
    def isVarTypeStrL(cls, var: Any) -> bool:
        return cls._variable(var).storage == "strL"

    @classmethod
    def isVarTypeString(cls, var: Any) -> bool:
        return cls._variable(var).is_string

    @classmethod
    def getStrVarWidth(cls, var: Any) -> int:
        return cls._variable(var).width

    @classmethod
    def getVarFormat(cls, var: Any) -> str:
        return cls._variable(var).format

    @classmethod
    def setVarFormat(cls, var: Any, format: str) -> None:
        variable = cls._variable(var)
        kind = rules.format_kind(format)
        if kind is None:
            raise ValueError(f"{format!r} is not a valid Stata format")
        if (kind == "string") != variable.is_string:
            raise ValueError(f"format {format} does not apply to {variable.type} variable {variable.name}")
        variable.format = format
        cls.session.changed = True

    @classmethod
    def getVarLabel(cls, var: Any) -> str:
        return cls._variable(var).label

    @classmethod
    def setVarLabel(cls, var: Any, label: str) -> None:
        variable = cls._variable(var)
        if not isinstance(label, str):
            raise TypeError("label must be a string")
        if len(label) > rules.MAX_VARIABLE_LABEL_CHARS:
            raise ValueError(f"the label of {variable.name} is {len(label)} characters long; variable labels have at most 80")
        variable.label = label
        cls.session.changed = True

    # -- values --------------------------------------------------------------------------

    @classmethod
    def getAt(cls, var: Any, obs: int) -> Any:
        return cls._variable(var).values[cls.session.obs_index(obs)]

    @classmethod
    def get(cls, var: Any = None, obs: Any = None, selectvar: Any = None, valuelabel: bool = False, missingval: Any = None) -> list[list[Any]]:
        columns = cls._columns(var)
        rows = range(cls.session.obs) if obs is None else [cls.session.obs_index(o) for o in _as_list(obs)]
        return [[column.values[row] for column in columns] for row in rows]

    @classmethod
    def storeAt(cls, var: Any, obs: int, val: Any) -> None:
        variable = cls._variable(var)
        row = cls.session.obs_index(obs)
        variable.values[row] = _checked(variable, val)
        cls.session.changed = True

    @classmethod
    def store(cls, var: Any, obs: Any, val: Any, selectvar: Any = None) -> None:
        """Values for the variables ``var`` and observations ``obs`` (None: all of them)."""
        if selectvar not in (None, ""):
            raise NotImplementedError("the stand-in does not implement selectvar")
        columns = cls._columns(var)
        rows = list(range(cls.session.obs)) if obs is None else [cls.session.obs_index(o) for o in _as_list(obs)]
        if not columns or not rows:
            return
        table = _shape(val, len(rows), len(columns))
        checked = [[_checked(column, value) for column, value in zip(columns, record, strict=True)] for record in table]
        for row, record in zip(rows, checked, strict=True):
            for column, value in zip(columns, record, strict=True):
                column.values[row] = value
        cls.session.changed = True

    @classmethod
    def _columns(cls, var: Any) -> list[Variable]:
        if var is None:
            return list(cls.session.variables)
        return [cls.session.variables[cls.session.index_of(v)] for v in _as_list(var)]


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _shape(val: Any, nobs: int, nvar: int) -> list[list[Any]]:
    """Stata's rules for ``val``: a scalar, one list per observation, or a flat list when one dimension is 1."""
    if isinstance(val, str) or not isinstance(val, Iterable):
        table = [[val]]
    else:
        table = [list(v) if isinstance(v, Iterable) and not isinstance(v, str) else [v] for v in val]
    if nobs == 1 and len(table) == nvar and all(len(v) == 1 for v in table):
        table = [[v[0] for v in table]]
    if len(table) != nobs:
        raise ValueError("length of value does not match number of observations")
    if any(len(v) != nvar for v in table):
        raise ValueError("inner dimensions do not match number of variables")
    return table


def _checked(variable: Variable, value: Any) -> Any:
    """The value as the variable keeps it, or the error Stata (or data integrity) calls for."""
    if variable.is_string:
        if not isinstance(value, str):
            raise TypeError(f"{variable.name} is {variable.type}; cannot store {type(value).__name__} {value!r}")
        if variable.storage == "str":
            if "\0" in value:
                raise ValueError(f"{variable.name} is {variable.type}; binary zeros need a strL")
            size = len(value.encode("utf-8"))
            if size > variable.width:
                raise ValueError(f"{variable.name} is {variable.type}: {value!r} is {size} bytes and does not fit (Stata would truncate it)")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{variable.name} is {variable.type}; cannot store {type(value).__name__} {value!r}")
    number = float(value)
    if isinstance(value, int) and int(number) != value:
        raise ValueError(f"{value} has more digits than a double holds; {variable.name} would keep {int(number)}")
    if number in rules.MISSING_CODES:
        return number
    if not rules.fits_storage(variable.storage, number):
        raise ValueError(f"{value!r} does not fit {variable.type} variable {variable.name} (Stata would store it changed or missing)")
    return rules.to_float32(number) if variable.storage == "float" else number
