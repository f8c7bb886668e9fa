"""Excel round trip of collected values, its second half: upload → plan → import.

The template it reads is written by `leitai.assessment.collection.exports`. The upload is read
through `leitai.tabular` forgivingly (title rows, blank rows, full-width digits, thousands
separators, '—' for empty) and at most
`upload_limits(units × indicators)` rows, planned against the database with every problem
named by sheet, row and column (the first 200 kept), and imported all or nothing. A plan only holds
real changes, so uploading the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.assessment.collection import access
from leitai.assessment.collection.exports import COLUMNS
from leitai.assessment.collection.plausibility import References
from leitai.assessment.collection.selectors import (
    active_scheme,
    applicability,
    period_indicators,
    plain,
    scheme_indicators,
)
from leitai.assessment.collection.services.collection import (
    EDITABLE,
    MAX_DIGITS,
    check_not_locked,
    check_takes_entries,
    insert,
    locked_submission,
    update_values,
)
from leitai.assessment.models import Indicator, IndicatorValue, Period, Submission
from leitai.assessment.scheme.selectors import collected_in
from leitai.core.audit import record
from leitai.core.excel import cell_text, parse_decimal
from leitai.core.imports import ProblemList, add_issues, open_workbook, upload_limits
from leitai.core.transactions import service
from leitai.org.imports import Problem
from leitai.org.models import Unit
from leitai.tabular import Limits, Problems, SheetSpec, Table, TabularError, read_table

REQUIRED = ("unit", "indicator", "value")
HEADER_SEARCH_ROWS = 10
SPEC = SheetSpec(
    "values",
    {key: (zh, en) for key, zh, en, _w, _u in COLUMNS},
    REQUIRED,
    extra_ok=True,
    search=HEADER_SEARCH_ROWS,
    long_ok=True,
)
# --- reading ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row of the upload: Excel row number and raw cells by column key."""

    number: int
    cells: dict
    columns: dict


def read_rows(data: bytes, limits: Limits | None = None) -> tuple[str, list[Row], list[Problem]]:
    """Find the sheet and header, return the non-blank data rows and any reading problems.

    Reading stops, with a problem, past `limits` (default: `upload_limits()`).
    """
    workbook, problems = open_workbook(data, max_bytes=len(data))
    for title, rows in (workbook or {}).items():
        try:
            table = read_table(rows, SPEC, title, Problems(), limits or upload_limits())
        except TabularError as exc:
            add_issues(problems, exc.issues)
            return title, [], problems
        if table is not None:
            return title, _data_rows(table), problems
    if workbook is not None:
        headers = "、".join(zh for key, zh, _, _, _ in COLUMNS if key in REQUIRED)
        message = N_("No sheet has the header row with the columns %(headers)s.")
        problems.append(Problem(message, {"headers": headers}))
    return "", [], problems


def _data_rows(table: Table) -> list[Row]:
    result = []
    for number, values in table.rows:
        cells = {key: table.cell(values, key) for key in table.columns}
        if any(cell_text(cells.get(k)) for k in ("unit", "indicator", "value", "note")):
            result.append(Row(number, cells, table.columns))
    return result


def expected_rows(period: Period) -> int:
    """Return the period's active units × indicators (the size of a county-wide template)."""
    units = Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id, active=True)
    return units.count() * len(period_indicators(period))


# --- planning ----------------------------------------------------------------------------------


@dataclass
class Change:
    """One value the import writes: where, before → after, and the revision it was planned on."""

    period: Period
    unit: Unit
    indicator: Indicator
    before: Decimal | None
    after: Decimal | None
    note: str | None
    revision: int
    exists: bool
    note_before: str = ""

    @property
    def value_changed(self) -> bool:
        return self.before != self.after or not self.exists

    @property
    def note_changed(self) -> bool:
        return self.note is not None and self.note != self.note_before

    @property
    def before_text(self) -> str:
        return plain(self.before) if self.exists else "—"

    @property
    def after_text(self) -> str:
        return plain(self.after) if self.after is not None else "—"


