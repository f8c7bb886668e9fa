"""`leitai score` end to end: outputs, and every documented error (exit 2, no output file)."""

import csv
import json
import os
import shutil
import stat
from pathlib import Path

import openpyxl
import pytest

from leitai.cli import main as leitai_main
from leitai.scoring import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-small"


@pytest.fixture
def case(tmp_path):
    """Copy the county example to a scratch folder."""
    shutil.copy(EXAMPLE / "scheme.yaml", tmp_path / "scheme.yaml")
    shutil.copy(EXAMPLE / "previous.csv", tmp_path / "previous.csv")
    shutil.copytree(EXAMPLE / "data", tmp_path / "data")
    return tmp_path


def score(case, *extra, capsys=None):
    status = cli.main([str(case / "scheme.yaml"), str(case / "data"), *map(str, extra)])
    return status


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_json_to_stdout_matches_the_documented_example(case, capsys):
    assert score(case, "--previous", case / "previous.csv") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scheme"] == "2022年度县直部门重点任务擂台比武（示例）"
    order = [(u["group"], u["unit"], u["rank"], u["rank_change"]) for u in doc["units"]]
    assert order == [
        ("第一组", "FGW", 1, 1),
        ("第一组", "JXJ", 2, -1),
        ("第一组", "ZJJ", 3, 0),
        ("第二组", "JYJ", 1, 0),
        ("第二组", "WJJ", 2, 0),
    ]
    fgw = doc["units"][0]
    assert fgw["total"] == 97.6
    assert fgw["arenas"] == {"projects": 100.0, "advance": 100.0, "reform": 96.0, "party": 92.0}
    assert fgw["indicators"]["P1"] == {
        "points": 35.0,
        "max_points": 40.0,
        "applicable": True,
        "missing": False,
        "explain": "完成率 87.5%（实际 350 / 目标 400），得分 35.00 / 40",
    }
    assert doc["units"][2]["vetoed"] is True
    wjj = doc["units"][4]
    assert wjj["indicators"]["A1"]["points"] is None
    assert wjj["indicators"]["P1"]["missing"] is True
    assert "sensitivity" not in fgw


def test_documented_output_is_reproduced(case, capsys):
    expected = (EXAMPLE / "expected.json").read_text(encoding="utf-8")
    assert score(case, "--previous", case / "previous.csv") == 0
    assert capsys.readouterr().out == expected


def test_leitai_command_dispatches_score(case, capsys):
    argv = ["leitai", "score", str(case / "scheme.yaml"), str(case / "data"), "--format", "csv"]
    assert leitai_main(argv) == 0
    assert capsys.readouterr().out.startswith("unit,name,group,total,rank,rank_change,vetoed,")


def test_csv_output_has_one_row_a_unit(case):
    out = case / "out.csv"
    assert score(case, "-o", out) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfunit,name,group,")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["unit"] for r in rows] == ["FGW", "JXJ", "ZJJ", "JYJ", "WJJ"]
    assert rows[0]["arena:projects"] == "100.0"
    assert rows[0]["rank_change"] == ""
    assert rows[2]["vetoed"] == "true"
    assert rows[4]["indicator:A1:points"] == ""
    assert rows[4]["indicator:A1:applicable"] == "false"
    assert rows[4]["indicator:P1:explain"] == "未报送，得分 0.00 / 40"


def test_xlsx_output_is_a_readable_workbook(case):
    out = case / "out.xlsx"
    assert score(case, "-o", out, "--sensitivity", 10) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "全部单位", "排名-第一组", "排名-第二组", "指标得分", "擂台得分", "警告"
    ]  # fmt: skip
    assert [[c.value for c in row] for row in book["警告"]] == [["警告"]]
    group = book["排名-第一组"]
    header = [c.value for c in group[1]]
    assert header[:7] == ["单位代码", "单位名称", "分组", "总分", "排名", "名次变化", "一票否决"]
    assert header[7:] == [
        "项目建设",
        "率先进位",
        "改革创新",
        "基层党建",
        "排名中位数",
        "排名P5",
        "排名P95",
        "保持名次比例",
    ]
    assert [c.value for c in group["A"][1:]] == ["FGW", "JXJ", "ZJJ"]
    assert group.freeze_panes == "A2"
    assert group.column_dimensions["B"].width >= 10
    points = book["指标得分"]
    assert points[2][10].value == "完成率 87.5%（实际 350 / 目标 400），得分 35.00 / 40"
    assert book["全部单位"]["A1"].value == "unit"
    assert book["擂台得分"]["F2"].value.endswith("加分 5（合计 6，按上限计），擂台得分 100.00")


