"""Targets of `completion` indicators (目标) and exemptions (豁免), set by the office.

Annual targets have no period; per-month or per-quarter targets name their period. A target of a
locked period (annual targets: of the locked year) refuses every change. The import reads the
workbook through `leitai.tabular` (streamed, at most `upload_limits(units × indicators)` rows)
and keeps the first 200 problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from leitai.assessment.models import Exemption, Indicator, Period, Target
from leitai.assessment.scheme.access import require_unlocked_period
from leitai.assessment.scheme.selectors import latest_scheme
from leitai.assessment.scheme.services.periods import lock_period
from leitai.core.audit import record
from leitai.core.excel import cell_decimal, cell_text
from leitai.core.imports import ProblemList, add_issues, open_workbook, upload_limits
from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, GroupMembership, Unit
from leitai.tabular import Limits, Problems, SheetSpec, Table, TabularError, read_table

MAX_BYTES = 5 * 1024 * 1024
TARGET_SHEET, PERIOD_SHEET = "目标", "分期目标"
Key = tuple[int, str]
UNIT = ("单位代码",)
ANNUAL = SheetSpec(
    TARGET_SHEET, {"unit": UNIT, "name": ("单位名称",)}, ("unit",), extra_ok=True, long_ok=True
)
PERIODIC = SheetSpec(
    PERIOD_SHEET,
    {"unit": UNIT, "indicator": ("指标代码",), "period": ("周期",), "value": ("目标",)},
    ("unit", "indicator", "period", "value"),
    extra_ok=True,
    long_ok=True,
)


def target_units(year: AssessmentYear) -> list[tuple[Unit, str]]:
    """Return the year's assessed units (those in a group) with their group code, by code."""
    rows = GroupMembership.objects.filter(year=year, unit__active=True).select_related(
        "unit", "group"
    )
    return sorted(((m.unit, m.group.code) for m in rows), key=lambda pair: pair[0].code)


def target_indicators(year: AssessmentYear) -> list[Indicator]:
    """Return the `completion` indicators of the version in force (or the newest draft)."""
    scheme = latest_scheme(year, include_drafts=True)
    if scheme is None:
        return []
    rows = Indicator.objects.filter(scheme=scheme, rule=Indicator.Rule.COMPLETION)
    return list(rows.order_by("arena__order", "order", "id"))


def applies(indicator: Indicator, group_code: str) -> bool:
    """Tell whether the indicator applies to a unit of the group."""
    return not indicator.groups or group_code in indicator.groups


def _check_period(year: AssessmentYear, period: Period | None) -> None:
    if period is not None and period.year_id != year.pk:
        raise ValidationError({"period": _("The period is not of this year.")})
    if period is None:
        period = Period.objects.filter(year=year, kind=Period.Kind.YEAR).first()
    require_unlocked_period(period and lock_period(period))


def _validate_cells(year: AssessmentYear, values: Mapping[Key, Decimal | None]) -> None:
    units = {u.pk: g for u, g in target_units(year)}
    indicators = {i.code: i for i in target_indicators(year)}
    problems = []
    for (unit_id, code), value in values.items():
        if unit_id not in units or code not in indicators:
            problems.append(
                _("%(code)s is not a completion indicator of this unit.") % {"code": code}
            )
        elif value is not None and not applies(indicators[code], units[unit_id]):
            problems.append(_("%(code)s does not apply to this unit's group.") % {"code": code})
        elif value is not None and value <= 0:
            problems.append(_("A target must be greater than 0."))
    if problems:
        raise ValidationError({"value": sorted(set(problems))})


def _store(year: AssessmentYear, values: Mapping[Key, Decimal | None], period) -> tuple[dict, dict]:
    """Write the targets; return (before, after) of what changed keyed 'unit:indicator'."""
    existing = {
        (t.unit_id, t.indicator_code): t for t in Target.objects.filter(year=year, period=period)
    }
    before, after, create, update, delete = {}, {}, [], [], []
    for key, value in values.items():
        row = existing.get(key)
        old = row.value if row else None
        if old == value or (old is not None and value is not None and old.compare(value) == 0):
            continue
        label = f"{key[0]}:{key[1]}"
        before[label], after[label] = (
            (str(old) if old is not None else None),
            (str(value) if value is not None else None),
        )
        if row is None:
            create.append(
                Target(year=year, unit_id=key[0], indicator_code=key[1], period=period, value=value)
            )
        elif value is None:
            delete.append(row.pk)
        else:
            row.value = value
            update.append(row)
    Target.objects.filter(pk__in=delete).delete()
    Target.objects.bulk_update(update, ["value"])
    Target.objects.bulk_create(create)
    return before, after


