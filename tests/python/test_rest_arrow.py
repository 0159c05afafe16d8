"""The REST pages' vectorized Arrow conversion (_runtime/rest_arrow.py) against google-cloud-bigquery's own.

Every query runs twice on the local datalake (loopback) through the client's
``query_and_wait`` (jobs.query, ``formatOptions.useInt64Timestamp``, as the package
asks): one result converted by ``RowIterator.to_arrow`` (the library, cell by
cell), the other by :class:`RestPages`. The tables must be equal, schema and field
metadata included.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import Datalake

TIPOS = "SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha"

# Edge values of each type, one row each, plus a row of NULLs (UNION ALL keeps the first SELECT's types).
EDGES = """
SELECT 1 AS k, CAST(9223372036854775807 AS INT64) AS i, CAST('NaN' AS FLOAT64) AS f,
       CAST('99999999999999999999999999999.999999999' AS NUMERIC) AS n, CAST('12345678901234567890.123456789012345678' AS BIGNUMERIC) AS bn, TRUE AS b,
       DATE '0001-01-01' AS d, DATETIME '0001-01-01 00:00:00' AS dt, TIMESTAMP '0001-01-01 00:00:00+00' AS ts,
       TIME '00:00:00' AS t, '' AS s, b'' AS y, JSON '{"a": [1, "ç"]}' AS j
UNION ALL SELECT 2, CAST(-9223372036854775808 AS INT64), CAST('Infinity' AS FLOAT64),
       CAST('-99999999999999999999999999999.999999999' AS NUMERIC), CAST('-0.000000000000000001' AS BIGNUMERIC), FALSE,
       DATE '9999-12-31', DATETIME '9999-12-31 23:59:59.999999', TIMESTAMP '9999-12-31 23:59:59.999999+00',
       TIME '23:59:59.999999', 'ação ✓ 日本 🙂', b'\\x00\\xff bytes', JSON 'null'
UNION ALL SELECT 3, 0, CAST('-Infinity' AS FLOAT64), CAST('0.000000001' AS NUMERIC), CAST('0' AS BIGNUMERIC), TRUE,
       DATE '1970-01-01', DATETIME '2024-02-29 12:34:56.5', TIMESTAMP '1969-12-31 23:59:59.5+00',
       TIME '12:00:00.000001', 'x', b'abc', JSON '"texto"'
UNION ALL SELECT 4, -1, 1.5e300, CAST('-1' AS NUMERIC), CAST('123456789.123456789' AS BIGNUMERIC), FALSE,
       DATE '1677-09-21', DATETIME '2262-04-12 00:00:00', TIMESTAMP '2024-06-01 10:00:00.123456+00',
       TIME '01:02:03', ' ', b'\\n', JSON '[]'
UNION ALL SELECT 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
ORDER BY k
"""


@pytest.fixture
def client(datalake: Datalake) -> Iterator[Any]:
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import bigquery

    made = bigquery.Client(project="meu-projeto", credentials=AnonymousCredentials(), client_options={"api_endpoint": datalake.url})
    datalake.control("DELETE", "faults")
    yield made
    made.close()


@pytest.fixture
def rest_arrow(bd: ModuleType) -> ModuleType:
    return bd._runtime.rest_arrow  # type: ignore[no-any-return]


def _without_nans(table: pa.Table) -> pa.Table:
    """NaN != NaN for Table.equals: each NaN becomes a marker (its place is compared beside)."""
    columns = [pc.if_else(pc.is_nan(c), pa.scalar(-12345.0), c) if pa.types.is_floating(c.type) else c for c in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)


def _nan_places(table: pa.Table) -> list[list[bool | None]]:
    return [pc.is_nan(c).to_pylist() for c in table.columns if pa.types.is_floating(c.type)]


def _both(client: Any, rest_arrow: ModuleType, sql: str, **kwargs: Any) -> tuple[pa.Table, pa.Table]:
    """The result of ``sql`` converted by the library, then (a second run) by RestPages."""
    library = client.query_and_wait(sql, **kwargs).to_arrow(create_bqstorage_client=False, progress_bar_type=None)
    return library, rest_arrow.RestPages(client.query_and_wait(sql, **kwargs)).table()


def _assert_same(library: pa.Table, ours: pa.Table) -> None:
    assert ours.schema.equals(library.schema, check_metadata=True), f"{ours.schema} != {library.schema}"
    assert _nan_places(ours) == _nan_places(library)
    assert _without_nans(ours).equals(_without_nans(library))


def _record_fallbacks(rest_arrow: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the columns converted by the library's parser from now on."""
    fallbacks: list[str] = []
    library_column = rest_arrow._library_column

    def recorded(cells: list[Any], field: Any, arrow_type: Any) -> Any:
        fallbacks.append(field.name)
        return library_column(cells, field, arrow_type)

    monkeypatch.setattr(rest_arrow, "_library_column", recorded)
    return fallbacks


