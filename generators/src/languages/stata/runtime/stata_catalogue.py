# bdgen Stata runtime: hand-written, copied verbatim into every generated Stata
# package (as <package>_stata_catalogue.py) by `bdgen generate --lang stata`.
# Edit generators/src/languages/stata/runtime/ in the bdgen repository, never the copy.
"""Catalogue results (datasets, tables, columns, ...) as a Stata dataset.

Each command of the table lists its ``fields``: one variable per field of the
item schema, nested objects flattened (``temporal_coverage.start`` ->
``temporal_coverage_start``). A field's ``kind`` says how it lands:

- ``str`` text, ``int`` an integer type, ``float`` a double, ``bool`` 0/1
  labelled ``bd_bool``;
- ``date`` ``%td`` and ``datetime`` ``%tc`` (UTC), from their ISO 8601 text;
- ``enum`` the codes 1, 2, ... of the spec's values in order, with a value
  label of the variable's name (a value the spec does not list gets the next code);
- ``list`` an array of plain values, space-separated (``br br_sp``) when no
  item holds a space, else as JSON; ``[]`` for an empty array, "" for null;
- ``json`` anything else (arrays of objects, trees) as compact JSON text.

A ``datetime`` variable keeps in char ``bd_utc_offset`` how the catalogue wrote
the offset (``Z``, ``+00:00``, or "" for a time without one), so the text can be
written back as it came. A CSV answer (:func:`csv_columns`) lands one variable
per column of its header.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_prefix = __name__[: -len("catalogue")]
_columns = importlib.import_module(f"{_prefix}columns")
_names = importlib.import_module(f"{_prefix}names")
_landing = importlib.import_module(f"{_prefix}landing")

StataColumn = _columns.StataColumn
_PLAIN_ITEM = re.compile(r"[^\s\[][^\s]*")
_OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")
_WHOLE = re.compile(r"-?\d{1,18}")


def field_value(item: Mapping[str, Any], path: Sequence[str]) -> Any:
    """The value at ``path`` inside ``item``; None when any step is missing or null."""
    value: Any = item
    for step in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


def list_text(value: Any) -> str | None:
    """An array of plain values as Stata text (see the module's docstring)."""
    if value is None:
        return None
    if not isinstance(value, list):
        return _columns.json_text(value)
    if not value:
        return "[]"
    items = [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
    if all(isinstance(v, str) and _PLAIN_ITEM.fullmatch(v) for v in items):
        return " ".join(items)
    return _columns.json_text(value)


def _parse(values: list[Any], parse: Any) -> list[Any] | None:
    """``values`` parsed from ISO text; None when one of them is not valid (the column then stays text)."""
    try:
        return [None if v is None else parse(v) for v in values]
    except (TypeError, ValueError):
        return None


def _enum_column(name: str, values: list[Any], choices: Sequence[str]) -> StataColumn:
    codes = {choice: code for code, choice in enumerate(choices, start=1)}
    for value in values:
        if value is not None and str(value) not in codes:
            codes[str(value)] = len(codes) + 1
    column = _columns.integer_column(name, [None if v is None else codes[str(v)] for v in values])
    column.value_label = (name, {code: text for text, code in codes.items()})
    return column


def field_column(name: str, field: Mapping[str, Any], values: list[Any]) -> StataColumn:
    """One field of every item as a Stata variable named ``name``."""
    kind = field["kind"]
    if kind == "int":
        column = _columns.integer_column(name, values)
    elif kind == "float":
        column = _columns.double_column(name, [None if v is None else float(v) for v in values])
    elif kind == "bool":
        column = _columns.bool_column(name, values)
    elif kind == "date" and (dates := _parse(values, dt.date.fromisoformat)) is not None:
        column = _columns.date_column(name, dates)
    elif kind == "datetime" and (moments := _parse(values, dt.datetime.fromisoformat)) is not None:
        column = _columns.datetime_column(name, moments)
        written = next((v for v in values if isinstance(v, str)), None)
        offset = _OFFSET.search(written) if written is not None else None
        column.chars["bd_utc_offset"] = offset.group(1) if offset else ""
    elif kind == "enum":
        column = _enum_column(name, values, field.get("values", ()))
    elif kind == "list":
        column = _columns.text_column(name, [list_text(v) for v in values])
    elif kind == "json":
        column = _columns.text_column(name, [None if v is None else _columns.json_text(v) for v in values])
    else:
        column = _columns.text_column(name, [None if v is None else str(v) for v in values])
    column.label = _names.variable_label(field.get("label"))
    column.chars["bd_name"] = ".".join(field["path"])
    column.chars["bd_type"] = kind
    return column


def item_columns(fields: Sequence[Mapping[str, Any]], items: Sequence[Mapping[str, Any]]) -> list[StataColumn]:
    """Every item as one observation, every field as one variable, in the table's order."""
    names = _names.unique_names(f["var"] for f in fields)
    return [field_column(name, f, [field_value(item, f["path"]) for item in items]) for name, f in zip(names, fields, strict=True)]


def csv_columns(text: str) -> tuple[list[StataColumn], int]:
    """A CSV text as Stata columns (one per header field) and its number of rows.

    Variable names are made from the header in lower case, which is each variable's label and
    char ``bd_name``; a column of whole numbers only is an integer variable, any
    other is text ("" for an empty field).
    """
    rows = list(csv.reader(io.StringIO(text)))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    width = max([len(header), *(len(r) for r in body)], default=0)
    header = header + [f"v{i + 1}" for i in range(len(header), width)]
    names = _names.unique_names(title.lower() for title in header)  # lower case, as import delimited makes them
    columns = []
    for index, (name, title) in enumerate(zip(names, header, strict=True)):
        cells = [row[index] if index < len(row) else "" for row in body]
        if cells and all(_WHOLE.fullmatch(c) or c == "" for c in cells) and any(cells):
            column = _columns.integer_column(name, [int(c) if c else None for c in cells])
        else:
            column = _columns.text_column(name, cells)
        column.label = _names.variable_label(title)
        column.chars["bd_name"] = title
        columns.append(column)
    return columns, len(body)


def summary(noun: Mapping[str, str], items: Sequence[Any], envelope: Mapping[str, Any], shown: Iterable[Sequence[str]], limit: int | None = None) -> list[str]:
    """A few lines for the Results window: how many of what, then the items' key fields (the first ``limit`` of them)."""
    count, page, total = envelope.get("count"), envelope.get("page"), envelope.get("page_total")
    one = noun.get("one", "item")
    head = f"({_landing.counted(len(items), one, noun.get('other', one))}"
    if isinstance(count, int) and count != len(items):
        head += f" of {count:,}"
    if isinstance(page, int) and isinstance(total, int):
        head += f"; page {page:,} of {total:,}"
    lines = [f"{head})"]
    paths = list(shown)
    listed = items if limit is None else items[:limit]
    for item in listed:
        cells = [field_value(item, path) for path in paths]
        lines.append("  " + "  ".join(" ".join(str(c).split()) for c in cells if c is not None))
    if len(items) > len(listed):
        lines.append(f"  ... and {len(items) - len(listed):,} more: see the dataset in memory")
    return lines
