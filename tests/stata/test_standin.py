"""The stand-in sfi refuses what Stata refuses and records what Stata would hold."""

from __future__ import annotations

import pytest
import sfi
from sfi import Characteristic, Data, Macro, Missing, Scalar, SFIToolkit, ValueLabel


@pytest.mark.parametrize(
    "name",
    [
        "a" * 33,  # 33 characters
        "2020",  # starts with a digit
        "valor-total",  # a hyphen
        "com espaco",
        "",
        "byte",
        "_all",
        "str5",
        "strL",
        "_N",
        "using",
    ],
)
def test_refuses_invalid_and_reserved_variable_names(stata: sfi.Session, name: str) -> None:
    with pytest.raises(ValueError, match="not a valid Stata variable name"):
        Data.addVarByte(name)
    assert stata.variables == []


@pytest.mark.parametrize("name", ["a" * 32, "_2020", "município", "x1_y", "Str5", "strLx", "str"])
def test_accepts_valid_names_including_unicode_letters(stata: sfi.Session, name: str) -> None:
    Data.addVarDouble(name)
    assert stata.names() == [name]


def test_refuses_adding_a_variable_that_exists(stata: sfi.Session) -> None:
    Data.addVarInt("ano")
    with pytest.raises(ValueError, match="already defined"):
        Data.addVarStr("ano", 4)


def test_str_beyond_2045_bytes_becomes_strl_and_width_is_checked_in_bytes(stata: sfi.Session) -> None:
    Data.setObsTotal(1)
    Data.addVarStr("curto", 2045)
    Data.addVarStr("longo", 2046)
    assert [v.type for v in stata.variables] == ["str2045", "strL"]
    Data.addVarStr("nome", 4)
    with pytest.raises(ValueError, match="is 6 bytes and does not fit"):
        Data.store("nome", 0, "ação")  # 4 characters, 6 bytes in UTF-8
    Data.store("longo", 0, "x" * 100_000)
    with pytest.raises(ValueError, match="binary zeros need a strL"):
        Data.store("curto", 0, "a\0b")
    with pytest.raises(ValueError, match="positive integer"):
        Data.addVarStr("vazio", 0)


def test_variable_labels_hold_at_most_80_characters(stata: sfi.Session) -> None:
    Data.addVarByte("x")
    Data.setVarLabel("x", "é" * 80)
    with pytest.raises(ValueError, match="at most 80"):
        Data.setVarLabel("x", "a" * 81)
    assert stata.variable("x").label == "é" * 80


@pytest.mark.parametrize(
    ("storage", "fits", "refused"),
    [
        ("byte", [-127, 100], [101, -128, 1.5]),
        ("int", [-32_767, 32_740], [32_741, -32_768]),
        ("long", [-2_147_483_647, 2_147_483_620], [2_147_483_621, 0.25]),
        ("double", [8.98e307, -1e300, 1e-300], [1e308, float("nan"), float("inf"), 2**53 + 1]),
    ],
)
def test_store_refuses_values_out_of_the_types_range(stata: sfi.Session, storage: str, fits: list[float], refused: list[float]) -> None:
    getattr(Data, f"addVar{storage.capitalize()}")("v")
    Data.setObsTotal(len(fits))
    Data.store("v", None, fits)
    assert stata.variable("v").values == [float(x) for x in fits]
    for value in refused:
        with pytest.raises(ValueError, match="fit|digits"):
            Data.storeAt("v", 0, value)
    assert stata.variable("v").values[0] == float(fits[0])


def test_missing_values_fit_every_numeric_type(stata: sfi.Session) -> None:
    Data.setObsTotal(2)
    Data.addVarByte("b")
    Data.store("b", None, [Missing.getValue(), Missing.getValue("z")])
    assert [sfi.rules.missing_letter(v) for v in stata.variable("b").values] == ["", "z"]
    assert Missing.getValue() < Missing.getValue("a") < Missing.getValue("z")
    assert Missing.isMissing(Missing.getValue("c")) and not Missing.isMissing(8.98e307)


def test_store_checks_types_and_shapes(stata: sfi.Session) -> None:
    Data.setObsTotal(2)
    Data.addVarDouble("n")
    Data.addVarStr("s", 3)
    Data.store(None, None, [[1.5, "abc"], [2, "de"]])
    assert stata.variable("s").values == ["abc", "de"]
    with pytest.raises(TypeError):
        Data.store("n", 0, "1")
    with pytest.raises(TypeError):
        Data.store("s", 0, 1)
    with pytest.raises(TypeError):
        Data.store("n", 0, True)
    with pytest.raises(ValueError, match="number of observations"):
        Data.store("n", None, [1, 2, 3])
    with pytest.raises(ValueError, match="obs out of range"):
        Data.storeAt("n", 2, 1.0)
    with pytest.raises(ValueError, match="not found"):
        Data.store("z", 0, 1.0)