@dataclass
class Plan:
    """What an upload would change, or the problems that stop it."""

    sheet: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=ProblemList)
    unchanged: int = 0

    def digest(self) -> str:
        """Fingerprint the planned changes, to apply only what was previewed."""
        data = [
            [c.period.pk, c.unit.pk, c.indicator.code, plain(c.after), c.note, c.revision]
            for c in self.changes
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:32]


class _Planner:
    """Check each row against the database, read once up front."""

    def __init__(self, user, period: Period, sheet: str):
        self.user, self.period, self.sheet = user, period, sheet
        year = period.year
        self.units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
        self.indicators = {i.code: i for i in scheme_indicators(active_scheme(year.pk))}
        self.periods = {p.code: p for p in Period.objects.filter(year_id=year.pk)}
        for p in self.periods.values():
            p.year = year
        self.rules = applicability(year.pk)
        self.stored: dict[tuple[int, int, str], IndicatorValue] = {}
        self.states: dict[tuple[int, int], str] = {}
        self.seen: set[tuple[int, int, str]] = set()
        self.loaded: set[int] = set()
        self.locked: dict[int, bool] = {}
        self.references: dict[int, References] = {}
        self.plan = Plan(sheet)

    def load(self, period: Period) -> None:
        if period.pk in self.loaded:
            return
        self.loaded.add(period.pk)
        for v in IndicatorValue.objects.filter(period=period):
            self.stored[(period.pk, v.unit_id, v.indicator_code)] = v
        for unit_id, state in Submission.objects.filter(period=period).values_list(
            "unit_id", "state"
        ):
            self.states[(period.pk, unit_id)] = state

    def problem(self, row: Row, key: str, message: str, **params) -> None:
        column = row.columns.get(key)
        header = next((zh for k, zh, _, _, _ in COLUMNS if k == key), key)
        self.plan.problems.append(
            Problem(
                message,
                params,
                self.sheet,
                row.number,
                column + 1 if column is not None else None,
                header,
            )
        )

    def row(self, row: Row) -> None:
        period = self._period(row)
        unit = self._unit(row)
        indicator = self._indicator(row)
        value, ok = self._value(row)
        if period is None or unit is None or indicator is None or not ok:
            return
        if not self._allowed(row, period, unit, indicator):
            return
        self.load(period)
        key = (period.pk, unit.pk, indicator.code)
        if key in self.seen:
            self.problem(
                row, "indicator", N_("%(code)s appears twice for this unit."), code=indicator.code
            )
            return
        self.seen.add(key)
        self._compare(row, period, unit, indicator, value)

    def _period(self, row: Row) -> Period | None:
        code = cell_text(row.cells.get("period"))
        period = self.periods.get(code) if code else self.period
        if period is None:
            self.problem(row, "period", N_("Unknown period %(code)s."), code=code)
        elif self._locked(period):
            self.problem(row, "period", N_("Period %(code)s is locked."), code=period.code)
            return None
        return period

    def _locked(self, period: Period) -> bool:
        if period.pk not in self.locked:
            self.locked[period.pk] = access.period_is_locked(period)
        return self.locked[period.pk]

    def _unit(self, row: Row) -> Unit | None:
        code = cell_text(row.cells.get("unit"))
        unit = self.units.get(code)
        if unit is None:
            self.problem(row, "unit", N_("Unknown unit %(code)s."), code=code)
        return unit

    def _indicator(self, row: Row) -> Indicator | None:
        code = cell_text(row.cells.get("indicator"))
        indicator = self.indicators.get(code)
        if indicator is None:
            self.problem(row, "indicator", N_("Unknown indicator %(code)s."), code=code)
        return indicator

    def _value(self, row: Row) -> tuple[Decimal | None, bool]:
        raw = row.cells.get("value")
        try:
            value = parse_decimal(raw)
        except ValueError:
            self.problem(row, "value", N_("%(text)s is not a number."), text=cell_text(raw))
            return None, False
        if value is not None and (
            abs(value) >= Decimal(10) ** MAX_DIGITS or value.as_tuple().exponent < -4
        ):
            self.problem(row, "value", N_("Use at most 14 digits and 4 decimal places."))
            return None, False
        return value, True

    def _allowed(self, row, period, unit, indicator) -> bool:
        if not collected_in(indicator.rule, period.kind):
            self.problem(
                row,
                "indicator",
                N_("%(code)s is not collected in period %(period)s."),
                code=indicator.code,
                period=period.code,
            )
            return False
        if not self.rules.applies(indicator, unit.pk):
            self.problem(
                row,
                "indicator",
                N_("%(code)s does not apply to unit %(unit)s."),
                code=indicator.code,
                unit=unit.code,
            )
            return False
        if not access.can_enter(self.user, indicator, unit):
            if indicator.supplier == Indicator.Supplier.UNIT:
                message = N_("You may not enter values for unit %(unit)s.")
            else:
                message = N_("%(code)s is not entered by you (it comes from %(source)s).")
            self.problem(
                row,
                "unit",
                message,
                unit=unit.code,
                code=indicator.code,
                source=indicator.get_supplier_display(),
            )
            return False
        return True

    def _writable(self, row, change: Change) -> bool:
        """A change (not an unchanged row) of unit data needs an open period and a unit
        that has not signed off: the office's pre-filled template carries every unit."""
        period, unit = change.period, change.unit
        if change.indicator.supplier != Indicator.Supplier.UNIT:
            return True
        if period.state != Period.State.OPEN:
            self.problem(
                row, "period", N_("Period %(code)s is not open for entries."), code=period.code
            )
            return False
        state = self.states.get((period.pk, unit.pk), Submission.State.DRAFT)
        if state not in EDITABLE:
            self.problem(
                row,
                "value",
                N_("The data of %(unit)s were signed off already."),
                unit=unit.code,
            )
            return False
        return True

    def _compare(self, row, period, unit, indicator, value) -> None:
        stored = self.stored.get((period.pk, unit.pk, indicator.code))
        note = cell_text(row.cells.get("note")) if "note" in row.columns else None
        note = note[:500] if note is not None else None
        same_value = (stored is not None and stored.value == value) or (
            stored is None and value is None
        )
        same_note = note is None or (stored.note if stored else "") == note
        if same_value and same_note:
            self.plan.unchanged += 1
            return
        change = Change(
            period=period,
            unit=unit,
            indicator=indicator,
            before=stored.value if stored else None,
            after=value,
            note=note,
            revision=stored.revision if stored else 0,
            exists=stored is not None,
            note_before=stored.note if stored else "",
        )
        if self._writable(row, change) and self._plausible(row, change):
            self.plan.changes.append(change)

    def _plausible(self, row, change: Change) -> bool:
        """A new value far from its reference needs a note that says why (see plausibility)."""
        if change.after is None or not change.value_changed:
            return True
        if change.period.pk not in self.references:
            self.references[change.period.pk] = References(change.period)
        flag = self.references[change.period.pk].flag(
            change.unit.pk, change.indicator.code, change.after
        )
        note = change.note if change.note is not None else change.note_before
        if flag is None or note.strip():
            return True
        self.problem(
            row,
            "value",
            N_("%(unit)s %(code)s: %(reason)s"),
            unit=change.unit.code,
            code=change.indicator.code,
            reason=flag.message(),
        )
        return False


