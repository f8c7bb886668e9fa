"""The battle map as an XLSX workbook: one row per task, one column per month, in colour."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from leitai.core.spreadsheets import new_workbook, workbook_bytes

# Fill colours of the battle map (Excel ARGB without alpha).
FILLS = {
    "done": "BFBFBF",
    "red": "F4B6B6",
    "yellow": "FFE699",
    "blue": "BDD7EE",
    "green": "C6EFCE",
}
# Fixed Chinese labels: the file goes to the county's wall and meetings, whatever the page language.
COLOUR_ZH = {"done": "已完成", "red": "逾期", "yellow": "滞后", "blue": "临近节点", "green": "正常"}
HEADERS = ["编号", "类别", "任务", "牵头单位", "分管县领导", "状态", "进度%", "应达%"]


def battle_map_workbook(board) -> bytes:
    """Return the board (tasks × months) as XLSX bytes."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "挂图作战"
    ws.append([f"{board.year} 重点任务挂图作战（截至 {board.as_of.isoformat()}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([*HEADERS, *[f"{m}月" for m in range(1, 13)]])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in board.rows:
        _task_row(ws, row)
    widths = [8, 14, 36, 18, 10, 8, 7, 7, *[16] * 12]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "D3"
    return workbook_bytes(wb)


def _task_row(ws, row) -> None:
    task, status = row.task, row.status
    leader = task.leader.first_name or task.leader.username if task.leader else ""
    values = [
        task.code,
        task.category.name,
        task.title,
        task.lead_unit.name,
        leader,
        COLOUR_ZH[status.colour],
        status.progress,
        status.expected,
    ]
    for month in row.months:
        values.append("\n".join(f"{m.due_date:%m-%d} {m.title}" for m, _c in month))
    ws.append(values)
    r = ws.max_row
    ws.cell(r, 6).fill = PatternFill("solid", fgColor=FILLS[status.colour])
    for offset, month in enumerate(row.months):
        if month:
            cell = ws.cell(r, len(HEADERS) + 1 + offset)
            cell.fill = PatternFill("solid", fgColor=FILLS[_worst(c for _m, c in month)])
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _worst(colours) -> str:
    order = ["red", "blue", "green", "done"]
    return min(colours, key=order.index)
