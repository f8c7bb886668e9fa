"""The Django-free reader package: cells, headers, limits, problems, sources."""

import datetime as dt
import zipfile
from decimal import Decimal

import numpy as np
import openpyxl
import pytest

from leitai.tabular import (
    CellError,
    Formula,
    Issue,
    Limits,
    Percent,
    Problems,
    SheetSpec,
    TabularError,
    clean,
    csv_rows,
    decimal,
    decode,
    is_not_reported,
    number,
    read_table,
    read_text,
    text,
    xlsx_sheets,
)
from leitai.tabular.cells import PercentText

SPEC = SheetSpec(
    "values",
    {"unit": ("单位代码",), "value": ("数值",), "note": ("备注",)},
    ("unit", "value"),
    ("数据",),
)


def rows(*lines):
    return list(enumerate(lines, start=1))


def table_of(*lines, limits=None, spec=SPEC):
    problems = Problems()
    table = read_table(rows(*lines), spec, "values", problems, limits or Limits())
    return table, problems.messages()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("85%", 0.85),
        ("８５％", 0.85),
        (" 1,234.5 ", 1234.5),
        (np.float64(2.5), 2.5),
        (np.int64(3), 3.0),
        (Percent(0.5), 0.5),
        (None, None),
        ("   ", None),
    ],
)
def test_numbers(cell, expected):
    assert number(cell) == expected


def test_percentages_keep_what_was_shown():
    typed, formatted = number("85%"), number(Percent(0.85))
    assert (type(typed), type(formatted)) == (PercentText, Percent)
    assert (typed.shown, text(typed), text(Percent(0.071))) == (85.0, "85%", "7.1%")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (dt.datetime(2022, 10, 1), "a date or time (2022-10-01), not a number"),
        (dt.datetime(2022, 10, 1, 8, 30), "a date or time (2022-10-01 08:30:00), not a number"),
        (dt.date(2022, 10, 1), "a date or time (2022-10-01), not a number"),
        (dt.timedelta(hours=2), "a date or time (2:00:00), not a number"),
        (False, "a true/false cell (FALSE), not a number"),
        (Formula("=A1*2"), "a formula without a saved result (=A1*2)"),
        (object, "not a number: \"<class 'object'>\""),
        ("12%%", "not a number: '12%%'"),
        ("nan%", "not a number: 'nan%'"),
    ],
)
def test_cells_that_are_not_numbers(cell, message):
    with pytest.raises(CellError) as caught:
        number(cell)
    assert caught.value.reason == message


@pytest.mark.parametrize("mark", ["—", "——", "-", "/", "／", "无", " 未报 ", "未报送", "空"])
def test_not_reported_marks(mark):
    assert is_not_reported(mark)


@pytest.mark.parametrize("cell", ["0", "", None, "未", 0, "n/a"])
def test_other_cells_are_not_marks(cell):
    assert not is_not_reported(cell)


def test_text_of_cells():
    assert [text(None), text(3.0), text(Formula("=1")), text(" a ")] == ["", "3", "=1", "a"]


def test_header_below_title_rows_with_aliases_and_notes():
    table, problems = table_of(
        ["2022年10月考核数据"],
        [],
        ["单位代码", " 数 值 ", "备注", None],
        ["A", "1"],
        [None, None],
        ["注：单位为万元"],
        ["B", "2", "x"],
    )
    assert problems == []
    assert (table.columns, table.headers, table.width) == (
        {"unit": 0, "value": 1, "note": 2},
        {"unit": "单位代码", "value": "数 值", "note": "备注"},
        4,
    )
    assert table.rows == [(4, ["A", "1"]), (7, ["B", "2", "x"])]
    assert table.notes == ["values row 6: read as a note and skipped: '注：单位为万元'"]
    assert (table.cell(["A"], "value"), table.cell(["A", "1"], "other")) == (None, None)
    assert table.where(4, "value") == "values row 4, column 数 值"


def test_header_problems_are_named_on_the_likeliest_row():
    _, problems = table_of(["title"], ["unit", "valeu", "note", "note"], ["A", "1"])
    assert problems == [
        "values row 2: unknown column 'valeu' (expected unit, value, note)",
        "values row 2: duplicate column note",
        "values row 2: missing column value",
    ]
    assert table_of()[1] == [
        "values row 1: missing column unit",
        "values row 1: missing column value",
    ]


def test_header_is_searched_in_the_first_twenty_rows_only():
    lines = [["title"]] * 20 + [["unit", "value"]]
    assert table_of(*lines)[1] == [
        "values row 1: unknown column 'title' (expected unit, value, note)",
        "values row 1: missing column unit",
        "values row 1: missing column value",
    ]


def test_extra_columns_may_be_allowed():
    spec = SheetSpec("previous", {"unit": (), "rank": ()}, ("unit", "rank"), extra_ok=True)
    table, problems = table_of(["unit", "total", "rank"], ["A", "9", "1"], spec=spec)
    assert (problems, table.columns) == ([], {"unit": 0, "rank": 2})