def plan_upload(*, user, period: Period, data: bytes) -> Plan:
    """Read and check an upload; the plan holds its changes or the problems found."""
    sheet, rows, problems = read_rows(data, upload_limits(expected_rows(period)))
    if problems:
        return Plan(sheet, problems=problems)
    planner = _Planner(user, period, sheet)
    for row in rows:
        planner.row(row)
    if planner.plan.problems:
        planner.plan.changes = []
    return planner.plan


# --- importing ----------------------------------------------------------------------------------


@service
def values_import(*, actor, period: Period, plan: Plan) -> int:
    """Write a checked plan all or nothing, with one audit row; return the values written."""
    if not access.is_office(actor) and not access.unit_roles(actor).members:
        raise PermissionDenied("may not enter values")
    if plan.problems:
        raise ValidationError(_("The upload has problems; nothing was imported."))
    for change in plan.changes:
        if not access.can_enter(actor, change.indicator, change.unit):
            raise PermissionDenied("may not enter this value")
    _check_still_open(plan.changes)
    periods = {c.period.pk for c in plan.changes}
    stored = {
        (v.period_id, v.unit_id, v.indicator_code): v
        for v in IndicatorValue.objects.select_for_update().filter(
            period_id__in=periods, unit_id__in={c.unit.pk for c in plan.changes}
        )
    }
    now, new, updated, before, after = timezone.now(), [], [], {}, {}
    for change in plan.changes:
        key = (change.period.pk, change.unit.pk, change.indicator.code)
        value = stored.get(key)
        if (value.revision if value else 0) != change.revision:
            raise ValidationError(
                _("Someone changed %(unit)s %(code)s since the preview; upload the file again.")
                % {"unit": change.unit.code, "code": change.indicator.code}
            )
        label = f"{change.period.code}/{change.unit.code}/{change.indicator.code}"
        before[label], after[label] = change.before_text, change.after_text
        if change.note_changed:
            before[label] = {"value": change.before_text, "note": change.note_before}
            after[label] = {"value": change.after_text, "note": change.note}
        value = value or IndicatorValue(
            period=change.period, unit=change.unit, indicator_code=change.indicator.code
        )
        _set(value, change, actor, now)
        (updated if value.pk else new).append(value)
    insert(IndicatorValue, new)
    update_values(updated)
    _audit(actor, period, plan, before, after)
    return len(plan.changes)