def test_formats_must_be_valid_and_fit_the_type(stata: sfi.Session) -> None:
    Data.addVarDouble("t")
    Data.addVarStr("s", 2)
    Data.setVarFormat("t", "%tc")
    Data.setVarFormat("t", "%tcHH:MM:SS.sss")
    Data.setVarFormat("t", "%20.0g")
    for bad in ("%9s", "%q", "tc", "%0.0g"):
        with pytest.raises(ValueError):
            Data.setVarFormat("t", bad)
    with pytest.raises(ValueError, match="does not apply"):
        Data.setVarFormat("s", "%td")
    assert stata.variable("s").format == "%9s"


def test_value_labels_map_integers_and_attach_to_numeric_variables(stata: sfi.Session) -> None:
    ValueLabel.createLabel("sim_nao")
    ValueLabel.setLabelValue("sim_nao", 1, "sim")
    with pytest.raises(ValueError, match="already defined"):
        ValueLabel.createLabel("sim_nao")
    with pytest.raises(TypeError):
        ValueLabel.setLabelValue("sim_nao", 1.5, "meio")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not found"):
        ValueLabel.setLabelValue("outro", 1, "x")
    Data.addVarStr("texto", 3)
    with pytest.raises(ValueError, match="numeric"):
        ValueLabel.setVarValueLabel("texto", "sim_nao")
    assert stata.value_labels == {"sim_nao": {1: "sim"}}


def test_characteristics_are_bounded_and_empty_text_deletes_them(stata: sfi.Session) -> None:
    Data.addVarByte("x")
    Characteristic.setVariableChar("x", "bd_name", "x original")
    assert Characteristic.getVariableChar("x", "bd_name") == "x original"
    Characteristic.setVariableChar("x", "bd_name", "")
    assert stata.variable("x").chars == {}
    with pytest.raises(ValueError, match="longer than"):
        Characteristic.setDtaChar("bd_source", "x" * 67_785)
    with pytest.raises(ValueError, match="not a valid characteristic name"):
        Characteristic.setDtaChar("1x", "y")


def test_maxvar_limits_the_number_of_variables(stata: sfi.Session) -> None:
    stata.maxvar = 2
    Data.addVarByte("a")
    Data.addVarByte("b")
    with pytest.raises(ValueError, match="no room"):
        Data.addVarByte("c")


def test_exit_records_the_return_code_and_output_is_recorded_by_line(stata: sfi.Session) -> None:
    SFIToolkit.display("(4 observations")
    SFIToolkit.displayln(", 10 variables)")
    SFIToolkit.errprintln("{bf:erro}")
    SFIToolkit.errprintln("chave solta { aqui", asis=True)
    with pytest.raises(ValueError, match="unbalanced SMCL"):
        SFIToolkit.displayln("chave solta { aqui")
    assert not SFIToolkit.errprintlnDebug("só com set debug on")
    with pytest.raises(sfi.StataExit) as stop:
        SFIToolkit.exit(198)
    assert (stop.value.rc, stata.rc) == (198, 198)
    assert stata.displayed == ["(4 observations, 10 variables)"]
    assert stata.errors == ["{bf:erro}", "chave solta { aqui"]


def test_only_clear_runs_as_a_stata_command(stata: sfi.Session) -> None:
    Data.setObsTotal(3)
    Data.addVarByte("x")
    ValueLabel.createLabel("rotulo")
    assert Scalar.getValue("c(changed)") == 1
    SFIToolkit.stata("clear")
    assert (stata.variables, stata.obs, stata.value_labels, Scalar.getValue("c(changed)")) == ([], 0, {}, 0)
    with pytest.raises(NotImplementedError, match="regress"):
        SFIToolkit.stata("regress y x")


def test_macros_and_stored_results(stata: sfi.Session) -> None:
    stata.reset(locals={"query": "SELECT 1"})
    assert Macro.getLocal("query") == "SELECT 1"
    assert Macro.getLocal("nada") == ""
    Macro.setGlobal("bdsdk_error", "validation")
    Macro.setGlobal("return(path)", "/tmp/x.csv")
    Scalar.setValue("return(N)", 4)
    assert stata.globals == {"bdsdk_error": "validation"}
    assert stata.returned == {"path": "/tmp/x.csv", "N": 4.0}
    with pytest.raises(TypeError):
        Scalar.setValue("return(N)", "4")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Macro.setGlobal("1global", "x")


def test_variables_are_addressed_by_index_or_name(stata: sfi.Session) -> None:
    Data.addVarByte("a")
    Data.addVarByte("b")
    assert Data.getVarIndex("b") == 1
    assert Data.getVarName(-1) == "b"
    with pytest.raises(ValueError, match="out of range"):
        Data.getVarName(2)
