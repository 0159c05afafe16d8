"""What Stata would hold after the Python part of a command ran: the stand-in's record.

One ``Session`` plays one Stata session: the dataset in memory (variables with
storage type, format, label, value label, characteristics and values), value
labels, the caller's local macros, globals, ``return()`` results, the lines
displayed and printed as errors, the commands run through
``SFIToolkit.stata`` and the return code set by ``SFIToolkit.exit``. Tests
set it up (``standin.reset(locals=...)``) and read it afterwards; none of this
is part of Stata's API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import rules


@dataclass
class Variable:
    """One variable of the dataset in memory."""

    name: str
    storage: str
    """``byte``, ``int``, ``long``, ``float``, ``double``, ``str`` (see ``width``) or ``strL``."""
    width: int = 0
    format: str = ""
    label: str = ""
    value_label: str = ""
    chars: dict[str, str] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)

    @property
    def type(self) -> str:
        """The storage type as Stata names it: ``str18``, ``strL``, ``double``, ..."""
        return f"str{self.width}" if self.storage == "str" else self.storage

    @property
    def is_string(self) -> bool:
        return self.storage in rules.STRING_STORAGE

    def missing(self) -> Any:
        return "" if self.is_string else rules.SYSTEM_MISSING


class StataExit(BaseException):
    """Raised by ``SFIToolkit.exit(rc)``: the Python part ends and Stata sets ``_rc``."""

    def __init__(self, rc: int) -> None:
        super().__init__(f"exit {rc}")
        self.rc = rc


@dataclass
class Session:
    """The state of the stand-in Stata session (module-level singleton ``sfi.standin``)."""

    variables: list[Variable] = field(default_factory=list)
    obs: int = 0
    value_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    dta_chars: dict[str, str] = field(default_factory=dict)
    locals: dict[str, str] = field(default_factory=dict)
    globals: dict[str, str] = field(default_factory=dict)
    returned: dict[str, Any] = field(default_factory=dict)
    """``return()`` results (what ``r()`` holds once the rclass program ends): name -> float or str."""
    displayed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    rc: int | None = None
    last_rc: int = 0
    """``c(rc)``: the return code of the last Stata command (``capture`` keeps it)."""
    changed: bool = False
    debug: bool = False
    maxvar: int = rules.DEFAULT_MAXVAR
    _line: str = ""
    _error_line: str = ""

    def reset(self, locals: dict[str, str] | None = None, *, debug: bool = False) -> Session:
        """A fresh session: no data, no macros, nothing displayed; the caller's locals as given."""
        fresh = Session(locals=dict(locals or {}), debug=debug)
        self.__dict__.update(fresh.__dict__)
        return self

    # -- reading what Stata holds -------------------------------------------------------

    def variable(self, name: str) -> Variable:
        for variable in self.variables:
            if variable.name == name:
                return variable
        raise KeyError(f"no variable {name} (variables: {', '.join(self.names())})")

    def names(self) -> list[str]:
        return [v.name for v in self.variables]

    def output(self) -> str:
        """Everything displayed, as the Results window would show it (errors included)."""
        return "\n".join(self.displayed + self.errors)

    # -- used by the sfi classes ---------------------------------------------------------

    def index_of(self, var: object) -> int:
        """Stata's rule for ``var``: an index in -nvar..nvar-1 or a variable name."""
        count = len(self.variables)
        if isinstance(var, bool):
            raise TypeError("unsupported operand type(s) for variable input")
        if isinstance(var, int):
            if not -count <= var < count:
                raise ValueError(f"{var}: var out of range")
            return var % count
        if isinstance(var, str):
            for index, variable in enumerate(self.variables):
                if variable.name == var:
                    return index
            raise ValueError(f"variable {var} not found")
        raise TypeError("unsupported operand type(s) for variable input")

    def obs_index(self, obs: object) -> int:
        if isinstance(obs, bool) or not isinstance(obs, int):
            raise TypeError("all values for observation index must be an integer")
        if not -self.obs <= obs < self.obs:
            raise ValueError(f"{obs}: obs out of range")
        return obs % self.obs

    def write(self, text: str, *, error: bool) -> None:
        """Text as ``display``/``errprint`` send it: lines end at each newline."""
        pending = (self._error_line if error else self._line) + text
        *complete, rest = pending.split("\n")
        (self.errors if error else self.displayed).extend(complete)
        if error:
            self._error_line = rest
        else:
            self._line = rest

    def clear(self) -> None:
        """Stata's ``clear``: no data, no value labels, nothing changed."""
        self.variables = []
        self.obs = 0
        self.value_labels = {}
        self.dta_chars = {}
        self.changed = False
