"""Key tasks and milestones from and to one Excel workbook (sheets 任务 and 节点).

`read_tasks` reads the workbook, checks it against the year's categories, units and leaders and
compares it with the database: a `TaskPlan` saying, per task, whether it is created, updated or
unchanged and how many of its milestones are new or changed (nothing is written). The one
write, `leitai.keytasks.services.imports.tasks_import_apply`, re-reads the file inside its
transaction, refuses it if its plan is no longer the one previewed, and saves it, all or
nothing, with one audit row. The import adds or updates tasks by code and milestones by (task
code, number); it never deletes. Every problem is named by sheet, row and column; if there is
any, nothing is saved. `tasks_workbook` writes the year's tasks in the same layout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop as N_
from openpyxl.styles import Font

from leitai.core.imports import (
    LIST_SPLIT,
    Cell,
    Column,
    Problem,
    SheetSpec,
    find_sheet,
    fingerprint,
    open_workbook,
    read_sheet,
)
from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.keytasks.models import KeyTask, Milestone, TaskCategory
from leitai.org.models import AssessmentYear, Role, Unit

TASKS = SheetSpec(
    "tasks",
    "任务",
    "tasks",
    (
        Column("code", "编号", "code", True, note=N_("Unique code of the task, e.g. GJ01.")),
        Column("category", "类别", "category", True, False, 16),
        Column("title", "任务名称", "title", True, False, 40),
        Column("lead_unit", "牵头单位代码", "lead_unit", True),
        Column("co_units", "配合单位代码", "co_units", width=24),
        Column("leader", "分管县领导账号", "leader"),
        Column("goal", "目标", "goal", nfkc=False, width=40),
        Column("indicator_code", "指标代码", "indicator_code"),
        Column("start_date", "开始日期", "start_date", width=12),
        Column("end_date", "结束日期", "end_date", width=12),
    ),
)
MILESTONES = SheetSpec(
    "milestones",
    "节点",
    "milestones",
    (
        Column("task", "任务编号", "task", True),
        Column("order", "序号", "order", True, width=8),
        Column("title", "节点", "title", True, False, 30),
        Column("due_date", "截止日期", "due_date", True, width=12),
        Column("done_means", "完成标准", "done_means", nfkc=False, width=30),
        Column("done_on", "完成日期", "done_on", width=12),
        Column("evidence", "佐证", "evidence", nfkc=False, width=30),
    ),
)
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


def parse_date(cell: Cell, problems: list[Problem]) -> dt.date | None:
    if not cell.value:
        return None
    match = DATE_RE.match(cell.value)
    try:
        if match:
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    problems.append(
        cell.problem(N_("%(value)s is not a date (e.g. 2022-03-31)."), value=cell.value)
    )
    return None


# --- the plan ------------------------------------------------------------------------------


@dataclass
class Planned:
    """One task or milestone of the file: its action and its compared fields before → after."""

    key: str  # task code, or "code/number" for a milestone
    action: str  # CREATE, UPDATE or UNCHANGED
    before: dict[str, str]
    after: dict[str, str]
    data: dict

    @property
    def changed(self) -> list[str]:
        return [name for name, value in self.after.items() if self.before.get(name) != value]


@dataclass
class TaskLine:
    """One row of the preview: a task and what the import does to it and its milestones."""

    code: str
    title: str
    category: str
    lead_unit: str
    action: str
    changed: str = ""  # the Chinese headers of the changed columns
    milestones_new: int = 0
    milestones_changed: int = 0


@dataclass
class TaskPlan:
    """What importing the workbook into the year would do, or the problems preventing it."""

    year_id: int
    tasks: list[Planned] = field(default_factory=list)
    milestones: list[Planned] = field(default_factory=list)
    lines: list[TaskLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(p.action != UNCHANGED for p in self.tasks + self.milestones)

    def counts(self) -> dict[str, int]:
        def count(items, action):
            return sum(1 for p in items if p.action == action)

        return {
            "create": count(self.tasks, CREATE),
            "update": count(self.tasks, UPDATE),
            "unchanged": count(self.tasks, UNCHANGED),
            "milestones_new": count(self.milestones, CREATE),
            "milestones_changed": count(self.milestones, UPDATE),
            "milestones_unchanged": count(self.milestones, UNCHANGED),
        }

    def summary(self) -> dict[str, list[str]]:
        """Return the keys created and updated, for the audit row."""

        def keys(items, action):
            return [p.key for p in items if p.action == action]

        return {
            "created": keys(self.tasks, CREATE),
            "updated": keys(self.tasks, UPDATE),
            "milestones_created": keys(self.milestones, CREATE),
            "milestones_updated": keys(self.milestones, UPDATE),
        }

    def digest(self) -> str:
        """Return a fingerprint of the plan: any change to the file or to the rows it touches."""
        body = [[p.key, p.action, p.before, p.after] for p in self.tasks + self.milestones]
        return fingerprint([self.year_id, body])


# --- reading and checking ------------------------------------------------------------------


def read_tasks(data: bytes, year: AssessmentYear) -> TaskPlan:
    """Read and check the workbook against the year and compare it with the database."""
    plan = TaskPlan(year.pk)
    workbook, plan.problems = open_workbook(data, max_bytes=settings.LEITAI_MAX_IMPORT_BYTES)
    if workbook is None:
        return plan
    sheets = {}
    for spec in (TASKS, MILESTONES):
        ws = find_sheet(workbook, spec)
        if ws is None:
            plan.problems.append(Problem(N_("The sheet %(name)s is missing."), {"name": spec.zh}))
        else:
            sheets[spec.key] = read_sheet(ws, spec, plan.problems)
    if plan.problems:
        return plan
    existing = {
        t.code: t
        for t in KeyTask.objects.filter(year=year)
        .select_related("category", "lead_unit", "leader")
        .prefetch_related("co_units")
    }
    rows = _check_tasks(plan, sheets["tasks"].rows, year)
    milestones = _check_milestones(plan, sheets["milestones"].rows, set(rows) | set(existing))
    if not plan.problems:
        _compare(plan, rows, milestones, existing)
    return plan


def _check_tasks(plan: TaskPlan, rows, year: AssessmentYear) -> dict[str, dict]:
    categories = {c.name: c for c in TaskCategory.objects.filter(year=year)}
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
    leaders = {
        u.username: u
        for u in get_user_model().objects.filter(
            role_grants__role=Role.LEADER, role_grants__jurisdiction_id=year.jurisdiction_id
        )
    }
    found: dict[str, dict] = {}
    for row in rows:
        p = plan.problems
        for key in ("code", "category", "title", "lead_unit"):
            if not row[key].value:
                p.append(row[key].problem(N_("This cell is required.")))
        code = row["code"].value
        if code in found:
            p.append(row["code"].problem(N_("The code %(value)s appears twice."), value=code))
        if len(code) > 32:
            p.append(row["code"].problem(N_("At most %(limit)s characters."), limit=32))
        category = _lookup(categories, row["category"], p, N_("Unknown category %(value)s."))
        lead = _lookup(units, row["lead_unit"], p, N_("Unknown unit code %(value)s."))
        co = [
            _lookup(units, _part(row["co_units"], c), p, N_("Unknown unit code %(value)s."))
            for c in LIST_SPLIT.split(row["co_units"].value)
            if c
        ]
        leader = _lookup(leaders, row["leader"], p, N_("%(value)s is not a county leader here."))
        start = parse_date(row["start_date"], p) or dt.date(year.year, 1, 1)
        end = parse_date(row["end_date"], p) or dt.date(year.year, 12, 31)
        if end < start:
            p.append(row["end_date"].problem(N_("The end date is before the start date.")))
        if lead and lead in co:
            p.append(row["co_units"].problem(N_("The lead unit cannot also be a co-unit.")))
        found.setdefault(
            code,
            {
                "code": code,
                "title": row["title"].value[:200],
                "category": category,
                "lead_unit": lead,
                "co_units": sorted({u for u in co if u}, key=lambda u: u.code),
                "leader": leader,
                "goal": row["goal"].value,
                "indicator_code": row["indicator_code"].value[:32],
                "start_date": start,
                "end_date": end,
            },
        )
    return found


def _part(cell: Cell, value: str) -> Cell:
    return Cell(value, cell.sheet, cell.row, cell.column, cell.header)


def _lookup(table: dict, cell: Cell, problems: list[Problem], message: str):
    if not cell.value:
        return None
    found = table.get(cell.value)
    if found is None:
        problems.append(cell.problem(message, value=cell.value))
    return found


def _check_milestones(plan: TaskPlan, rows, codes: set[str]) -> list[dict]:
    found, seen = [], set()
    for row in rows:
        p = plan.problems
        for key in ("task", "order", "title", "due_date"):
            if not row[key].value:
                p.append(row[key].problem(N_("This cell is required.")))
        code = row["task"].value
        if code and code not in codes:
            p.append(row["task"].problem(N_("Unknown task code %(value)s."), value=code))
        order = row["order"].value
        if order and not (order.isdigit() and 0 < int(order) < 1000):
            p.append(row["order"].problem(N_("Give a whole number from 1 to 999.")))
            order = ""
        if (code, order) in seen and order:
            p.append(row["order"].problem(N_("This milestone number appears twice.")))
        seen.add((code, order))
        done_on = parse_date(row["done_on"], p)
        if done_on and not row["evidence"].value:
            p.append(row["evidence"].problem(N_("A done milestone needs its evidence.")))
        found.append(
            {
                "task": code,
                "order": int(order) if order else 0,
                "title": row["title"].value[:200],
                "due_date": parse_date(row["due_date"], p),
                "done_means": row["done_means"].value[:300],
                "done_on": done_on,
                "evidence": row["evidence"].value,
            }
        )
    return found


# --- comparing with the database -----------------------------------------------------------

HEADERS = {column.key: column.zh for column in TASKS.columns}


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _task_view(task: KeyTask) -> dict[str, str]:
    return {
        "title": task.title,
        "category": task.category.name,
        "lead_unit": task.lead_unit.code,
        "co_units": "、".join(sorted(u.code for u in task.co_units.all())),
        "leader": task.leader.username if task.leader else "",
        "goal": task.goal,
        "indicator_code": task.indicator_code,
        "start_date": _iso(task.start_date),
        "end_date": _iso(task.end_date),
    }


def _task_view_data(data: dict) -> dict[str, str]:
    return {
        "title": data["title"],
        "category": data["category"].name,
        "lead_unit": data["lead_unit"].code,
        "co_units": "、".join(u.code for u in data["co_units"]),
        "leader": data["leader"].username if data["leader"] else "",
        "goal": data["goal"],
        "indicator_code": data["indicator_code"],
        "start_date": _iso(data["start_date"]),
        "end_date": _iso(data["end_date"]),
    }


def _milestone_view(milestone: Milestone | dict) -> dict[str, str]:
    values = milestone if isinstance(milestone, dict) else vars(milestone)
    return {
        "title": values["title"],
        "due_date": _iso(values["due_date"]),
        "done_means": values["done_means"],
        "done_on": _iso(values["done_on"]),
        "evidence": values["evidence"],
    }


def _planned(key: str, before: dict | None, after: dict, data: dict) -> Planned:
    if before is None:
        return Planned(key, CREATE, {}, after, data)
    return Planned(key, UPDATE if before != after else UNCHANGED, before, after, data)


def _compare(plan: TaskPlan, rows: dict, milestones: list[dict], existing: dict) -> None:
    lines: dict[str, TaskLine] = {}
    for code, data in rows.items():
        old = existing.get(code)
        planned = _planned(code, _task_view(old) if old else None, _task_view_data(data), data)
        plan.tasks.append(planned)
        changed = planned.changed if planned.action == UPDATE else []
        line = _line(code, data["title"], data["category"], data["lead_unit"], planned.action)
        line.changed = "、".join(HEADERS[name] for name in changed)
        lines[code] = line
    saved = {
        (m.task.code, m.order): m
        for m in Milestone.objects.filter(task__in=existing.values()).select_related("task")
    }
    for data in milestones:
        code, order = data["task"], data["order"]
        old = saved.get((code, order))
        before = _milestone_view(old) if old else None
        planned = _planned(f"{code}/{order}", before, _milestone_view(data), data)
        plan.milestones.append(planned)
        if code not in lines:  # a task of the database, absent from the 任务 sheet
            task = existing[code]
            lines[code] = _line(code, task.title, task.category, task.lead_unit, UNCHANGED)
        line = lines[code]
        line.milestones_new += planned.action == CREATE
        line.milestones_changed += planned.action == UPDATE
    plan.lines = list(lines.values())


def _line(code: str, title: str, category, lead: Unit, action: str) -> TaskLine:
    return TaskLine(code, title, category.name, f"{lead.code} {lead.name}", action)


# --- export --------------------------------------------------------------------------------


def tasks_workbook(year: AssessmentYear) -> bytes:
    """Write the year's tasks and milestones in the import layout (export → edit → re-import)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = TASKS.zh
    ws.append([c.zh for c in TASKS.columns])
    tasks = (
        KeyTask.objects.filter(year=year)
        .select_related("category", "lead_unit", "leader")
        .prefetch_related("co_units")
        .order_by("code")
    )
    for t in tasks:
        co = "、".join(u.code for u in t.co_units.all())
        leader = t.leader.username if t.leader else ""
        ws.append(
            [
                t.code,
                t.category.name,
                t.title,
                t.lead_unit.code,
                co,
                leader,
                t.goal,
                t.indicator_code,
                t.start_date.isoformat(),
                t.end_date.isoformat(),
            ]
        )
    ms = wb.create_sheet(MILESTONES.zh)
    ms.append([c.zh for c in MILESTONES.columns])
    milestones = Milestone.objects.filter(task__year=year).select_related("task")
    for m in milestones.order_by("task__code", "order"):
        ms.append(
            [
                m.task.code,
                m.order,
                m.title,
                m.due_date.isoformat(),
                m.done_means,
                m.done_on.isoformat() if m.done_on else "",
                m.evidence,
            ]
        )
    for sheet, spec in ((ws, TASKS), (ms, MILESTONES)):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(spec.columns):
            sheet.column_dimensions[chr(65 + index)].width = column.width
    return workbook_bytes(wb)
