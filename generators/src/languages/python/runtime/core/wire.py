# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""How parameters go on the wire: OpenAPI 3.1 section 4.8.12.4 (style values).

Path parameters are ``simple`` by default (``label`` and ``matrix`` too); query
parameters ``form`` with ``explode`` (``spaceDelimited``, ``pipeDelimited``,
``deepObject`` too); headers ``simple``; cookies ``form`` with ``explode``.
Given the color parameter as ``"blue"``, ``["blue", "black"]`` or
``{"R": 100, "G": 200}``:

==============  =======  ===============  ==========================  =========================
style           explode  primitive        array                       object
==============  =======  ===============  ==========================  =========================
simple          false    ``blue``         ``blue,black``              ``R,100,G,200``
simple          true     ``blue``         ``blue,black``              ``R=100,G=200``
label           false    ``.blue``        ``.blue,black``             ``.R,100,G,200``
label           true     ``.blue``        ``.blue.black``             ``.R=100.G=200``
matrix          false    ``;color=blue``  ``;color=blue,black``       ``;color=R,100,G,200``
matrix          true     ``;color=blue``  ``;color=blue;color=black`` ``;R=100;G=200``
form            false    ``color=blue``   ``color=blue,black``        ``color=R,100,G,200``
form            true     ``color=blue``   ``color=blue&color=black``  ``R=100&G=200``
spaceDelimited  false    n/a              ``color=blue%20black``      ``color=R%20100%20G%20200``
pipeDelimited   false    n/a              ``color=blue%7Cblack``      ``color=R%7C100%7CG%7C200``
deepObject      true     n/a              n/a                         ``color%5BR%5D=100&color%5BG%5D=200``
==============  =======  ===============  ==========================  =========================

Each value is percent-encoded on its own (every byte but ``A-Z a-z 0-9 - . _ ~``),
the delimiters the style adds are not. Booleans are ``true``/``false``. In a
cookie, ``&`` between exploded pairs becomes ``; `` (RFC 6265). Values are not
checked here: :func:`.params.validate_args` runs first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from .operations import OperationSpec
from .params import ParamSpec

__all__ = ["build_cookie", "build_headers", "build_path", "build_query", "default_explode", "default_style", "serialize"]


def default_style(spec: ParamSpec) -> str:
    """The parameter's style: its own, else its location's default."""
    if spec.style is not None:
        return spec.style
    return "simple" if spec.location in ("path", "header") else "form"


def default_explode(spec: ParamSpec) -> bool:
    """Whether the parameter explodes: its own setting, else True for ``form`` only."""
    return spec.explode if spec.explode is not None else default_style(spec) == "form"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _enc(value: object) -> str:
    return quote(_text(value), safe="")


def serialize(spec: ParamSpec, value: object) -> list[tuple[str, str]] | str:
    """The encoded form of one argument.

    Path and header parameters give one string (already joined); query and
    cookie parameters give ``(name, value)`` pairs, both percent-encoded, to be
    joined by the caller. An empty list or mapping gives nothing (``[]`` / ``""``).
    """
    style = default_style(spec)
    explode = default_explode(spec)
    name = _enc(spec.name)
    if isinstance(value, Mapping):
        items = [(_enc(k), _enc(v)) for k, v in value.items() if v is not None]
        if not items:
            return "" if spec.location in ("path", "header") else []
        flat = ",".join(f"{k},{v}" for k, v in items)
        if style == "deepObject":
            return [(f"{name}%5B{k}%5D", v) for k, v in items]
        if style in ("spaceDelimited", "pipeDelimited"):
            joiner = "%20" if style == "spaceDelimited" else "%7C"
            return [(name, joiner.join(f"{k}{joiner}{v}" for k, v in items))]
        if style == "label":
            return "." + ("." if explode else ",").join(f"{k}={v}" if explode else f"{k},{v}" for k, v in items)
        if style == "matrix":
            return "".join(f";{k}={v}" for k, v in items) if explode else f";{name}={flat}"
        if style == "form":
            return list(items) if explode else [(name, flat)]
        return ",".join(f"{k}={v}" for k, v in items) if explode else flat  # simple
    if isinstance(value, (list, tuple)):
        values = [_enc(v) for v in value]
        if not values:
            return "" if spec.location in ("path", "header") else []
        if style == "label":
            return "." + ("." if explode else ",").join(values)
        if style == "matrix":
            return "".join(f";{name}={v}" for v in values) if explode else f";{name}={','.join(values)}"
        if style == "form":
            return [(name, v) for v in values] if explode else [(name, ",".join(values))]
        if style in ("spaceDelimited", "pipeDelimited"):
            return [(name, ("%20" if style == "spaceDelimited" else "%7C").join(values))]
        return ",".join(values)  # simple
    encoded = _enc(value)
    if style == "label":
        return f".{encoded}"
    if style == "matrix":
        return f";{name}={encoded}"
    if style == "simple":
        return encoded
    return [(name, encoded)]


