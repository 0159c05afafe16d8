# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Catalogue functions answered by a GraphQL API (the spec's ``x-bd-graphql``).

The algorithm of docs/architecture.md, "x-bd-graphql": the variables from the
call's arguments (:func:`request_body`), then the answer read
(:func:`read_answer`): its ``errors``, the ``exists`` check, the result path, a
connection made a page, and each result object shaped (:func:`shaped`: nested
connections become lists, plucked fields, translated fields in the call's
locale). Sending it is the HTTP client's one request path (:mod:`.http`), with
its retries, timeouts, redirects and redaction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .operations import GraphqlSpec, LocaleSpec, PageShape, PathStep

__all__ = ["AnswerRefused", "error_messages", "read_answer", "request_body", "shaped"]

# Keys a relay connection may carry beside its edges; an object with any other key is not one.
_CONNECTION_KEYS = frozenset({"edges", "totalCount", "edgeCount", "pageInfo"})
_MISSING = object()


class AnswerRefused(Exception):
    """An answer that is not the result: the ``kind`` of error it is, and why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _page_number(args: Mapping[str, object], name: str, default: int) -> int:
    value = args.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def request_body(spec: GraphqlSpec, args: Mapping[str, object], page_param: str, page_size_param: str) -> dict[str, Any]:
    """``{"query", "variables", "operationName"}``: each variable the value of its argument (None when left out)."""
    variables: dict[str, object] = {variable: args.get(param) for variable, param in spec.variables}
    if spec.connection is not None:
        size = _page_number(args, page_size_param, spec.connection.default_page_size)
        variables[spec.connection.first] = size
        variables[spec.connection.offset] = (_page_number(args, page_param, 1) - 1) * size
    return {"query": spec.query, "variables": variables, "operationName": spec.operation_name}


def error_messages(answer: object) -> str | None:
    """The messages of a GraphQL answer's non-empty ``errors``, joined; None when it has none."""
    errors = answer.get("errors") if isinstance(answer, Mapping) else None
    if not isinstance(errors, list) or not errors:
        return None
    messages = [str(e.get("message")) if isinstance(e, Mapping) and e.get("message") is not None else str(e) for e in errors]
    return "; ".join(messages)


def _at(value: Any, path: Sequence[PathStep]) -> Any:
    """The value at ``path`` (keys of objects, indexes of lists); ``_MISSING`` when a step is missing."""
    for step in path:
        is_index = isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value)
        if not (is_index or (isinstance(step, str) and isinstance(value, Mapping) and step in value)):
            return _MISSING
        value = value[step]
    return value


def _is_connection(value: object) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("edges"), list) and set(value) <= _CONNECTION_KEYS


