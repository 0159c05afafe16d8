"""Do-files written for the 2022 Stata package run unchanged but for the package name, through the stand-in.

Each do-file of tests/stata/dofiles runs as ``do`` would run it: every
``bd_*`` line through the generated ado-file's ``syntax`` (abbreviations
included) and ``python:`` line, Stata's own commands (``keep``, ``save``,
``merge``, ...) through the stand-in's (tests/stata/standin/stata_commands.py),
against the local datalake. The tests check what Stata holds after each step:
observation counts and variables (names, storage types), and that the files
the old ``path()`` names are written (``~`` expanded, folders created). What
the stand-in cannot prove is listed in tests/stata/README.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sfi
import stata_commands
import stata_do
from conftest import STATA_PACKAGE
from sfi import Data, rules

DOFILES = Path(__file__).parent / "dofiles"
BILLING = "projeto-teste-302617"
MUNICIPIOS = 5570


@pytest.fixture
def run_do(stata: sfi.Session, bd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], stata_do.DoRun]:
    """Runs tests/stata/dofiles/<name> in a fresh folder, with a fresh home (``~``) in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return lambda name: stata_do.run_do((DOFILES / name).read_text(encoding="utf-8"), STATA_PACKAGE)


def sql(bd: Any, query: str) -> Any:
    return bd.read_sql(query, billing_project_id=BILLING)


def shapefile_attributes(bd: Any, path: Path) -> None:
    """A map's attribute table as the README's brasildata.dta holds it: the IBGE code as text, CD_GEOCODI."""
    frame = sql(bd, "SELECT id_municipio, nome FROM `basedosdados.br_bd_diretorios_brasil.municipio`")
    sfi.standin.reset()
    Data.setObsTotal(len(frame))
    Data.addVarStr("CD_GEOCODI", 7)
    Data.addVarStr("NM_MUNICIP", max(len(n.encode()) for n in frame["nome"]))
    Data.store(None, None, [[str(i), str(n)] for i, n in zip(frame["id_municipio"], frame["nome"], strict=True)])
    path.parent.mkdir(parents=True)
    stata_commands.save_dataset(path)
    sfi.standin.reset()


def test_the_readme_gdp_example_merges_on_the_numeric_municipality_code(run_do: Any, bd: Any, stata: sfi.Session, tmp_path: Path) -> None:
    shapefile_attributes(bd, tmp_path / "dadosmapa" / "brasildata.dta")
    run = run_do("pib_per_capita.do")
    assert run.rc == 0, run.steps[-1]
    read = run.step("bd_read_sql")
    assert read.obs == 2 * MUNICIPIOS and read.types == {"id_municipio": "long", "ano": "int", "pib_pc": "float"}
    assert (tmp_path / "pib_pc_municipio.csv").is_file()
    assert run.step("keep if").obs == MUNICIPIOS
    assert run.step("destring").types["id_municipio"] == "long"
    merged = run.step("merge")
    assert merged.obs == MUNICIPIOS
    assert merged.variables == (("id_municipio", "long"), ("NM_MUNICIP", stata.variable("NM_MUNICIP").type), ("ano", "int"), ("pib_pc", "float"), ("_merge", "byte"))
    assert set(stata.variable("_merge").values) == {3.0} and set(stata.variable("ano").values) == {2021.0}
    expected = sql(bd, "SELECT pib.PIB / pop.populacao AS pib_pc FROM `basedosdados.br_ibge_pib.municipio` AS pib JOIN `basedosdados.br_ibge_populacao.municipio` AS pop "
                   "ON pib.id_municipio = pop.id_municipio AND pib.ano = pop.ano WHERE pib.ano = 2021 AND pib.id_municipio = '3550308'")
    sao_paulo = stata.variable("id_municipio").values.index(3550308.0)
    assert stata.variable("pib_pc").values[sao_paulo] == rules.to_float32(float(expected["pib_pc"][0]))  # a float, as import delimited gives


