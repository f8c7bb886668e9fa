"""The calendar table: one sheet 工作日历 with 日期, 类型 (放假 or 上班) and 名称.

It is the annual holiday notice typed as a table, one row per day: every day off of a
holiday, and every weekend day worked instead. Read through `leitai.core.imports` (the one
upload path); every problem names its sheet, row and column, and nothing is saved while
there is one.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_noop as N_

from leitai.core.imports import (
    Column,
    Problem,
    SheetSpec,
    Worksheet,
    find_sheet,
    open_workbook,
    read_sheet,
)
from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.org.models import CalendarDay

SHEET = SheetSpec(
    "calendar",
    "工作日历",
    "calendar",
    (
        Column("day", "日期", "date", True, width=12, note=N_("The day, e.g. 2022-10-01.")),
        Column("kind", "类型", "kind", True, width=8, note=N_("放假 (day off) or 上班 (worked).")),
        Column("name", "名称", "name", False, False, 12, N_("The holiday, e.g. 国庆节.")),
    ),
)
KINDS = {
    "放假": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "holiday": CalendarDay.Kind.HOLIDAY,
    "上班": CalendarDay.Kind.WORKDAY,
    "班": CalendarDay.Kind.WORKDAY,
    "调休上班": CalendarDay.Kind.WORKDAY,
    "workday": CalendarDay.Kind.WORKDAY,
}
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?: 00:00(?::00)?)?")

Day = tuple[dt.date, str, str]


def read_calendar(data: bytes, *, max_bytes: int) -> tuple[list[Day], list[Problem]]:
    """Return the table's days (date, kind, name) and the problems found in it."""
    workbook, problems = open_workbook(data, max_bytes=max_bytes)
    if workbook is None:
        return [], problems
    ws = find_sheet(workbook, SHEET) or _first(workbook)  # a one-sheet table of any title
    sheet = read_sheet(ws, SHEET, problems)
    days, seen = [], {}
    for cells in sheet.rows:
        day = _day(cells["day"], problems)
        kind = KINDS.get(cells["kind"].value.lower())
        if kind is None and cells["kind"].value:
            problems.append(cells["kind"].problem(N_("Write 放假 or 上班.")))
        if day in seen:
            params = {"row": seen[day]}
            problems.append(cells["day"].problem(N_("The same date is on row %(row)s."), **params))
        elif day is not None:
            seen[day] = cells["day"].row
        if day is not None and kind is not None:
            days.append((day, kind.value, cells["name"].value))
    if not sheet.rows and not problems:
        problems.append(Problem(N_("The table has no days."), {}, ws.title))
    return days, problems


def _first(workbook: dict) -> Worksheet:
    title = next(iter(workbook))
    return Worksheet(title, workbook[title])


def _day(cell, problems: list) -> dt.date | None:
    found = DATE.fullmatch(cell.value)
    try:
        return dt.date(*(int(g) for g in found.groups())) if found else _bad(cell, problems)
    except ValueError:
        return _bad(cell, problems)


def _bad(cell, problems: list) -> None:
    if cell.value:
        problems.append(
            cell.problem(N_("%(value)s is not a date like 2022-10-01."), value=cell.value)
        )


def template(days: list[Day]) -> bytes:
    """Return the table as a workbook holding `days` (the year shown), to fill in or keep."""
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET.zh
    sheet.append([c.zh for c in SHEET.columns])
    words = {CalendarDay.Kind.HOLIDAY: "放假", CalendarDay.Kind.WORKDAY: "上班"}
    for day, kind, name in days:
        sheet.append([day.isoformat(), words[kind], name])
    for letter, column in zip("ABC", SHEET.columns, strict=True):
        sheet.column_dimensions[letter].width = column.width
    return workbook_bytes(book)
