"""Canonical text of values in downloaded files: the same bytes as every other language's package."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import random
import struct
import subprocess

import pytest
from basedosdados_sdk._runtime.canonical import (
    Column,
    canonical_value,
    csv_field,
    csv_header,
    csv_line,
    format_decimal,
    format_float,
    json_line,
    json_text,
)

FLOATS = [
    (0.000001, "0.000001"),
    (1e-7, "1e-7"),
    (123456789012345680000.0, "123456789012345680000"),
    (1e21, "1e+21"),
    (1.5e21, "1.5e+21"),
    (-0.0, "0"),
    (0.1 + 0.2, "0.30000000000000004"),
    (100.0, "100"),
    (1e16, "10000000000000000"),
    (5e-324, "5e-324"),
    (1.7976931348623157e308, "1.7976931348623157e+308"),
    (-2.5e-8, "-2.5e-8"),
    (3.5, "3.5"),
    (float("nan"), "NaN"),
    (float("inf"), "Infinity"),
    (float("-inf"), "-Infinity"),
]


@pytest.mark.parametrize(("given", "want"), FLOATS)
def test_format_float_writes_numbers_as_ecmascript_does(given: float, want: str) -> None:
    assert format_float(given) == want


def test_format_float_agrees_with_node_on_random_doubles() -> None:
    generator = random.Random(20240601)
    values = [struct.unpack("<d", generator.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(1500)]
    values += [generator.uniform(-1e6, 1e6) for _ in range(500)] + [10.0**e for e in range(-12, 25)]
    finite = [v for v in values if v == v and abs(v) != float("inf")]
    script = "const xs = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify(xs.map(String)));"
    node = subprocess.run(["node", "-e", script], input=json.dumps(finite), capture_output=True, text=True, check=True)
    assert [format_float(v) for v in finite] == json.loads(node.stdout)


DECIMALS = [
    ("1.500000000", "1.5"),
    ("1.5E+2", "150"),
    ("0E-9", "0"),
    ("-0E-9", "0"),
    ("-0.000000001", "-0.000000001"),
    ("99999999999999999999999999999.999999999", "99999999999999999999999999999.999999999"),
    ("123", "123"),
]


@pytest.mark.parametrize(("given", "want"), DECIMALS)
def test_format_decimal_is_exact_plain_notation(given: str, want: str) -> None:
    assert format_decimal(decimal.Decimal(given)) == want


VALUES: list[tuple[str, Column, object, object]] = [
    ("safe INT64 is a number", Column.of("n", "INTEGER"), 42, 42),
    ("unsafe INT64 is a string", Column.of("n", "INT64"), 2**53, "9007199254740992"),
    ("FLOAT64 NaN is a string", Column.of("f", "FLOAT"), float("nan"), "NaN"),
    ("NUMERIC plain", Column.of("x", "NUMERIC"), decimal.Decimal("1.10"), "1.1"),
    ("BOOL", Column.of("b", "BOOLEAN"), False, False),
    ("DATE", Column.of("d", "DATE"), dt.date(1, 1, 1), "0001-01-01"),
    ("DATETIME with a fraction", Column.of("d", "DATETIME"), dt.datetime(2021, 6, 1, 12, 30, 45, 123456), "2021-06-01T12:30:45.123456"),
    ("DATETIME without one", Column.of("d", "DATETIME"), dt.datetime(1999, 12, 31, 23, 59, 59), "1999-12-31T23:59:59"),
    ("TIMESTAMP in UTC with Z", Column.of("t", "TIMESTAMP"), dt.datetime(2021, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3))), "2021-06-01T15:00:00Z"),
    ("BYTES as base64", Column.of("y", "BYTES"), b"\x00\xff", "AP8="),
    ("GEOGRAPHY as WKT", Column.of("g", "GEOGRAPHY"), "POINT(1 2)", "POINT(1 2)"),
    ("NULL", Column.of("s", "STRING"), None, None),
    ("REPEATED", Column.of("r", "INT64", "REPEATED"), [1, 2**60], [1, "1152921504606846976"]),
    ("RECORD", Column.of("rec", "STRUCT", fields=[Column.of("a", "NUMERIC"), Column.of("b", "DATE")]), {"a": decimal.Decimal("2.50"), "b": None}, {"a": "2.5", "b": None}),
]


@pytest.mark.parametrize(("name", "column", "given", "want"), VALUES, ids=[v[0] for v in VALUES])
def test_canonical_value(name: str, column: Column, given: object, want: object) -> None:
    assert canonical_value(column, given) == want


@pytest.mark.parametrize(
    ("given", "want"),
    [("plain", "plain"), ("", '""'), ("a,b", '"a,b"'), ('say "hi"', '"say ""hi"""'), ("two\nlines", '"two\nlines"'), ("cr\r", '"cr\r"')],
)
def test_csv_field_quotes_only_what_rfc_4180_needs(given: str, want: str) -> None:
    assert csv_field(given) == want


