# bdgen Python runtime: hand-written, copied verbatim into every generated
# package (as <package>/_runtime/) by `bdgen generate --lang python`.
# Edit generators/src/languages/python/runtime/ in the bdgen repository, never the copy.
"""Request bodies: the value a caller passes, as the bytes and ``Content-Type`` of one declared media type.

=========  ===============================  ===========================================================
kind       value                            sent as
=========  ===============================  ===========================================================
json       anything JSON can hold           ``JSON.stringify`` bytes (no spaces, UTF-8), the media type
form       a mapping                        ``a=1&b=x+y`` (WHATWG urlencoded), lists repeat the key,
                                            mappings expand into their fields
multipart  a mapping                        str/int/float/bool fields as text parts; bytes, file objects
                                            and ``(filename, content, content_type)`` tuples as files;
                                            lists repeat the part; mappings as ``application/json`` parts
binary     bytes or a binary file object    the bytes, the media type
text       str                              UTF-8 bytes, the media type with ``charset=utf-8``
=========  ===============================  ===========================================================

The media type is sent as the spec declares it; multipart adds its boundary (a
random one per call), parts in the mapping's order, text parts without a
``Content-Type``, bytes as a file ``blob`` of ``application/octet-stream``, file
objects by their name (type guessed from it), tuples as they say. File objects are read when the body is encoded, once per call, so a
retried request sends the same bytes.
"""

from __future__ import annotations

import math
import mimetypes
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote_plus

from .errors import ErrorKindSpec, InvalidParam, create_error
from .jsontext import json_text
from .operations import BodySpec, MediaSpec, OperationSpec

__all__ = ["BodyError", "EncodedBody", "choose_media", "encode_body", "encode_call_body"]


class BodyError(ValueError):
    """A body that cannot be sent as the chosen media type; the message says why."""


@dataclass(frozen=True)
class EncodedBody:
    """The bytes to send and their ``Content-Type``."""

    content_type: str
    content: bytes


def choose_media(body: BodySpec, content_type: str | None) -> MediaSpec:
    """The media type to send: the first declared one, or the declared one ``content_type`` names.

    Raises
    ------
    BodyError
        When ``content_type`` is not one of the declared types.
    """
    if content_type is None:
        return body.media[0]
    wanted = content_type.split(";")[0].strip().lower()
    for media in body.media:
        if media.type.split(";")[0].strip().lower() == wanted:
            return media
    declared = ", ".join(m.type for m in body.media)
    raise BodyError(f"content_type must be one of {declared}, got {content_type!r}")


def _json_bytes(value: object) -> bytes:
    if isinstance(value, float) and not math.isfinite(value):
        raise BodyError(f"JSON has no {value!r}")
    try:
        return json_text(value).encode("utf-8")
    except TypeError as error:
        raise BodyError(f"cannot be sent as JSON: {error}") from None


