"""The notice's workbook: one ranked sheet per group and every indicator score explained."""

from __future__ import annotations

import re

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.rankings.notices.content import NoticeContent

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
INDICATOR_HEADERS = ["组别", "名次", "单位", "擂台", "指标", "得分", "满分", "缺报", "计分说明"]
INDICATOR_WIDTHS = [12, 6, 28, 14, 24, 9, 9, 6, 70]
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def ranking_headers(content: NoticeContent) -> list[str]:
    return ["名次", "单位", "总分", *(name for _, name in content.arenas), "名次变化", "一票否决"]


def sheet_name(name: str, used: set[str]) -> str:
    """Return a valid, unused sheet name (31 characters, no []:*?/\\)."""
    base = SHEET_NAME_BAD.sub("_", name)[:28] or "组"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}{n}", n + 1
    used.add(candidate)
    return candidate


def _header(ws, headers: list[str], widths: list[int]) -> None:
    ws.append(headers)
    for column, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def notice_xlsx(content: NoticeContent) -> bytes:
    """Render the workbook and return its bytes."""
    wb = new_workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    headers = ranking_headers(content)
    widths = [6, 28, 9, *([11] * len(content.arenas)), 9, 9]
    for group in content.groups:
        ws = wb.create_sheet(sheet_name(group.name, used))
        _header(ws, headers, widths)
        for row in group.rows:
            ws.append(
                [
                    row.rank,
                    row.unit,
                    row.total_value,
                    *row.arena_values,
                    row.change_text,
                    "是" if row.vetoed else "",
                ]
            )
    _indicator_sheet(wb.create_sheet(sheet_name("指标得分", used)), content)
    return workbook_bytes(wb)


def _indicator_sheet(ws, content: NoticeContent) -> None:
    _header(ws, INDICATOR_HEADERS, INDICATOR_WIDTHS)
    for group in content.groups:
        for row in group.rows:
            for ind in content.indicators:
                item = row.indicators.get(ind["code"])
                if not item or not item.get("applicable"):
                    continue
                points = item.get("points")
                ws.append(
                    [
                        group.name,
                        row.rank,
                        row.unit,
                        ind["arena"],
                        ind["name"],
                        None if points is None else round(points, 2),
                        item.get("max_points"),
                        "是" if item.get("missing") else "",
                        item.get("explain_zh", ""),
                    ]
                )
