"""Argument checks before any request, and building paths and query strings."""

from __future__ import annotations

import numpy as np
import pytest
from basedosdados_sdk._runtime.errors import BaseDosDadosException
from basedosdados_sdk._runtime.operations import ConnectionSpec, OperationSpec, PageShape
from basedosdados_sdk._runtime.params import (
    ParamSpec,
    ValueRules,
    check_param,
    compile_pattern,
    validate_args,
)
from basedosdados_sdk._runtime.wire import build_path, build_query
from basedosdados_sdk._spec import ERROR_KINDS, OPERATIONS

ID = ValueRules(type="string", pattern="^[a-z0-9_]+$", min_length=1, max_length=128)
PATH_ID = ParamSpec(name="dataset_id", label="dataset_id", location="path", required=True, rules=ID)
PAGE_SIZE = ParamSpec(
    name="page_size", label="page_size", location="query", required=False, rules=ValueRules(type="integer", minimum=1, maximum=100)
)
FORMAT = ParamSpec(
    name="format", label="format", location="argument", required=False, rules=ValueRules(type="string", enum=("csv", "jsonl"))
)
COLUMNS = ParamSpec(
    name="columns", label="columns", location="argument", required=False, rules=ValueRules(type="array", min_items=1, items=ID)
)
RATIO = ParamSpec(name="ratio", label="ratio", location="query", required=False, rules=ValueRules(type="number", exclusive_maximum=1))

CHECKS: list[tuple[str, ParamSpec, object, str | None]] = [
    ("valid id", PATH_ID, "br_ibge_populacao", None),
    ("missing required", PATH_ID, None, "is required"),
    ("empty path segment", PATH_ID, "", "must not be empty"),
    ("dot segment", PATH_ID, "..", "must not be '..'"),
    ("not a string", PATH_ID, 12, "must be a string, got int"),
    ("uppercase", PATH_ID, "BR", "must match the pattern ^[a-z0-9_]+$, got 'BR'"),
    ("too long", PATH_ID, "a" * 129, "must be at most 128 characters long, got 129"),
    ("injection", PATH_ID, "x; DROP TABLE y", "must match the pattern"),
    ("backtick", PATH_ID, "a`b", "must match the pattern"),
    ("quote", PATH_ID, "a'b", "must match the pattern"),
    ("dot", PATH_ID, "a.b", "must match the pattern"),
    ("slash", PATH_ID, "a/b", "must match the pattern"),
    ("trailing newline, which Python's $ alone would let through", PATH_ID, "abc\n", "must match the pattern"),
    ("Cyrillic a look-alike", PATH_ID, "br_ibge_\u0430", "must match the pattern"),
    ("fullwidth look-alike", PATH_ID, "\uff42r", "must match the pattern"),
    ("Arabic-Indic digits", PATH_ID, "\u0661\u0662", "must match the pattern"),
    ("integer in range", PAGE_SIZE, 100, None),
    ("numpy integer", PAGE_SIZE, np.int64(5), None),
    ("above maximum", PAGE_SIZE, 500, "must be <= 100, got 500"),
    ("below minimum", PAGE_SIZE, 0, "must be >= 1, got 0"),
    ("float for an integer", PAGE_SIZE, 5.0, "must be an integer, got float"),
    ("bool for an integer", PAGE_SIZE, True, "must be an integer, got bool"),
    ("optional absent", PAGE_SIZE, None, None),
    ("enum member", FORMAT, "csv", None),
    ("not an enum member", FORMAT, "xlsx", "must be one of 'csv', 'jsonl', got 'xlsx'"),
    ("list of ids", COLUMNS, ["ano", "sigla_uf"], None),
    ("tuple of ids", COLUMNS, ("ano",), None),
    ("empty list", COLUMNS, [], "must have at least 1 item, got 0"),
    ("bad item", COLUMNS, ["ano", "x`y"], "item 1 must match the pattern"),
    ("a string is not a list", COLUMNS, "ano", "must be a list, got str"),
    ("exclusive maximum", RATIO, 1, "must be < 1, got 1"),
    ("nan", RATIO, float("nan"), "must be a finite number"),
]


@pytest.mark.parametrize(("name", "spec", "value", "want"), CHECKS, ids=[c[0] for c in CHECKS])
def test_check_param(name: str, spec: ParamSpec, value: object, want: str | None) -> None:
    reason = check_param(spec, value)
    if want is None:
        assert reason is None
    else:
        assert reason is not None and want in reason


PATTERNS: list[tuple[str, str, bool]] = [
    ("^[a-z]+$", "abc", True),
    ("^[a-z]+$", "abc\n", False),
    ("^[a-z]+$", "ab1", False),
    ("[0-9]", "a1b", True),
    (r"^\d+$", "123", True),
    (r"^\d+$", "\u0661\u0662", False),
    (r"^\w+$", "caf\u00e9", False),
    (r"^[$]+$", "$$", True),
    (r"^a\$$", "a$", True),
    (r"^(?<year>\d{4})$", "2024", True),
]


