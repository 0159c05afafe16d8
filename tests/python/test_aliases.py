"""The x-bd-aliases runtime with hand-built AliasSpecs: renames, value maps, ignored arguments, effects,
positional order, warnings once, result shapes; against the local datalake and loopback servers."""

from __future__ import annotations

import gzip
import importlib
import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from basedosdados_sdk._runtime.aliases import AliasParam, AliasSpec, call_alias, reset_warnings
from basedosdados_sdk._spec import ERROR_KINDS
from conftest import Datalake, Reply, Request, ScriptedServer, call_data
from test_graphql import graphql_catalogue

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
PROJECTS = (("basedosdados", "prod"), ("basedosdados-staging", "staging"), ("basedosdados-dev", "dev"))

GET_DATASETS = AliasSpec(
    name="get_datasets",
    target="list_datasets",
    origin="basedosdados 2.x",
    params=(
        AliasParam("dataset_id", to="q"),
        AliasParam("dataset_name", to="q"),
        AliasParam("page", to="page", default=1),
        AliasParam("page_size", to="page_size", default=10),
        AliasParam("verbose", ignored="results are returned, never printed"),
    ),
    returns="legacy_page",
)


@pytest.fixture(autouse=True)
def fresh_warnings() -> Iterator[None]:
    reset_warnings()
    yield
    reset_warnings()




def test_a_renamed_function_returns_the_old_page_dict_rounded_up_and_warns_once(bd: ModuleType, serve: Serve) -> None:
    server = serve(graphql_catalogue(23))

    def get_datasets(*args: object, **kwargs: object) -> object:  # what the generated alias function does
        return call_alias(GET_DATASETS, lambda **kw: bd.list_datasets(**kw, base_url=server.url), args, kwargs, ERROR_KINDS)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = get_datasets("pib", page=3)
        get_datasets(dataset_name="x", verbose=True)
    assert [d["slug"] for d in first["items"]] == ["d020", "d021", "d022"]
    assert {k: first[k] for k in ("page", "page_size", "page_total")} == {"page": 3, "page_size": 10, "page_total": 3}
    sent = [json.loads(r.body)["variables"] for r in server.requests]
    assert sent[0] == {"q": "pib", "first": 10, "offset": 20}
    assert sent[1] == {"q": "x", "first": 10, "offset": 0}  # verbose: accepted, no effect
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1
    assert str(deprecations[0].message) == "get_datasets (basedosdados 2.x) is deprecated; use list_datasets(...) instead"
    assert deprecations[0].filename == __file__  # it points at the caller's line


def test_old_arguments_the_old_function_did_not_take_are_type_errors(bd: ModuleType) -> None:
    never = lambda **kw: pytest.fail("the target must not be called")  # noqa: E731
    with pytest.raises(TypeError, match="unexpected keyword argument 'organization'"):
        call_alias(GET_DATASETS, never, (), {"organization": "ibge"}, ERROR_KINDS)
    with pytest.raises(TypeError, match="at most 5 positional arguments"):
        call_alias(GET_DATASETS, never, (1, 2, 3, 4, 5, 6), {}, ERROR_KINDS)
    with pytest.raises(TypeError, match="multiple values for argument 'dataset_id'"):
        call_alias(GET_DATASETS, never, ("a",), {"dataset_id": "b"}, ERROR_KINDS)


READ_TABLE = AliasSpec(
    name="read_table",
    target="read_table",
    origin="basedosdados 2.x",
    deprecated=False,
    params=(
        AliasParam("dataset_id", to="dataset_id"),
        AliasParam("table_id", to="table_id"),
        AliasParam("billing_project_id", to="billing_project_id"),
        AliasParam("query_project_id", to="environment", values=PROJECTS, default="basedosdados"),
        AliasParam("limit", to="limit"),
        AliasParam("from_file", effect="credentials_from_file"),
        AliasParam("reauth", effect="reauth"),
        AliasParam("use_bqstorage_api", effect="bqstorage"),
    ),
)
OWN = ("columns", "environment", "page_size")


