"""`leitai score --template DIR`: the input workbook with Chinese headers and a 说明 sheet.

The workbook reads back as it is (one example row per sheet), so an office can start from it,
replace the example rows and run `leitai score`. With a scheme, the example rows use the
scheme's own arena and indicator codes and 说明 lists every indicator with its rule.
"""

from __future__ import annotations

from pathlib import Path

from leitai.scoring.scheme import Scheme

FILENAME = "考核数据模板.xlsx"
# Sheet, then per column: Chinese header, code, required, meaning.
SHEETS = (
    (
        "单位",
        "units",
        (
            ("单位代码", "unit", "必填", "单位的代码，各表一致，如 FGW"),
            ("单位名称", "name", "可空", "单位全称；空则用代码"),
            ("分组", "group", "必填", "单位所在分组，排名在组内进行；合并单元格可用"),
        ),
    ),
    (
        "数据",
        "values",
        (
            ("单位代码", "unit", "必填", "见“单位”表"),
            ("指标代码", "indicator", "必填", "考核方案中的指标代码"),
            ("数值", "value", "可空", "本期完成值；空、“—”“/”“无”“未报”均按未报送（得 0 分）"),
            (
                "目标值",
                "target",
                "目标完成率指标必填",
                "目标完成率（completion）指标的目标，须大于 0",
            ),
            ("上期值", "previous", "可空", "位次赋分（rank）指标的上期位次，用于计算进位、退位"),
        ),
    ),
    (
        "评委打分",
        "panel",
        (
            ("单位代码", "unit", "必填", "见“单位”表"),
            ("指标代码", "indicator", "必填", "评委打分（panel）指标的代码"),
            ("评委", "judge", "必填", "评委编号，同一指标同一单位每位评委一行"),
            (
                "分数",
                "score",
                "必填",
                "0—100 分；按名次投票的，先把第 k 名换算为 100 − 3 ×（k − 1）分",
            ),
            (
                "类别",
                "class",
                "设评委类别的指标必填",
                "评委类别（如 A、B），须是方案中该指标 classes 所列之一；"
                "未设评委类别的指标留空或不要此列",
            ),
        ),
    ),
    (
        "加扣分",
        "adjustments",
        (
            ("单位代码", "unit", "必填", "见“单位”表"),
            ("擂台", "arena", "加分、扣分必填", "考核方案中的擂台代码；一票否决可空"),
            ("类型", "kind", "必填", "加分、扣分或一票否决（也可写 bonus、deduction、veto）"),
            ("级别", "level", "可空", "加分的级别：国家级、省级、市级、县级；填了分值则不看级别"),
            ("分值", "points", "可空", "加分或扣分的分值（不小于 0）"),
            ("事由", "note", "可空", "表彰、通报等事由"),
        ),
    ),
    (
        "免考核",
        "exemptions",
        (
            ("单位代码", "unit", "必填", "见“单位”表"),
            ("指标代码", "indicator", "必填", "该单位本期不考核的指标"),
        ),
    ),
    (
        "承担",
        "carriers",
        (
            ("单位代码", "unit", "必填", "见“单位”表"),
            ("指标代码", "indicator", "必填", "几个单位按份额共同承担的指标（如市考指标）"),
            (
                "份额",
                "weight",
                "可空",
                "该单位承担的份额，大于 0、不大于 1，可写 0.5 或 50%；空则为 1；"
                "得分和满分都乘以份额",
            ),
        ),
    ),
)
RULES_ZH = {
    "completion": "目标完成率：数值 ÷ 目标值（越低越好时为目标值 ÷ 数值），乘满分，可设上限",
    "relative": "比较赋分：组内最高得满分，最低得保底分，之间按比例",
    "rank": "位次赋分：在同类地区中的位次，1 为最好；上期值填上期位次",
    "bands": "分档赋分：数值达到的档次决定得分比例",
    "share": "完成情况：填完成比例（0—1），设 percent 时填百分数（0—100）",
    "panel": "评委打分：在“评委打分”表中填写，不在“数据”表中填写",
}
GENERAL = (
    "一、每张表第一行（或标题行下面的第一行）为表头，表头用中文或英文代码均可（见下表）。",
    "二、表头上方可以有标题行，表格下方可以有“注：”“填报人：”等说明行，读取时跳过并提示。",
    "三、数值可用全角数字和千分位（1,234）；完成情况指标可写“85%”。日期、公式（未保存结果）不能作数值。",
    "四、未报送的数值可留空，或填“—”“/”“无”“未报”，读取时提示。",
    "五、CSV 文件可用 UTF-8 或 GBK（Excel 默认的“CSV（逗号分隔）”）保存，"
    "每张表一个文件，文件名用表名。",
    '六、一行的单元格不能多于表头（CSV 中带千分位的数字要加引号，如 "1,520"）。',
    "七、有错误时不输出结果，逐条列出表名、行号、列名和原因；改正后重新运行。",
)