def test_the_help_examples_with_the_abbreviations_of_the_old_help(run_do: Any, bd: Any, stata: sfi.Session, tmp_path: Path) -> None:
    run = run_do("help_examples.do")
    assert run.rc == 0, run.steps[-1]
    columns = list(sql(bd, "SELECT * FROM `basedosdados.br_bd_diretorios_brasil.municipio` LIMIT 1").columns)
    first, second = run.steps[0], run.steps[1]
    assert first.obs == MUNICIPIOS and [name for name, _ in first.variables] == columns
    assert {k: first.types[k] for k in ("id_municipio", "id_uf", "capital_uf", "sigla_uf")} == {"id_municipio": "long", "id_uf": "byte", "capital_uf": "byte", "sigla_uf": "str2"}
    assert second.rc == 0 and second.variables == first.variables and second.obs == MUNICIPIOS  # the second read replaces, without clear
    assert (tmp_path / "home/Downloads/test.csv").is_file() and (tmp_path / "home/Downloads/table.csv").is_file()
    for step in run.steps[2:]:  # the download and the four metadata commands leave the data alone
        assert (step.rc, step.obs, step.variables) == (0, MUNICIPIOS, first.variables), step.line
    assert run.steps[4].output[0].startswith("(2 tables;")
    description = bd.get_table("br_bd_diretorios_brasil", "uf")["description"]
    assert run.steps[5].output[-1] == description and stata.returned.get("count") == 4.0  # r() of the last: uf's 4 columns
    assert [line.split()[0] for line in run.steps[6].output[2:]] == ["id_uf", "nome", "regiao", "sigla"]  # in the backend's name order


def test_metadata_commands_between_two_reads_leave_the_data_alone(run_do: Any, bd: Any, stata: sfi.Session) -> None:
    run = run_do("metadata_between_reads.do")
    assert run.rc == 0, run.steps[-1]
    uf = run.step("bd_read_table")
    assert uf.obs == 27 and uf.variables == (("id_uf", "byte"), ("sigla", "str2"), ("nome", "str19"), ("regiao", "str12"))
    kept = run.step("drop if")
    assert kept.obs == 3 and kept.changed
    for command in ("bd_get_table_columns", "bd_get_table_description", "bd_list_dataset_tables", "bd_list_datasets"):
        step = run.step(command)
        assert (step.rc, step.obs, step.variables, step.changed) == (0, 3, uf.variables, True), command
    assert run.step("bd_list_dataset_tables").output[0].startswith("(1 table;")
    read = run.step("bd_read_sql")
    assert read.obs == MUNICIPIOS and read.types == {"id_municipio": "long", "sigla_uf": "str2", "ano": "int", "populacao": "long"}
    sudeste = sql(bd, "SELECT COUNT(*) AS n FROM `basedosdados.br_ibge_populacao.municipio` WHERE ano = 2021 AND sigla_uf IN ('SP', 'RJ', 'MG', 'ES')")
    merged = run.step("merge")
    assert merged.obs == int(sudeste["n"][0]) and [n for n, _ in merged.variables] == ["id_municipio", "sigla", "ano", "populacao", "id_uf", "nome", "regiao", "_merge"]


def test_paths_under_home_in_folders_that_do_not_exist_and_a_merge_on_two_keys(run_do: Any, stata: sfi.Session, tmp_path: Path) -> None:
    run = run_do("populacao_pib.do")
    assert run.rc == 0, run.steps[-1]
    assert (tmp_path / "home/Downloads/bd/populacao.csv").is_file() and (tmp_path / "home/Downloads/bd/pib.csv").is_file()
    populacao = run.steps[0]
    assert populacao.obs == 2 * MUNICIPIOS and populacao.types == {"ano": "int", "sigla_uf": "str2", "id_municipio": "long", "populacao": "long"}
    merged = run.step("merge")
    assert merged.obs == 2 * MUNICIPIOS and merged.types["id_municipio"] == "long" and merged.types["populacao"] == "long"
    assert set(stata.variable("_merge").values) == {3.0}
