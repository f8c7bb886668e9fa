"""Reading the workbook, planning the import, and applying a plan all or nothing.

`read_workbook` turns the file into clean cells, `plan_import` compares them with the database
(each sheet's module plans its rows through one `Planner`) and names every problem by sheet,
row and column, and `org_import_apply` (the one write) applies a fresh plan in one transaction
with one audit row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.core.audit import record
from leitai.core.imports import (
    Cell,
    ImportRejected,
    Problem,
    Sheet,
    SheetSpec,
    find_sheet,
    fingerprint,
    open_workbook,
    read_sheet,
)
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.imports import groups, people, supervision, units
from leitai.org.models import AssessmentYear, Jurisdiction, Unit

# The sheets in the order of the workbook (and of its template); PLAN_ORDER is another.
SHEET_MODULES = (units, groups, supervision, people)
SHEETS = tuple(module.SHEET for module in SHEET_MODULES)
TRUE_WORDS = {"是", "y", "yes", "true", "1", "启用", "√"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "停用", "×"}

# --- reading -------------------------------------------------------------------------------


@dataclass
class Book:
    """The sheets found in the workbook (absent sheets are missing from `sheets`)."""

    sheets: dict[str, Sheet]


def read_workbook(data: bytes, *, max_bytes: int) -> tuple[Book, list[Problem]]:
    """Read the workbook's known sheets into clean rows; return the problems found on the way."""
    workbook, problems = open_workbook(data, max_bytes=max_bytes)
    book = Book({})
    if workbook is None:
        return book, problems
    for spec in SHEETS:
        ws = find_sheet(workbook, spec)
        if ws is not None:
            book.sheets[spec.key] = read_sheet(ws, spec, problems)
    if not book.sheets:
        names = "、".join(sheet.zh for sheet in SHEETS)
        problems.append(
            Problem(N_("The workbook has none of the sheets %(names)s."), {"names": names})
        )
    return book, problems


# --- planning ------------------------------------------------------------------------------


@dataclass
class Change:
    """One object the import creates or changes, with before → after of the changed fields."""

    entity: str
    key: str
    action: str  # "create" or "update"
    before: dict[str, str]
    after: dict[str, str]
    data: dict[str, Any]

    @property
    def fields(self) -> list[tuple[str, str, str]]:
        return [
            (_(FIELD_LABELS.get(name, name)), self.before.get(name, ""), value)
            for name, value in self.after.items()
        ]


FIELD_LABELS = {
    "name": N_("name"),
    "short_name": N_("short name"),
    "kind": N_("kind"),
    "active": N_("active"),
    "order": N_("order"),
    "units": N_("units"),
    "members": N_("members"),
    "full_name": N_("full name"),
    "email": N_("e-mail"),
    "roles": N_("roles"),
}


@dataclass
class Plan:
    """What importing `book` into the jurisdiction would do, or the problems preventing it."""

    book: Book
    problems: list[Problem] = field(default_factory=list)
    new_years: list[int] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.new_years)

    def of(self, entity: str) -> list[Change]:
        return [c for c in self.changes if c.entity == entity]

    def summary(self) -> dict:
        """Return {"created": {entity: [keys]}, "updated": {...}} (only non-empty entries)."""
        result: dict[str, dict[str, list]] = {"created": {}, "updated": {}}
        if self.new_years:
            result["created"]["years"] = list(self.new_years)
        for change in self.changes:
            bucket = result["created" if change.action == "create" else "updated"]
            bucket.setdefault(change.entity, []).append(change.key)
        return result

    def digest(self) -> str:
        """Return a fingerprint of the planned changes (to confirm exactly what was previewed)."""
        body = [[c.entity, c.key, c.action, c.after] for c in self.changes]
        return fingerprint([self.new_years, body])


# Units first (the other sheets may name new units), people before the supervision groups
# (whose members must hold the supervisor role, possibly granted by the same file).
PLAN_ORDER = (units, people, groups, supervision)


def plan_import(*, jurisdiction: Jurisdiction, book: Book) -> Plan:
    """Compare the workbook with the database; collect every problem; change nothing."""
    plan = Plan(book)
    planner = Planner(jurisdiction, book, plan)
    for module in PLAN_ORDER:
        module.plan(planner)
    return plan


