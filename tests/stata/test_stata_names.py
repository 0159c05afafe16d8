"""Stata names and labels from column names and descriptions (the runtime's stata_names)."""

from __future__ import annotations

import random

import pytest
import stata_names
from sfi import rules


@pytest.mark.parametrize(
    ("column", "name"),
    [
        ("ano", "ano"),
        ("ação", "acao"),
        ("São Paulo", "Sao_Paulo"),
        ("valor (R$)", "valor_R_"),
        ("2020", "_2020"),
        ("1º trimestre", "_1o_trimestre"),
        ("if", "if_"),
        ("byte", "byte_"),
        ("str5", "str5_"),
        ("strL", "strL_"),
        ("_n", "_n_"),
        ("_all", "_all_"),
        ("using", "using_"),
        ("Int", "Int"),
        ("???", "var1"),
        ("日本語", "var1"),
        ("a" * 40, "a" * 32),
    ],
)
def test_one_column_gets_a_valid_stata_name(column: str, name: str) -> None:
    assert stata_names.unique_names([column]) == [name]
    assert rules.valid_variable_name(name) is None


def test_clashes_get_numbered_suffixes_in_column_order() -> None:
    assert stata_names.unique_names(["a-b", "a_b", "a b", "A_B"]) == ["a_b", "a_b_2", "a_b_3", "A_B"]


def test_long_names_that_share_32_characters_stay_within_32() -> None:
    base = "populacao_residente_estimada_por_municipio"
    names = stata_names.unique_names([base + "_2020", base + "_2021", base + "_2022"])
    assert names == [base[:32], base[:30] + "_2", base[:30] + "_3"]
    assert all(len(n) <= 32 for n in names)


def test_a_suffix_never_collides_with_a_later_column() -> None:
    assert stata_names.unique_names(["x", "x", "x_2"]) == ["x", "x_2", "x_2_2"]


def test_positional_names_count_from_one() -> None:
    assert stata_names.unique_names(["id", "???", "%%%"]) == ["id", "var2", "var3"]


def test_names_are_deterministic_valid_and_unique_for_hostile_columns() -> None:
    generator = random.Random(12)
    alphabet = "aZ_09 -.$`'\"{}çãéß日\u0301\u200b\n"
    columns = ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 50))) for _ in range(400)]
    columns += ["if", "if", "if_", "byte", "str1", "str2045"] * 3
    first, second = stata_names.unique_names(columns), stata_names.unique_names(columns)
    assert first == second
    assert len(set(first)) == len(first)
    assert [n for n in first if rules.valid_variable_name(n) is not None] == []


def test_taken_names_are_avoided() -> None:
    assert stata_names.unique_names(["id"], taken=["id"]) == ["id_2"]


def test_labels_are_one_line_of_at_most_80_characters() -> None:
    assert stata_names.variable_label("Código IBGE\n do município") == "Código IBGE do município"
    long = "Produto interno bruto a preços correntes, em milhares de reais, estimado pelo IBGE para cada município"
    label = stata_names.variable_label(long)
    assert len(label) == 80 and label.endswith("…") and long.startswith(label[:-1])
    assert stata_names.variable_label("x" * 80) == "x" * 80
    assert stata_names.variable_label(None) == ""