def test_json_text_matches_json_stringify() -> None:
    value = {"s": 'Ação "x"\n\u001b\u2028', "n": None, "f": 1e-7, "l": [True, 2, "3"], "o": {}}
    script = "const v = JSON.parse(require('fs').readFileSync(0, 'utf8')); v.f = 1e-7; process.stdout.write(JSON.stringify(v));"
    node = subprocess.run(["node", "-e", script], input=json.dumps(value), capture_output=True, text=True, check=True)
    assert json_text(value) == node.stdout


# The rows of the datalake's br_bd_tipos.exemplo, and the bytes the TypeScript SDK writes for them.
TYPES = [
    Column.of("linha", "INTEGER"),
    Column.of("inteiro", "INTEGER"),
    Column.of("flutuante", "FLOAT"),
    Column.of("numerico", "NUMERIC"),
    Column.of("booleano", "BOOLEAN"),
    Column.of("texto", "STRING"),
    Column.of("data", "DATE"),
    Column.of("data_hora", "DATETIME"),
    Column.of("instante", "TIMESTAMP"),
    Column.of("geografia", "GEOGRAPHY"),
]
UTC = dt.timezone.utc
ROWS = [
    [1, 42, 3.5, decimal.Decimal("1234.500000000"), True, "São Paulo", dt.date(2021, 6, 1), dt.datetime(2021, 6, 1, 12, 30, 45, 123456), dt.datetime(2021, 6, 1, 15, 30, 45, 500000, tzinfo=UTC), "POINT(-46.6333 -23.5505)"],
    [2, 9007199254740993, -0.1, decimal.Decimal("-0.000000001"), False, 'Ação, "aspas" e emoji 🇧🇷\nsegunda linha', dt.date(1900, 1, 1), dt.datetime(1999, 12, 31, 23, 59, 59), dt.datetime(1970, 1, 1, tzinfo=UTC), "LINESTRING(-43.2 -22.9, -46.6 -23.5)"],
    [3, None, None, None, None, None, None, None, None, None],
    [4, -9223372036854775808, 1e-7, decimal.Decimal("99999999999999999999999999999.999999999"), True, "", dt.date(2000, 2, 29), dt.datetime(2000, 2, 29), dt.datetime(2000, 2, 29, 0, 0, 0, 1, tzinfo=UTC), "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"],
]
WANT_CSV = (
    "linha,inteiro,flutuante,numerico,booleano,texto,data,data_hora,instante,geografia\n"
    "1,42,3.5,1234.5,true,São Paulo,2021-06-01,2021-06-01T12:30:45.123456,2021-06-01T15:30:45.500000Z,POINT(-46.6333 -23.5505)\n"
    '2,9007199254740993,-0.1,-0.000000001,false,"Ação, ""aspas"" e emoji 🇧🇷\nsegunda linha",1900-01-01,1999-12-31T23:59:59,'
    '1970-01-01T00:00:00Z,"LINESTRING(-43.2 -22.9, -46.6 -23.5)"\n'
    "3,,,,,,,,,\n"
    '4,-9223372036854775808,1e-7,99999999999999999999999999999.999999999,true,"",2000-02-29,2000-02-29T00:00:00,'
    '2000-02-29T00:00:00.000001Z,"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"\n'
)
WANT_JSONL_FIRST = (
    '{"linha":1,"inteiro":42,"flutuante":3.5,"numerico":"1234.5","booleano":true,"texto":"São Paulo","data":"2021-06-01",'
    '"data_hora":"2021-06-01T12:30:45.123456","instante":"2021-06-01T15:30:45.500000Z","geografia":"POINT(-46.6333 -23.5505)"}\n'
)


def test_csv_of_every_type_is_the_reference_bytes() -> None:
    rows = [dict(zip([c.name for c in TYPES], row, strict=True)) for row in ROWS]
    assert csv_header(TYPES) + "".join(csv_line(TYPES, row) for row in rows) == WANT_CSV


def test_jsonl_of_every_type_is_the_reference_bytes() -> None:
    rows = [dict(zip([c.name for c in TYPES], row, strict=True)) for row in ROWS]
    lines = [json_line(TYPES, row) for row in rows]
    assert lines[0] == WANT_JSONL_FIRST
    assert json.loads(lines[1])["inteiro"] == "9007199254740993"
    assert lines[2] == '{"linha":3,"inteiro":null,"flutuante":null,"numerico":null,"booleano":null,"texto":null,"data":null,"data_hora":null,"instante":null,"geografia":null}\n'
