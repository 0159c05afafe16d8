"""Stata's own commands, the few the stand-in plays: what old do-files do between the package's commands.

``clear``, ``import delimited`` (stata_import.py), ``use``, ``save``, ``tempfile``,
``keep if``/``drop if`` with one comparison, ``rename``, ``destring ..., replace``
and ``merge 1:1``/``m:1``/``1:m`` with ``keep()``, plus the prefixes ``capture``
and ``quietly``. Each follows its manual entry's rules for what the do-files
here need, refusing with Stata's return code what Stata refuses (r(4), r(111),
r(106), r(459), r(601), r(602)); anything else is refused loudly, never
guessed. ``save``/``use`` keep the dataset in a file of the stand-in's own
(pickle), not in Stata's .dta format.
"""

from __future__ import annotations

import copy
import operator
import os
import pickle
import re
import tempfile
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import sfi
import stata_import
from sfi import Data, rules
from stata_parse import StataError, options, split_comma, unquoted, words

_DATASET = ("variables", "obs", "value_labels", "dta_chars")
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
_CONDITION = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|>=|<=|>|<)\s*(\"[^\"]*\"|[-+]?[0-9.]+)")
MERGE_LABELS = {1: "Master only (1)", 2: "Using only (2)", 3: "Matched (3)"}


def _flags(text: str) -> dict[str, str | None]:
    return {o.name: o.argument for o in options(text)}


def _file(name: str) -> Path:
    """Stata adds .dta to a file name without an extension."""
    path = Path(name).expanduser()
    return path if path.suffix else path.with_suffix(".dta")


def _replace_check(clear: bool) -> None:
    if sfi.standin.changed and not clear and (sfi.standin.variables or sfi.standin.obs):
        raise StataError(4, "no; dataset in memory has changed since last saved")


def _clear(rest: str, locals_: MutableMapping[str, str]) -> None:
    sfi.standin.clear()


def _import(rest: str, locals_: MutableMapping[str, str]) -> None:
    kind, _, rest = rest.partition(" ")
    if not ("delimited".startswith(kind) and len(kind) >= 5):
        raise NotImplementedError(f"the stand-in imports delimited files only, not import {kind}")
    before, after = split_comma(rest)
    flags = _flags(after)
    unknown = set(flags) - {"clear", "varnames", "varn", "encoding"}
    if unknown or flags.get("varnames", flags.get("varn", "1")) != "1" or unquoted(flags.get("encoding") or '"utf-8"') != "utf-8":
        raise NotImplementedError(f"the stand-in's import delimited takes clear varnames(1) encoding(\"utf-8\") only, not {after}")
    named = words(before.removeprefix("using ").strip())
    if len(named) != 1:
        raise StataError(198, "import delimited takes one file name")
    _replace_check("clear" in flags)
    stata_import.import_delimited(named[0])


def save_dataset(path: Path) -> None:
    """The dataset in memory to ``path``, in the stand-in's own format."""
    state = {name: getattr(sfi.standin, name) for name in _DATASET}
    path.write_bytes(pickle.dumps(state))
    sfi.standin.changed = False


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise StataError(601, f"file {path} not found")
    return dict(pickle.loads(path.read_bytes()))  # files the stand-in itself wrote


def _save(rest: str, locals_: MutableMapping[str, str]) -> None:
    before, after = split_comma(rest)
    path = _file(words(before)[0])
    if path.exists() and "replace" not in _flags(after):
        raise StataError(602, f"file {path} already exists")
    save_dataset(path)


def _use(rest: str, locals_: MutableMapping[str, str]) -> None:
    before, after = split_comma(rest)
    state = _load(_file(words(before)[0]))
    _replace_check("clear" in _flags(after))
    sfi.standin.clear()
    for name, value in state.items():
        setattr(sfi.standin, name, copy.deepcopy(value))
    sfi.standin.changed = False


def _tempfile(rest: str, locals_: MutableMapping[str, str]) -> None:
    for name in words(rest):
        handle, path = tempfile.mkstemp(prefix="St", suffix=".tmp")
        os.close(handle)
        os.unlink(path)  # Stata only reserves the name
        locals_[name] = path


def _keep_or_drop(keep: bool) -> Callable[[str, MutableMapping[str, str]], None]:
    def run(rest: str, locals_: MutableMapping[str, str]) -> None:
        condition = _CONDITION.fullmatch(rest.removeprefix("if").strip()) if rest.startswith("if ") else None
        if condition is None:
            raise NotImplementedError(f"the stand-in keeps or drops with one comparison only, not {rest}")
        name, op, literal = condition.groups()
        variable = sfi.standin.variable(name) if name in sfi.standin.names() else None
        if variable is None:
            raise StataError(111, f"{name} not found")
        if literal.startswith('"') != variable.is_string:
            raise StataError(109, "type mismatch")
        value = literal.strip('"') if variable.is_string else float(literal)
        rows = [i for i in range(sfi.standin.obs) if _COMPARE[op](variable.values[i], value) == keep]
        _keep_rows(rows)

    return run


def _keep_rows(rows: list[int]) -> None:
    if len(rows) == sfi.standin.obs:
        return
    for variable in sfi.standin.variables:
        variable.values = [variable.values[i] for i in rows]
    sfi.standin.obs = len(rows)
    sfi.standin.changed = True


def _rename(rest: str, locals_: MutableMapping[str, str]) -> None:
    old, new = words(rest)
    if old not in sfi.standin.names():
        raise StataError(111, f"variable {old} not found")
    if new in sfi.standin.names():
        raise StataError(110, f"variable {new} already defined")
    Data.renameVar(old, new)


