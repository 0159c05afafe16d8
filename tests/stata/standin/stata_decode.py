"""What Stata holds after a command, read back as the conformance suite's canonical JSON.

The inverse of the runtime's landing, using only what a Stata user could see:
storage types, display formats (``%td`` days and ``%tc`` milliseconds since
1960), value labels, missing values, characteristics (``bd_name``,
``bd_type``, ``bd_empty_obs``, ``bd_missing``, ``bd_utc_offset``) and ``r()`` results. Used by the
Stata conformance runner and by the runtime's tests.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sfi import rules
from sfi.session import Session, Variable

MAX_SAFE_INTEGER = 2**53 - 1
_EPOCH_DAY = dt.date(1960, 1, 1)
_EPOCH = dt.datetime(1960, 1, 1)


def numlist(text: str) -> set[int]:
    """``"1 4/6"`` -> {1, 4, 5, 6} (the numlists the runtime writes)."""
    numbers: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("/")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def _moment(milliseconds: float) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=round(milliseconds * 1000))


def _written(moment: dt.datetime, offset: str) -> str:
    """A UTC moment as the catalogue wrote it: with ``Z``, no offset, or at its ``+HH:MM`` offset."""
    if offset in ("Z", ""):
        return moment.isoformat() + offset
    sign = 1 if offset[0] == "+" else -1
    zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    return moment.replace(tzinfo=dt.UTC).astimezone(zone).isoformat()


def _plain_decimal(value: decimal.Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _missing_special(variable: Variable, value: float) -> str | None:
    """The FLOAT64 value (``NaN``, ``Infinity``) an extended missing value stands for, per ``bd_missing``."""
    letter = rules.missing_letter(value)
    words = variable.chars.get("bd_missing", "").split()
    meanings = dict(zip(words[::2], words[1::2], strict=False))
    return meanings.get(f".{letter}") if letter else None


def cell(variable: Variable, obs: int, value: Any) -> Any:
    """One value of a result column (``read_sql``/``read_table``) in canonical form; ``obs`` counts from 1."""
    kind = variable.chars["bd_type"]
    if variable.is_string:
        if value == "":
            return "" if obs in numlist(variable.chars.get("bd_empty_obs", "")) else None
        if kind == "INT64":
            number = int(value)
            return number if abs(number) <= MAX_SAFE_INTEGER else value
        if kind.startswith("ARRAY<") or kind in ("RECORD", "JSON"):
            return json.loads(value)
        return value
    if rules.is_missing(value):
        return _missing_special(variable, value)
    if kind == "BOOL":
        return value == 1
    if variable.format.startswith("%td"):
        return (_EPOCH_DAY + dt.timedelta(days=int(value))).isoformat()
    if variable.format.startswith("%tc"):
        moment = _moment(value)
        if kind == "TIME":
            return moment.time().isoformat()
        return moment.isoformat() + ("Z" if kind == "TIMESTAMP" else "")
    if kind == "INT64":
        return int(value)
    if kind in ("NUMERIC", "BIGNUMERIC"):
        return _plain_decimal(decimal.Decimal(repr(value)))
    return value


def rows_result(session: Session) -> dict[str, Any]:
    """``{columns: [{name, type}], rows}`` of the dataset a read command landed."""
    variables = session.variables
    columns = [{"name": v.chars["bd_name"], "type": v.chars["bd_type"]} for v in variables]
    rows = [[cell(v, obs + 1, v.values[obs]) for v in variables] for obs in range(session.obs)]
    return {"columns": columns, "rows": rows}


def field_cell(session: Session, variable: Variable, field: Mapping[str, Any], obs: int, value: Any) -> Any:
    """One catalogue field of one item, as the API sent it (see stata_catalogue's kinds)."""
    kind = field["kind"]
    if variable.is_string:
        if value == "":
            return "" if obs in numlist(variable.chars.get("bd_empty_obs", "")) else None
        if kind == "json":
            return json.loads(value)
        if kind == "list":
            return json.loads(value) if value.startswith("[") else value.split(" ")
        if kind == "int":
            return int(value)
        return value
    if rules.is_missing(value):
        return None
    if kind == "bool":
        return value == 1
    if kind == "enum":
        return session.value_labels[variable.value_label][int(value)]
    if kind == "date":
        return (_EPOCH_DAY + dt.timedelta(days=int(value))).isoformat()
    if kind == "datetime":
        return _written(_moment(value), variable.chars.get("bd_utc_offset", "Z"))
    if kind == "int":
        return int(value)
    return value


def _put(item: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for step in path[:-1]:
        item = item.setdefault(step, {})
    item[path[-1]] = value


def _nulls_to_none(value: Any) -> Any:
    """A nested object whose every field is null was null (Stata cannot hold the difference)."""
    if isinstance(value, dict):
        inner = {k: _nulls_to_none(v) for k, v in value.items()}
        return None if inner and all(v is None for v in inner.values()) else inner
    return value


def items_result(session: Session, fields: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every observation as one catalogue item, nested back by the fields' paths."""
    variables = session.variables
    if len(variables) != len(fields):
        raise AssertionError(f"{len(variables)} variables for {len(fields)} fields")
    items = []
    if len(fields) == 1 and not fields[0]["path"]:  # a result that is not an object, landed whole
        return [field_cell(session, variables[0], fields[0], obs + 1, variables[0].values[obs]) for obs in range(session.obs)]
    for obs in range(session.obs):
        item: dict[str, Any] = {}
        for variable, field in zip(variables, fields, strict=True):
            _put(item, field["path"], field_cell(session, variable, field, obs + 1, variable.values[obs]))
        nested = {k: (_nulls_to_none(v) if len(f_path) > 1 else v) for k, v, f_path in _top_level(item, fields)}
        items.append(nested)
    return items


def _top_level(item: Mapping[str, Any], fields: Sequence[Mapping[str, Any]]) -> list[tuple[str, Any, Sequence[str]]]:
    seen: dict[str, Sequence[str]] = {}
    for field in fields:
        seen.setdefault(field["path"][0], field["path"])
    return [(key, item[key], path) for key, path in seen.items()]


def results(session: Session, json_macros: bool) -> dict[str, Any]:
    """``r()`` as canonical JSON: integral scalars as integers; macros as JSON text when ``json_macros``."""
    out: dict[str, Any] = {}
    for name, value in session.returned.items():
        if isinstance(value, float):
            out[name] = int(value) if value.is_integer() and abs(value) <= MAX_SAFE_INTEGER else value
        else:
            out[name] = json.loads(value) if json_macros else value
    return out