def _check_still_open(changes: list[Change]) -> None:
    """Re-check, under the collection's locks, what the preview checked: the period is not
    locked (and open, for unit data) and the unit's data are not signed off.

    The preview may be minutes old; a period locked or data signed off since then refuse
    the import. Locks follow the collection's order: periods, then submissions, then values.
    """
    periods = {c.period.pk: c.period for c in changes}
    fresh = {pk: check_not_locked(periods[pk]) for pk in sorted(periods)}
    unit_places = sorted(
        {
            (c.period.pk, c.unit.pk)
            for c in changes
            if c.indicator.supplier == Indicator.Supplier.UNIT
        }
    )
    units = {c.unit.pk: c.unit for c in changes}
    for period_id, unit_id in unit_places:
        period = check_takes_entries(fresh[period_id])
        submission = locked_submission(period, units[unit_id])
        if submission.state not in EDITABLE:
            raise ValidationError(
                _("The data of %(unit)s were signed off since the preview; nothing was imported.")
                % {"unit": units[unit_id].code}
            )


def _set(value: IndicatorValue, change: Change, actor, now) -> None:
    by_assessor = change.indicator.supplier == Indicator.Supplier.ASSESSOR
    value.value, value.entered_by, value.entered_at = change.after, actor, now
    if change.note is not None:
        value.note = change.note
    value.source = IndicatorValue.Source.ASSESSOR if by_assessor else IndicatorValue.Source.UNIT
    value.state = IndicatorValue.State.VERIFIED if by_assessor else IndicatorValue.State.DRAFT
    if by_assessor:
        value.verified_by, value.verified_at = actor, now
    value.revision += 1


def _audit(actor, period, plan, before, after) -> None:
    places = {(c.period.pk, c.unit.pk) for c in plan.changes}
    obj, unit = period, None
    if len(places) == 1:
        period_id, unit_id = next(iter(places))
        obj, _created = Submission.objects.get_or_create(period_id=period_id, unit_id=unit_id)
        unit = obj.unit
    record(
        actor=actor,
        action="excel.import",
        obj=obj,
        before={"values": dict(list(before.items())[:500])},
        after={"values": dict(list(after.items())[:500]), "count": len(after)},
        unit=unit,
        jurisdiction=period.year.jurisdiction,
    )