@service
def targets_save(
    *,
    actor,
    year: AssessmentYear,
    values: Mapping[Key, Decimal | None],
    period: Period | None = None,
) -> int:
    """Set targets from a grid {(unit id, indicator code): value, None clears}; count changes."""
    require_office(actor, year.jurisdiction_id)
    _check_period(year, period)
    _validate_cells(year, values)
    before, after = _store(year, values, period)
    if after or before:
        record(
            actor=actor,
            action="target.save",
            obj=period or year,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return len(after)


# --- Excel ---------------------------------------------------------------------------------


def targets_workbook(year: AssessmentYear) -> bytes:
    """Return the year's targets as a workbook the import reads back (annual and per period)."""
    indicators = target_indicators(year)
    units = target_units(year)
    annual = {
        (t.unit_id, t.indicator_code): t.value
        for t in Target.objects.filter(year=year, period=None)
    }
    book = new_workbook()
    sheet = book.active
    sheet.title = TARGET_SHEET
    sheet.append(["单位代码", "单位名称", *[f"{i.code} {i.name}" for i in indicators]])
    for unit, group in units:
        cells = [
            _number(annual.get((unit.pk, i.code))) if applies(i, group) else "—" for i in indicators
        ]
        sheet.append([unit.code, unit.name, *cells])
    periodic = book.create_sheet(PERIOD_SHEET)
    periodic.append(["单位代码", "指标代码", "周期", "目标"])
    rows = Target.objects.filter(year=year, period__isnull=False).select_related("unit", "period")
    for t in rows.order_by("unit__code", "indicator_code", "period__starts_on", "period__kind"):
        periodic.append([t.unit.code, t.indicator_code, t.period.code, _number(t.value)])
    return workbook_bytes(book)


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


@service
def targets_import(*, actor, year: AssessmentYear, data: bytes) -> int:
    """Import every target of the workbook, or none: errors name sheet, row and column."""
    require_office(actor, year.jurisdiction_id)
    grids, problems = _read_targets(year, data)
    if problems:
        raise ValidationError({"file": problems})
    changed = 0
    annual = Period.objects.filter(year=year, kind=Period.Kind.YEAR).first()
    periods = {p.pk: p for p in Period.objects.filter(year=year)}
    for period_id, values in grids.items():
        period = periods.get(period_id) if period_id else None
        target_period = period or annual
        require_unlocked_period(target_period and lock_period(target_period))
        _before, after = _store(year, values, period)
        changed += len(after)
    record(
        actor=actor,
        action="target.import",
        obj=year,
        after={"changed": changed},
        jurisdiction=year.jurisdiction,
    )
    return changed


def _read_targets(year: AssessmentYear, data: bytes):
    if len(data) > MAX_BYTES:
        return {}, [_("The file is larger than 5 MB.")]
    workbook, problems = open_workbook(data, max_bytes=len(data))
    if workbook is None:
        return {}, [str(p) for p in problems]
    if TARGET_SHEET not in workbook:
        return {}, [_("The workbook has no sheet %(sheet)s.") % {"sheet": TARGET_SHEET}]
    reader = _TargetReader(year)
    limits = upload_limits(len(reader.units) * len(reader.indicators))
    try:
        reader.annual(reader.table(workbook[TARGET_SHEET], ANNUAL, limits))
        if PERIOD_SHEET in workbook:
            reader.periodic(reader.table(workbook[PERIOD_SHEET], PERIODIC, limits))
    except TabularError as exc:
        add_issues(problems, exc.issues)
        return {}, [str(p) for p in problems]
    return reader.grids, reader.messages()


class _TargetReader:
    """Read the targets sheets, collecting problems with their sheet, row and column."""

    def __init__(self, year: AssessmentYear):
        self.units = {u.code: (u, g) for u, g in target_units(year)}
        self.indicators = {i.code: i for i in target_indicators(year)}
        self.periods = {p.code: p for p in Period.objects.filter(year=year)}
        self.grids: dict[int | None, dict[Key, Decimal | None]] = {}
        self.problems = ProblemList()

    def table(self, rows, spec: SheetSpec, limits: Limits) -> Table | None:
        """Read one sheet's table; a missing header column is a problem."""
        found = Problems()
        table = read_table(rows, spec, spec.name, found, limits)
        issues = ProblemList()
        add_issues(issues, found.kept, found.more)
        self.problems.extend(str(p) for p in issues)
        return table

    def messages(self) -> list[str]:
        """Return the kept problems, and how many more there are."""
        more = self.problems.more
        if not more:
            return list(self.problems)
        tail = ngettext(
            "… and %(counter)s more problem, not shown.",
            "… and %(counter)s more problems, not shown.",
            more,
        ) % {"counter": more}
        return [*self.problems, tail]

    def error(self, sheet: str, row: int, column: int | None, message: str) -> None:
        place = {
            "sheet": sheet,
            "row": row,
            "column": get_column_letter(column) if column else "",
            "message": message,
        }
        text = (
            _("%(sheet)s row %(row)s, column %(column)s: %(message)s")
            if column
            else _("%(sheet)s row %(row)s: %(message)s")
        )
        self.problems.append(text % place)

    def value(self, sheet, row, column, cell) -> tuple[bool, Decimal | None]:
        try:
            number = cell_decimal(cell)
        except ValueError:
            self.error(sheet, row, column, _("%(value)s is not a number.") % {"value": cell})
            return False, None
        if number is not None and number <= 0:
            self.error(sheet, row, column, _("A target must be greater than 0."))
            return False, None
        return True, number

    def unit(self, sheet, row, column, cell):
        code = cell_text(cell)
        if code not in self.units:
            self.error(sheet, row, column, _("Unknown unit %(code)s.") % {"code": code})
            return None
        return self.units[code]

    def annual(self, table: Table | None) -> None:
        if table is None:
            return
        columns = self._indicator_columns(table)
        grid = self.grids.setdefault(None, {})
        at = table.columns["unit"] + 1
        for number, row in table.rows:
            if not any(cell_text(c) for c in row):
                continue
            found = self.unit(TARGET_SHEET, number, at, table.cell(row, "unit"))
            for index, indicator in columns.items():
                cell = row[index - 1] if index - 1 < len(row) else None
                ok, value = self.value(TARGET_SHEET, number, index, cell)
                if ok and found is not None:
                    self._annual_cell(grid, number, index, found, indicator, value)

    def _indicator_columns(self, table: Table) -> dict[int, Indicator]:
        """Return the indicator of each column headed "CODE name"; unknown codes are problems."""
        columns = {}
        for position, header in table.extra.items():
            code = cell_text(header).split(" ")[0]
            if code and code not in self.indicators:
                message = _("Unknown completion indicator %(code)s.") % {"code": code}
                self.error(TARGET_SHEET, 1, position + 1, message)
            elif code:
                columns[position + 1] = self.indicators[code]
        return columns

    def _annual_cell(self, grid, number, index, found, indicator, value) -> None:
        unit, group = found
        if applies(indicator, group):
            grid[(unit.pk, indicator.code)] = value
        elif value is not None:
            message = _("%(code)s does not apply to this unit's group.") % {"code": indicator.code}
            self.error(TARGET_SHEET, number, index, message)

    def periodic(self, table: Table | None) -> None:
        if table is None:
            return
        at = {key: position + 1 for key, position in table.columns.items()}
        for number, row in table.rows:
            cells = {key: table.cell(row, key) for key in at}
            if not any(cell_text(c) for c in cells.values()):
                continue
            self._periodic_row(number, at, cells)

    def _periodic_row(self, number: int, at: dict[str, int], cells: dict) -> None:
        found = self.unit(PERIOD_SHEET, number, at["unit"], cells["unit"])
        code = cell_text(cells["indicator"])
        indicator = self.indicators.get(code)
        if indicator is None:
            message = _("Unknown completion indicator %(code)s.") % {"code": code}
            self.error(PERIOD_SHEET, number, at["indicator"], message)
        period = self.periods.get(cell_text(cells["period"]))
        if period is None:
            message = _("Unknown period %(code)s.") % {"code": cell_text(cells["period"])}
            self.error(PERIOD_SHEET, number, at["period"], message)
        ok, value = self.value(PERIOD_SHEET, number, at["value"], cells["value"])
        if not (found and indicator and period and ok):
            return
        if not applies(indicator, found[1]):
            message = _("%(code)s does not apply to this unit's group.") % {"code": code}
            self.error(PERIOD_SHEET, number, at["indicator"], message)
            return
        self.grids.setdefault(period.pk, {})[(found[0].pk, code)] = value


# --- exemptions ----------------------------------------------------------------------------


@service
def exemption_create(
    *, actor, year: AssessmentYear, unit: Unit, indicator_code: str, reason: str
) -> Exemption:
    """Exempt a unit from an indicator for the year, with the reason."""
    require_office(actor, year.jurisdiction_id)
    _check_period(year, None)
    if unit.jurisdiction_id != year.jurisdiction_id:
        raise ValidationError({"unit": _("The unit is not of this jurisdiction.")})
    scheme = latest_scheme(year, include_drafts=True)
    if scheme is None or not scheme.indicators.filter(code=indicator_code).exists():
        raise ValidationError({"indicator_code": _("No such indicator in this year's scheme.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if Exemption.objects.filter(year=year, unit=unit, indicator_code=indicator_code).exists():
        raise ValidationError({"indicator_code": _("This unit is already exempt from it.")})
    exemption = Exemption.objects.create(
        year=year, unit=unit, indicator_code=indicator_code, reason=reason.strip()
    )
    record(
        actor=actor,
        action="exemption.create",
        obj=exemption,
        after={"unit": unit.code, "indicator_code": indicator_code, "reason": exemption.reason},
        unit=unit,
        jurisdiction=year.jurisdiction,
    )
    return exemption


@service
def exemption_delete(*, actor, exemption: Exemption) -> None:
    """Withdraw an exemption."""
    require_office(actor, exemption.year.jurisdiction_id)
    _check_period(exemption.year, None)
    record(
        actor=actor,
        action="exemption.delete",
        obj=exemption,
        before={
            "unit": exemption.unit.code,
            "indicator_code": exemption.indicator_code,
            "reason": exemption.reason,
        },
        unit=exemption.unit,
        jurisdiction=exemption.year.jurisdiction,
    )
    exemption.delete()