def test_xlsx_without_sensitivity_has_no_sensitivity_columns(case):
    out = case / "out.xlsx"
    assert score(case, "-o", out) == 0
    header = [c.value for c in openpyxl.load_workbook(out)["排名-第二组"][1]]
    assert header[-1] == "基层党建"


def test_xlsx_needs_an_output_file(case, capsys):
    assert score(case, "--format", "xlsx") == 2
    assert "--format xlsx needs -o OUT" in capsys.readouterr().err


def test_format_option_wins_over_the_extension(case):
    out = case / "out.txt"
    assert score(case, "-o", out, "--format", "csv") == 0
    assert out.read_text(encoding="utf-8-sig").startswith("unit,")
    other = case / "out.dat"
    assert score(case, "-o", other) == 0
    assert json.loads(other.read_text(encoding="utf-8"))["units"]


def test_sensitivity_fields(case, capsys):
    assert score(case, "--sensitivity", 50, "--jitter", 0.2, "--seed", 3) == 0
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert set(unit["sensitivity"]) == {"median", "p5", "p95", "kept"}
    assert score(case, "--sensitivity", 5, "--format", "csv") == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.endswith("sensitivity:median,sensitivity:p5,sensitivity:p95,sensitivity:kept")


def test_sensitivity_of_an_unranked_unit_is_empty(case, capsys):
    with (case / "data" / "exemptions.csv").open("a", encoding="utf-8") as f:
        f.write("".join(f"WJJ,{code}\n" for code in ["P1", "P3", "A2", "R1", "R2", "D1"]))
    assert score(case, "--sensitivity", 5) == 0
    unit = json.loads(capsys.readouterr().out)["units"][-1]
    assert (unit["unit"], unit["rank"], unit["sensitivity"]) == ("WJJ", None, None)


