"""The values template: a pre-filled workbook an office or a unit downloads, fills and uploads.

One sheet, one row per unit and indicator, with Chinese headers; only the value and note
columns are unlocked (the sheet is protected without a password, so it guards against slips,
not against intent). The upload is read back by `services/excel_values.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import (
    applicability,
    period_indicators,
    previous_period,
    targets_for,
    values_by_key,
)
from leitai.assessment.models import Indicator, Period
from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.org.models import Unit

SHEET = "填报数据"
# key, Chinese header, English header, width, unlocked for input
COLUMNS = (
    ("period", "期间", "period", 10, False),
    ("unit", "单位代码", "unit code", 10, False),
    ("unit_name", "单位名称", "unit", 26, False),
    ("indicator", "指标代码", "indicator code", 10, False),
    ("indicator_name", "指标名称", "indicator", 28, False),
    ("measure", "计量单位", "measure", 9, False),
    ("target", "目标", "target", 11, False),
    ("previous", "上期值", "last period", 11, False),
    ("value", "本期值", "value", 13, True),
    ("note", "备注", "note", 24, True),
)
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")


# --- the template --------------------------------------------------------------------------------


def template_pairs(user, period: Period, unit: Unit | None) -> list[tuple[Unit, Indicator]]:
    """Return the (unit, indicator) rows the person can enter for the period, in order."""
    rules = applicability(period.year_id)
    indicators = [
        i
        for i in period_indicators(period)
        if i.supplier in (Indicator.Supplier.UNIT, Indicator.Supplier.ASSESSOR)
    ]
    if unit is not None:
        units = [unit]
    else:
        units = list(
            Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id, active=True).order_by(
                "code"
            )
        )
    pairs = []
    for u in units:
        for indicator in indicators:
            if rules.applies(indicator, u.pk) and access.can_enter(user, indicator, u):
                pairs.append((u, indicator))
    return pairs


def template_workbook(user, period: Period, unit: Unit | None, title: str) -> bytes:
    """Return the template: the person's rows, pre-filled with what is entered already."""
    pairs = template_pairs(user, period, unit)
    unit_ids = sorted({u.pk for u, _ in pairs})
    values = values_by_key(period, unit_ids)
    previous = values_by_key(previous_period(period), unit_ids)
    targets = targets_for(period, unit_ids)
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET
    _title_rows(sheet, period, title)
    for u, indicator in pairs:
        key = (u.pk, indicator.code)
        current, last = values.get(key), previous.get(key)
        sheet.append(
            [
                period.code,
                u.code,
                u.name,
                indicator.code,
                indicator.name,
                indicator.measure,
                _number(targets.get(key)),
                _number(last.value if last else None),
                _number(current.value if current else None),
                current.note if current else "",
            ]
        )
    _protect(sheet, len(pairs))
    return workbook_bytes(book)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _title_rows(sheet, period: Period, title: str) -> None:
    last = get_column_letter(len(COLUMNS))
    sheet.append([title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([_("Fill in only the columns 本期值 and 备注; the grey columns are locked.")])
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].font = Font(italic=True, color="666666")
    sheet.append([zh for _, zh, _, _, _ in COLUMNS])
    for position, (_key, _zh, _en, width, unlocked) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=3, column=position)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B71C1C" if unlocked else "555555")
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A4"


def _protect(sheet, count: int) -> None:
    """Lock everything but the value and note cells, and allow only numbers as values."""
    first, last = 4, 3 + max(count, 1)
    for position, (_key, _zh, _en, _w, unlocked) in enumerate(COLUMNS, start=1):
        for (cell,) in sheet.iter_rows(
            min_row=first, max_row=last, min_col=position, max_col=position
        ):
            if unlocked:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            else:
                cell.fill = LOCKED_FILL
    value_column = get_column_letter(_position("value"))
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-99999999999999",
        formula2="99999999999999",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a number"),
        error=_("Type a number, e.g. 1234.5."),
    )
    sheet.add_data_validation(numbers)
    numbers.add(f"{value_column}{first}:{value_column}{last}")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False


def _position(key: str) -> int:
    return next(i for i, column in enumerate(COLUMNS, start=1) if column[0] == key)
