"""Catalogue functions answered by GraphQL (x-bd-graphql): the shaping of an answer as given/want tables, and the
generated functions against scripted servers on 127.0.0.1 (the document sent, pages, errors, retries, redirects)."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from basedosdados_sdk._runtime.graphql import AnswerRefused, error_messages, read_answer, request_body, shaped
from basedosdados_sdk._runtime.operations import ConnectionSpec, GraphqlSpec, LocaleSpec, PageShape
from basedosdados_sdk._spec import OPERATIONS
from conftest import CutBody, Reply, Request, ScriptedServer

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
LOCALES = LocaleSpec(param="locale", locales=("pt", "en", "es"))
PAGED = GraphqlSpec(
    query="query q($first: Int!, $offset: Int!, $q: String) { all(first: $first, offset: $offset) { totalCount } }",
    operation_name="q",
    variables=(("q", "q"), ("datasetId", "dataset_id")),
    result=("all",),
    connection=ConnectionSpec(first="first", offset="offset", default_page_size=10),
    locale=LOCALES,
)
PAGE = PageShape(items="items", page_total="page_total")


def edges(*nodes: object, **extra: object) -> dict[str, object]:
    return {"edges": [{"node": n} for n in nodes], **extra}


# --- the request -------------------------------------------------------------------------------

REQUESTS: list[tuple[str, dict[str, object], dict[str, object]]] = [
    ("defaults: first page, default size, null for a variable left out", {}, {"q": None, "datasetId": None, "first": 10, "offset": 0}),
    ("page 3 of 7", {"q": "censo", "page": 3, "page_size": 7}, {"q": "censo", "datasetId": None, "first": 7, "offset": 14}),
    ("page 2 at the default size", {"dataset_id": "br_ibge_pib", "page": 2}, {"q": None, "datasetId": "br_ibge_pib", "first": 10, "offset": 10}),
]


@pytest.mark.parametrize(("name", "args", "want"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_variables_come_from_the_arguments_and_the_page(name: str, args: dict[str, object], want: dict[str, object]) -> None:
    body = request_body(PAGED, args, "page", "page_size")
    assert body == {"query": PAGED.query, "variables": want, "operationName": "q"}


# --- shaping one result object: flatten, pluck, localize ---------------------------------------

PLUCKED = GraphqlSpec(
    query="",
    operation_name="x",
    pluck=(("dataset_id", ("bigquery", 0, "cloud_tables", 0, "gcp_dataset_id")), ("status", ("status", "slug")), ("bigquery_type", ("bigquery_type", "name"))),
    locale=LOCALES,
)
SHAPES: list[tuple[str, object, str | None, object]] = [
    (
        "nested connections become lists of their nodes, at any depth",
        {"themes": edges({"slug": "economia", "tags": edges({"slug": "pib"}, totalCount=1)}, totalCount=1, pageInfo={"hasNextPage": False})},
        None,
        {"themes": [{"slug": "economia", "tags": [{"slug": "pib"}]}], "dataset_id": None, "status": None, "bigquery_type": None},
    ),
    (
        "an object with other keys beside edges stays an object",
        {"table": {"edges": [], "slug": "municipio"}},
        None,
        {"table": {"edges": [], "slug": "municipio"}, "dataset_id": None, "status": None, "bigquery_type": None},
    ),
    (
        "plucked paths through flattened lists; their sources dropped unless plucked themselves",
        {"slug": "pib", "bigquery": edges({"cloud_tables": edges({"gcp_dataset_id": "br_ibge_pib"})}), "status": {"slug": "published"}, "bigquery_type": {"name": "INT64"}},
        None,
        {"slug": "pib", "dataset_id": "br_ibge_pib", "status": "published", "bigquery_type": "INT64"},
    ),
    (
        "a path past a list's end is null",
        {"bigquery": edges(), "status": None},
        None,
        {"dataset_id": None, "status": None, "bigquery_type": None},
    ),
    (
        "the locale asked for, the first locale when its text is null, at any depth",
        {"name_pt": "Economia", "name_en": "Economy", "name_es": None, "themes": [{"description_pt": "Preços", "description_en": None}]},
        "en",
        {"name": "Economy", "themes": [{"description": "Preços"}], "dataset_id": None, "status": None, "bigquery_type": None},
    ),
    (
        "the default locale is the first; a translated field wins over a plain one of its name",
        {"name": "stale", "name_pt": "Município", "name_es": "Municipio", "number_rows": 5},
        None,
        {"name": "Município", "number_rows": 5, "dataset_id": None, "status": None, "bigquery_type": None},
    ),
    ("a locale the spec does not list is the first", {"name_pt": "Tema", "name_en": "Theme"}, "fr", {"name": "Tema", "dataset_id": None, "status": None, "bigquery_type": None}),
]


@pytest.mark.parametrize(("name", "given", "locale", "want"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape_flattens_plucks_then_localizes(name: str, given: object, locale: str | None, want: object) -> None:
    assert shaped(given, PLUCKED, locale) == want


# --- reading an answer -------------------------------------------------------------------------


def read(answer: object, args: dict[str, object] | None = None, spec: GraphqlSpec = PAGED) -> Any:
    return read_answer("listThings", spec, answer, args or {}, shape=PAGE, page_param="page", page_size_param="page_size", count="count")


def test_a_connection_becomes_the_page_envelope_with_page_total_rounded_up() -> None:
    answer = {"data": {"all": {"totalCount": 23, **edges({"slug_pt": "a"}, {"slug_pt": "b"})}}}
    assert read(answer, {"page": 3, "page_size": 7}) == {"items": [{"slug": "a"}, {"slug": "b"}], "page": 3, "page_size": 7, "count": 23, "page_total": 4}
    assert read({"data": {"all": {"totalCount": 0, "edges": []}}}) == {"items": [], "page": 1, "page_size": 10, "count": 0, "page_total": 0}


REFUSED: list[tuple[str, object, GraphqlSpec, str, str]] = [
    ("errors with data", {"data": {"all": None}, "errors": [{"message": "boom"}, {"message": "again"}]}, PAGED, "server", "boom; again"),
    ("no data", {}, PAGED, "server", "without data"),
    ("the result is null", {"data": {"all": None}}, PAGED, "not_found", "listThings(q='x'): nothing in the catalogue"),
    ("a step is missing", {"data": {}}, GraphqlSpec(query="", operation_name="g", result=("a", "edges", 0, "node")), "not_found", "nothing"),
    ("an index past the end", {"data": {"a": {"edges": []}}}, GraphqlSpec(query="", operation_name="g", result=("a", "edges", 0, "node")), "not_found", "nothing"),
    ("exists is 0", {"data": {"known": {"totalCount": 0}, "all": edges()}}, GraphqlSpec(query="", operation_name="g", result=("all",), exists=("known", "totalCount")), "not_found", "nothing"),
    ("exists is an empty list", {"data": {"known": [], "all": edges()}}, GraphqlSpec(query="", operation_name="g", result=("all",), exists=("known",)), "not_found", "nothing"),
]


@pytest.mark.parametrize(("name", "answer", "spec", "kind", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_answers_that_are_not_a_result(name: str, answer: object, spec: GraphqlSpec, kind: str, message: str) -> None:
    with pytest.raises(AnswerRefused) as raised:
        read(answer, {"q": "x"}, spec)
    assert raised.value.kind == kind and message in str(raised.value)


def test_exists_holding_a_count_or_a_list_lets_the_result_through() -> None:
    for known in (3, [{"id": 1}]):
        spec = GraphqlSpec(query="", operation_name="g", result=("one",), exists=("known",))
        assert read({"data": {"known": known, "one": {"slug": "x"}}}, spec=spec) == {"slug": "x"}


def test_error_messages_join_and_ignore_an_empty_list() -> None:
    assert error_messages({"errors": [{"message": "a"}, {"message": "b"}]}) == "a; b"
    assert error_messages({"errors": [], "data": {}}) is None
    assert error_messages(["not", "an", "answer"]) is None


# --- the generated functions against scripted servers ------------------------------------------


def graphql_catalogue(count: int) -> Callable[[Request], Reply]:
    """A GraphQL API whose allDataset holds ``count`` datasets d000, d001... (first/offset honoured)."""

    def script(request: Request) -> Reply:
        sent = json.loads(request.body)
        first, offset = sent["variables"]["first"], sent["variables"]["offset"]
        nodes = [{"slug": f"d{i:03}", "name_pt": f"Conjunto {i}", "name_en": None} for i in range(offset, min(offset + first, count))]
        return (200, {}, {"data": {"allDataset": {"totalCount": count, **edges(*nodes)}}})

    return script


def test_list_datasets_posts_the_document_and_walks_every_page(serve: Serve, bd: ModuleType) -> None:
    server = serve(graphql_catalogue(23))
    page = bd.list_datasets(q="população", page_size=10, locale="en", base_url=server.url)
    assert (page.page, page.page_size, page.count, page.page_total) == (1, 10, 23, 3)
    assert [d["slug"] for d in page] == [f"d{i:03}" for i in range(23)]
    assert page.items[0] == {"slug": "d000", "name": "Conjunto 0", "dataset_id": None, "status": None}  # no English name: Portuguese
    first = server.requests[0]
    assert (first.method, first.path, first.headers["content-type"]) == ("POST", "/api/v1/graphql", "application/json")
    assert "application/json" in first.headers["accept"]
    sent = json.loads(first.body)
    assert sent["query"] == OPERATIONS["listDatasets"].graphql.query  # type: ignore[union-attr]
    assert (sent["operationName"], sent["variables"]) == ("listDatasets", {"q": "população", "first": 10, "offset": 0})
    assert [json.loads(r.body)["variables"]["offset"] for r in server.requests] == [0, 10, 20]


def test_get_table_sends_both_bigquery_ids_and_returns_the_shaped_table(serve: Serve, bd: ModuleType) -> None:
    table = {"slug": "municipio", "name_pt": "Município", "cloud_tables": edges({"gcp_dataset_id": "br_ibge_pib", "gcp_table_id": "municipio"})}
    server = serve(lambda _: (200, {}, {"data": {"allCloudtable": edges({"table": table})}}))
    assert bd.get_table("br_ibge_pib", "municipio", base_url=server.url) == {"slug": "municipio", "name": "Município", "dataset_id": "br_ibge_pib", "table_id": "municipio"}
    assert json.loads(server.requests[0].body)["variables"] == {"datasetId": "br_ibge_pib", "tableId": "municipio"}


def test_unknown_bigquery_ids_are_not_found_naming_the_function_and_its_arguments(serve: Serve, bd: ModuleType) -> None:
    server = serve(lambda _: (200, {}, {"data": {"known": {"totalCount": 0}, "allTable": {"totalCount": 0, "edges": []}, "allCloudtable": edges()}}))
    with pytest.raises(bd.BaseDosDadosNotFoundException) as raised:
        bd.get_dataset("br_nao_existe", base_url=server.url)
    assert str(raised.value) == "getDataset(dataset_id='br_nao_existe'): nothing in the catalogue (POST /api/v1/graphql)"
    with pytest.raises(bd.BaseDosDadosNotFoundException, match=r"listDatasetTables\(dataset_id='br_nao_existe'\)"):
        bd.list_dataset_tables("br_nao_existe", base_url=server.url)
    assert len(server.requests) == 2  # not retried


def test_a_refused_document_is_a_validation_error_with_the_messages_joined(serve: Serve, bd: ModuleType) -> None:
    refusal = {"errors": [{"message": 'Unknown argument "bogus" on field "allTag".'}, {"message": "second"}]}
    server = serve(lambda _: (400, {}, refusal))
    with pytest.raises(bd.BaseDosDadosValidationException) as raised:
        bd.list_tags(base_url=server.url)
    assert str(raised.value) == '400: Unknown argument "bogus" on field "allTag".; second (POST /api/v1/graphql)'
    assert (raised.value.status, raised.value.attempts, len(server.requests)) == (400, 1, 1)


def test_a_resolver_error_is_a_server_error_not_retried(serve: Serve, bd: ModuleType) -> None:
    server = serve(lambda _: (200, {"x-request-id": "r-9"}, {"data": {"allTheme": None}, "errors": [{"message": "database is gone"}]}))
    with pytest.raises(bd.BaseDosDadosServerException) as raised:
        bd.list_themes(base_url=server.url)
    assert "database is gone" in str(raised.value)
    assert (raised.value.status, raised.value.request_id, raised.value.attempts, len(server.requests)) == (200, "r-9", 1, 1)


def test_a_query_is_retried_like_a_get_after_a_status_a_cut_body_and_a_dropped_connection(serve: Serve, bd: ModuleType) -> None:
    answer = json.dumps({"data": {"allTag": {"totalCount": 1, **edges({"slug": "pib"})}}}).encode()
    replies: list[Reply] = [(503, {"retry-after": "0"}, ""), CutBody(200, answer), "cut", (200, {"content-type": "application/json"}, answer)]
    server = serve(lambda _: replies[len(server.requests) - 1])
    assert [t["slug"] for t in bd.list_tags(base_url=server.url)] == ["pib"]
    assert len(server.requests) == 4 and {r.body for r in server.requests} == {server.requests[0].body}


@pytest.mark.parametrize("status", [307, 308])
def test_a_same_origin_307_or_308_keeps_the_post_and_its_document(serve: Serve, bd: ModuleType, status: int) -> None:
    answer = {"data": {"allTag": {"totalCount": 0, "edges": []}}}
    server = serve(lambda r: (200, {}, answer) if r.path == "/graphql" else (status, {"location": "/graphql"}, ""))
    assert bd.list_tags(base_url=server.url).count == 0
    first, second = server.requests
    assert (second.method, second.body) == ("POST", first.body)
