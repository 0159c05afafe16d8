"""The column-wise CSV and JSON Lines writer gives the bytes of the row-by-row reference forms, value for value."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import random
import struct
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import pyarrow as pa
import pytest
from basedosdados_sdk._runtime.canonical import Column, csv_line, json_line
from basedosdados_sdk._runtime.canonical_arrow import csv_text, jsonl_text
from conftest import Datalake
from test_canonical import ROWS, TYPES

UTC = dt.UTC


def _assert_same_bytes(columns: Sequence[Column], batch: pa.RecordBatch) -> None:
    rows = batch.to_pylist()
    assert csv_text(columns, batch).decode("utf-8") == "".join(csv_line(columns, row) for row in rows)
    assert jsonl_text(columns, batch).decode("utf-8") == "".join(json_line(columns, row) for row in rows)


def _batch(columns: Sequence[tuple[Column, pa.DataType, list[Any]]]) -> tuple[list[Column], pa.RecordBatch]:
    arrays = [pa.array(values, type=kind) for _, kind, values in columns]
    return [c for c, _, _ in columns], pa.RecordBatch.from_arrays(arrays, names=[c.name for c, _, _ in columns])


# The Arrow types the Storage Read API sends for br_bd_tipos.exemplo's columns (TYPES).
STORAGE_TYPES = [pa.int64(), pa.int64(), pa.float64(), pa.decimal128(38, 9), pa.bool_(), pa.string(), pa.date32()]
STORAGE_TYPES += [pa.timestamp("us"), pa.timestamp("us", tz="UTC"), pa.string()]


def test_every_type_table_rows() -> None:
    _, batch = _batch([(c, kind, [row[i] for row in ROWS]) for i, (c, kind) in enumerate(zip(TYPES, STORAGE_TYPES, strict=True))])
    _assert_same_bytes(TYPES, batch)


def test_every_type_table_read_through_storage(bd: ModuleType, datalake: Datalake) -> None:
    if datalake.storage_endpoint is None:
        pytest.fail("the datalake gave no Storage Read API endpoint (BDGEN_DATALAKE_STORAGE_ENDPOINT)")
    bd.config.bigquery_endpoint = datalake.url
    bd.config.bigquery_storage_endpoint = datalake.storage_endpoint
    bd.config.billing_project_id = "meu-projeto"
    table = bd.read_sql("SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha", read_api="storage", output="arrow")
    assert table.schema.names == [c.name for c in TYPES] and table.num_rows >= 4
    assert table.schema.types == STORAGE_TYPES
    for batch in table.to_batches():
        _assert_same_bytes(TYPES, batch)


FLOATS = [0.1, 1e-7, 1e21, 1.5e300, 5e-324, -0.0, 0.0, math.nan, math.inf, -math.inf, 123456789012345680000.0, 100.0, None]
FLOATS += [1e-6, 9.999999999999999e-7, 1e16, 1e20, 9.999999999999999e20, -2.5e-8, 1.7976931348623157e308, 0.30000000000000004]
FLOATS += [math.nextafter(10.0**e, side) for e in range(-8, 23) for side in (0.0, math.inf)]
INT64 = [-(2**63), 2**63 - 1, 2**53 - 1, 2**53, -(2**53) + 1, -(2**53), 0, None]
STRINGS = ['say "hi"', "a,b", "cr\r", "lf\n", "Ação 🇧🇷\u2028", "", "plain", "back\\slash", "tab\t\x00\x1f\x7f", None]


def _padded(values: list[Any], size: int) -> list[Any]:
    return (values * (size // len(values) + 1))[:size]


def test_edge_values_of_every_type() -> None:
    size = len(FLOATS)
    columns, batch = _batch(
        [
            (Column.of("f", "FLOAT"), pa.float64(), FLOATS),
            (Column.of("i", "INTEGER"), pa.int64(), _padded(INT64, size)),
            (Column.of("s", "STRING"), pa.string(), _padded(STRINGS, size)),
            (Column.of("g", "GEOGRAPHY"), pa.string(), _padded(["POINT(1 2)", "LINESTRING(0 0, 1 1)", None], size)),
            (Column.of("j", "JSON"), pa.string(), _padded(['{"a":1}', "[1,2]", None], size)),
            (Column.of("b", "BOOLEAN"), pa.bool_(), _padded([True, False, None], size)),
            (Column.of("d", "DATE"), pa.date32(), _padded([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2000, 2, 29), None], size)),
            (
                Column.of("dh", "DATETIME"),
                pa.timestamp("us"),
                _padded([dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999), dt.datetime(2000, 1, 1, 0, 0, 0, 1), None], size),
            ),
            (
                Column.of("t", "TIMESTAMP"),
                pa.timestamp("us", tz="UTC"),
                _padded([dt.datetime(1, 1, 1, tzinfo=UTC), dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), dt.datetime(1970, 1, 1, 0, 0, 0, 500000, tzinfo=UTC), None], size),
            ),
            (Column.of("h", "TIME"), pa.time64("us"), _padded([dt.time(0, 0), dt.time(23, 59, 59, 999999), dt.time(1, 2, 3, 4), None], size)),
            (
                Column.of("n", "NUMERIC"),
                pa.decimal128(38, 9),
                _padded([decimal.Decimal(v) for v in ("-0.000000001", "0", "1234.5", "-0.000001", "1e28", "99999999999999999999999999999.999999999", "0.0000001")] + [None], size),
            ),
            (Column.of("bn", "BIGNUMERIC"), pa.decimal256(76, 38), _padded([decimal.Decimal("1.50"), decimal.Decimal("-1e-38"), None], size)),
            (Column.of("y", "BYTES"), pa.binary(), _padded([b"\x00\xff", b"", None], size)),
            (Column.of("r", "INT64", "REPEATED"), pa.list_(pa.int64()), _padded([[1, 2**60], [], None], size)),
            (
                Column.of("rec", "STRUCT", fields=[Column.of("a", "FLOAT"), Column.of("b", "STRING")]),
                pa.struct([("a", pa.float64()), ("b", pa.string())]),
                _padded([{"a": 1e21, "b": 'x,"y"'}, None], size),
            ),
        ]
    )
    _assert_same_bytes(columns, batch)


def test_all_nulls_and_no_rows() -> None:
    kinds = [(Column.of("i", "INT64"), pa.int64()), (Column.of("f", "FLOAT64"), pa.float64()), (Column.of("s", "STRING"), pa.string())]
    kinds += [(Column.of("d", "DATETIME"), pa.timestamp("us")), (Column.of("n", "NUMERIC"), pa.decimal128(38, 9))]
    for rows in (0, 3):
        columns, batch = _batch([(c, kind, [None] * rows) for c, kind in kinds])
        _assert_same_bytes(columns, batch)
    assert csv_text(columns, batch) == b",,,,\n" * 3


def test_seeded_random_doubles() -> None:
    generator = random.Random(20240620)
    values = [struct.unpack("<d", generator.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(3000)]
    values += [generator.uniform(-1e6, 1e6) for _ in range(1000)] + [round(generator.uniform(0, 1000), 2) for _ in range(1000)]
    values += [generator.uniform(0, 1) * 10.0 ** generator.randint(-9, 23) for _ in range(1000)]
    columns, batch = _batch([(Column.of("f", "FLOAT64"), pa.float64(), values)])
    _assert_same_bytes(columns, batch)


def test_names_that_are_not_the_columns_take_the_row_path() -> None:
    columns = [Column.of("a", "INT64"), Column.of("b", "STRING")]
    batch = pa.RecordBatch.from_arrays([pa.array(["x,y"]), pa.array([7])], names=["b", "a"])
    assert csv_text(columns, batch) == b'7,"x,y"\n'
    _assert_same_bytes(columns, batch)