def test_xlsx_data_gives_the_same_result(case, capsys):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted((case / "data").glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        for row in csv.reader(path.open(encoding="utf-8")):
            sheet.append([_xlsx_cell(c) for c in row] + [None])
    book.save(case / "data.xlsx")
    assert score(case, "--format", "csv") == 0
    from_csv = capsys.readouterr().out
    assert cli.main([str(case / "scheme.yaml"), str(case / "data.xlsx"), "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_csv


def _xlsx_cell(text: str):
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None


def assert_fails(case, capsys, *messages, extra=()):
    out = case / "out.json"
    assert score(case, "-o", out, *extra) == 2
    err = capsys.readouterr().err
    for message in messages:
        assert message in err, err
    assert not out.exists()
    assert not list(case.glob("*.tmp"))
    return err


@pytest.mark.parametrize(
    ("sheet", "old", "new", "message"),
    [
        ("values", "FGW,P1,350", "XXX,P1,350", "values row 2, column unit: unknown unit 'XXX'"),
        ("values", "FGW,P1,350", "FGW,P9,350", "values row 2, column indicator: unknown indicator"),
        ("values", "FGW,P1,350", "FGW,P1,lots", "values row 2, column value: not a number: 'lots'"),
        (
            "values",
            "FGW,P1,350,400",
            "FGW,P1,350,0",
            "values row 2, column target: target of "
            "completion indicator P1 must be a number > 0, got 0",
        ),
        (
            "values",
            "FGW,P1,350,400",
            "FGW,P1,350,",
            "values row 2, column target: target of "
            "completion indicator P1 must be a number > 0, got blank",
        ),
        (
            "values",
            "FGW,A1,3,,5",
            "FGW,A1,14,,5",
            "values row 15, column value: position of rank "
            "indicator A1 must be a whole number in 1..13, got 14",
        ),
        ("values", "FGW,A1,3,,5", "FGW,A1,3,,0", "values row 15, column previous: position"),
        (
            "values",
            "JXJ,P1,520",
            "FGW,P1,520",
            "values row 3: duplicate row: same unit and indicator as row 2",
        ),
        (
            "values",
            "FGW,P1,350",
            "FGW,R2,350",
            "values row 2, column indicator: indicator R2 is scored by judges",
        ),
        ("values", "FGW,P1", ",P1", "values row 2, column unit: blank"),
        ("units", "JXJ,县经信局", "FGW,县经信局", "units row 3, column unit: duplicate unit FGW"),
        ("units", "FGW,县发改局,第一组", "FGW,县发改局,", "units row 2, column group: blank"),
        ("units", "第一组", "一组", "scheme: arena projects, indicator P2: unknown group 第一组"),
        ("panel", "FGW,R2,J1,88", "FGW,R2,J1,188", "panel row 2, column score: score must be"),
        ("panel", "FGW,R2,J1,88", "FGW,R2,J1,", "panel row 2, column score: missing number"),
        ("panel", "FGW,R2,J1,88", "FGW,R2,J1,high", "panel row 2, column score: not a number"),
        ("values", "FGW,P1,350", "FGW,P1,inf", "values row 2, column value: not a number: 'inf'"),
        (
            "panel",
            "FGW,R2,J2,90",
            "FGW,R2,J1,90",
            "panel row 3: duplicate row: same unit, indicator and judge as row 2",
        ),
        (
            "adjustments",
            "FGW,projects,bonus,national",
            "FGW,projects,prize,national",
            "adjustments row 2, column kind: unknown kind 'prize'",
        ),
        (
            "adjustments",
            "FGW,projects,bonus,national",
            "FGW,,bonus,national",
            "adjustments row 2, column arena: blank",
        ),
        ("exemptions", "WJJ,A1", "WJJ,A9", "exemptions row 2, column indicator: unknown indicator"),
    ],
)
def test_bad_data_names_sheet_row_and_column(case, capsys, sheet, old, new, message):
    edit(case / "data" / f"{sheet}.csv", old, new)
    assert_fails(case, capsys, message)


def test_short_rows_read_as_blank_cells(case, capsys):
    edit(case / "data" / "values.csv", "FGW,A2,96,,", "FGW,A2,96")
    assert score(case) == 0
    assert json.loads(capsys.readouterr().out)["units"][0]["indicators"]["A2"]["points"] == 50


def test_every_error_is_reported(case, capsys):
    edit(case / "data" / "values.csv", "FGW,P1,350", "XXX,P1,abc")
    edit(case / "data" / "values.csv", "JXJ,P1,520", "JXJ,P1,5x")
    err = assert_fails(case, capsys, "values row 2, column value", "values row 3, column value")
    assert len(err.splitlines()) == 2


def test_blank_rows_are_skipped_but_counted(case, capsys):
    edit(case / "data" / "values.csv", "FGW,P1,350,400,\n", "FGW,P1,350,400,\n,,,,\n")
    edit(case / "data" / "values.csv", "JXJ,P1,520", "JXJ,P1,ab")
    assert_fails(case, capsys, "values row 4, column value: not a number: 'ab'")


@pytest.mark.parametrize("sheet", ["units", "values"])
def test_missing_required_sheet(case, capsys, sheet):
    (case / "data" / f"{sheet}.csv").unlink()
    assert_fails(case, capsys, f"{sheet}: required sheet is missing")


def test_optional_sheets_may_be_absent(case, capsys):
    for sheet in ("panel", "adjustments", "exemptions"):
        (case / "data" / f"{sheet}.csv").unlink()
    assert score(case) == 0
    assert json.loads(capsys.readouterr().out)["units"][0]["indicators"]["R2"]["missing"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("unit,indicator,value,target", "values row 1: missing column previous"),
        ("unit,indicator,value,target,previous,remark", "values row 1: unknown column 'remark'"),
        ("unit,indicator,value,value,target,previous", "values row 1: duplicate column value"),
    ],
)
def test_bad_headers(case, capsys, header, message):
    edit(case / "data" / "values.csv", "unit,indicator,value,target,previous", header)
    assert_fails(case, capsys, message)


def test_empty_sheet_lacks_every_column(case, capsys):
    (case / "data" / "exemptions.csv").write_text("", encoding="utf-8")
    assert_fails(case, capsys, "exemptions row 1: missing column unit")


def test_bad_scheme_names_the_arena_and_indicator(case, capsys):
    edit(case / "scheme.yaml", "weight: 30\n    bonus_cap", "weight: 0\n    bonus_cap")
    edit(case / "scheme.yaml", "rule: share", "rule: shares")
    assert_fails(
        case,
        capsys,
        "arena projects: weight must be a number > 0, got 0",
        "arena reform, indicator R1: unknown rule 'shares'",
    )


def test_missing_scheme_file(case, capsys):
    (case / "scheme.yaml").unlink()
    assert_fails(case, capsys, "scheme.yaml: cannot read scheme")


def test_data_must_be_a_folder_or_workbook(case, capsys):
    out = case / "out.json"
    assert cli.main([str(case / "scheme.yaml"), str(case / "nothing.xlsx"), "-o", str(out)]) == 2
    assert "DATA must be a folder of CSV files or an .xlsx workbook" in capsys.readouterr().err
    assert not out.exists()


def test_xlsx_data_errors_name_the_sheet_row_and_column(case, capsys):
    book = openpyxl.Workbook()
    book.active.title = "units"
    book["units"].append(["unit", "name", "group"])
    book["units"].append(["A", "甲", "g"])
    values = book.create_sheet("values")
    values.append(["unit", "indicator", "value", "target", "previous"])
    values.append(["A", "P1", True, 1, None])
    values.append(["A", "R1", 0.5, None, None])
    book.save(case / "data.xlsx")
    out = case / "out.json"
    args = [str(case / "scheme.yaml"), str(case / "data.xlsx"), "-o", str(out)]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert (
        "values row 2, column value: a true/false cell (TRUE), not a number: type the number"
    ) in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("unit,rank\nFGW,x\n", "previous row 2, column rank: not a whole number >= 1: 'x'"),
        ("unit,rank\nFGW,0\n", "previous row 2, column rank: not a whole number >= 1: '0'"),
        ("unit,rank\nFGW,1.5\n", "previous row 2, column rank: not a whole number >= 1"),
        ("unit,rank\nFGW,\n", "previous row 2, column rank: not a whole number >= 1: ''"),
        ("unit,rank\nFGW,1\nFGW,2\n", "previous row 3, column unit: duplicate unit FGW (row 2)"),
        ("unit,place\nFGW,1\n", "previous row 1: missing column rank"),
    ],
)
def test_bad_previous_ranks(case, capsys, content, message):
    (case / "previous.csv").write_text(content, encoding="utf-8")
    assert_fails(case, capsys, message, extra=["--previous", case / "previous.csv"])


