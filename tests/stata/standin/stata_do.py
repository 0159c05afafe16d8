"""Runs a do-file through the stand-in, as ``do file.do`` would: line by line, stopping at the first error.

A command of the generated package runs through its ado-file (stata_ado.py),
any other through the few of Stata's own commands the stand-in plays
(stata_commands.py); ``capture`` keeps going and leaves the return code in
c(rc). After each command the runner records what Stata then holds (the
number of observations, each variable's name and storage type), so tests can
check every step of an old do-file, not only that it ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sfi
import stata_ado
import stata_commands
from stata_parse import StataError, expand_macros, logical_lines


@dataclass(frozen=True)
class Step:
    """One command of the do-file and what Stata held after it."""

    line: str
    rc: int
    obs: int
    variables: tuple[tuple[str, str], ...]
    """(name, storage type) of each variable, in order: ``("id_municipio", "long")``."""
    output: tuple[str, ...]
    """What the command displayed, errors included."""
    changed: bool

    @property
    def types(self) -> dict[str, str]:
        return dict(self.variables)


@dataclass
class DoRun:
    steps: list[Step] = field(default_factory=list)
    rc: int = 0
    """The do-file's return code: that of the command it stopped at, 0 when it ran to the end."""

    def step(self, starts: str) -> Step:
        """The first step whose command starts with ``starts``."""
        return next(s for s in self.steps if s.line.startswith(starts))


def _command(line: str, package: Path, locals_: dict[str, str]) -> int:
    """Runs one command; its return code. ``capture`` keeps the code in c(rc) and returns 0."""
    first, _, rest = line.partition(" ")
    if stata_commands.PREFIXES.get(first) == "capture":
        rc = _command(rest.strip(), package, locals_)
        sfi.standin.last_rc = rc
        return 0
    if stata_commands.PREFIXES.get(first) == "quietly":
        return _command(rest.strip(), package, locals_)
    name = first.rstrip(",")
    ado = stata_ado.read_ado(package, name)
    try:
        if ado is not None:
            rc = stata_ado.run_ado(ado, line[len(name) :].strip())
        else:
            stata_commands.run(line, locals_)
            rc = 0
    except StataError as error:
        sfi.standin.write(f"{error}\n", error=True)
        rc = error.rc
    sfi.standin.last_rc = rc
    return rc


def run_do(text: str, package: Path) -> DoRun:
    """Runs the do-file ``text`` with the package in ``package``; the do-file's locals are its own."""
    session = sfi.standin
    locals_: dict[str, str] = {}
    run = DoRun()
    for raw in logical_lines(text):
        line = expand_macros(raw, locals_, session.globals)
        shown, errors = len(session.displayed), len(session.errors)
        rc = _command(line, package, locals_)
        output = tuple(session.displayed[shown:] + session.errors[errors:])
        variables = tuple((v.name, v.type) for v in session.variables)
        run.steps.append(Step(raw, rc, session.obs, variables, output, session.changed))
        if rc:
            run.rc = rc
            break
    return run
