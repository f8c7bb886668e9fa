"""Reading numbers and cells the way a county office types them."""

import numpy as np
import pytest

from leitai.scoring import Value, ValueColumns
from leitai.scoring.readers import parse_number, text_cell


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("１２３", 123.0),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("１，２３４", 1234.0),
        (" 87.5 ", 87.5),
        ("-3", -3.0),
        (".5", 0.5),
        ("2e3", 2000.0),
        (7, 7.0),
        (2.5, 2.5),
        (None, None),
        ("  ", None),
    ],
)
def test_numbers(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize(
    "cell", ["abc", "12,34", "1,2345", "87.5%", "nan", "inf", "1e999", True, float("inf"), "1 2"]
)
def test_other_text_is_not_a_number(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


@pytest.mark.parametrize(
    ("cell", "text"),
    [(None, ""), (101.0, "101"), (1.5, "1.5"), (" 县发改局 ", "县发改局"), (7, "7")],
)
def test_text_cells(cell, text):
    assert text_cell(cell) == text


def test_value_columns_from_rows():
    cols = ValueColumns.from_rows([Value("A", "X", 1.5, None, 2), Value("B", "X", None)])
    assert len(cols) == 2
    assert cols.unit == ("A", "B")
    np.testing.assert_array_equal(cols.value, [1.5, np.nan])
    np.testing.assert_array_equal(cols.previous, [2.0, np.nan])