def test_every_type_of_the_example_table_equals_the_library(client: Any, rest_arrow: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks = _record_fallbacks(rest_arrow, monkeypatch)
    library, ours = _both(client, rest_arrow, TIPOS)
    assert library.num_rows > 0 and any(c.null_count for c in library.columns)  # NULLs are compared too
    _assert_same(library, ours)
    assert fallbacks == []  # every column was cast, none parsed cell by cell


def test_edge_values_and_nulls_equal_the_library(client: Any, rest_arrow: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks = _record_fallbacks(rest_arrow, monkeypatch)
    library, ours = _both(client, rest_arrow, EDGES)
    assert fallbacks == []
    assert library.num_rows == 5
    assert [f.type for f in library.schema] == [
        pa.int64(), pa.int64(), pa.float64(), pa.decimal128(38, 9), pa.decimal256(76, 38), pa.bool_(), pa.date32(),
        pa.timestamp("us"), pa.timestamp("us", tz="UTC"), pa.time64("us"), pa.string(), pa.binary(), pa.string(),
    ]
    _assert_same(library, ours)
    assert ours.column("y").to_pylist()[1] == b"\x00\xff bytes"
    assert ours.column("s").to_pylist()[1] == "ação ✓ 日本 🙂"


def test_several_pages_equal_the_library_and_keep_the_result_order(client: Any, rest_arrow: ModuleType) -> None:
    sql = "SELECT * FROM `basedosdados.br_bd_sintetico.linhas_2500` ORDER BY id"
    library, ours = _both(client, rest_arrow, sql, page_size=1000)
    _assert_same(library, ours)
    batches = list(rest_arrow.RestPages(client.query_and_wait(sql, page_size=1000)).batches())
    assert [b.num_rows for b in batches] == [1000, 1000, 500]


def test_an_empty_result_has_the_library_schema(client: Any, rest_arrow: ModuleType) -> None:
    library, ours = _both(client, rest_arrow, f"SELECT * FROM ({TIPOS}) WHERE FALSE")
    assert ours.num_rows == 0
    _assert_same(library, ours)


def test_repeated_columns_fall_back_to_the_library(client: Any, rest_arrow: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks = _record_fallbacks(rest_arrow, monkeypatch)
    sql = "SELECT 1 AS i, [1, 2, 3] AS lista, [DATE '2020-01-01'] AS datas UNION ALL SELECT 2, [], [] ORDER BY i"
    library, ours = _both(client, rest_arrow, sql)
    assert library.schema.field("lista").type == pa.list_(pa.int64())
    _assert_same(library, ours)
    assert fallbacks == ["lista", "datas"]  # the plain INT64 column was cast, not parsed cell by cell


def test_record_columns_fall_back_to_the_library(rest_arrow: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    from google.cloud.bigquery import SchemaField
    from google.cloud.bigquery._pandas_helpers import bq_to_arrow_schema
    from google.cloud.bigquery.table import RowIterator

    # The local datalake's SQL makes no STRUCT: a page as BigQuery sends one (a RECORD cell is {"f": [...]}).
    fields = [
        SchemaField("i", "INT64"),
        SchemaField("registro", "RECORD", fields=[SchemaField("a", "INT64"), SchemaField("quando", "TIMESTAMP")]),
        SchemaField("registros", "RECORD", mode="REPEATED", fields=[SchemaField("s", "STRING")]),
    ]
    rows = [
        {"f": [{"v": "1"}, {"v": {"f": [{"v": "2"}, {"v": "1700000000000000"}]}}, {"v": [{"v": {"f": [{"v": "x"}]}}]}]},
        {"f": [{"v": None}, {"v": None}, {"v": []}]},
    ]
    library = RowIterator(client=None, api_request=None, path="/", schema=fields, first_page_response={"rows": rows}).to_arrow(
        create_bqstorage_client=False, progress_bar_type=None
    )
    fallbacks = _record_fallbacks(rest_arrow, monkeypatch)
    ours = pa.Table.from_batches([rest_arrow.page_batch(rows, fields, bq_to_arrow_schema(fields))])
    _assert_same(library, ours)
    assert fallbacks == ["registro", "registros"]


def test_cells_not_in_bigquerys_form_are_left_to_the_library(rest_arrow: ModuleType) -> None:
    from google.cloud.bigquery import SchemaField
    from google.cloud.bigquery._pandas_helpers import bq_to_arrow_schema

    # Arrow's casts would read both (a space for the T, 3 decimals); the library's strptime refuses them, and so must this.
    fields = [SchemaField("dt", "DATETIME"), SchemaField("t", "TIME")]
    schema = bq_to_arrow_schema(fields)
    good = rest_arrow.page_batch([{"f": [{"v": "2020-01-02T03:04:05"}, {"v": "01:02:03"}]}], fields, schema)
    assert [c.to_pylist()[0].isoformat() for c in good.columns] == ["2020-01-02T03:04:05", "01:02:03"]
    with pytest.raises(ValueError, match="does not match format"):
        rest_arrow.page_batch([{"f": [{"v": "2020-01-02 03:04:05"}, {"v": "01:02:03"}]}], fields, schema)
    with pytest.raises(ValueError, match="unknown time format"):
        rest_arrow.page_batch([{"f": [{"v": "2020-01-02T03:04:05"}, {"v": "01:02:03.500"}]}], fields, schema)