@pytest.mark.parametrize(("pattern", "text", "want"), PATTERNS)
def test_compile_pattern_has_ecma_meaning(pattern: str, text: str, want: bool) -> None:
    assert (compile_pattern(pattern).search(text) is not None) is want


def test_a_pattern_python_cannot_run_is_reported() -> None:
    with pytest.raises(ValueError, match="not a regular expression Python can run"):
        compile_pattern(r"^\p{L}+$")


def test_validate_args_lists_every_broken_parameter_by_label_and_wire_name() -> None:
    op_params = (
        ParamSpec(name="in", label="in_", location="path", required=True, rules=ValueRules(type="string", pattern="^[a-z]+$")),
        PAGE_SIZE,
    )
    with pytest.raises(BaseDosDadosException) as raised:
        validate_args("getClass", op_params, {"in": "A", "page_size": 0}, ERROR_KINDS)
    error = raised.value
    assert error.kind == "validation"
    assert error.attempts == 0
    assert str(error) == (
        "Invalid arguments for getClass: in_ (in) must match the pattern ^[a-z]+$, got 'A'; page_size must be >= 1, got 0"
    )
    assert [(p.name, p.label, p.location) for p in error.invalid_params] == [("in", "in_", "path"), ("page_size", "page_size", "query")]


OP = OperationSpec(
    id="listThings",
    method="GET",
    path="/things/{dataset_id}/items",
    params=(
        PATH_ID,
        ParamSpec(name="q", label="q", location="query", required=False, rules=ValueRules(type="string")),
        ParamSpec(name="tag", label="tag", location="query", required=False, rules=ValueRules(type="array")),
        ParamSpec(name="flag", label="flag", location="query", required=False, rules=ValueRules(type="boolean")),
        PAGE_SIZE,
    ),
)

BUILD: list[tuple[str, dict[str, object], str]] = [
    ("path only", {"dataset_id": "br_x"}, "/things/br_x/items"),
    ("space is %20, & and = encoded", {"dataset_id": "a b", "q": "p&b=c d"}, "/things/a%20b/items?q=p%26b%3Dc%20d"),
    ("slash in a path value stays in its segment", {"dataset_id": "a/b"}, "/things/a%2Fb/items"),
    ("None left out, spec order kept", {"dataset_id": "x", "page_size": 5, "q": None}, "/things/x/items?page_size=5"),
    ("lists repeat the parameter", {"dataset_id": "x", "tag": ["a", "b"]}, "/things/x/items?tag=a&tag=b"),
    ("booleans as JSON", {"dataset_id": "x", "flag": False}, "/things/x/items?flag=false"),
    ("unicode percent-encoded as UTF-8", {"dataset_id": "x", "q": "população"}, "/things/x/items?q=popula%C3%A7%C3%A3o"),
]


@pytest.mark.parametrize(("name", "args", "want"), BUILD, ids=[c[0] for c in BUILD])
def test_build_path_and_query(name: str, args: dict[str, object], want: str) -> None:
    assert build_path(OP, args) + build_query(OP, args) == want


def test_generated_operations_carry_the_spec_constraints() -> None:
    get_table = OPERATIONS["getTable"]
    assert (get_table.method, get_table.path) == ("POST", "/api/v1/graphql")
    assert [p.name for p in get_table.params] == ["dataset_id", "table_id", "locale"]
    assert get_table.params[0].rules == ID
    assert not get_table.paginated and get_table.pagination is None
    page_size = next(p for p in OPERATIONS["listDatasets"].params if p.name == "page_size")
    assert page_size.rules == ValueRules(type="integer", minimum=1, maximum=1500)
    assert OPERATIONS["listDatasets"].pagination == PageShape(items="items", page_total="page_total")


def test_generated_records_carry_the_graphql_document_and_each_pages_shape() -> None:
    tables = OPERATIONS["listDatasetTables"].graphql
    assert tables is not None
    assert tables.operation_name == "listDatasetTables" and tables.query.startswith("query listDatasetTables(")
    assert tables.variables == (("datasetId", "dataset_id"),)
    assert (tables.result, tables.exists) == (("allTable",), ("known", "totalCount"))
    assert tables.connection == ConnectionSpec(first="first", offset="offset", default_page_size=10)
    assert tables.pluck == (("dataset_id", ("cloud_tables", 0, "gcp_dataset_id")), ("table_id", ("cloud_tables", 0, "gcp_table_id")))
    assert tables.locale is not None and tables.locale.locales == ("pt", "en", "es")
    assert OPERATIONS["getDataset"].graphql.result == ("allCloudtable", "edges", 0, "node", "table", "dataset")  # type: ignore[union-attr]
    # The backend's search keeps its items in "results" and sends no page total.
    assert OPERATIONS["search"].pagination == PageShape(items="results", page_total=None)
    assert (OPERATIONS["search"].method, OPERATIONS["search"].path, OPERATIONS["search"].graphql) == ("GET", "/search/", None)
    assert OPERATIONS["exportCatalog"].response == "text"