def _check_finite(value: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise BodyError(f"JSON has no {value!r}")
    if isinstance(value, Mapping):
        for item in value.values():
            _check_finite(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_finite(item)


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return json_text(value)
    return str(value)


def _form_bytes(value: object) -> bytes:
    if not isinstance(value, Mapping):
        raise BodyError(f"must be a mapping of form fields, got {type(value).__name__}")
    pairs: list[str] = []
    for name, item in value.items():
        # An object field expands into its own fields (style form, explode), as OpenAPI's encoding defaults say.
        fields = list(item.items()) if isinstance(item, Mapping) else [(name, item)]
        for field_name, field_value in fields:
            for one in field_value if isinstance(field_value, (list, tuple)) else [field_value]:
                if one is None:
                    continue
                if isinstance(one, (Mapping, list, tuple)) or not isinstance(one, (str, int, float, bool)):
                    raise BodyError(f'field "{field_name}" must be a string, number or boolean, got {type(one).__name__}')
                # WHATWG's application/x-www-form-urlencoded: '*-._' and alphanumerics kept, space as '+'.
                pairs.append(f"{_form_enc(str(field_name))}={_form_enc(_scalar_text(one))}")
    return "&".join(pairs).encode("ascii")


def _form_enc(text: str) -> str:
    return quote_plus(text, safe="*").replace("~", "%7E")


def _read(value: object, label: str) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    read = getattr(value, "read", None)
    if callable(read):
        content = read()
        if isinstance(content, str):
            return content.encode("utf-8")
        if isinstance(content, (bytes, bytearray)):
            return bytes(content)
    raise BodyError(f"{label} must be bytes or a file object opened in binary mode, got {type(value).__name__}")


def _file_name(value: object, fallback: str) -> str:
    name = getattr(value, "name", None)
    if isinstance(name, str) and name:
        return name.replace("\\", "/").rsplit("/", 1)[-1]
    return fallback


def _part_header(name: str, filename: str | None, content_type: str | None) -> bytes:
    disposition = f'form-data; name="{_quoted(name)}"' + (f'; filename="{_quoted(filename)}"' if filename is not None else "")
    lines = [f"Content-Disposition: {disposition}"] + ([f"Content-Type: {content_type}"] if content_type else [])
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _quoted(text: str) -> str:
    # WHATWG's multipart/form-data: a quote, CR and LF in names and file names are percent-encoded.
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _multipart(value: object, boundary: str) -> bytes:
    if not isinstance(value, Mapping):
        raise BodyError(f"must be a mapping of multipart fields, got {type(value).__name__}")
    parts: list[bytes] = []
    for name, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            if one is None:
                continue
            if isinstance(one, (str, int, float, bool)):
                header, content = _part_header(str(name), None, None), _scalar_text(one).encode("utf-8")
            elif isinstance(one, Mapping):
                _check_finite(one)
                header, content = _part_header(str(name), None, "application/json"), _json_bytes(one)
            elif isinstance(one, tuple):
                if len(one) not in (2, 3) or not isinstance(one[0], (str, type(None))):
                    raise BodyError(f"{name} must be (filename, content) or (filename, content, content_type)")
                content_type = str(one[2]) if len(one) == 3 else "application/octet-stream"
                header, content = _part_header(str(name), one[0], content_type), _read(one[1], str(name))
            elif isinstance(one, (bytes, bytearray, memoryview)):
                header, content = _part_header(str(name), "blob", "application/octet-stream"), bytes(one)
            else:
                filename = _file_name(one, "blob")
                guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                header, content = _part_header(str(name), filename, guessed), _read(one, str(name))
            parts.append(f"--{boundary}\r\n".encode() + header + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _with_charset(media_type: str) -> str:
    # The bytes are UTF-8: say so unless the spec's media type names a charset itself.
    return media_type if "charset=" in media_type.lower() else f"{media_type}; charset=utf-8"


def encode_body(media: MediaSpec, value: object, boundary: str | None = None) -> EncodedBody:
    """The body ``value`` encoded as ``media`` (see the module's table).

    ``boundary`` is the multipart boundary (a random one when None).

    Raises
    ------
    BodyError
        When the value does not fit the media type (a str for binary, NaN in JSON...).
    """
    if media.kind == "json":
        _check_finite(value)
        return EncodedBody(content_type=media.type, content=_json_bytes(value))
    if media.kind == "form":
        return EncodedBody(content_type=media.type, content=_form_bytes(value))
    if media.kind == "multipart":
        boundary = boundary or f"bdgen-{secrets.token_hex(16)}"
        return EncodedBody(content_type=f"{media.type}; boundary={boundary}", content=_multipart(value, boundary))
    if media.kind == "text":
        if not isinstance(value, str):
            raise BodyError(f"must be a str for {media.type}, got {type(value).__name__}")
        return EncodedBody(content_type=_with_charset(media.type), content=value.encode("utf-8"))
    if isinstance(value, str):
        raise BodyError(f"must be bytes or a binary file for {media.type}, got str (encode it first)")
    return EncodedBody(content_type=media.type, content=_read(value, "the body"))


def encode_call_body(op: OperationSpec, body: object, content_type: str | None, errors: Sequence[ErrorKindSpec]) -> EncodedBody | None:
    """A call's body encoded as ``op`` declares it, or None without one; a body it refuses is a ``validation`` error, before any request."""
    spec = op.body
    problem: InvalidParam | None = None
    encoded: EncodedBody | None = None
    if spec is None:
        if body is not None or content_type is not None:
            problem = InvalidParam(name="body", reason="is not taken by this operation", location="body", label="body")
    elif body is None:
        if spec.required:
            problem = InvalidParam(name=spec.label, reason="is required", location="body", label=spec.label)
    else:
        try:
            encoded = encode_body(choose_media(spec, content_type), body)
        except BodyError as error:
            name = "content_type" if str(error).startswith("content_type") else spec.label
            reason = str(error).removeprefix("content_type ")
            problem = InvalidParam(name=name, reason=reason, location="body", label=name)
    if problem is not None:
        raise create_error(errors, "validation", f"Invalid argument for {op.id}: {problem.label} {problem.reason}", invalid_params=[problem], attempts=0)
    return encoded
