"""What the HTTP client puts on the wire: every body kind, header and cookie parameters, parameter styles,
every method, and binary/text/empty responses, checked byte for byte on a loopback server.

The cases are the ones the TypeScript runtime's tests send: where the format is deterministic (JSON, form,
text, binary, headers, cookies) both languages must send exactly these bytes; multipart boundaries are
random by design, so there the structure is checked.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest
from basedosdados_sdk._runtime.http import HttpClient
from basedosdados_sdk._runtime.operations import BodySpec, MediaSpec, OperationSpec
from basedosdados_sdk._runtime.params import ParamSpec, ValueRules
from basedosdados_sdk._runtime.wire import serialize
from basedosdados_sdk._spec import API_SPEC
from conftest import Reply, Request, ScriptedServer

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
ANY = ValueRules(type="any")


def op(method: str = "POST", body: BodySpec | None = None, params: tuple[ParamSpec, ...] = (), response: str = "json") -> OperationSpec:
    return OperationSpec(id="send", method=method, path="/things", params=params, body=body, response=response)  # type: ignore[arg-type]


def body_of(*media: tuple[str, str], required: bool = True) -> BodySpec:
    return BodySpec(required=required, label="body", media=tuple(MediaSpec(type=t, kind=k) for t, k in media))  # type: ignore[arg-type]


@pytest.fixture
def client(serve: Serve) -> Iterator[tuple[HttpClient, ScriptedServer]]:
    server = serve(lambda _: (200, {}, {"ok": True}))
    made = HttpClient(API_SPEC, base_url=server.url, sleep=lambda _: None, random=lambda: 0)
    yield made, server
    made.close()


BODY_CASES = [
    (
        "json",
        ("application/json", "json"),
        {"name": "São Paulo", "n": 1, "x": 1.5e-7, "big": 1e21, "ok": True, "tags": ["a", "b"], "none": None},
        b'{"name":"S\xc3\xa3o Paulo","n":1,"x":1.5e-7,"big":1e+21,"ok":true,"tags":["a","b"],"none":null}',
        "application/json",
    ),
    ("json with a vendor type", ("application/merge-patch+json", "json"), [1, 2.5, "x"], b'[1,2.5,"x"]', "application/merge-patch+json"),
    (
        "json (the TS case)",
        ("application/json", "json"),
        {"name": "ação", "n": 1, "tags": ["a"], "none": None},
        '{"name":"ação","n":1,"tags":["a"],"none":null}'.encode(),
        "application/json",
    ),
    (
        "form (the TS case)",
        ("application/x-www-form-urlencoded", "form"),
        {"q": "a b&c=d", "n": 2, "on": True, "tag": ["x", "y"], "point": {"lat": -23.5}, "gone": None, "acento": "é"},
        b"q=a+b%26c%3Dd&n=2&on=true&tag=x&tag=y&lat=-23.5&acento=%C3%A9",
        "application/x-www-form-urlencoded",
    ),
    (
        "form",
        ("application/x-www-form-urlencoded", "form"),
        {"keep": "*-._~", "flag": False, "skip": None, "acento": "ç"},
        b"keep=*-._%7E&flag=false&acento=%C3%A7",
        "application/x-www-form-urlencoded",
    ),
    ("text (the TS case)", ("text/csv", "text"), "sigla,nome\nSP,São Paulo\n", "sigla,nome\nSP,São Paulo\n".encode(), "text/csv; charset=utf-8"),
    ("text with its own charset", ("text/plain; charset=utf-8", "text"), "línea", "línea".encode(), "text/plain; charset=utf-8"),
    ("binary bytes (the TS case)", ("application/octet-stream", "binary"), bytes([0, 1, 2, 254, 255]), bytes([0, 1, 2, 254, 255]), "application/octet-stream"),
    ("binary file", ("image/png", "binary"), io.BytesIO(b"\x89PNG\r\n"), b"\x89PNG\r\n", "image/png"),
]


@pytest.mark.parametrize(("name", "media", "value", "want", "content_type"), BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_each_body_kind_sends_exactly_these_bytes(
    client: tuple[HttpClient, ScriptedServer], name: str, media: tuple[str, str], value: object, want: bytes, content_type: str
) -> None:
    http, server = client
    assert http.call(op(body=body_of(media)), {}, value) == {"ok": True}
    received = server.requests[0]
    assert received.method == "POST"
    assert received.body == want
    assert received.headers["content-type"] == content_type
    assert received.headers["content-length"] == str(len(want))


def test_multipart_byte_for_byte_as_the_ts_runtime_sends_it(client: tuple[HttpClient, ScriptedServer]) -> None:
    http, server = client
    photo = io.BytesIO(bytes([137, 80, 78, 71]))
    photo.name = '/tmp/foto "1".png'
    value = {
        "nome": "ação",
        "count": 3,
        "flag": False,
        "photo": photo,
        "raw": bytes([0, 255]),
        "notes": ("notes.txt", "olá".encode(), "text/plain"),
        "meta": {"a": 1, "b": [True]},
        "tag": ["x", "y"],
        "skipped": None,
    }
    http.call(op(body=body_of(("multipart/form-data", "multipart"))), {}, value)
    request = server.requests[0]
    content_type = request.headers["content-type"]
    match = re.fullmatch(r"multipart/form-data; boundary=(bdgen-[0-9a-f]{32})", content_type)
    assert match, content_type
    boundary = match.group(1)

    def part(headers: str, content: bytes) -> bytes:
        return f"--{boundary}\r\n{headers}\r\n\r\n".encode() + content + b"\r\n"

    want = b"".join(
        [
            part('Content-Disposition: form-data; name="nome"', "ação".encode()),
            part('Content-Disposition: form-data; name="count"', b"3"),
            part('Content-Disposition: form-data; name="flag"', b"false"),
            part('Content-Disposition: form-data; name="photo"; filename="foto %221%22.png"\r\nContent-Type: image/png', bytes([137, 80, 78, 71])),
            part('Content-Disposition: form-data; name="raw"; filename="blob"\r\nContent-Type: application/octet-stream', bytes([0, 255])),
            part('Content-Disposition: form-data; name="notes"; filename="notes.txt"\r\nContent-Type: text/plain', "olá".encode()),
            part('Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json', b'{"a":1,"b":[true]}'),
            part('Content-Disposition: form-data; name="tag"', b"x"),
            part('Content-Disposition: form-data; name="tag"', b"y"),
            f"--{boundary}--\r\n".encode(),
        ]
    )
    assert request.body == want
    assert request.headers["content-length"] == str(len(want))


def test_multipart_names_cannot_inject_headers(client: tuple[HttpClient, ScriptedServer]) -> None:
    http, server = client
    http.call(op(body=body_of(("multipart/form-data", "multipart"))), {}, {'a"\r\nX-Evil: 1': "v"})
    assert 'Content-Disposition: form-data; name="a%22%0D%0AX-Evil: 1"\r\n\r\nv\r\n'.encode() in server.requests[0].body


def test_a_retried_multipart_request_sends_the_same_bytes(serve: Serve) -> None:
    answers = iter([(503, {}, "busy"), (200, {}, {"ok": True})])
    server = serve(lambda _: next(answers))
    http = HttpClient(API_SPEC, base_url=server.url, sleep=lambda _: None, random=lambda: 0)
    try:
        http.call(op(body=body_of(("multipart/form-data", "multipart"))), {}, {"file": io.BytesIO(b"abc")})
    finally:
        http.close()
    assert len(server.requests) == 2
    first, second = server.requests
    assert first.body == second.body and first.headers["content-type"] == second.headers["content-type"]
    assert b"abc" in first.body


def test_content_type_picks_another_declared_media_type(client: tuple[HttpClient, ScriptedServer], bd: ModuleType) -> None:
    http, server = client
    spec = op(body=body_of(("application/json", "json"), ("text/csv", "text")))
    http.call(spec, {}, "a,b\n", content_type="text/csv")
    assert (server.requests[0].body, server.requests[0].headers["content-type"]) == (b"a,b\n", "text/csv; charset=utf-8")
    with pytest.raises(bd.BaseDosDadosValidationException, match="content_type must be one of application/json, text/csv, got 'text/xml'"):
        http.call(spec, {}, "<a/>", content_type="text/xml")
    assert len(server.requests) == 1


BAD_BODIES = [
    ("missing required body", body_of(("application/json", "json")), None, "body is required"),
    ("NaN in JSON", body_of(("application/json", "json")), {"x": float("nan")}, "JSON has no nan"),
    ("str for binary", body_of(("application/octet-stream", "binary")), "text", "must be bytes or a binary file"),
    ("bytes for text", body_of(("text/plain", "text")), b"x", "must be a str"),
    ("list for form", body_of(("application/x-www-form-urlencoded", "form")), ["a"], "must be a mapping"),
    ("nested object in form", body_of(("application/x-www-form-urlencoded", "form")), {"a": {"b": {"c": 1}}}, 'field "b" must be a string'),
    ("odd multipart tuple", body_of(("multipart/form-data", "multipart")), {"f": (1, 2)}, "must be \\(filename, content\\)"),
]


@pytest.mark.parametrize(("name", "spec", "value", "message"), BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_a_body_that_does_not_fit_is_a_validation_error_before_any_request(
    client: tuple[HttpClient, ScriptedServer], bd: ModuleType, name: str, spec: BodySpec, value: object, message: str
) -> None:
    http, server = client
    with pytest.raises(bd.BaseDosDadosValidationException, match=message) as raised:
        http.call(op(body=spec), {}, value)
    assert raised.value.attempts == 0
    assert server.requests == []


def test_a_body_for_an_operation_without_one_is_refused(client: tuple[HttpClient, ScriptedServer], bd: ModuleType) -> None:
    http, server = client
    with pytest.raises(bd.BaseDosDadosValidationException, match="body is not taken"):
        http.call(op(method="GET"), {}, {"x": 1})
    assert server.requests == []


def param(name: str, location: str, style: str | None = None, explode: bool | None = None) -> ParamSpec:
    return ParamSpec(name=name, label=name, location=location, required=False, rules=ANY, style=style, explode=explode)  # type: ignore[arg-type]


def test_header_and_cookie_parameters_are_sent_exactly(client: tuple[HttpClient, ScriptedServer]) -> None:
    http, server = client
    params = (
        param("X-Trace-Id", "header"),
        param("X-Tags", "header"),
        param("X-Color", "header"),
        param("X-Color-Exploded", "header", explode=True),
        param("X-Flag", "header"),
        param("session", "cookie"),
        param("ids", "cookie"),
        param("pair", "cookie", explode=False),
        param("unset", "cookie"),
    )
    args = {
        "X-Trace-Id": "abc-123",
        "X-Tags": ["a", "b"],
        "X-Color": {"R": 100, "G": 200},
        "X-Color-Exploded": {"R": 100, "G": 200},
        "X-Flag": False,
        "session": "s p;=",
        "ids": [1, 2],
        "pair": ["x", "y"],
        "unset": None,
    }
    http.call(op(method="GET", params=params), args)
    headers = server.requests[0].headers
    assert headers["x-trace-id"] == "abc-123"
    assert headers["x-tags"] == "a,b"
    assert headers["x-color"] == "R,100,G,200"
    assert headers["x-color-exploded"] == "R=100,G=200"
    assert headers["x-flag"] == "false"
    assert headers["cookie"] == "session=s%20p%3B%3D; ids=1; ids=2; pair=x,y"


def test_a_header_value_with_a_line_break_never_leaves(client: tuple[HttpClient, ScriptedServer], bd: ModuleType) -> None:
    http, server = client
    with pytest.raises(bd.BaseDosDadosValidationException, match="X-Trace-Id must not contain control characters"):
        http.call(op(method="GET", params=(param("X-Trace-Id", "header"),)), {"X-Trace-Id": "a\r\nX-Evil: 1"})
    assert server.requests == []


COLOR = "blue"
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}
STYLES = [
    ("path", "simple", False, "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("path", "simple", True, "blue", "blue,black,brown", "R=100,G=200,B=150"),
    ("path", "label", False, ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("path", "label", True, ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("path", "matrix", False, ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    ("path", "matrix", True, ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
    ("query", "form", False, "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    ("query", "form", True, "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
    ("query", "spaceDelimited", False, None, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
    ("query", "pipeDelimited", False, None, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"),
    ("query", "deepObject", True, None, None, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
]


def _joined(encoded: list[tuple[str, str]] | str) -> str:
    return encoded if isinstance(encoded, str) else "&".join(f"{k}={v}" for k, v in encoded)


@pytest.mark.parametrize(("location", "style", "explode", "primitive", "array", "obj"), STYLES)
def test_parameter_styles_follow_openapi_3_1(location: str, style: str, explode: bool, primitive: str | None, array: str | None, obj: str) -> None:
    spec = param("color", location, style, explode)
    if primitive is not None:
        assert _joined(serialize(spec, COLOR)) == primitive
    if array is not None:
        assert _joined(serialize(spec, COLORS)) == array
    assert _joined(serialize(spec, RGB)) == obj


def test_values_are_percent_encoded_but_the_style_delimiters_are_not() -> None:
    assert _joined(serialize(param("q", "query"), "a b/ç&=")) == "q=a%20b%2F%C3%A7%26%3D"
    assert _joined(serialize(param("id", "path", "label", True), ["a.b", "c d"])) == ".a.b.c%20d"


def test_path_styles_on_the_wire(client: tuple[HttpClient, ScriptedServer]) -> None:
    http, server = client
    spec = OperationSpec(id="x", method="GET", path="/items/{ids}{coords}", params=(param("ids", "path"), param("coords", "path", "matrix", True)))
    http.call(spec, {"ids": [1, 2], "coords": {"x": 1, "y": "a b"}})
    assert server.requests[0].path == "/items/1,2;x=1;y=a%20b"


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"])
def test_every_http_method_is_sent(client: tuple[HttpClient, ScriptedServer], method: str) -> None:
    http, server = client
    result = http.call(op(method=method), {})
    assert server.requests[0].method == method
    assert result == (None if method == "HEAD" else {"ok": True})


RESPONSES = [
    ("binary", {"content-type": "application/octet-stream"}, b"\x00\x01\xff", b"\x00\x01\xff"),
    ("binary", {"content-type": "application/json"}, b'{"a":1}', b'{"a":1}'),
    ("text", {"content-type": "text/csv; charset=utf-8"}, "a,ç\n".encode(), "a,ç\n"),
    ("text", {"content-type": "text/plain; charset=iso-8859-1"}, bytes([0x61, 0xE7, 0xE3, 0x6F]), "ação"),  # the TS case
    ("text", {"content-type": "application/json"}, b'{"a":1}', '{"a":1}'),
    ("text", {}, "sem tipo".encode(), "sem tipo"),
    ("empty", {"content-type": "application/json"}, b'{"ignored": true}', None),
    ("json", {"content-type": "application/json"}, b'{"a":[1,2]}', {"a": [1, 2]}),
]


@pytest.mark.parametrize(("kind", "headers", "payload", "want"), RESPONSES)
def test_responses_are_returned_as_their_kind_says(serve: Serve, kind: str, headers: dict[str, str], payload: bytes, want: object) -> None:
    server = serve(lambda _: (200, headers, payload))
    http = HttpClient(API_SPEC, base_url=server.url)
    try:
        assert http.call(op(method="GET", response=kind), {}) == want
    finally:
        http.close()
    assert server.requests[0].headers["accept"] == ("application/json, application/problem+json" if kind == "json" else "*/*")