class Planner:
    """The state one planning pass needs, and the checks every sheet's planning shares."""

    def __init__(self, jurisdiction: Jurisdiction, book: Book, plan: Plan):
        self.jurisdiction, self.book, self.plan = jurisdiction, book, plan
        self.units_by_code = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
        self.file_unit_codes: set[str] = set()
        self.years = {y.year: y for y in AssessmentYear.objects.filter(jurisdiction=jurisdiction)}
        self.file_roles: dict[str, set[str]] = {}

    def rows(self, spec: SheetSpec) -> list[dict[str, Cell]]:
        sheet = self.book.sheets.get(spec.key)
        return sheet.rows if sheet else []

    def error(self, cell: Cell, message: str, **params) -> None:
        self.plan.problems.append(cell.problem(message, **params))

    def required_cells(self, row: dict[str, Cell], spec: SheetSpec) -> bool:
        ok = True
        for column in spec.columns:
            if column.required and not row[column.key].value:
                self.error(row[column.key], N_("This cell is required."))
                ok = False
        return ok

    def known_unit(self, cell: Cell, code: str) -> bool:
        if code in self.units_by_code or code in self.file_unit_codes:
            return True
        self.error(cell, N_("Unknown unit code %(code)s."), code=code)
        return False

    def year(self, cell: Cell) -> int | None:
        try:
            value = int(cell.value)
        except ValueError:
            value = 0
        if not 2000 <= value <= 2100:
            self.error(cell, N_("%(value)s is not a valid year."), value=cell.value)
            return None
        if value not in self.years and value not in self.plan.new_years:
            self.plan.new_years.append(value)
        return value

    def order(self, cell: Cell) -> int | None:
        if not cell.value:
            return 0
        if cell.value.isdigit() and int(cell.value) <= 32767:
            return int(cell.value)
        self.error(cell, N_("%(value)s is not a whole number."), value=cell.value)
        return None

    def length(self, cell: Cell, limit: int) -> bool:
        if len(cell.value) > limit:
            self.error(cell, N_("At most %(limit)s characters."), limit=limit)
            return False
        return True

    def choice(self, cell: Cell, labels: dict, choices, message: str) -> str | None:
        if not cell.value:
            return None
        lookup = {}
        for value, label in choices.choices:
            lookup.update({value: value, str(label).lower(): value, labels[value]: value})
        found = lookup.get(cell.value) or lookup.get(cell.value.lower())
        if found is None:
            self.error(cell, message, value=cell.value)
        return found

    def boolean(self, cell: Cell) -> bool | None:
        value = cell.value.lower()
        if not value or value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.error(cell, N_("Write 是 or 否, not %(value)s."), value=cell.value)
        return None

    def add(self, entity: str, key: str, existing: dict | None, wanted: dict, data: dict) -> None:
        if existing is None:
            self.plan.changes.append(Change(entity, key, "create", {}, wanted, data))
            return
        changed = [name for name in wanted if existing.get(name) != wanted[name]]
        if changed:
            self.plan.changes.append(
                Change(
                    entity,
                    key,
                    "update",
                    {n: existing.get(n, "") for n in changed},
                    {n: wanted[n] for n in changed},
                    data,
                )
            )
        else:
            self.plan.unchanged[entity] += 1


# --- applying ------------------------------------------------------------------------------


@service
def org_import_apply(*, actor, jurisdiction: Jurisdiction, plan: Plan) -> Plan:
    """Apply a freshly re-checked plan in one transaction with one `org.import` audit row.

    Raises ImportRejected when the workbook no longer applies; writes nothing (and no audit
    row) when there is nothing to change. Returns the plan that was applied.
    """
    require_office(actor, jurisdiction.pk)
    Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)  # one import at a time
    fresh = plan_import(jurisdiction=jurisdiction, book=plan.book)
    if fresh.problems:
        raise ImportRejected(fresh.problems)
    if not fresh.has_changes:
        return fresh
    years = {y.year: y for y in AssessmentYear.objects.filter(jurisdiction=jurisdiction)}
    for number in fresh.new_years:
        years[number] = AssessmentYear.objects.create(
            jurisdiction=jurisdiction, year=number, name=f"{number}年度", is_current=False
        )
    for change in fresh.of("units"):
        units.apply(jurisdiction, change.data)
    by_code = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    for change in fresh.of("people"):
        people.apply(jurisdiction, change.data, by_code)
    for change in fresh.of("groups"):
        groups.apply(years[change.data["year"]], change.data, by_code)
    for change in fresh.of("supervision_groups"):
        supervision.apply(years[change.data["year"]], change.data, by_code)
    record(
        actor=actor,
        action="org.import",
        obj=jurisdiction,
        after=fresh.summary(),
        jurisdiction=jurisdiction,
    )
    return fresh
