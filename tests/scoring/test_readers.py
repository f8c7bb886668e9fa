"""Reading numbers and cells the way a county office types them."""

import csv

import numpy as np
import openpyxl
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
    "cell",
    ["abc", "12,34", "1,2345", "87.5%", "nan", "inf", "1e999", True, float("inf"), "1 2", "1_000"],
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


def test_rows_may_name_units_and_indicators_by_position():
    from leitai.scoring import InputError, PanelColumns, ScoringInput, Unit, parse_dict, score

    scheme = parse_dict({"name": "n", "arenas": [{"code": "a", "weight": 1, "indicators": [
        {"code": "S", "rule": "share", "max_points": 10},
        {"code": "J", "rule": "panel", "max_points": 10}]}]})  # fmt: skip
    units = (Unit("A", "A", "g"), Unit("B", "B", "g"))
    values = ValueColumns(np.array([0, 1]), np.array([0, 0]), np.array([1.0, 0.5]),
                          np.full(2, np.nan), np.full(2, np.nan))  # fmt: skip
    panel = PanelColumns(np.array([0, 0]), np.array([1, 1]), np.array([1, 2]),
                         np.array([80.0, 90.0]))  # fmt: skip
    assert len(panel) == 2
    result = score(scheme, ScoringInput(units, values, panel))
    assert [u.total for u in result.ordered()] == [92.5, 25.0]
    bad = ValueColumns(np.array([2]), np.array([0]), np.ones(1), np.ones(1), np.ones(1))
    with pytest.raises(InputError, match="values record 1, column unit: unknown unit 2"):
        score(scheme, ScoringInput(units, bad))


def test_writers_return_text_for_in_memory_use():
    from leitai.scoring import ScoringInput, Unit, parse_dict, score
    from leitai.scoring.writers import to_csv, to_json

    scheme = parse_dict({"name": "n", "arenas": [{"code": "a", "weight": 1, "indicators": [
        {"code": "S", "rule": "share", "max_points": 10}]}]})  # fmt: skip
    result = score(scheme, ScoringInput.from_rows([Unit("A", "甲", "g")], [Value("A", "S", 1)]))
    assert to_json(result).startswith(
        '{"scheme": "n", "warnings": [], "units": [\n{"unit": "A", "name": "甲"'
    )
    assert to_csv(result).splitlines()[1].startswith("A,甲,g,100.0,1,,false,100.0,10.0,10.0,")


def _example_csv(tmp_path):
    import shutil
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "county-small"
    shutil.copytree(example / "data", tmp_path / "data")
    return example, tmp_path / "data"


def test_a_sheet_given_twice_is_refused(tmp_path):
    import shutil

    from leitai.scoring.readers import ReadError, read_data

    _, data = _example_csv(tmp_path)
    shutil.copy(data / "units.csv", data / "单位.csv")
    with pytest.raises(ReadError) as caught:
        read_data(data)
    assert caught.value.messages == [f"{data}: units.csv and 单位.csv are the same sheet"]
    book = openpyxl.Workbook()
    book.active.title = "数据"
    book.create_sheet("Values")
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(ReadError) as caught:
        read_data(tmp_path / "two.xlsx")
    assert caught.value.messages == [
        "two.xlsx: sheets Values and 数据 are the same sheet",
        "units: required sheet is missing",
    ]