def _destring(rest: str, locals_: MutableMapping[str, str]) -> None:
    before, after = split_comma(rest)
    if set(_flags(after)) != {"replace"}:
        raise NotImplementedError("the stand-in destrings with replace only")
    for name in words(before):
        variable = sfi.standin.variable(name)
        if not variable.is_string:
            sfi.standin.write(f"{name} already numeric; no replace\n", error=False)
            continue
        if not all(stata_import.NUMBER.fullmatch(v.strip()) for v in variable.values if v.strip()):
            sfi.standin.write(f"{name}: contains nonnumeric characters; no replace\n", error=False)
            continue
        numbers = [float(v) if v.strip() else rules.SYSTEM_MISSING for v in variable.values]
        present = [n for n in numbers if n != rules.SYSTEM_MISSING]
        # destring makes a double, then compresses it to the smallest type that loses nothing.
        storage = next((t for t in ("byte", "int", "long", "float") if all(rules.fits_storage(t, v) and (t != "float" or rules.to_float32(v) == v) for v in present)), "double")
        variable.storage, variable.width, variable.values = storage, 0, numbers
        variable.format = rules.default_format(storage)
        sfi.standin.changed = True


def _merge(rest: str, locals_: MutableMapping[str, str]) -> None:
    before, after = split_comma(rest)
    match = re.fullmatch(r"(1:1|m:1|1:m)\s+(.+?)\s+using\s+(.+)", before)
    if match is None:
        raise NotImplementedError(f"the stand-in merges 1:1, m:1 or 1:m only, not merge {before}")
    kind, keys, using = match.group(1), match.group(2).split(), _file(words(match.group(3))[0])
    keep = {int(k) for k in re.split(r"[\s,]+", (_flags(after).get("keep") or "1 2 3").replace("match", "3").replace("master", "1").replace("using", "2")) if k}
    master = {v.name: v for v in sfi.standin.variables}
    other = {v.name: v for v in _load(using)["variables"]}
    other_obs = _load(using)["obs"]
    for key in keys:
        if key not in master or key not in other:
            raise StataError(111, f"variable {key} not found{'' if key in master else ' in master data'}")
        if master[key].is_string != other[key].is_string:
            raise StataError(106, f"key variable {key} is {master[key].type} in master but {other[key].type} in using data")
    if "_merge" in master:
        raise StataError(110, "variable _merge already defined")

    def rows_by_key(variables: dict[str, Any], n: int, unique: bool, side: str) -> dict[tuple[Any, ...], list[int]]:
        index: dict[tuple[Any, ...], list[int]] = {}
        for i in range(n):
            index.setdefault(tuple(variables[k].values[i] for k in keys), []).append(i)
        if unique and any(len(r) > 1 for r in index.values()):
            raise StataError(459, f"variables {' '.join(keys)} do not uniquely identify observations in the {side} data")
        return index

    left = rows_by_key(master, sfi.standin.obs, kind[0] == "1", "master")
    right = rows_by_key(other, other_obs, kind[2] == "1", "using")
    added = [v for name, v in other.items() if name not in master]
    pairs = [(i, j, 3 if j is not None and i is not None else 1 if j is None else 2) for key in sorted(set(left) | set(right), key=_sort_key)
             for i in left.get(key, [None]) for j in right.get(key, [None])]
    pairs = [p for p in pairs if p[2] in keep]
    for variable in sfi.standin.variables:
        variable.values = [variable.values[i] if i is not None else (other[variable.name].values[j] if variable.name in keys else variable.missing()) for i, j, _ in pairs]
    for variable in added:
        copied = copy.deepcopy(variable)
        copied.values = [variable.values[j] if j is not None else variable.missing() for _, j, _ in pairs]
        sfi.standin.variables.append(copied)
    sfi.standin.obs = len(pairs)
    Data.addVarByte("_merge")
    if pairs:
        Data.store("_merge", None, [float(code) for _, _, code in pairs])
    sfi.standin.value_labels["_merge"] = dict(MERGE_LABELS)
    sfi.standin.variable("_merge").value_label = "_merge"


def _sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((0, v) if isinstance(v, float) else (1, v) for v in key)


COMMANDS: dict[str, Callable[[str, MutableMapping[str, str]], None]] = {
    "clear": _clear, "import": _import, "use": _use, "save": _save, "tempfile": _tempfile, "keep": _keep_or_drop(True),
    "drop": _keep_or_drop(False), "rename": _rename, "ren": _rename, "destring": _destring, "merge": _merge,
}
PREFIXES = {"quietly": "quietly", "qui": "quietly", "quietly:": "quietly", "capture": "capture", "cap": "capture", "capt": "capture", "capture:": "capture"}


def run(line: str, locals_: MutableMapping[str, str]) -> None:
    """Runs one of Stata's commands the stand-in plays; ``capture`` leaves its return code in c(rc)."""
    first, _, rest = line.strip().partition(" ")
    prefix = PREFIXES.get(first)
    if prefix == "capture":
        try:
            run(rest, locals_)
        except StataError as error:
            sfi.standin.last_rc = error.rc
        else:
            sfi.standin.last_rc = 0
        return
    if prefix == "quietly":
        run(rest, locals_)
        return
    command = COMMANDS.get(first)
    if command is None:
        raise NotImplementedError(f"the stand-in does not run Stata's {first}")
    command(rest.strip(), locals_)
    sfi.standin.last_rc = 0
