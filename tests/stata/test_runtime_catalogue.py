"""Catalogue commands, Python part, against the local datalake (the backend replica): what Stata holds afterwards.

Pages of the GraphQL functions and of the backend's search, one object, filters typed as Stata names
(``theme(economia saude)``), text options taken ``asis`` (an empty text is not an option left out), the
catalogue's CSV as a dataset and a file, and datetimes written back as the catalogue wrote them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import sfi
import stata_decode
from conftest import Command


@pytest.fixture
def requests_seen(datalake_url: str) -> Any:
    """How many catalogue requests the datalake saw since the test began."""
    httpx.delete(f"{datalake_url}/__datalake/stats")
    return lambda: httpx.get(f"{datalake_url}/__datalake/stats").json()["requests"]["metadata"]


def test_a_graphql_page_lands_as_a_dataset_with_a_summary_and_page_results(command: Command, stata: sfi.Session) -> None:
    assert command("bd_list_datasets", q="Censo", page_size=1, clear=True) == 0
    assert stata.obs == 1 and stata.names()[:4] == ["dataset_id", "uuid", "slug", "name"]
    assert stata.variable("dataset_id").values == ["br_ibge_censo_demografico"]
    assert stata.variable("created_at").format == "%tc" and stata.variable("created_at").chars["bd_utc_offset"] == "+00:00"
    assert stata.displayed[0] == "(1 dataset of 2; page 1 of 2)"
    assert stata.returned == {"page": 1.0, "page_size": 1.0, "count": 2.0, "page_total": 2.0}
    item = stata_decode.items_result(stata, command.table["field_sets"]["Dataset"])[0]
    assert item["created_at"] == "2023-07-01T12:00:00+00:00"  # written back as the catalogue wrote it
    assert item["organizations"][0]["slug"] == "ibge" and item["themes"] == [{"uuid": item["themes"][0]["uuid"], "slug": "demografia", "name": "Demografia"}]


def test_without_clear_the_answer_is_shown_and_returned_and_the_data_stay(command: Command, stata: sfi.Session) -> None:
    stata.reset()
    sfi.Data.setObsTotal(2)
    sfi.Data.addVarByte("x")  # changed data, not saved: no r(4), nothing replaced
    assert command("bd_list_datasets", keep_data=True, page_size=12) == 0
    assert (stata.obs, stata.names(), stata.changed) == (2, ["x"], True)
    assert stata.displayed[0] == "(12 datasets of 15; page 1 of 2)" and len(stata.displayed) == 13  # every item listed, none held
    assert stata.returned == {"page": 1.0, "page_size": 12.0, "count": 15.0, "page_total": 2.0}
    assert command("bd_get_table", keep_data=True, dataset_id="br_ibge_pib", table_id="municipio") == 0
    assert stata.displayed[0] == "(1 table)" and stata.names() == ["x"]


def test_every_page_with_allpages(command: Command, stata: sfi.Session, requests_seen: Any) -> None:
    assert command("bd_list_organizations", allpages=True, page_size=4, clear=True) == 0
    assert stata.variable("slug").values == ["anatel", "bcb", "bd", "ibge", "inep", "inpe", "ms", "mte", "tse"]
    assert stata.returned == {"count": 9.0} and requests_seen() == 3


def test_search_filters_are_stata_name_lists_and_its_results_land_with_the_page_count(command: Command, stata: sfi.Session) -> None:
    assert command("bd_search", theme=["economia"], organization="ibge", page_size=1, clear=True) == 0
    assert stata.variable("slug").values == ["ipca"]
    assert stata.displayed[0].startswith("(1 result of 2; page 1 of 2)")  # the search sends no page total: counted
    assert set(stata.returned) == {"page", "page_size", "count", "locale", "aggregations"}  # r() is the page as it came
    aggregations = stata_decode.results(stata, json_macros=True)["aggregations"]
    assert [t["key"] for t in aggregations["themes"]] == ["economia", "precos"]
    assert command("bd_search", theme=["economia", "saude"], clear=True) == 0  # every theme required: none has both
    assert stata.obs == 0 and stata.displayed[0].startswith("(0 results")


def test_one_object_lands_as_one_observation(command: Command, stata: sfi.Session) -> None:
    assert command("bd_get_table", dataset_id="br_ibge_populacao", table_id="municipio", locale="en", clear=True) == 0
    table = stata_decode.items_result(stata, command.table["field_sets"]["Table"])[0]
    assert stata.obs == 1 and (table["dataset_id"], table["table_id"]) == ("br_ibge_populacao", "municipio")
    assert table["temporal_coverage"] == {"start": "2020", "end": "2021"}
    assert stata.variable("is_closed").value_label == "bd_bool" and stata.variable("number_rows").type in ("int", "long")


def test_enums_get_value_labels_and_trees_stay_json(command: Command, stata: sfi.Session) -> None:
    assert command("bd_list_facet_values", facet="organization_slug", locale="en", clear=True) == 0
    assert stata.value_labels["locale"] == {1: "pt", 2: "en", 3: "es"} and stata.variable("locale").values == [2.0]
    facet = stata_decode.items_result(stata, command.table["field_sets"]["FacetValues"])[0]
    assert facet["values"][0] == {"key": "ibge", "count": 4, "name": "Brazilian Institute of Geography and Statistics", "fallback": False}


def test_a_quoted_text_is_the_text_and_an_empty_one_is_refused_before_any_request(command: Command, stata: sfi.Session, requests_seen: Any) -> None:
    # What syntax leaves for q("Censo") and q(`"a "quoted" name"') with `asis`: the quotes as typed.
    assert command("bd_list_datasets", q='"Censo"', clear=True) == 0 and stata.obs == 2
    assert command("bd_list_organizations", q='`"Instituto Brasileiro"\'', clear=True) == 0
    assert stata.variable("slug").values == ["ibge"]
    seen = requests_seen()
    assert command("bd_list_datasets", q='""', clear=True) == 198  # q(""): an empty name, not no filter
    assert stata.globals["bdsdk_error"] == "validation" and "q must be at least 1 character" in stata.errors[0]
    assert requests_seen() == seen


def test_the_catalogue_csv_lands_as_a_dataset_and_saves_as_it_came(command: Command, stata: sfi.Session, bd: Any, tmp_path: Path) -> None:
    text = bd.export_catalog(locale="en")
    saved = tmp_path / "catalogo.csv"
    assert command("bd_export_catalog", locale="en", saving=str(saved), clear=True) == 0
    assert saved.read_bytes() == text.encode("utf-8") and [p.name for p in tmp_path.iterdir()] == ["catalogo.csv"]
    header = text.splitlines()[0].split(",")
    assert stata.obs == len(text.splitlines()) - 1 and [v.label for v in stata.variables] == header
    assert stata.names()[:2] == ["dataset_name", "dataset_description"] and stata.variable("number_of_rows_in_the_table").type in ("int", "long")
    assert stata.displayed == [f"({stata.obs} observations, {len(header)} variables)", f"(file {saved} saved)"]
    assert stata.returned == {"N": float(stata.obs), "k": float(len(header))}


def test_saving_an_existing_file_needs_replace_and_is_refused_before_any_request(command: Command, stata: sfi.Session, tmp_path: Path, requests_seen: Any) -> None:
    saved = tmp_path / "catalogo.csv"
    saved.write_text("old")
    assert command("bd_export_catalog", saving=str(saved)) == 602
    assert stata.globals["bdsdk_error"] == "filesystem" and saved.read_text() == "old" and requests_seen() == 0
    assert command("bd_export_catalog", saving=f'"{saved}"', replace=True) == 0  # a quoted file name, as typed
    assert saved.read_text(encoding="utf-8").startswith("Nome do Conjunto de Dados,")