def build_path(op: OperationSpec, args: Mapping[str, object]) -> str:
    """The request path with each ``{placeholder}`` replaced by its serialised argument.

    Call :func:`.params.validate_args` first: this does not check the values.
    """
    by_name = {p.name: p for p in op.params if p.location == "path"}

    def substitute(match: re.Match[str]) -> str:
        wire_name = match.group(1)
        spec = by_name.get(wire_name)
        if spec is None:
            raise ValueError(f"{op.id}: the path {op.path} names {{{wire_name}}} but no path parameter has that name")
        value = args.get(spec.arg_key)
        if value is None:
            raise ValueError(f"{op.id}: the path parameter {wire_name} is required")
        encoded = serialize(spec, value)
        return encoded if isinstance(encoded, str) else "&".join(f"{k}={v}" for k, v in encoded)

    return re.sub(r"\{([^}]+)\}", substitute, op.path)


def _pairs(op: OperationSpec, args: Mapping[str, object], location: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for spec in op.params:
        if spec.location != location or args.get(spec.arg_key) is None:
            continue
        encoded = serialize(spec, args[spec.arg_key])
        pairs.extend([(_enc(spec.name), encoded)] if isinstance(encoded, str) else encoded)
    return pairs


def build_query(op: OperationSpec, args: Mapping[str, object]) -> str:
    """The query string (``?q=pib&page=2``, or ``""``), in the order of ``op.params``; None arguments left out."""
    pairs = _pairs(op, args, "query")
    return f"?{'&'.join(f'{k}={v}' for k, v in pairs)}" if pairs else ""


def build_cookie(op: OperationSpec, args: Mapping[str, object]) -> str | None:
    """The ``Cookie`` header of the cookie parameters (``a=1; b=x%20y``), or None when none is given."""
    pairs = _pairs(op, args, "cookie")
    return "; ".join(f"{k}={v}" for k, v in pairs) if pairs else None


def build_headers(op: OperationSpec, args: Mapping[str, object]) -> dict[str, str]:
    """The header parameters given, name -> value (``simple`` style), in the order of ``op.params``.

    Header values are not percent-encoded (headers are not URLs); non-ASCII text
    is sent as UTF-8, which httpx does.
    """
    headers: dict[str, str] = {}
    for spec in op.params:
        value = args.get(spec.arg_key)
        if spec.location != "header" or value is None:
            continue
        explode = default_explode(spec)
        if isinstance(value, Mapping):
            items = [(str(k), _text(v)) for k, v in value.items() if v is not None]
            text = ",".join(f"{k}={v}" if explode else f"{k},{v}" for k, v in items)
        elif isinstance(value, (list, tuple)):
            text = ",".join(_text(v) for v in value)
        else:
            text = _text(value)
        headers[spec.name] = text
    return headers