def _flatten(value: Any) -> Any:
    """Every nested ``{edges: [{node}, ...]}`` as the list of its nodes, at any depth."""
    if _is_connection(value):
        return [_flatten(edge.get("node") if isinstance(edge, Mapping) else None) for edge in value["edges"]]
    if isinstance(value, Mapping):
        return {key: _flatten(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_flatten(item) for item in value]
    return value


def _pluck(value: dict[str, Any], pluck: Sequence[tuple[str, tuple[PathStep, ...]]]) -> dict[str, Any]:
    """Each plucked field set from its path, then the keys those paths start from (not plucked fields themselves) dropped."""
    found = {field: _at(value, path) for field, path in pluck}
    fields = set(found)
    sources = {path[0] for _, path in pluck if path and path[0] not in fields}
    out = {key: item for key, item in value.items() if key not in sources}
    out.update({field: None if item is _MISSING else item for field, item in found.items()})
    return out


def _translated(key: str, locales: Sequence[str]) -> str | None:
    """``name`` for ``name_pt`` (a locale suffix), else None."""
    field, _, suffix = key.rpartition("_")
    return field if field and suffix in locales else None


def _localize(value: Any, locale: str, locales: Sequence[str]) -> Any:
    """Each ``<f>_<l>`` group as ``<f>``: the call's locale when not null, else the first locale's."""
    if isinstance(value, list):
        return [_localize(item, locale, locales) for item in value]
    if not isinstance(value, Mapping):
        return value
    groups = {field for key in value if (field := _translated(key, locales)) is not None}
    out: dict[str, Any] = {}
    for key, item in value.items():
        field = _translated(key, locales)
        if field is None and key not in groups:
            out[key] = _localize(item, locale, locales)
        elif field is not None and field not in out:  # the group's first key places the field; it wins over a plain <f>
            chosen = value.get(f"{field}_{locale}")
            out[field] = _localize(chosen if chosen is not None else value.get(f"{field}_{locales[0]}"), locale, locales)
    return out


def shaped(value: Any, spec: GraphqlSpec, locale: str | None) -> Any:
    """One result object as the function returns it: connections flattened, fields plucked, then localized."""
    flat = _flatten(value)
    if spec.pluck and isinstance(flat, dict):
        flat = _pluck(flat, spec.pluck)
    return _localize_with(flat, spec.locale, locale)


def _localize_with(value: Any, spec: LocaleSpec | None, locale: str | None) -> Any:
    if spec is None or not spec.locales:
        return value
    return _localize(value, locale if locale in spec.locales else spec.locales[0], spec.locales)


def _named_arguments(op_id: str, spec: GraphqlSpec, args: Mapping[str, object]) -> str:
    given = [f"{param}={args[param]!r}" for _, param in spec.variables if args.get(param) is not None]
    return f"{op_id}({', '.join(given)})"


def read_answer(
    op_id: str,
    spec: GraphqlSpec,
    answer: object,
    args: Mapping[str, object],
    *,
    shape: PageShape | None,
    page_param: str,
    page_size_param: str,
    count: str,
) -> Any:
    """The function's result from a successful (HTTP 2xx) answer: one object, or a page of them.

    Raises
    ------
    AnswerRefused
        ``server`` for an answer with ``errors`` (a resolver failed) or without
        ``data``; ``not_found`` when the ``exists`` check fails or the result
        path leads nowhere.
    """
    messages = error_messages(answer)
    if messages is not None:
        raise AnswerRefused("server", f"{op_id}: the GraphQL API answered with errors: {messages}")
    data = answer.get("data") if isinstance(answer, Mapping) else None
    if not isinstance(data, Mapping):
        raise AnswerRefused("server", f"{op_id}: the GraphQL API answered without data")
    nothing = f"{_named_arguments(op_id, spec, args)}: nothing in the catalogue"
    if spec.exists is not None:
        known = _at(data, spec.exists)
        if not ((isinstance(known, (int, float)) and not isinstance(known, bool) and known > 0) or (isinstance(known, list) and known)):
            raise AnswerRefused("not_found", nothing)
    result = _at(data, spec.result)
    if result is _MISSING or result is None:
        raise AnswerRefused("not_found", nothing)
    locale_value = args.get(spec.locale.param) if spec.locale is not None else None
    locale = locale_value if isinstance(locale_value, str) else None
    if spec.connection is None or shape is None:
        return shaped(result, spec, locale)
    edges = result.get("edges") if isinstance(result, Mapping) else None
    nodes = [edge.get("node") if isinstance(edge, Mapping) else None for edge in edges] if isinstance(edges, list) else []
    total = result.get("totalCount") if isinstance(result, Mapping) else None
    size = _page_number(args, page_size_param, spec.connection.default_page_size)
    envelope: dict[str, Any] = {
        shape.items: [shaped(node, spec, locale) for node in nodes],
        page_param: _page_number(args, page_param, 1),
        page_size_param: size,
        count: total,
    }
    if shape.page_total is not None:
        envelope[shape.page_total] = math.ceil(total / size) if isinstance(total, int) and size > 0 else None
    return envelope
