"""`leitai score SCHEME DIR --year`: the year rolled up from the quarters' own outputs."""

import json
from pathlib import Path

import pytest

from leitai.scoring import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-small"
SCHEME = str(EXAMPLE / "scheme.yaml")
TOTALS = {"FGW": 97.6, "JXJ": 84.0, "ZJJ": 67.8, "JYJ": 84.55142857142857, "WJJ": 63.65714285714285}


@pytest.fixture
def year(tmp_path):
    folder = tmp_path / "year"
    folder.mkdir()
    for name in ("2022-Q1.json", "2022-Q2.csv", "2022-Q3.xlsx"):
        assert cli.main([SCHEME, str(EXAMPLE / "data"), "-o", str(folder / name)]) == 0
    return folder


def roll(folder, *extra):
    out = folder.parent / "year.json"
    status = cli.main([SCHEME, str(folder), "--year", "-o", str(out), *map(str, extra)])
    return status, (json.loads(out.read_text(encoding="utf-8")) if status == 0 else None)


def test_three_equal_quarters_in_three_formats_give_the_quarter(year, capsys):
    status, doc = roll(year)
    assert status == 0
    totals = {u["unit"]: u["total"] for u in doc["units"]}
    assert totals == pytest.approx(TOTALS, abs=1e-12)
    assert [(u["unit"], u["rank"], u["vetoed"]) for u in doc["units"]] == [
        ("FGW", 1, False), ("JXJ", 2, False), ("ZJJ", 3, True), ("JYJ", 1, False),
        ("WJJ", 2, False),
    ]  # fmt: skip
    assert doc["units"][0]["indicators"] == {}


def test_the_years_adjustments_and_previous_ranks(year, capsys):
    (year / "加扣分.csv").write_text(
        "单位代码,擂台,类型,级别,分值,事由\nJXJ,projects,加分,国家级,,表彰\n", encoding="gb18030"
    )
    (year.parent / "previous.csv").write_text("unit,rank\nFGW,2\nJXJ,1\n", encoding="utf-8")
    status, doc = roll(year, "--previous", year.parent / "previous.csv")
    assert status == 0
    jxj = next(u for u in doc["units"] if u["unit"] == "JXJ")
    # projects 97 + 3 (national) = 100: +3 × 30 / 100 on the total.
    assert (jxj["arenas"]["projects"], jxj["total"], jxj["rank_change"]) == (
        100.0, pytest.approx(84.9), -1
    )  # fmt: skip


def test_csv_and_xlsx_output_of_a_year(year, capsys):
    out = year.parent / "year.csv"
    assert cli.main([SCHEME, str(year), "--year", "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == (
        "unit,name,group,total,rank,rank_change,vetoed,"
        "arena:projects,arena:advance,arena:reform,arena:party"
    )
    assert cli.main([SCHEME, str(year), "--year", "-o", str(year.parent / "year.xlsx")]) == 0


def assert_refused(folder, capsys, message, *extra):
    status, _ = roll(folder, *extra)
    assert (status, capsys.readouterr().err) == (2, message + "\n")


def test_refusals(year, tmp_path, capsys):
    assert_refused(
        tmp_path / "none", capsys, f"{tmp_path / 'none'}: --year needs a folder of quarter outputs"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_refused(
        empty, capsys, f"{empty}: no quarter output found (a file named like 2022-Q1.json)"
    )
    assert_refused(
        year, capsys, "leitai score: --sensitivity cannot be used with --year", "--sensitivity", 5
    )
    (year / "Q1.csv").write_text("x", encoding="utf-8")
    assert_refused(year, capsys, f"{year}: more than one output for Q1")


def test_bad_quarter_files(tmp_path, capsys):
    folder = tmp_path / "y"
    folder.mkdir()
    (folder / "Q1.json").write_text('{"units": [{"unit": "A"}]}', encoding="utf-8")
    (folder / "Q2.csv").write_text(
        "unit,name,group,total,rank,vetoed,arena:projects,arena:advance,arena:reform,arena:party\n"
        "FGW,x,g,lots,1,false,1,1,1,1\n",
        encoding="utf-8",
    )
    (folder / "Q3.csv").write_text("unit,rank\nFGW,1\n", encoding="utf-8")
    (folder / "adjustments.csv").write_text("unit,arena\n", encoding="utf-8")
    status, _ = roll(folder)
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "Q1.json: not an output of leitai score for this scheme (KeyError('arenas'))",
        "Q2.csv row 2: not a number (could not convert string to float: 'lots')",
        "Q3.csv row 1: missing column name",
        "Q3.csv row 1: missing column group",
        "Q3.csv row 1: missing column total",
        "Q3.csv row 1: missing column vetoed",
        "Q3.csv row 1: missing column arena:projects",
        "Q3.csv row 1: missing column arena:advance",
        "Q3.csv row 1: missing column arena:reform",
        "Q3.csv row 1: missing column arena:party",
        "adjustments row 1: missing column kind",
        "adjustments row 1: missing column level",
        "adjustments row 1: missing column points",
        "adjustments row 1: missing column note",
    ]


def test_an_xlsx_without_the_all_units_sheet(tmp_path, capsys):
    import openpyxl

    folder = tmp_path / "y"
    folder.mkdir()
    openpyxl.Workbook().save(folder / "2022-Q4.xlsx")
    status, _ = roll(folder)
    assert status == 2
    assert (
        capsys.readouterr().err.splitlines()[0]
        == "2022-Q4.xlsx 全部单位 row 1: missing column unit"
    )