def test_rows_longer_than_the_header_are_refused():
    table, problems = table_of(
        ["unit", "value"], ["A", "1", "520"], ["B", "2", ""], ["C", "3", None], ["D", "4"]
    )
    advice = 'remove the extra cells, or quote a number written with a comma ("1,520")'
    assert problems == [
        f"values row 2: 3 cells but the header has 2 columns: {advice}",
        f"values row 3: 3 cells but the header has 2 columns: {advice}",
    ]
    assert [number for number, _ in table.rows] == [4, 5]


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (Limits(rows=2), "values: more than 2 rows: split the file or remove unused rows"),
        (Limits(cells=5), "values: more than 5 cells: split the file or remove unused columns"),
    ],
)
def test_limits_are_checked_while_streaming(limits, message):
    def endless():
        yield 1, ["unit", "value"]
        n = 1
        while True:
            n += 1
            yield n, ["A", "1"]

    with pytest.raises(TabularError) as caught:
        read_table(endless(), SPEC, "values", Problems(), limits)
    assert caught.value.messages == [message]


def test_problems_keep_the_first_two_hundred():
    problems = Problems()
    for n in range(205):
        problems.add(f"p{n}")
    assert problems.messages()[-2:] == ["p199", "... and 5 more problems"]
    assert len(problems.messages()) == 201
    with pytest.raises(TabularError):
        problems.raise_if_any()
    Problems().raise_if_any()


def test_csv_encodings(tmp_path):
    text_ = "单位代码,数值\r\nA,1\r\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "gbk"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text_.encode(encoding))
        assert list(csv_rows(path)) == [(1, ["单位代码", "数值"]), (2, ["A", "1"])]
    assert decode(b"\x81\x40", "x.csv") == "丂"  # GB18030 takes almost any bytes ...
    with pytest.raises(TabularError) as caught:
        decode(b"\xff\xff\xff", "x.csv")  # ... but not these
    assert caught.value.messages == [
        "x.csv: not a text file in UTF-8 or GB18030 (GBK): save it from Excel as “CSV UTF-8” "
        "or “CSV (逗号分隔)”"
    ]
    with pytest.raises(TabularError) as caught:
        read_text(tmp_path / "none.csv")
    assert caught.value.messages == [
        f"{tmp_path / 'none.csv'}: cannot read (No such file or directory)"
    ]


def test_xlsx_cells_keep_their_types(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "数据"
    ws.append(["a", "b", "c", "d", "e", "f"])
    ws.append([1, 0.5, "=1+1", dt.date(2022, 1, 2), True, "x"])
    ws["B2"].number_format = "0.0%"
    ws.append([None, 2, None, None, None, None])
    ws["B3"].number_format = '0.00"%"'  # a literal % sign: not a percentage
    ws.merge_cells("A2:A4")
    ws.merge_cells("E2:G2")
    book.save(tmp_path / "t.xlsx")
    sheets = xlsx_sheets(tmp_path / "t.xlsx")
    got = list(sheets["数据"])
    assert got[1] == (2, [1, 0.5, Formula("=1+1"), dt.datetime(2022, 1, 2), True, True, True])
    assert type(got[1][1][1]) is Percent
    assert got[2] == (3, [1, 2])  # A3 filled from A2
    assert type(got[2][1][1]) is int
    assert got[3:] == [(4, [1])]


def test_a_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    with pytest.raises(TabularError) as caught:
        xlsx_sheets(path)
    assert caught.value.messages[0].startswith(f"{path}: the workbook cannot be opened (")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, ""),
        (True, "是"),
        (False, "否"),
        (101.0, "101"),
        (0.5, "0.5"),
        ("  Ａ０１ ", "A01"),
        ("—", ""),
        (" 无 ", ""),
        (Formula("=A1"), "=A1"),
        (dt.date(2022, 3, 31), "2022-03-31"),
    ],
)
def test_clean_text_for_the_web_uploads(cell, expected):
    assert clean(cell) == expected


def test_clean_may_keep_full_width_punctuation():
    assert clean("县（区）\u00a0办 ", nfkc=False) == "县（区） 办"
    assert clean("／", nfkc=False) == ""


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, None),
        ("", None),
        (" — ", None),
        ("未报", None),
        (12, Decimal("12")),
        (10**20 + 1, Decimal(10**20 + 1)),
        (1.25, Decimal("1.25")),
        (Percent(0.85), Decimal("0.85")),
        ("１,２００", Decimal("1200")),
        ("1 234.5", Decimal("1234.5")),
        ("12345678901234.5678", Decimal("12345678901234.5678")),
        (np.float64(2.5), Decimal("2.5")),
    ],
)
def test_decimal_reads_exactly(cell, expected):
    assert decimal(cell) == expected


@pytest.mark.parametrize("cell", ["十二", "85%", True, dt.date(2022, 1, 1), Formula("=1"), "1e"])
def test_decimal_refuses_what_is_not_a_number(cell):
    with pytest.raises(CellError):
        decimal(cell)


