"""Office files as offices really send them (tests/scoring/files, made by generate.py).

Each is either read exactly as the office means it (the county example's published totals) or
refused with exit status 2, the exact message and no output file; never a traceback.
"""

import csv
import io
import json
from pathlib import Path

import pytest

from leitai.scoring import cli

FILES = Path(__file__).resolve().parent / "files"
EXAMPLE_TOTALS = {
    "FGW": 97.6,
    "JXJ": 84.0,
    "ZJJ": 67.8,
    "JYJ": 84.55142857142857,
    "WJJ": 63.65714285714285,
}
NOT_A_WORKBOOK = (
    "not an Excel workbook (.xlsx): save it from Excel or WPS as “Excel 工作簿 (*.xlsx)”; "
    "an old .xls or a renamed CSV file cannot be read"
)
NOTES = [
    "{sheet} row {row}: read as a note and skipped: "
    "'注：数据截至2022年10月31日，由各单位填报、县考核办审核。'",
    "{sheet} row {next}: read as a note and skipped: '填报人：张三  联系电话：0536-1234567'",
]


def run(data: str, *extra, scheme: str = "scheme.yaml", tmp_path: Path):
    out = tmp_path / "out.json"
    args = [str(FILES / scheme), str(FILES / data), "-o", str(out), *map(str, extra)]
    status = cli.main(args)
    return status, out


def totals(out: Path) -> dict:
    return {u["unit"]: u["total"] for u in json.loads(out.read_text(encoding="utf-8"))["units"]}


def notes(sheet_rows) -> list[str]:
    return [
        f"warning: {n.format(sheet=s, row=r, next=r + 1)}" for s, r in sheet_rows for n in NOTES
    ]


@pytest.mark.parametrize(
    ("data", "warnings"),
    [
        ("gbk-csv", []),
        ("utf8-bom-csv", []),
        (
            "chinese-workbook.xlsx",
            notes([("单位", 10), ("数据", 33), ("评委打分", 48), ("加扣分", 11), ("免考核", 6)]),
        ),
    ],
)
def test_office_files_read_as_the_example(data, warnings, tmp_path, capsys):
    status, out = run(data, tmp_path=tmp_path)
    assert (status, capsys.readouterr().err.splitlines()) == (0, warnings)
    assert totals(out) == EXAMPLE_TOTALS
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["warnings"] == [w.removeprefix("warning: ") for w in warnings]
    zjj = next(u for u in doc["units"] if u["unit"] == "ZJJ")
    assert (zjj["group"], zjj["vetoed"]) == ("第一组", True)


def test_chinese_workbook_fills_the_merged_group_cells(tmp_path, capsys):
    assert run("chinese-workbook.xlsx", tmp_path=tmp_path)[0] == 0
    out = tmp_path / "out.json"
    groups = {u["unit"]: u["group"] for u in json.loads(out.read_text("utf-8"))["units"]}
    assert groups == {
        "FGW": "第一组",
        "JXJ": "第一组",
        "ZJJ": "第一组",
        "JYJ": "第二组",
        "WJJ": "第二组",
    }


def test_gbk_scheme_and_previous_ranks(tmp_path, capsys):
    status, out = run(
        "gbk-csv",
        "--previous",
        FILES / "previous-gbk.csv",
        scheme="scheme-gbk.yaml",
        tmp_path=tmp_path,
    )
    assert status == 0
    units = json.loads(out.read_text("utf-8"))["units"]
    assert {u["unit"]: u["rank_change"] for u in units} == {
        "FGW": 1,
        "JXJ": -1,
        "ZJJ": None,
        "JYJ": None,
        "WJJ": None,
    }


@pytest.mark.parametrize("previous", ["previous-output.csv", "previous-output.xlsx"])
def test_last_periods_output_as_previous(previous, tmp_path, capsys):
    status, out = run("utf8-bom-csv", "--previous", FILES / previous, tmp_path=tmp_path)
    assert (status, capsys.readouterr().err) == (0, "")
    units = json.loads(out.read_text("utf-8"))["units"]
    assert {u["unit"]: u["rank_change"] for u in units} == dict.fromkeys(EXAMPLE_TOTALS, 0)