def test_a_judges_score_cannot_be_not_reported(tmp_path):
    from leitai.scoring.readers import ReadError, read_data

    _, data = _example_csv(tmp_path)
    text = (
        (data / "panel.csv").read_text(encoding="utf-8").replace("FGW,R2,J1,88", "FGW,R2,J1,未报")
    )
    (data / "panel.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_data(data)
    assert caught.value.messages == ["panel row 2, column score: not reported ('未报')"]


def test_percent_formatted_numbers_of_other_rules_are_read_as_stored(tmp_path):
    from leitai.scoring import parse_yaml
    from leitai.scoring.readers import read_data

    example, data = _example_csv(tmp_path)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in ("units", "values"):
        ws = book.create_sheet(sheet)
        with (data / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
            for line in csv.reader(handle):
                ws.append(line)
    ws = book["values"]
    ws.append(["FGW", "P9", 0.875, 1])
    ws.cell(ws.max_row, 3).number_format = "0.0%"
    ws.cell(ws.max_row, 4).number_format = "0%"
    book.save(tmp_path / "p.xlsx")
    scheme = parse_yaml((example / "scheme.yaml").read_text(encoding="utf-8"))
    loaded = read_data(tmp_path / "p.xlsx", scheme)
    values = loaded.data.values
    assert (values.indicator[-1], values.value[-1], values.target[-1]) == ("P9", 0.875, 1.0)
    assert loaded.notes == []


def _folder(tmp_path, values: list[list[str]], panel: list[list[str]]):
    folder = tmp_path / "data"
    folder.mkdir()
    sheets = {
        "units.csv": [["unit", "name", "group"], ["A", "甲", "g"], ["B", "乙", "g"]],
        "values.csv": [["unit", "indicator", "value", "target", "previous"], *values],
        "panel.csv": [["unit", "indicator", "judge", "score"], *panel],
    }
    for name, rows in sheets.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


@pytest.mark.parametrize(
    "odd",
    [
        None,  # plain: read by columns
        ["A", "Y", "—", "", ""],  # a not-reported mark
        ["A", "Y", "1_000", "", ""],  # not a number as typed
        ["A", "Y", "nan", "", ""],
        ["A", "Y", " ", "", ""],  # blank with a space
        ["B", "", "3", "", ""],  # a blank code
        ["", "", "", "", ""],  # a blank row
        ["B", "Y", "4", "5"],  # a short row
        ["P", "A", "P", "", "90"],  # a judge left blank (a code beyond the first two cells)
        ["P", "B", "P", "J2", ""],  # a judge's score left blank
        ["A", "Y", "1,000", "", ""],  # a quoted cell: read as rows, then by columns
        "mac",  # old Mac line ends: read as rows, then by columns
        ["A", "Y", '"3"', "", ""],  # a quote inside a cell
    ],
)
def test_a_plain_csv_table_is_read_by_columns_as_row_by_row(tmp_path, monkeypatch, odd):
    from leitai.scoring import parse_dict
    from leitai.scoring.readers import ReadError, read_data
    from leitai.tabular import tables

    values = [
        ["A", "X", " 12.5 ", "100", ""],
        ["B", "X", "１２", "", "3"],
        ["A", "Y", "1e3", "", ""],
    ]
    panel = [["A", "P", "J1", "90"], ["B", "P", "J1", "80.5"]]
    if odd and odd[0] == "P":
        panel.append(odd[1:])
    elif odd and odd != "mac":
        values.append(odd)
    folder = _folder(tmp_path, values, panel)
    if odd == "mac":
        path = folder / "values.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r"), encoding="utf-8")
    scheme = parse_dict(
        {"name": "s", "arenas": [{"code": "a", "name": "A", "weight": 1, "indicators": [
            {"code": "X", "rule": "completion", "max_points": 10},
            {"code": "Y", "rule": "share", "max_points": 10},
            {"code": "P", "rule": "panel", "max_points": 10}]}]}
    )  # fmt: skip

    def read():
        try:
            loaded = read_data(folder, scheme)
        except ReadError as exc:
            return exc.messages
        return loaded.data, loaded.rows, loaded.notes

    by_columns = read()
    monkeypatch.setattr(tables, "_plain", lambda rows, width: False)
    monkeypatch.setattr(tables, "_plain_grid", lambda grid, width: False)
    by_rows = read()
    if isinstance(by_rows, list):
        assert by_columns == by_rows
        return
    data, rows, notes = by_columns
    assert (rows, notes) == by_rows[1:]
    assert data.values.unit == by_rows[0].values.unit
    assert data.values.indicator == by_rows[0].values.indicator
    for column in ("value", "target", "previous"):
        np.testing.assert_array_equal(
            getattr(data.values, column), getattr(by_rows[0].values, column)
        )
    assert data.panel.judge == by_rows[0].panel.judge
    np.testing.assert_array_equal(data.panel.score, by_rows[0].panel.score)
    if odd is None or odd == "mac":
        assert data.values.value.tolist()[:3] == [12.5, 12.0, 1000.0]
        assert rows["values"] == [2, 3, 4]


@pytest.mark.parametrize(
    ("panel", "classes"),
    [
        # No row gives a class: every row short, or blank, or both.
        ([["A", "P", "J1", "90"], ["B", "P", "J1", "80.5"]], None),
        ([["A", "P", "J1", "90", ""], ["B", "P", "J1", "80.5", " "]], None),
        ([["A", "P", "J1", "90"], ["B", "P", "J1", "80.5", ""]], None),
        # Classes given for the indicator with classes, left out for the other.
        (
            [["A", "P", "J1", "90"], ["A", "Q", "J1", "70", " 甲 "], ["B", "Q", "J2", "60", "乙"]],
            ("", "甲", "乙"),
        ),
        # A row too long is refused the same way both ways.
        ([["A", "P", "J1", "90", "", "x"]], "refused"),
    ],
)
def test_a_panel_with_a_class_column_is_read_by_columns_as_row_by_row(
    tmp_path, monkeypatch, panel, classes
):
    from leitai.scoring import parse_dict
    from leitai.scoring.readers import ReadError, read_data
    from leitai.tabular import tables

    folder = _folder(tmp_path, [["A", "X", "1", "2", ""]], [])
    with (folder / "panel.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([["unit", "indicator", "judge", "score", "class"], *panel])
    scheme = parse_dict(
        {"name": "s", "arenas": [{"code": "a", "name": "A", "weight": 1, "indicators": [
            {"code": "X", "rule": "completion", "max_points": 10},
            {"code": "P", "rule": "panel", "max_points": 10},
            {"code": "Q", "rule": "panel", "max_points": 10, "classes": {"甲": 1, "乙": 1}}]}]}
    )  # fmt: skip

    def read():
        try:
            loaded = read_data(folder, scheme)
        except ReadError as exc:
            return exc.messages
        p = loaded.data.panel
        return p.unit, p.indicator, p.judge, p.score.tolist(), p.rater_class, loaded.rows

    by_columns = read()
    monkeypatch.setattr(tables, "_plain", lambda rows, width: False)
    monkeypatch.setattr(tables, "_plain_grid", lambda grid, width: False)
    assert by_columns == read()
    if classes == "refused":
        assert by_columns == [
            "panel row 2: 6 cells but the header has 5 columns: remove the extra cells, or quote "
            'a number written with a comma ("1,520")'
        ]
    else:
        assert by_columns[4] == classes
        assert by_columns[5]["panel"] == list(range(2, len(panel) + 2))