def test_header_cells_match_without_marks_remarks_or_blanks():
    spec = SheetSpec("grid", {"unit": ("单位代码",)}, ("unit",), extra_ok=True, long_ok=True)
    table, problems = table_of(
        ["*单位代码（必填）", None, "张三", "李四"], ["A", None, 1, 2, "x", "y"], spec=spec
    )
    assert problems == []
    assert (table.columns, table.extra) == ({"unit": 0}, {2: "张三", 3: "李四"})
    assert table.rows == [(2, ["A", None, 1, 2])]  # long_ok: cells past the header dropped


def test_header_search_depth_is_the_specs():
    spec = SheetSpec("values", {"unit": (), "value": ()}, ("unit", "value"), search=1)
    assert table_of(["title"], ["unit", "value"], spec=spec)[1] == [
        "values row 1: unknown column 'title' (expected unit, value)",
        "values row 1: missing column unit",
        "values row 1: missing column value",
    ]


def test_problems_are_issues_with_codes_and_params():
    problems = Problems()
    read_table(rows(["unit", "unit"]), SPEC, "values", problems)
    assert [(p.code, p.params) for p in problems.kept] == [
        ("duplicate_column", {"label": "values", "row": 1, "column": "unit"}),
        ("missing_column", {"label": "values", "row": 1, "column": "value"}),
    ]
    with pytest.raises(TabularError) as caught:
        read_table(rows(["unit", "value"], ["A", 1], ["B", 2]), SPEC, "v", Problems(), Limits(1))
    assert [(i.code, i.params) for i in caught.value.issues] == [
        ("too_many_rows", {"label": "v", "limit": 1})
    ]
    error = TabularError(["plain", Issue("x", {}, "coded")], more=3)
    assert error.messages == ["plain", "coded", "... and 3 more problems"]
    assert [(i.code, i.text) for i in error.issues] == [("text", "plain"), ("x", "coded")]


def test_a_workbook_may_come_as_bytes(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "数据"
    book.active.append(["a", 1])
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert [list(r) for r in xlsx_sheets(path.read_bytes(), "upload")["数据"]] == [[1, ["a", 1]]]
    with pytest.raises(TabularError) as caught:
        xlsx_sheets(b"hello", "upload")
    assert [(i.code, i.params) for i in caught.value.issues] == [
        ("not_workbook", {"name": "upload", "reason": "BadZipFile"})
    ]


def test_inline_strings_and_chart_sheets(tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook(write_only=True)
    book.create_chartsheet("图")
    sheet = book.create_sheet("数据")
    sheet.append(["单位", CellRichText("数", TextBlock(InlineFont(b=True), "值")), ""])
    sheet.append([CellRichText(TextBlock(InlineFont(i=True), "A"), "01"), 1])
    book.save(tmp_path / "inline.xlsx")
    sheets = xlsx_sheets(tmp_path / "inline.xlsx")
    assert list(sheets) == ["数据"]
    assert list(sheets["数据"]) == [(1, ["单位", "数值", None]), (2, ["A01", 1])]


@pytest.mark.parametrize(
    ("text", "grid"),
    [
        ("h,k\nA,1\nB,2\n", True),
        ("h,k\r\nA,1\r\nB, 2 \r\n", True),  # Excel's line ends
        ("h,k\nA,1\nB,", True),  # no last line break; a blank last cell
        ("h,k,x\nA,1\nB,2\n", True),  # every row shorter than the header
        ("h,k\nA,1\n\nB,2\n", False),  # a blank line
        ("h,k\nA,1\nB,2,3\n", False),  # rows of different lengths
        ('h,k\nA,"1,5"\n', False),  # a quoted cell
        ("h,k\nA,1\rB,2\r", False),  # old Mac line ends
        ("h,k\nA,1\x00\n", False),
        ("h,k\n", False),  # no row below the header
    ],
)
def test_the_rows_below_the_header_are_a_grid_exactly_as_the_csv_reader_reads_them(
    tmp_path, text, grid
):
    import csv
    import io

    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    rows = csv_rows(path)
    assert next(rows) == (1, text.replace("\r\n", "\n").split("\n")[0].split(","))
    found = rows.grid()
    expected = list(csv.reader(io.StringIO(text, newline="")))[1:]
    if not grid:
        assert found is None
        assert rows.rest() == (2, expected)  # nothing was read: the reader goes on
        return
    first, columns = found
    assert first == 2
    assert [list(row) for row in zip(*columns, strict=True)] == expected
    assert list(rows) == []


def test_a_table_read_as_a_grid_gives_its_rows_with_their_numbers(tmp_path):
    from leitai.tabular import SheetSpec

    path = tmp_path / "t.csv"
    path.write_text("说明：标题\n单位代码,数值\nA,1\nB,2\n", encoding="utf-8")
    spec = SheetSpec("t", {"unit": ("单位代码",), "value": ("数值",)}, ("unit", "value"))
    table = read_table(csv_rows(path), spec, "t", Problems())
    assert table.plain and table.grid == [["A", "B"], ["1", "2"]]
    assert list(table.rows) == [(3, ["A", "1"]), (4, ["B", "2"])]
    assert (len(table.rows), table.rows.numbers()) == (2, [3, 4])