def test_previous_ranks_with_groups_and_unknown_units(case, capsys):
    (case / "previous.csv").write_text(
        "unit,rank,group\nFGW,3,第二组\nJXJ,3,第一组\nGONE,1,第一组\n", encoding="utf-8"
    )
    assert score(case, "--previous", case / "previous.csv") == 0
    units = json.loads(capsys.readouterr().out)["units"]
    assert [u["rank_change"] for u in units[:2]] == [None, 1]


def test_missing_previous_file(case, capsys):
    assert_fails(case, capsys, "previous ranks file not found", extra=["--previous", "nope.csv"])


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "pdf"], "invalid choice: 'pdf'"),
        (["--sensitivity", "0"], "--sensitivity needs N >= 1 and 0 <= --jitter < 1"),
        (["--sensitivity", "5", "--jitter", "1.5"], "--sensitivity needs N >= 1"),
        (["--seed", "x"], "invalid int value"),
    ],
)
def test_bad_options(case, capsys, extra, message):
    assert_fails(case, capsys, message, extra=extra)


def test_missing_arguments(capsys):
    assert cli.main([]) == 2
    assert "the following arguments are required: scheme, data" in capsys.readouterr().err


def test_output_folder_must_exist(case, capsys):
    assert score(case, "-o", case / "no" / "out.json") == 2
    assert "the output folder does not exist" in capsys.readouterr().err


def test_a_failing_writer_leaves_no_file(case, monkeypatch):
    def broken(result, path, notes):
        path.write_bytes(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(cli, "write_xlsx", broken)
    with pytest.raises(RuntimeError):
        score(case, "-o", case / "out.xlsx")
    assert not (case / "out.xlsx").exists()
    assert not list(case.glob("*.tmp"))


@pytest.mark.parametrize("name", ["out.csv", "out.json", "out.xlsx"])
def test_output_files_get_the_usual_mode(case, name):
    old = os.umask(0o022)
    try:
        assert score(case, "-o", case / name) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((case / name).stat().st_mode) == 0o644


def test_csv_to_stdout_has_no_bom(case, capsys):
    assert score(case, "--format", "csv") == 0
    assert capsys.readouterr().out.startswith("unit,name,group,")


def test_xlsx_streams_past_its_sample_and_lists_warnings(case, monkeypatch):
    from leitai.core.spreadsheets import StreamingWorkbook
    from leitai.scoring import writers

    monkeypatch.setattr(StreamingWorkbook, "SAMPLE", 3)
    monkeypatch.setattr(writers, "XLSX_BLOCK", 2)  # several blocks of units
    edit(case / "data" / "values.csv", "JXJ,R1,0.75,,", "JXJ,R1,75,,")
    edit(case / "data" / "values.csv", "FGW,A2,96,,", "FGW,A2,  ,,")
    out = case / "out.xlsx"
    assert score(case, "-o", out) == 0
    book = openpyxl.load_workbook(out)
    assert [c.value for c in book["警告"]["A"]] == [
        "警告",
        "values row 26, column value: indicator R1: 1 value above 1 (first 75); if they are "
        "percentages, set `percent: true` on the indicator; as fractions they score full marks",
    ]
    points = list(book["指标得分"].iter_rows(values_only=True))
    assert len(points) == 1 + 5 * 8
    fgw_a2 = next(row for row in points if row[0] == "FGW" and row[4] == "A2")
    assert (fgw_a2[6], fgw_a2[10]) == (0, "未报送，得分 0.00 / 50")
    assert book["指标得分"].column_dimensions["K"].width == 60
