"""Storage types, formats and values of landed columns (stata_columns, stata_landing), without the network."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sfi
import stata_columns
import stata_decode
import stata_landing


@pytest.mark.parametrize(
    ("values", "storage"),
    [
        ([0, 100, -127], "byte"),
        ([101], "int"),
        ([-128], "int"),
        ([32_740, -32_767], "int"),
        ([32_741], "long"),
        ([2_147_483_620, -2_147_483_647], "long"),
        ([2_147_483_621], "double"),
        ([-(2**53)], "double"),
        ([None, None], "byte"),
        ([2**53 + 1], "str"),
        ([-9_223_372_036_854_775_808], "str"),
    ],
)
def test_integers_take_the_smallest_type_that_holds_them_exactly(values: list[int | None], storage: str) -> None:
    assert stata_columns.integer_column("x", values).storage == storage


def test_integers_too_large_for_a_double_are_text_with_a_note() -> None:
    column = stata_columns.integer_column("inteiro", [42, 2**63 - 1, None])
    assert (column.storage, column.values) == ("str", ["42", "9223372036854775807", ""])
    assert column.notes == ["inteiro is text: its integers are too large for a Stata double to hold exactly"]


def test_decimals_are_doubles_only_when_every_value_survives() -> None:
    exact = stata_columns.decimal_column("n", [decimal.Decimal("1234.50"), decimal.Decimal("-0.000000001"), None])
    assert (exact.storage, exact.values) == ("double", [1234.5, -1e-9, None])
    rounded = stata_columns.decimal_column("n", [decimal.Decimal("1.5"), decimal.Decimal("99999999999999999999999999999.999999999")])
    assert (rounded.storage, rounded.values) == ("str", ["1.5", "99999999999999999999999999999.999999999"])


def test_text_is_str_of_its_widest_value_in_bytes_or_strl() -> None:
    assert (stata_columns.text_column("t", ["ação", "ab", None]).storage, stata_columns.text_column("t", ["ação"]).width) == ("str", 6)
    assert stata_columns.text_column("t", [None]).width == 1
    assert stata_columns.text_column("t", ["x" * 2045]).storage == "str"
    assert stata_columns.text_column("t", ["x" * 2046]).storage == "strL"
    assert stata_columns.text_column("t", ["a\0b"]).storage == "strL"


def test_empty_strings_are_listed_so_they_stay_apart_from_null() -> None:
    column = stata_columns.text_column("t", ["", "a", "", "", "", None, ""])
    assert column.chars == {"bd_empty_obs": "1 3/5 7"}
    assert stata_columns.text_column("t", ["a", None]).chars == {}


def test_floats_stata_cannot_hold_become_extended_missing_values() -> None:
    column = stata_columns.double_column("f", [1.5, float("inf"), float("-inf"), None, 1e308])
    assert column.values == [1.5, ".b", ".c", None, ".b"]
    assert column.chars == {"bd_missing": ".b Infinity .c -Infinity"}


def test_dates_count_days_and_moments_milliseconds_from_1960() -> None:
    dates = stata_columns.date_column("d", [dt.date(1960, 1, 1), dt.date(1900, 1, 1), dt.date(2021, 6, 1), None])
    assert (dates.format, dates.values) == ("%td", [0.0, -21914.0, 22432.0, None])
    moments = stata_columns.datetime_column("t", [dt.datetime(1960, 1, 1, 0, 0, 1, 500_000), dt.datetime(1959, 12, 31, 23, 59, 59)])
    assert (moments.format, moments.values) == ("%tc", [1500.0, -1000.0])
    utc = stata_columns.datetime_column("t", [dt.datetime(1960, 1, 1, 3, tzinfo=dt.timezone(dt.timedelta(hours=3)))])
    assert utc.values == [0.0]
    times = stata_columns.time_column("h", [dt.time(1, 2, 3, 400_000)])
    assert (times.format, times.values) == ("%tcHH:MM:SS.sss", [3_723_400.0])


def test_nested_and_binary_values_are_text_and_keep_their_bigquery_type() -> None:
    array = stata_columns.result_column("xs", "xs", "INT64", "REPEATED", [[1, 2], None])
    assert (array.storage, array.values, array.chars["bd_type"]) == ("str", ["[1,2]", ""], "ARRAY<INT64>")
    record = stata_columns.result_column("r", "r", "RECORD", "NULLABLE", [{"a": "ç", "b": None}])
    assert record.values == ['{"a":"ç","b":null}']
    blob = stata_columns.result_column("b", "b", "BYTES", "NULLABLE", [b"\x00\xff"])
    assert blob.values == ["AP8="]


def _land(columns: list[stata_columns.StataColumn], nobs: int) -> None:
    stata_landing.land(columns, nobs)


def test_landed_columns_read_back_as_the_canonical_values(stata: sfi.Session) -> None:
    moment = dt.datetime(2000, 2, 29, 0, 0, 0, 1, tzinfo=dt.UTC)
    columns = [
        stata_columns.result_column("linha", "linha", "INT64", "NULLABLE", [1, 2, 3]),
        stata_columns.result_column("inteiro", "inteiro", "INT64", "NULLABLE", [42, 2**53 + 1, None]),
        stata_columns.result_column("numerico", "numerico", "NUMERIC", "NULLABLE", [decimal.Decimal("-0.000000001"), None, decimal.Decimal(2)]),
        stata_columns.result_column("booleano", "booleano", "BOOL", "NULLABLE", [True, False, None]),
        stata_columns.result_column("texto", "texto", "STRING", "NULLABLE", ["São", "", None]),
        stata_columns.result_column("instante", "instante", "TIMESTAMP", "NULLABLE", [moment, None, dt.datetime(1970, 1, 1, tzinfo=dt.UTC)]),
        stata_columns.result_column("data_hora", "data-hora", "DATETIME", "NULLABLE", [dt.datetime(2021, 6, 1, 12, 30, 45, 123456), None, None]),
        stata_columns.result_column("data", "data", "DATE", "NULLABLE", [dt.date(1900, 1, 1), None, dt.date(2000, 2, 29)]),
    ]
    _land(columns, 3)
    assert [v.type for v in stata.variables] == ["byte", "str16", "double", "byte", "str4", "double", "double", "int"]
    assert stata.variable("booleano").value_label == "bd_bool" and stata.value_labels["bd_bool"] == {0: "false", 1: "true"}
    assert stata_decode.rows_result(stata)["rows"] == [
        [1, 42, "-0.000000001", True, "São", "2000-02-29T00:00:00.000001Z", "2021-06-01T12:30:45.123456", "1900-01-01"],
        [2, "9007199254740993", None, False, "", None, None, None],
        [3, None, "2", None, None, "1970-01-01T00:00:00Z", None, "2000-02-29"],
    ]
    assert stata_decode.rows_result(stata)["columns"][6] == {"name": "data-hora", "type": "DATETIME"}


def test_changed_data_is_not_replaced_without_clear(stata: sfi.Session) -> None:
    _land([stata_columns.integer_column("x", [1])], 1)
    assert sfi.Scalar.getValue("c(changed)") == 1
    with pytest.raises(stata_landing.Refusal) as refusal:
        stata_landing.check_replace(clear=False)
    assert refusal.value.rc == 4 and str(refusal.value).startswith("no; dataset in memory has changed since last saved")
    stata_landing.check_replace(clear=True)
    stata.changed = False  # as after -save-: unchanged data may be replaced without clear, as -use- does
    stata_landing.check_replace(clear=False)
    _land([stata_columns.text_column("y", ["a", "b"])], 2)
    assert (stata.names(), stata.obs, stata.commands) == (["y"], 2, ["clear"])


def test_more_columns_than_maxvar_is_r900(stata: sfi.Session) -> None:
    stata.maxvar = 2
    with pytest.raises(stata_landing.Refusal) as refusal:
        _land([stata_columns.integer_column(f"v{i}", [1]) for i in range(3)], 1)
    assert refusal.value.rc == 900 and stata.variables == []


def test_hostile_text_lands_instead_of_failing_the_command(stata: sfi.Session) -> None:
    broken = stata_columns.text_column("t", ["a\ud800b"])  # a lone surrogate, which JSON can carry
    assert (broken.values, broken.width) == (["a\ufffdb"], 5)
    column = stata_columns.integer_column("codigo", [1])
    column.value_label = ("codigo", {1: "x" * 40_000})
    column.chars["bd_description"] = "y" * 70_000
    stata_landing.land([column, broken], 1, {"bd_source": "SELECT " + "z" * 70_000})
    assert stata.value_labels["codigo"][1] == "x" * 32_000
    assert "bd_description" not in stata.variable("codigo").chars and stata.dta_chars == {}
    assert stata.variable("t").values == ["a\ufffdb"]
