"""The project map as an XLSX workbook: one row per project, one column per stage, in colour."""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from leitai.core.spreadsheets import new_workbook, workbook_bytes

# Fixed Chinese labels: the file goes to the county's wall and meetings, whatever the language.
COLOUR_ZH = {"ahead": "超前", "on_time": "正常", "behind": "滞后", "stalled": "停滞"}
FILLS = {"ahead": "BDD7EE", "on_time": "C6EFCE", "behind": "FFE699", "stalled": "F4B6B6"}
STAGE_ZH = ["谋划", "签约", "前期", "开工", "入库", "竣工", "投产"]
HEADERS = ["编号", "项目名称", "责任单位", "包联领导", "级别", "类型", "规模", "总投资（万元）"]
TAIL = ["年度计划（万元）", "累计完成（万元）", "完成率%", "与序时进度差（百分点）", "进度"]
LEVEL_ZH = {"province": "省重点", "city": "市重点", "county": "县重点"}
KIND_ZH = {"industry": "产业", "infrastructure": "基础设施", "livelihood": "民生", "other": "其他"}
BAND_ZH = {
    "50+": "50亿以上",
    "20-50": "20—50亿",
    "10-20": "10—20亿",
    "5-10": "5—10亿",
    "0-5": "5亿以下",
}


def map_workbook(board) -> bytes:
    """Return the map (projects × stages) as XLSX bytes."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "项目挂图作战"
    day, elapsed = board.as_of.isoformat(), f"{board.data.elapsed:.1f}%"
    ws.append([f"{board.year} 项目建设挂图作战（截至 {day}，序时进度 {elapsed}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([*HEADERS, *STAGE_ZH, *TAIL])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in board.data.rows:
        _row(ws, row)
    for index, width in enumerate([8, 30, 18, 10, 8, 10, 10, 12, *[13] * 7, 12, 12, 9, 12, 8], 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C3"
    return workbook_bytes(wb)


def _row(ws, row) -> None:
    p = row.project
    leader = (p.leader.first_name or p.leader.username) if p.leader else ""
    stages = []
    for cell in row.cells:
        s = cell.stage
        planned = s.planned_on.isoformat() if s.planned_on else "—"
        actual = s.actual_on.isoformat() if s.actual_on and s.status == "done" else ""
        stages.append(f"计划 {planned}" + (f"\n实际 {actual}" if actual else ""))
    rate = f"{row.rate:.1f}" if row.rate is not None else ""
    gap = f"{row.gap}" if row.gap is not None else ""
    ws.append(
        [
            p.code,
            p.name,
            p.unit.name,
            leader,
            LEVEL_ZH[p.level],
            KIND_ZH[p.kind],
            BAND_ZH[p.size_band],
            float(p.total_investment),
            *stages,
            float(row.planned_year),
            float(row.completed),
            rate,
            gap,
            COLOUR_ZH[row.colour],
        ]
    )
    ws.cell(ws.max_row, ws.max_column).fill = PatternFill("solid", fgColor=FILLS[row.colour])