def write_template(folder: Path, scheme: Scheme | None = None) -> Path:
    """Write the input template into `folder` and return its path."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from leitai.core.spreadsheets import new_workbook, save_workbook

    folder.mkdir(parents=True, exist_ok=True)
    book = new_workbook()
    book.remove(book.active)
    examples = _examples(scheme)
    for title, code, columns in SHEETS:
        ws = book.create_sheet(title)
        ws.append([c[0] for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in examples[code]:
            ws.append(row)
        ws.freeze_panes = "A2"
        for position in range(1, len(columns) + 1):
            ws.column_dimensions[get_column_letter(position)].width = 14
    _notes(book.create_sheet("说明"), scheme)
    path = folder / FILENAME
    save_workbook(book, path)
    return path


def _examples(scheme: Scheme | None) -> dict[str, list[list]]:
    indicators = list(scheme.indicators) if scheme else []
    value = next((i for i in indicators if i.rule not in ("panel", "completion")), None)
    completion = next((i for i in indicators if i.rule == "completion"), None)
    panel = next((i for i in indicators if i.rule == "panel"), None)
    arena = scheme.arenas[0].code if scheme else "projects"
    # One unit per group an indicator names, so that the example reads back under the scheme.
    groups = list(dict.fromkeys(g for i in indicators for g in i.groups)) or ["第一组"]
    units = [["FGW", "县发展和改革局", groups[0]]]
    units += [[f"DW{n:02d}", f"示例单位{n}", g] for n, g in enumerate(groups[1:], start=2)]
    rows = {"units": units, "panel": [], "exemptions": [], "carriers": []}
    if not scheme:
        rows["values"] = [["FGW", "P1", 350, 400, None]]
        rows["panel"] = [["FGW", "R2", "J1", 90, None]]
    else:
        ind = completion or value
        rows["values"] = [["FGW", ind.code, 350, 400, None]] if completion else []
        if completion is None and ind is not None:
            rows["values"] = [["FGW", ind.code, 1, None, None]]
        first_class = panel.classes[0][0] if panel and panel.classes else None
        rows["panel"] = [["FGW", panel.code, "J1", 90, first_class]] if panel else []
    rows["adjustments"] = [["FGW", arena, "加分", "省级", None, "获省级表彰"]]
    rows["exemptions"] = [["FGW", indicators[-1].code if indicators else "A1"]]
    return rows


def _notes(ws, scheme: Scheme | None) -> None:
    from openpyxl.styles import Font

    ws.append(["擂台比武考核数据填报说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in GENERAL:
        ws.append([line])
    ws.append([])
    ws.append(["工作表", "表头（中文）", "表头（英文代码）", "是否必填", "含义"])
    for title, _code, columns in SHEETS:
        for header, column, required, meaning in columns:
            ws.append([title, header, column, required, meaning])
    if scheme is not None:
        ws.append([])
        ws.append(["擂台代码", "擂台", "指标代码", "指标", "计分规则"])
        for arena in scheme.arenas:
            for ind in arena.indicators:
                ws.append([arena.code, arena.name, ind.code, ind.name, _rule_text(ind)])
    for letter, width in zip("ABCDE", (12, 14, 16, 18, 70), strict=True):
        ws.column_dimensions[letter].width = width


def _rule_text(ind) -> str:
    text = RULES_ZH[ind.rule]
    if ind.rule == "share" and ind.percent:
        text += "（本指标填百分数，如 71.04）"
    if ind.rule == "panel":
        text += f"；同一类别评委满 {ind.trim_from} 人时去掉一个最高分、一个最低分"
        if ind.classes:
            weights = "、".join(f"{code} {weight:g}" for code, weight in ind.classes)
            text += f"；评委类别及权重：{weights}（“类别”列必填）"
    if ind.groups:
        text += f"；适用分组：{'、'.join(ind.groups)}"
    return text
