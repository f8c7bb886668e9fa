"""`leitai score` with rater classes: the panel sheet's class column, its errors, the template."""

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from leitai.scoring import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-small"
# R2's judges by unit: which class each judge J1..J5 belongs to (D1 keeps no class).
CLASSES = {
    "FGW": "AABBB",
    "JXJ": "AAB",
    "ZJJ": "AAAAA",
    "JYJ": "AAABB",
}
FGW_R2 = (
    "A类 2 人，平均 89，权重 60%；B类 3 人，平均 90.67，权重 40%；加权平均 89.67，得分 35.87 / 40"
)
ZJJ_R2 = (
    "A类 5 人，去掉一个最高分 90、一个最低分 70 后平均 80，权重 100%；"
    "B类无评分，权重按比例重新分配，得分 32.00 / 40"
)


@pytest.fixture
def case(tmp_path):
    """The county example with R2 scored by classes A (60) and B (40)."""
    scheme = (EXAMPLE / "scheme.yaml").read_text(encoding="utf-8")
    old = "{code: R2, name: 改革成效评审, rule: panel, max_points: 40}"
    assert old in scheme
    new = "{code: R2, name: 改革成效评审, rule: panel, max_points: 40, classes: {A: 60, B: 40}}"
    (tmp_path / "scheme.yaml").write_text(scheme.replace(old, new), encoding="utf-8")
    shutil.copytree(EXAMPLE / "data", tmp_path / "data")
    rows = list(csv.reader((tmp_path / "data" / "panel.csv").open(encoding="utf-8")))
    out = [rows[0] + ["class"]]
    for unit, indicator, judge, score in rows[1:]:
        cls = CLASSES[unit][int(judge[1:]) - 1] if indicator == "R2" else ""
        out.append([unit, indicator, judge, score, cls])
    with (tmp_path / "data" / "panel.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)
    return tmp_path


def run(case, data=None, *extra) -> int:
    return cli.main([str(case / "scheme.yaml"), str(data or case / "data"), *map(str, extra)])


def test_class_column_scores_and_explains_each_class(case, capsys):
    assert run(case) == 0
    units = {u["unit"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    fgw = units["FGW"]["indicators"]["R2"]
    # A: (88 + 90) / 2 = 89; B: (92 + 85 + 95) / 3; m = 0.6 × 89 + 0.4 × 272 / 3 = 89.6667.
    assert fgw["points"] == pytest.approx(40 * (0.6 * 89 + 0.4 * 272 / 3) / 100, abs=1e-12)
    assert fgw["explain"] == FGW_R2
    assert units["ZJJ"]["indicators"]["R2"] == {
        "points": 32.0,
        "max_points": 40.0,
        "applicable": True,
        "missing": False,
        "explain": ZJJ_R2,
    }
    # The default class of D1 (no classes) is scored as before.
    assert units["FGW"]["indicators"]["D1"]["explain"] == (
        "评委打分 5 人，去掉一个最高分 96、一个最低分 88，平均 92，得分 92.00 / 100"
    )


def test_csv_and_xlsx_outputs_carry_the_class_explanation(case, capsys):
    assert run(case, None, "--format", "csv") == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["unit"]: r["indicator:R2:explain"] for r in rows}["ZJJ"] == ZJJ_R2
    out = case / "out.xlsx"
    assert run(case, None, "-o", out) == 0
    sheet = openpyxl.load_workbook(out)["指标得分"]
    found = [r for r in sheet.iter_rows(values_only=True) if r[0] == "FGW" and r[4] == "R2"]
    assert found[0][-1] == FGW_R2


def _workbook(case, path: Path, class_header: str) -> Path:
    """Write the data as a workbook with Chinese sheet names and headers."""
    names = {"units": "单位", "values": "数据", "panel": "评委打分", "adjustments": "加扣分"}
    headers = {
        "units": ["单位代码", "单位名称", "分组"],
        "values": ["单位代码", "指标代码", "数值", "目标值", "上期值"],
        "panel": ["单位代码", "指标代码", "评委", "分数", class_header],
        "adjustments": ["单位代码", "擂台", "类型", "级别", "分值", "事由"],
        "exemptions": ["单位代码", "指标代码"],
    }
    book = openpyxl.Workbook()
    book.remove(book.active)
    for stem, header in headers.items():
        sheet = book.create_sheet(names.get(stem, "免考核"))
        rows = list(csv.reader((case / "data" / f"{stem}.csv").open(encoding="utf-8")))
        sheet.append(header)
        for row in rows[1:]:
            sheet.append([_cell(c) for c in row])
    book.save(path)
    return path


def _cell(text: str):
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None


@pytest.mark.parametrize("header", ["类别", "评委类别", "class"])
def test_chinese_class_headers_read_as_the_class_column(case, capsys, header):
    assert run(case, None, "--format", "csv") == 0
    from_csv = capsys.readouterr().out
    book = _workbook(case, case / "data.xlsx", header)
    assert run(case, book, "--format", "csv") == 0
    assert capsys.readouterr().out == from_csv


def test_bad_class_names_sheet_row_and_column(case, capsys):
    text = (case / "data" / "panel.csv").read_text(encoding="utf-8")
    (case / "data" / "panel.csv").write_text(
        text.replace("FGW,R2,J2,90,A", "FGW,R2,J2,90,C").replace("FGW,D1,J1,90,", "FGW,D1,J1,90,A"),
        encoding="utf-8",
    )
    book = _workbook(case, case / "data.xlsx", "评委类别")
    out = case / "out.json"
    assert run(case, None, "-o", out) == 2
    assert capsys.readouterr().err.splitlines() == [
        "panel row 3, column class: unknown class 'C': "
        "indicator R2 is scored by rater classes A, B",
        "panel row 7, column class: indicator D1 has no rater classes: leave class blank, got 'A'",
    ]
    assert run(case, book, "-o", out) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "评委打分 row 3, column 评委类别: unknown class 'C': "
        "indicator R2 is scored by rater classes A, B"
    )
    assert not out.exists()


def test_a_file_without_the_class_column_cannot_feed_a_classed_indicator(case, capsys):
    rows = list(csv.reader((case / "data" / "panel.csv").open(encoding="utf-8")))
    with (case / "data" / "panel.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(row[:4] for row in rows)
    assert run(case) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "panel row 2, column class: class is blank: indicator R2 is scored by rater classes A, B"
    )
    assert len(err) == 18  # every R2 row (5 + 3 + 5 + 5), none of D1's


def test_template_of_a_classed_scheme_shows_the_class_column(case, capsys):
    assert cli.main(["--template", str(case / "t"), str(case / "scheme.yaml")]) == 0
    book = openpyxl.load_workbook(case / "t" / "考核数据模板.xlsx")
    panel = list(book["评委打分"].iter_rows(values_only=True))
    assert panel == [("单位代码", "指标代码", "评委", "分数", "类别"), ("FGW", "R2", "J1", 90, "A")]
    notes = list(book["说明"].iter_rows(values_only=True))
    assert [r[4] for r in notes if r[2] == "R2"] == [
        "评委打分：在“评委打分”表中填写，不在“数据”表中填写；同一类别评委满 5 人时去掉一个最高分、"
        "一个最低分；评委类别及权重：A 60、B 40（“类别”列必填）"
    ]
    assert next(r for r in notes if r[1] == "类别")[:3] == ("评委打分", "类别", "class")
    out = case / "out.json"
    assert (
        cli.main([str(case / "scheme.yaml"), str(case / "t" / "考核数据模板.xlsx"), "-o", str(out)])
        == 0
    )
    fgw = json.loads(out.read_text(encoding="utf-8"))["units"][0]
    assert fgw["indicators"]["R2"]["explain"] == (
        "A类 1 人，平均 90，权重 100%；B类无评分，权重按比例重新分配，得分 36.00 / 40"
    )