def test_query_project_id_maps_to_the_environment(bd: ModuleType, lake: Datalake) -> None:
    target = lambda **kw: call_data(bd, "read_table", **kw)  # noqa: E731
    with pytest.warns(DeprecationWarning, match=r"use environment= instead of query_project_id= \('basedosdados' -> 'prod'"):
        staging = call_alias(READ_TABLE, target, ("br_ibge_populacao", "municipio"), {"query_project_id": "basedosdados-staging", "limit": 2}, ERROR_KINDS, OWN)
    assert len(staging) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # our own keywords alone do not warn
        own = call_alias(READ_TABLE, target, ("br_bd_diretorios_brasil", "uf"), {"columns": ["sigla"], "limit": 3}, ERROR_KINDS, OWN)
    assert list(own.columns) == ["sigla"] and len(own) == 3


def test_an_unknown_project_is_a_validation_error_naming_the_old_argument_before_any_request(bd: ModuleType, lake: Datalake) -> None:
    lake.control("DELETE", "stats")
    never = lambda **kw: pytest.fail("the target must not be called")  # noqa: E731
    with pytest.raises(bd.BaseDosDadosValidationException) as raised, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_alias(READ_TABLE, never, ("br_ibge_pib", "municipio"), {"query_project_id": "basedosdados-qa"}, ERROR_KINDS, OWN)
    assert raised.value.invalid_params[0].name == "query_project_id"
    assert "'basedosdados', 'basedosdados-staging', 'basedosdados-dev'" in str(raised.value)
    assert lake.control("GET", "stats")["requests"]["bigquery"] == 0


def test_effects_reach_the_data_runtime_as_call_options(bd: ModuleType, lake: Datalake) -> None:
    seen: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_alias(READ_TABLE, lambda **kw: seen.append(kw), ("d", "t"), {"reauth": True, "use_bqstorage_api": True, "from_file": True}, ERROR_KINDS, OWN)
    assert seen == [{"dataset_id": "d", "table_id": "t", "environment": "prod", "reauth": True, "bqstorage": True, "from_file": True}]


READ_SQL = AliasSpec(
    name="read_sql",
    target="read_sql",
    deprecated=False,
    params=(
        AliasParam("query", to="query"),
        AliasParam("billing_project_id", to="billing_project_id"),
        AliasParam("from_file", effect="credentials_from_file", default=False),
        AliasParam("reauth", effect="reauth"),
        AliasParam("use_bqstorage_api", effect="bqstorage"),
    ),
)


def test_from_file_asks_for_the_saved_credentials_and_leaves_the_query_alone() -> None:
    # basedosdados 1.x and 2.x: from_file=True is "use the key saved in ~/.basedosdados", never "the query is a file"
    # (the whole path, key to token to BigQuery: test_saved_credentials.py).
    seen: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_alias(READ_SQL, lambda **kw: seen.append(kw), ("SELECT 1 AS x",), {"from_file": True}, ERROR_KINDS)
        call_alias(READ_SQL, lambda **kw: seen.append(kw), ("SELECT 2 AS x",), {}, ERROR_KINDS)
    assert seen == [{"query": "SELECT 1 AS x", "from_file": True}, {"query": "SELECT 2 AS x", "from_file": False}]


def test_every_old_from_file_of_the_spec_means_the_saved_credentials(bd: ModuleType) -> None:
    aliases = importlib.import_module(f"{bd.__name__}._spec").ALIASES
    from_file = {name: p for name, alias in aliases.items() for p in alias.params if p.name == "from_file"}
    assert sorted(from_file) == ["download", "read_sql", "read_table"]
    assert {p.effect for p in from_file.values()} == {"credentials_from_file"}


