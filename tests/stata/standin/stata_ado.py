"""A command of the generated package run as Stata runs its ado-file: ``syntax``, then the ``python:`` line.

The ado-files bdgen writes have one shape (the checker holds them to it):
``program define``, ``version``, one ``syntax``, the setup helper, one
``python:`` statement, ``end``. The stand-in plays ``syntax`` by its manual
entry ([P] syntax): an option typed as any prefix of its name at least as long
as its capitals (``p()`` for ``Path()``), anything else ``option ... not
allowed`` (r(198)); a required option missing r(198); ``string asis`` keeps
the quotes as typed, ``string`` drops one pair; ``integer #`` takes a whole
number (else r(198)) and fills its default; a flag leaves its name. Then it
executes the ``python:`` statement as Stata would, with the options as the
program's local macros. The setup helper (``python which``, ``findfile``) is
not played: the package's folder is already on ``sys.path``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sfi
from stata_parse import StataError, logical_lines, options, split_comma, unquoted

_DESCRIPTOR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\(([^)]*)\))?")


@dataclass(frozen=True)
class Declared:
    """One option of a ``syntax`` line."""

    name: str
    minimum: int
    type: str
    argument: tuple[str, ...]
    required: bool

    def matches(self, typed: str) -> bool:
        return len(typed) >= self.minimum and self.name.startswith(typed)


@dataclass(frozen=True)
class AdoCommand:
    name: str
    options: tuple[Declared, ...]
    python: str


def declared_options(syntax: str) -> tuple[Declared, ...]:
    """The options of ``syntax , A(string) [B(integer 1) c]``, with their minimal abbreviation."""
    _, after = syntax.split(",", 1) if "," in syntax else ("", "")
    found, depth = [], 1 if syntax.split(",", 1)[0].strip().endswith("[") else 0
    for token in re.findall(r"\[|\]|[A-Za-z_][A-Za-z0-9_]*(?:\([^)]*\))?", after):
        if token in "[]":
            depth += 1 if token == "[" else -1
            continue
        match = _DESCRIPTOR.fullmatch(token)
        assert match, token
        written, inside = match.group(1), (match.group(2) or "").split()
        capitals = len(written) - len(written.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        found.append(Declared(written.lower(), capitals or len(written), inside[0] if inside else "flag", tuple(inside[1:]), depth == 0))
    return tuple(found)


def read_ado(package: Path, name: str) -> AdoCommand | None:
    """The command ``name`` of the package in ``package``, or None when the package has no such ado-file."""
    file = package / f"{name}.ado"
    if not file.is_file():
        return None
    syntax, python = "", ""
    for line in logical_lines(file.read_text(encoding="utf-8")):
        if line.startswith("syntax"):
            syntax = line[len("syntax") :]
        elif line.startswith("python:"):
            python = line[len("python:") :].strip()
    return AdoCommand(name, declared_options(syntax), python)


def syntax_locals(command: AdoCommand, typed: str) -> dict[str, str]:
    """The local macros ``syntax`` leaves for the options typed after the command; StataError as ``syntax`` refuses."""
    before, after = split_comma(typed)
    if before:
        raise StataError(198, f"{before} not allowed")
    values: dict[str, str] = {}
    for option in options(after):
        hits = [d for d in command.options if d.matches(option.name)]
        if not hits:
            raise StataError(198, f"option {option.name}{'()' if option.argument is not None else ''} not allowed")
        declared = hits[0]
        if (declared.type == "flag") != (option.argument is None):
            raise StataError(198, f"option {declared.name} {'takes no argument' if declared.type == 'flag' else 'requires an argument'}")
        if declared.type == "flag":
            values[declared.name] = declared.name
        elif declared.type == "integer":
            if not re.fullmatch(r"\s*-?\d+\s*", option.argument or ""):
                raise StataError(198, f"option {declared.name}() incorrectly specified")
            values[declared.name] = str(int(option.argument or ""))
        elif "asis" in declared.argument:
            values[declared.name] = option.argument or ""
        else:
            values[declared.name] = unquoted(option.argument or "")
    for declared in command.options:
        if declared.required and declared.name not in values:
            raise StataError(198, f"option {declared.name}() required")
        if declared.type == "integer" and declared.argument and declared.name not in values:
            values[declared.name] = declared.argument[0]
    return values


def run_ado(command: AdoCommand, typed: str) -> int:
    """Runs the command with the options typed; its return code (``syntax``'s refusal included)."""
    values = syntax_locals(command, typed)
    session = sfi.standin
    saved = session.locals
    session.locals, session.returned, session.rc = values, {}, None  # an rclass program replaces r()
    try:
        exec(command.python, {"__name__": "__main__"})  # noqa: S102 - the package's own python: line, as Stata runs it
    except sfi.StataExit as stop:
        return stop.rc
    finally:
        session.locals = saved
    return 0