def test_not_reported_marks_are_read_as_missing_and_said(tmp_path, capsys):
    status, out = run("marks-csv", tmp_path=tmp_path)
    assert status == 0
    assert capsys.readouterr().err.splitlines() == [
        "warning: values row 2, column value: '—' read as not reported",
        "warning: values row 3, column value: '/' read as not reported",
        "warning: values row 4, column value: '无' read as not reported",
        "warning: values row 5, column value: '未报' read as not reported",
    ]
    doc = json.loads(out.read_text("utf-8"))
    p1 = {u["unit"]: u["indicators"]["P1"] for u in doc["units"]}
    assert {u: (r["points"], r["missing"]) for u, r in p1.items()} == dict.fromkeys(
        EXAMPLE_TOTALS, (0.0, True)
    )
    assert totals(out) == {
        "FGW": 87.1, "JXJ": 69.6, "ZJJ": 58.2, "JYJ": 70.83714285714287, "WJJ": 63.65714285714285
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "shown"), [("percent-share-csv", "'75%'"), ("percent-format.xlsx", "'75%'")]
)
def test_a_percentage_of_a_share_indicator_is_read_as_its_fraction(data, shown, tmp_path, capsys):
    status, out = run(data, tmp_path=tmp_path)
    assert (status, capsys.readouterr().err) == (
        0,
        f"warning: values row 26, column value: {shown} read as 0.75\n",
    )
    assert totals(out) == EXAMPLE_TOTALS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "percent-bands-csv",
            "values row 20, column value: a percentage ('96%') is read only in the value column "
            "of a share indicator: type the number without % in the unit of the target or bands",
        ),
        (
            "long-row-csv",
            "values row 3: 6 cells but the header has 5 columns: remove the extra cells, "
            'or quote a number written with a comma ("1,520")',
        ),
        (
            "date-cell.xlsx",
            "values row 2, column value: a date or time (2022-03-01), not a number: format the "
            "cell as a number (Excel: 设置单元格格式 → 数值) and type the value",
        ),
        (
            "time-cell.xlsx",
            "values row 2, column value: a date or time (08:30:00), not a number: format the "
            "cell as a number (Excel: 设置单元格格式 → 数值) and type the value",
        ),
        (
            "bool-cell.xlsx",
            "values row 2, column value: a true/false cell (TRUE), not a number: type the number",
        ),
        (
            "formula-no-result.xlsx",
            "values row 2, column value: a formula without a saved result (=300+50): open the "
            "file in Excel or WPS and save it, or type the value instead of the formula",
        ),
        ("empty.xlsx", "{path}: " + NOT_A_WORKBOOK),
        ("text.xlsx", "{path}: " + NOT_A_WORKBOOK),
        ("random.xlsx", "{path}: " + NOT_A_WORKBOOK),
        (
            "renamed-workbook.dat",
            "{path}: an Excel workbook named renamed-workbook.dat: rename it to .xlsx",
        ),
    ],
)
def test_hostile_files_are_refused_with_what_to_do(data, message, tmp_path, capsys):
    status, out = run(data, tmp_path=tmp_path)
    err = capsys.readouterr().err
    assert (status, err) == (2, message.format(path=FILES / data) + "\n")
    assert not out.exists()


def test_every_case_in_the_folder_is_tested():
    tested = {
        "gbk-csv", "utf8-bom-csv", "chinese-workbook.xlsx", "scheme.yaml", "scheme-gbk.yaml",
        "previous-gbk.csv", "previous-output.csv", "previous-output.xlsx", "marks-csv",
        "percent-share-csv", "percent-format.xlsx", "percent-bands-csv", "long-row-csv",
        "date-cell.xlsx", "time-cell.xlsx", "bool-cell.xlsx", "formula-no-result.xlsx",
        "empty.xlsx", "text.xlsx", "random.xlsx", "renamed-workbook.dat", "generate.py",
    }  # fmt: skip
    assert {p.name for p in FILES.iterdir() if p.name != "__pycache__"} == tested


def test_the_gbk_files_really_are_gbk():
    raw = (FILES / "gbk-csv" / "单位.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gbk"))))
    assert rows[0] == ["单位代码", "单位名称", "分组"]