DOWNLOAD = AliasSpec(
    name="download",
    target="download",
    deprecated=False,
    params=(
        AliasParam("savepath", to="path"),
        AliasParam("query", to="query"),
        AliasParam("dataset_id", to="dataset_id"),
        AliasParam("table_id", to="table_id"),
        AliasParam("billing_project_id", to="billing_project_id"),
        AliasParam("query_project_id", to="environment", values=PROJECTS),
        AliasParam("limit", to="limit"),
        AliasParam("compression", effect="compression"),
    ),
)


@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "str"])
def test_an_old_download_with_savepath_into_a_new_folder_and_gzip(bd: ModuleType, lake: Datalake, tmp_path: Path, as_path: bool) -> None:
    savepath = tmp_path / "nova" / "uf.csv"
    target = lambda **kw: call_data(bd, "download", **{"format": None, **kw})  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_alias(DOWNLOAD, target, (savepath if as_path else str(savepath),), {"dataset_id": "br_bd_diretorios_brasil", "table_id": "uf", "compression": "GZIP"}, ERROR_KINDS)
    assert gzip.decompress(savepath.read_bytes()).startswith(b"id_uf,sigla,nome,regiao\n")


GET_TABLE_COLUMNS = AliasSpec(
    name="get_table_columns",
    target="list_table_columns",
    origin="basedosdados 1.x",
    params=(AliasParam("table", effect="split_table"),),
    returns="all_items",
    pluck="name",
)
GET_TABLE_SIZE = AliasSpec(
    name="get_table_size",
    target="get_table",
    origin="basedosdados 1.x",
    params=(AliasParam("dataset_id", to="dataset_id"), AliasParam("table_id", to="table_id")),
    returns="pick",
    pick=("number_rows", "uncompressed_file_size", "not_a_field"),
)
GET_DATASET_DESCRIPTION = AliasSpec(
    name="get_dataset_description",
    target="get_dataset",
    origin="basedosdados 1.x",
    params=(AliasParam("dataset_id", to="dataset_id"),),
    returns="field",
    field="description",
)


def test_result_shapes_all_items_pick_and_field_against_the_datalake(bd: ModuleType, lake: Datalake) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        columns = call_alias(GET_TABLE_COLUMNS, lambda **kw: bd.list_table_columns(**kw, page_size=2), ("br_ibge_populacao.municipio",), {}, ERROR_KINDS)
        size = call_alias(GET_TABLE_SIZE, bd.get_table, ("br_ibge_populacao", "municipio"), {}, ERROR_KINDS)
        description = call_alias(GET_DATASET_DESCRIPTION, bd.get_dataset, ("br_ibge_populacao",), {}, ERROR_KINDS)
        with pytest.raises(bd.BaseDosDadosValidationException, match='table must be "dataset_id.table_id"'):
            call_alias(GET_TABLE_COLUMNS, bd.list_table_columns, ("sem_ponto",), {}, ERROR_KINDS)
    assert columns == ["ano", "id_municipio", "populacao", "sigla_uf"]  # every page walked, one field kept
    table = bd.get_table("br_ibge_populacao", "municipio")
    assert size == {k: table[k] for k in ("number_rows", "uncompressed_file_size") if k in table} and "number_rows" in size
    assert description == bd.get_dataset("br_ibge_populacao")["description"]


def test_each_old_name_warns_once_per_process_naming_the_new_call(bd: ModuleType, lake: Datalake) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            call_alias(GET_DATASET_DESCRIPTION, bd.get_dataset, ("br_ibge_populacao",), {}, ERROR_KINDS)
            call_alias(GET_TABLE_SIZE, bd.get_table, ("br_ibge_populacao", "municipio"), {}, ERROR_KINDS)
    messages = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert messages == [
        "get_dataset_description (basedosdados 1.x) is deprecated; use get_dataset(...) instead",
        "get_table_size (basedosdados 1.x) is deprecated; use get_table(...) instead",
    ]
