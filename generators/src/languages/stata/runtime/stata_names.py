# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_names.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""Stata names and labels from whatever a column or a field is called.

Stata's rules ([U] 11.3): 1 to 32 characters, letters, digits and underscores,
not starting with a digit, and not one of the reserved words. Names come out
ASCII (accents dropped: ``ação`` -> ``acao``), deterministic (the same columns
always give the same names) and unique (``_2``, ``_3``, ... on a clash).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_NAME = 32
MAX_LABEL = 80
RESERVED = frozenset(
    ["_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_N", "_pi", "_pred", "_rc", "_se", "_skip", "strL", "using", "with"]
)
_STR_TYPE = re.compile(r"str[1-9][0-9]*")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")


def is_reserved(name: str) -> bool:
    """One of Stata's reserved words (``str#`` included)."""
    return name in RESERVED or _STR_TYPE.fullmatch(name) is not None


def stata_name(text: str, position: int) -> str:
    """A valid Stata name for the column called ``text``, the ``position``-th (from 1), before clashes are resolved."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _NOT_NAME.sub("_", ascii_text)
    if not re.search(r"[A-Za-z0-9]", name):
        name = f"var{position}"
    if name[0].isdigit():
        name = f"_{name}"  # as SFIToolkit.strToName(s, prefix=True) does
    name = name[:MAX_NAME]
    if is_reserved(name):
        name = f"{name[: MAX_NAME - 1]}_"
    return name


def unique_names(texts: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Stata names for ``texts`` in order: the first keeps its name, later clashes get ``_2``, ``_3``, ..."""
    used = set(taken)
    names: list[str] = []
    for position, text in enumerate(texts, start=1):
        name = stata_name(text, position)
        counter = 2
        while name in used:
            suffix = f"_{counter}"
            name = f"{stata_name(text, position)[: MAX_NAME - len(suffix)]}{suffix}"
            counter += 1
        used.add(name)
        names.append(name)
    return names


def variable_label(text: str | None) -> str:
    """A description as a variable label: one line, at most 80 characters (cut with an ellipsis)."""
    if not text:
        return ""
    line = " ".join(text.split())
    return line if len(line) <= MAX_LABEL else f"{line[: MAX_LABEL - 1].rstrip()}…"
