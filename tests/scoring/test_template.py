"""`leitai score --template DIR`: a Chinese input workbook that reads back as it is."""

import json
from pathlib import Path

import openpyxl

from leitai.scoring import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-small"
SCHEME = EXAMPLE / "scheme.yaml"


def test_template_without_a_scheme(tmp_path, capsys):
    assert cli.main(["--template", str(tmp_path / "t")]) == 0
    path = tmp_path / "t" / "考核数据模板.xlsx"
    assert capsys.readouterr().err == f"wrote {path}\n"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["单位", "数据", "评委打分", "加扣分", "免考核", "承担", "说明"]
    headers = {ws.title: [c.value for c in ws[1]] for ws in book.worksheets[:6]}
    assert headers == {
        "单位": ["单位代码", "单位名称", "分组"],
        "数据": ["单位代码", "指标代码", "数值", "目标值", "上期值"],
        "评委打分": ["单位代码", "指标代码", "评委", "分数", "类别"],
        "加扣分": ["单位代码", "擂台", "类型", "级别", "分值", "事由"],
        "免考核": ["单位代码", "指标代码"],
        "承担": ["单位代码", "指标代码", "份额"],
    }
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert notes[0] == "擂台比武考核数据填报说明"
    assert "四、未报送的数值可留空，或填“—”“/”“无”“未报”，读取时提示。" in notes
    # The example rows read back and score under the example scheme.
    out = tmp_path / "out.json"
    assert cli.main([str(SCHEME), str(path), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    fgw = doc["units"][0]
    assert (fgw["unit"], fgw["group"], fgw["total"]) == ("FGW", "第一组", 18.3)
    assert (
        fgw["indicators"]["P1"]["explain"] == "完成率 87.5%（实际 350 / 目标 400），得分 35.00 / 40"
    )
    assert fgw["indicators"]["A1"]["explain"] == "免考核，不计入"


def test_template_for_a_scheme_lists_its_indicators(tmp_path, capsys):
    assert cli.main(["--template", str(tmp_path), str(SCHEME)]) == 0
    book = openpyxl.load_workbook(tmp_path / "考核数据模板.xlsx")
    rows = list(book["说明"].iter_rows(values_only=True))
    start = rows.index(("擂台代码", "擂台", "指标代码", "指标", "计分规则"))
    assert [r[2] for r in rows[start + 1 :]] == ["P1", "P2", "P3", "A1", "A2", "R1", "R2", "D1"]
    assert (
        rows[start + 2][4] == "比较赋分：组内最高得满分，最低得保底分，之间按比例；适用分组：第一组"
    )
    out = tmp_path / "out.json"
    assert cli.main([str(SCHEME), str(tmp_path / "考核数据模板.xlsx"), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["units"][0]["total"] == 22.875


def test_template_for_a_percent_share_scheme_with_several_groups(tmp_path, capsys):
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: s\narenas:\n- code: a\n  weight: 1\n  indicators:\n"
        "  - {code: S, rule: share, max_points: 10, percent: true, groups: [一组]}\n"
        "  - {code: T, rule: share, max_points: 10, groups: [二组]}\n",
        encoding="utf-8",
    )
    assert cli.main(["--template", str(tmp_path), str(scheme)]) == 0
    book = openpyxl.load_workbook(tmp_path / "考核数据模板.xlsx")
    assert list(book["单位"].iter_rows(values_only=True)) == [
        ("单位代码", "单位名称", "分组"),
        ("FGW", "县发展和改革局", "一组"),
        ("DW02", "示例单位2", "二组"),
    ]
    assert list(book["数据"].iter_rows(min_row=2, values_only=True)) == [
        ("FGW", "S", 1, None, None)
    ]
    assert book["评委打分"].max_row == 1
    rules = [r[4] for r in book["说明"].iter_rows(values_only=True) if r[2] in ("S", "T")]
    share = "完成情况：填完成比例（0—1），设 percent 时填百分数（0—100）"
    assert rules == [
        f"{share}（本指标填百分数，如 71.04）；适用分组：一组",
        f"{share}；适用分组：二组",
    ]
    out = tmp_path / "out.json"
    assert cli.main([str(scheme), str(tmp_path / "考核数据模板.xlsx"), "-o", str(out)]) == 0


def test_template_needs_a_folder(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli.main(["--template", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'file'}: not a folder\n"


def test_without_template_scheme_and_data_are_required(tmp_path, capsys):
    assert cli.main([str(SCHEME)]) == 2
    assert "the following arguments are required: scheme, data" in capsys.readouterr().err


def test_template_for_a_panel_only_scheme(tmp_path, capsys):
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: s\narenas:\n- code: a\n  weight: 1\n  indicators:\n"
        "  - {code: J, rule: panel, max_points: 10}\n",
        encoding="utf-8",
    )
    assert cli.main(["--template", str(tmp_path), str(scheme)]) == 0
    book = openpyxl.load_workbook(tmp_path / "考核数据模板.xlsx")
    assert book["数据"].max_row == 1
    assert list(book["评委打分"].iter_rows(min_row=2, values_only=True)) == [
        ("FGW", "J", "J1", 90, None)
    ]
    out = tmp_path / "out.json"
    assert cli.main([str(scheme), str(tmp_path / "考核数据模板.xlsx"), "-o", str(out)]) == 0
