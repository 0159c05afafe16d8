"""The old Stata package's commands and options keep working, through the stand-in, against the datalake.

The old metadata commands print and leave the data in memory alone; the old
``path()`` saves the rows as CSV and loads them with ``import delimited``,
replacing the data without ``clear``, as the 2022 package did; without
``path()`` the rows land typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sfi
from conftest import Command
from sfi import Data

BILLING = "projeto-de-teste"
UF_SQL = "SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla IN ('SP', 'PA', 'AP') ORDER BY sigla"


@pytest.fixture
def changed_data(stata: sfi.Session) -> sfi.Session:
    """Data in memory that changed since it was last saved: what r(4) protects."""
    Data.setObsTotal(2)
    Data.addVarByte("minha_variavel")
    assert stata.changed
    return stata


def untouched(stata: sfi.Session) -> bool:
    return (stata.obs, stata.names(), stata.changed) == (2, ["minha_variavel"], True)


def test_bd_get_table_columns_prints_every_column_leaves_the_data_and_notes_its_new_name_once(command: Command, changed_data: sfi.Session) -> None:
    stata = changed_data
    command.runtime._noted.discard("bd_get_table_columns")
    assert command("bd_get_table_columns", keep_data=True, dataset_id="br_bd_tipos", table_id="exemplo") == 0
    assert untouched(stata) and stata.returned == {"count": 10.0}
    assert stata.displayed[:2] == ["note: bd_get_table_columns is deprecated; use bd_list_table_columns, allpages", "(10 columns)"]
    # Every column, in the backend's name order, with its BigQuery type.
    assert [line.split() for line in stata.displayed[2:]][3] == ["flutuante", "FLOAT64"] and len(stata.displayed) == 12
    assert command("bd_get_table_columns", dataset_id="br_bd_tipos", table_id="exemplo", clear=True) == 0
    assert stata.variable("bigquery_type").values[3] == "FLOAT64"  # clear loads them
    assert not any(line.startswith("note: bd_get_table_columns") for line in stata.displayed)


def test_bd_get_table_description_shows_the_description_and_leaves_the_data(command: Command, changed_data: sfi.Session, bd: Any) -> None:
    description = bd.get_table("br_ibge_populacao", "municipio")["description"]
    assert command("bd_get_table_description", keep_data=True, dataset_id="br_ibge_populacao", table_id="municipio") == 0
    assert changed_data.displayed[-1] == description and changed_data.returned == {"description": description}
    assert untouched(changed_data)


def test_the_old_commands_as_the_old_package_typed_them_print_and_leave_the_data(command: Command, changed_data: sfi.Session) -> None:
    assert command("bd_list_datasets", keep_data=True) == 0  # the old command took no option
    assert changed_data.displayed[0] == "(10 datasets of 15; page 1 of 2)" and changed_data.displayed[1].startswith("  br_anatel_banda_larga_fixa")
    assert command("bd_list_dataset_tables", keep_data=True, dataset_id="br_ibge_populacao") == 0
    assert changed_data.displayed == ["(1 table; page 1 of 1)", "  municipio  br_ibge_populacao  Município"]  # one: singular
    assert untouched(changed_data)
    assert not any(line.startswith("note:") for line in changed_data.displayed)  # our own commands: no deprecation note


def test_path_saves_the_packages_csv_and_imports_it_replacing_changed_data_without_clear(command: Command, changed_data: sfi.Session, bd: Any, tmp_path: Path) -> None:
    saved = tmp_path / "uf.csv"
    assert command("bd_read_sql", keep_data=True, query=UF_SQL, billing_project_id=BILLING, path=str(saved)) == 0
    stata = changed_data
    assert (stata.names(), stata.variable("nome").values, stata.changed) == (["sigla", "nome"], ["Amapá", "Pará", "São Paulo"], False)
    assert stata.commands == [f'capture quietly import delimited using `"{saved}"\', clear varnames(1) encoding("utf-8")']
    assert stata.displayed == [f"(3 observations, 2 variables; file {saved} saved)"] and stata.returned == {"N": 3.0, "k": 2.0, "path": str(saved)}
    reference = tmp_path / "reference.csv"
    bd.download(str(reference), query=UF_SQL, billing_project_id=BILLING)
    assert saved.read_bytes() == reference.read_bytes()
    assert {p.name for p in tmp_path.iterdir()} == {"uf.csv", "reference.csv"}  # no temporary file left behind


def test_without_path_the_rows_land_typed_and_with_it_as_import_delimited_types_them(command: Command, stata: sfi.Session, tmp_path: Path) -> None:
    sql = "SELECT id_municipio, ano, populacao FROM `basedosdados.br_ibge_populacao.municipio` WHERE id_municipio = '3550308' ORDER BY ano"
    assert command("bd_read_sql", query=sql, billing_project_id=BILLING) == 0
    assert [(v.name, v.type, v.chars.get("bd_type")) for v in stata.variables] == [("id_municipio", "str7", "STRING"), ("ano", "int", "INT64"), ("populacao", "long", "INT64")]
    assert stata.displayed == ["(2 observations, 3 variables)"]
    assert command("bd_read_sql", query=sql, billing_project_id=BILLING, path=str(tmp_path / "sp.csv")) == 0
    assert [(v.name, v.type, v.chars) for v in stata.variables] == [("id_municipio", "long", {}), ("ano", "int", {}), ("populacao", "long", {})]
    assert stata.variable("id_municipio").values == [3550308.0, 3550308.0]


def test_one_row_one_column_is_said_in_the_singular(command: Command, stata: sfi.Session, tmp_path: Path) -> None:
    assert command("bd_read_sql", query="SELECT 1 AS x", billing_project_id=BILLING) == 0
    assert stata.displayed == ["(1 observation, 1 variable)"]
    assert command("bd_read_sql", query="SELECT 1 AS x", billing_project_id=BILLING, path=str(tmp_path / "x.csv")) == 0
    assert stata.displayed == [f"(1 observation, 1 variable; file {tmp_path / 'x.csv'} saved)"]


def test_path_expands_the_home_folder_and_creates_missing_folders(command: Command, stata: sfi.Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert command("bd_read_table", dataset_id="br_bd_diretorios_brasil", table_id="uf", billing_project_id=BILLING, path="~/Downloads/bd/uf.csv") == 0
    saved = tmp_path / "Downloads" / "bd" / "uf.csv"
    assert saved.read_text(encoding="utf-8").count("\n") == 28 and stata.obs == 27
    assert [(v.name, v.type) for v in stata.variables] == [("id_uf", "byte"), ("sigla", "str2"), ("nome", "str19"), ("regiao", "str12")]
    assert stata.returned["path"] == str(saved)


def test_a_path_that_cannot_be_written_is_r603_and_the_data_stay(command: Command, changed_data: sfi.Session, tmp_path: Path) -> None:
    (tmp_path / "arquivo").write_text("a file, not a folder")
    assert command("bd_read_sql", keep_data=True, query=UF_SQL, billing_project_id=BILLING, path=str(tmp_path / "arquivo" / "uf.csv")) == 603
    assert changed_data.globals["bdsdk_error"] == "filesystem" and untouched(changed_data)


def test_a_file_name_stata_would_read_as_a_macro_is_imported_from_a_plain_copy(command: Command, stata: sfi.Session, tmp_path: Path) -> None:
    saved = tmp_path / "uf$ano`x'.csv"
    assert command("bd_read_sql", query=UF_SQL, billing_project_id=BILLING, path=str(saved)) == 0
    assert saved.is_file() and stata.obs == 3
    assert str(saved) not in stata.commands[0] and "bdsdk-" in stata.commands[0]
    assert [p.name for p in tmp_path.iterdir()] == [saved.name]  # the copy is gone


def test_an_import_that_fails_is_its_return_code_and_keeps_the_file(command: Command, stata: sfi.Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(path: str) -> None:
        raise __import__("stata_parse").StataError(610, "file not Stata format")

    monkeypatch.setattr(__import__("stata_import"), "import_delimited", unreadable)
    saved = tmp_path / "uf.csv"
    assert command("bd_read_sql", query=UF_SQL, billing_project_id=BILLING, path=str(saved)) == 610
    assert saved.is_file() and f"import delimited could not load {saved} (r(610)); the file is kept" in stata.errors[0]


def test_columns_of_any_name_become_valid_unique_variables(stata: sfi.Session) -> None:
    runtime = __import__("stata_runtime")
    frame = pd.DataFrame([[1, 2, 3, 4, 5]], columns=["ação", "2020", "a-b", "a_b", "x" * 40])
    frame.attrs["bigquery_schema"] = [{"name": c, "type": "INT64", "mode": "NULLABLE"} for c in frame.columns]
    columns, notes = runtime.frame_columns(frame, {})
    assert [c.name for c in columns] == ["acao", "_2020", "a_b", "a_b_2", "x" * 32]
    assert [c.label for c in columns] == ["ação", "2020", "a-b", "a_b", "x" * 40]
    assert notes[0] == "note: column ação is variable acao"
