"""The stand-in's Stata: do-file lines, ``syntax`` of the generated ado-files, and the few built-in commands it plays.

These are the rules the old do-files' tests (test_old_dofiles.py) lean on, each
checked on its own: abbreviations and refusals of ``syntax``, the types
``import delimited`` gives, and ``merge``, ``destring``, ``use``/``save``
refusing what Stata refuses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sfi
import stata_ado
import stata_commands
import stata_do
from conftest import STATA_PACKAGE
from sfi import Data
from stata_parse import StataError, expand_macros, logical_lines


def test_do_file_lines_drop_comments_join_continuations_and_keep_unmatched_backticks() -> None:
    text = '* a comment\nbd_read_sql, /// the query\n    query("SELECT `a.b` // no comment in quotes") // a comment\n/* block\n still */ keep if x == 1\n'
    assert list(logical_lines(text)) == ['bd_read_sql,      query("SELECT `a.b` // no comment in quotes")', "keep if x == 1"]
    assert expand_macros("save `f' `basedosdados.x.y` $g ${g}x", {"f": "/tmp/f"}, {"g": "G"}) == "save /tmp/f `basedosdados.x.y` G Gx"


def test_syntax_takes_each_option_by_any_prefix_as_long_as_its_capitals() -> None:
    read_sql = stata_ado.read_ado(STATA_PACKAGE, "bd_read_sql")
    assert read_sql is not None
    spelled = stata_ado.syntax_locals(read_sql, ', p("x.csv") que(`"SELECT "a""\') b(projeto) pag(5) clear')
    assert spelled == {"path": '"x.csv"', "query": '`"SELECT "a""\'', "billing_project_id": "projeto", "page_size": "5", "clear": "clear"}
    assert stata_ado.syntax_locals(read_sql, ", q(x)")["page_size"] == "10000"  # integer defaults filled
    for typed, message in [(", q(x) pa(1) pag(x)", "option page_size() incorrectly specified"), (", q(x) pg(1)", "option pg() not allowed"),
                           (", b(x)", "option query() required"), (", q(x) clear(1)", "option clear takes no argument"), ("x, q(x)", "x not allowed")]:
        with pytest.raises(StataError, match=message.replace("(", r"\(").replace(")", r"\)")) as refused:
            stata_ado.syntax_locals(read_sql, typed)
        assert refused.value.rc == 198


def test_import_delimited_gives_the_types_of_its_defaults(stata: sfi.Session, tmp_path: Path) -> None:
    csv = tmp_path / "tipos.csv"
    csv.write_text('Codigo,ano,pequeno,grande,enorme,valor,texto,vazio,2020,nota\n1100015,2020,1,40000,3000000000,1.5,"a, ""b""",,x,"sem\n0110,2021,-2,,,2,ção,,y,fim"\n', encoding="utf-8")
    stata_commands.run(f'import delimited using "{csv}", clear varnames(1) encoding("utf-8")', {})
    assert [(v.name, v.type) for v in stata.variables] == [
        ("codigo", "long"), ("ano", "int"), ("pequeno", "byte"), ("grande", "long"), ("enorme", "double"), ("valor", "float"),
        ("texto", "str6"), ("vazio", "byte"), ("v9", "str1"), ("nota", "str4")]
    assert stata.variable("codigo").values == [1100015.0, 110.0] and stata.variable("texto").values == ['a, "b"', "ção"]
    assert stata.variable("v9").label == "2020" and stata.variable("nota").values == ["sem", 'fim"']  # quotes bind within a line
    assert stata.obs == 2 and not stata.changed


def test_merge_keeps_what_is_asked_and_refuses_keys_of_two_kinds_or_not_unique(stata: sfi.Session, tmp_path: Path) -> None:
    Data.setObsTotal(3)
    Data.addVarLong("id")
    Data.addVarStr("uf", 2)
    Data.store(None, None, [[1, "SP"], [2, "RJ"], [3, "SP"]])
    stata_commands.save_dataset(tmp_path / "ufs.dta")
    stata_commands.run('keep if uf == "SP"', {})
    stata_commands.run(f"save {tmp_path / 'sp'}", {})
    with pytest.raises(StataError) as exists:
        stata_commands.run(f"save {tmp_path / 'sp'}", {})
    assert exists.value.rc == 602
    stata_commands.run(f"use {tmp_path / 'ufs.dta'}, clear", {})
    stata_commands.run(f"merge 1:1 id using {tmp_path / 'sp.dta'}, keep(match)", {})
    assert stata.variable("id").values == [1.0, 3.0] and stata.variable("_merge").values == [3.0, 3.0] and stata.value_labels["_merge"][3] == "Matched (3)"
    stata.variables = [v for v in stata.variables if v.name != "_merge"]
    with pytest.raises(StataError) as unique:
        stata_commands.run(f"merge 1:1 uf using {tmp_path / 'ufs.dta'}", {})  # SP twice in the master data
    identifier = stata.variable("id")
    identifier.storage, identifier.width, identifier.values = "str", 1, ["1", "3"]
    with pytest.raises(StataError) as kinds:
        stata_commands.run(f"merge 1:1 id using {tmp_path / 'ufs.dta'}", {})
    assert (unique.value.rc, kinds.value.rc) == (459, 106)
    assert str(kinds.value) == "key variable id is str1 in master but long in using data"


def test_use_refuses_changed_data_without_clear_and_destring_compresses(stata: sfi.Session, tmp_path: Path) -> None:
    Data.setObsTotal(2)
    Data.addVarStr("id_municipio", 7)
    Data.addVarStr("nome", 4)
    Data.store(None, None, [["3550308", "São"], ["", "Rio"]])
    stata_commands.save_dataset(tmp_path / "m.dta")
    stata_commands.run("destring id_municipio nome, replace", {})
    assert (stata.variable("id_municipio").type, stata.variable("id_municipio").values[0], stata.variable("nome").type) == ("long", 3550308.0, "str4")
    assert stata.displayed[-1] == "nome: contains nonnumeric characters; no replace"
    with pytest.raises(StataError) as changed:
        stata_commands.run(f"use {tmp_path / 'm.dta'}", {})
    with pytest.raises(StataError) as missing:
        stata_commands.run(f"use {tmp_path / 'nada.dta'}, clear", {})
    assert (changed.value.rc, missing.value.rc) == (4, 601)


def test_a_do_file_stops_at_its_first_error_and_capture_keeps_going(stata: sfi.Session, tmp_path: Path) -> None:
    text = "tempfile t\nsave `t'\ncap rename nada algo\nrename nada algo\nclear\n"
    Data.setObsTotal(1)
    run = stata_do.run_do(text, STATA_PACKAGE)
    assert [(s.line, s.rc) for s in run.steps] == [("tempfile t", 0), ("save `t'", 0), ("cap rename nada algo", 0), ("rename nada algo", 111)]
    assert run.rc == 111 and stata.last_rc == 111 and run.steps[-1].output == ("variable nada not found",)
    with pytest.raises(NotImplementedError, match="does not run Stata's regress"):
        stata_do.run_do("regress y x", STATA_PACKAGE)
