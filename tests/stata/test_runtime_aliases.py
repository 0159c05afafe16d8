"""The old Stata package's commands and options keep working, through the stand-in, against the datalake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import sfi
import stata_decode
from conftest import Command

BILLING = "projeto-de-teste"
UF_SQL = "SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla IN ('SP', 'PA', 'AP') ORDER BY sigla"


def test_bd_get_table_columns_lists_every_column_and_notes_its_new_name_once(command: Command, stata: sfi.Session) -> None:
    command.runtime._noted.discard("bd_get_table_columns")
    assert command("bd_get_table_columns", dataset_id="br_bd_tipos", table_id="exemplo") == 0
    assert stata.displayed[0] == "note: bd_get_table_columns is deprecated; use bd_list_table_columns, allpages"
    # Every column, in the backend's name order, with its BigQuery type by name.
    assert stata.variable("name").values == ["booleano", "data", "data_hora", "flutuante", "geografia", "instante", "inteiro", "linha", "numerico", "texto"]
    assert stata.variable("bigquery_type").values[3] == "FLOAT64" and stata.returned == {"count": 10.0}
    assert command("bd_get_table_columns", dataset_id="br_bd_tipos", table_id="exemplo", clear=True) == 0
    assert not any(line.startswith("note: bd_get_table_columns") for line in stata.displayed)


def test_bd_get_table_description_shows_the_description(command: Command, stata: sfi.Session, bd: Any) -> None:
    description = bd.get_table("br_ibge_populacao", "municipio")["description"]
    assert command("bd_get_table_description", dataset_id="br_ibge_populacao", table_id="municipio") == 0
    assert stata.displayed[-1] == description
    assert stata.returned == {"description": description}
    assert stata.variable("description").values == [description]


def test_bd_read_sql_with_path_also_saves_the_rows_as_the_packages_csv(command: Command, stata: sfi.Session, bd: Any, tmp_path: Path) -> None:
    saved = tmp_path / "uf.csv"
    assert command("bd_read_sql", query=UF_SQL, billing_project_id=BILLING, path=str(saved)) == 0
    assert stata.variable("nome").values == ["Amapá", "Pará", "São Paulo"]
    reference = tmp_path / "reference.csv"
    bd.download(str(reference), query=UF_SQL, billing_project_id=BILLING)
    assert saved.read_bytes() == reference.read_bytes()
    assert {p.name for p in tmp_path.iterdir()} == {"uf.csv", "reference.csv"}  # no temporary file left behind


def test_bd_read_table_with_path_and_billing_project_id(command: Command, stata: sfi.Session, tmp_path: Path) -> None:
    saved = tmp_path / "uf.csv"
    assert command("bd_read_table", dataset_id="br_bd_diretorios_brasil", table_id="uf", billing_project_id=BILLING, path=str(saved)) == 0
    assert stata.obs == 27 and saved.read_text(encoding="utf-8").count("\n") == 28
    assert stata_decode.rows_result(stata)["columns"][0] == {"name": "id_uf", "type": "STRING"}


def test_a_path_that_cannot_be_written_is_r603_after_the_data_landed(command: Command, stata: sfi.Session, tmp_path: Path) -> None:
    assert command("bd_read_sql", query=UF_SQL, billing_project_id=BILLING, path=str(tmp_path / "nao" / "existe.csv")) == 603
    assert stata.globals["bdsdk_error"] == "filesystem" and stata.obs == 3


def test_columns_of_any_name_become_valid_unique_variables(stata: sfi.Session) -> None:
    runtime = __import__("stata_runtime")
    frame = pd.DataFrame([[1, 2, 3, 4, 5]], columns=["ação", "2020", "a-b", "a_b", "x" * 40])
    frame.attrs["bigquery_schema"] = [{"name": c, "type": "INT64", "mode": "NULLABLE"} for c in frame.columns]
    columns, notes = runtime.frame_columns(frame, {})
    assert [c.name for c in columns] == ["acao", "_2020", "a_b", "a_b_2", "x" * 32]
    assert [c.label for c in columns] == ["ação", "2020", "a-b", "a_b", "x" * 40]
    assert notes[0] == "note: column ação is variable acao"


def test_bd_list_datasets_and_bd_list_dataset_tables_as_the_old_package_typed_them(command: Command, stata: sfi.Session) -> None:
    assert command("bd_list_datasets") == 0  # the old command took no option
    assert stata.obs == 10 and stata.returned["page"] == 1.0
    assert stata.variable("dataset_id").values[0] == "br_anatel_banda_larga_fixa"
    assert command("bd_list_dataset_tables", dataset_id="br_ibge_populacao", clear=True) == 0
    assert stata.variable("dataset_id").values == ["br_ibge_populacao"] and stata.variable("table_id").values == ["municipio"]
    assert not any(line.startswith("note:") for line in stata.displayed)  # our own commands: no deprecation note
