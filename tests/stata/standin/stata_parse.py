"""How Stata reads a command line, as the stand-in plays it: comments, ``///``, macros, quotes and options.

Only what do-files of the old package's style and the generated ado-files
need: ``*``, ``//`` and ``/* */`` comments, ``///`` continuations, local
(`` `name' ``) and global (``$name``, ``${name}``) macros, double and compound
(`` `"..."' ``) quotes, and ``name(argument)`` options whose argument keeps its
quotes and nested parentheses. A backtick that opens no macro (`` `basedosdados.x.y` ``
in a query, no ``'`` after a name) is left as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

_LOCAL = re.compile(r"`([A-Za-z_][A-Za-z0-9_]{0,30})'")
_GLOBAL = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]{0,31})\}|\$([A-Za-z_][A-Za-z0-9_]{0,31})")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StataError(Exception):
    """A command refused by Stata itself: its return code and message."""

    def __init__(self, rc: int, message: str) -> None:
        super().__init__(message)
        self.rc = rc


def logical_lines(text: str) -> Iterator[str]:
    """The commands of a do-file or ado-file, comments removed and ``///`` lines joined."""
    pending = ""
    in_block = False
    for raw in text.splitlines():
        line, in_block = _strip_comments(raw, in_block)
        stripped = line.rstrip()
        if stripped.endswith("///") and not in_block:
            pending += stripped[:-3] + " "
            continue
        if pending == "" and line.lstrip().startswith("*"):
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            yield full


def _strip_comments(line: str, in_block: bool) -> tuple[str, bool]:
    """The line without ``/* */`` and ``//`` comments (outside quotes); whether a block comment stays open."""
    out, i, quote = [], 0, False
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 2, False
            continue
        char = line[i]
        if char == '"':
            quote = not quote
        elif not quote and line.startswith("/*", i):
            in_block, i = True, i + 2
            continue
        elif not quote and line.startswith("//", i) and (i == 0 or line[i - 1].isspace()):
            if line.startswith("///", i):
                out.append("///")  # the rest of the line is a comment, and the command goes on on the next
            break
        out.append(char)
        i += 1
    return "".join(out), in_block


def expand_macros(line: str, locals_: Mapping[str, str], globals_: Mapping[str, str]) -> str:
    """Local then global macros replaced by their values ("" when undefined), as Stata does before running a line."""
    previous = None
    while previous != line:  # nested references (`a`b'') expand from the inside out
        previous = line
        line = _LOCAL.sub(lambda m: locals_.get(m.group(1), ""), line)
    return _GLOBAL.sub(lambda m: globals_.get(m.group(1) or m.group(2), ""), line)


def _quoted_end(text: str, i: int) -> int:
    """The index just after the quoted text starting at ``i`` (``"..."`` or compound, nested)."""
    if text.startswith('`"', i):
        depth, j = 0, i
        while j < len(text):
            if text.startswith('`"', j):
                depth, j = depth + 1, j + 2
            elif text.startswith("\"'", j):
                depth, j = depth - 1, j + 2
                if depth == 0:
                    return j
            else:
                j += 1
        raise StataError(198, "unmatched compound quote")
    end = text.find('"', i + 1)
    if end < 0:
        raise StataError(198, "unmatched quote")
    return end + 1


def split_comma(text: str) -> tuple[str, str]:
    """The text before the options' comma and after it (outside quotes and parentheses)."""
    depth, i = 0, 0
    while i < len(text):
        if text[i] == '"' or text.startswith('`"', i):
            i = _quoted_end(text, i)
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if text[i] == "," and depth == 0:
            return text[:i].strip(), text[i + 1 :].strip()
        i += 1
    return text.strip(), ""


def unquoted(text: str) -> str:
    """One pair of quotes removed, as ``syntax`` does for a ``string`` option without ``asis``."""
    text = text.strip()
    if text.startswith('`"') and text.endswith("\"'") and len(text) >= 4:
        return text[2:-2]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def words(text: str) -> list[str]:
    """Blank-separated words, quoted ones unquoted (file names with blanks)."""
    out, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        end = _quoted_end(text, i) if text[i] == '"' or text.startswith('`"', i) else i
        if end == i:
            while end < len(text) and not text[end].isspace():
                end += 1
        out.append(unquoted(text[i:end]))
        i = end
    return out


@dataclass(frozen=True)
class TypedOption:
    """An option as typed: its name and, for ``name(...)``, the argument exactly as typed."""

    name: str
    argument: str | None


def options(text: str) -> list[TypedOption]:
    """The options after the comma; r(198) for anything that is not ``name`` or ``name(...)``."""
    out, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        name = _NAME.match(text, i)
        if not name:
            raise StataError(198, f"{text[i:].split()[0]} invalid")
        i = name.end()
        if i < len(text) and text[i] == "(":
            depth, j = 1, i + 1
            while j < len(text) and depth:
                if text[j] == '"' or text.startswith('`"', j):
                    j = _quoted_end(text, j)
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if depth:
                raise StataError(198, f"option {name.group()}(): parenthesis never closed")
            out.append(TypedOption(name.group(), text[i + 1 : j - 1]))
            i = j
        else:
            out.append(TypedOption(name.group(), None))
    return out
