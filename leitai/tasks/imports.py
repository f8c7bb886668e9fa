"""Key tasks and milestones from and to one Excel workbook (sheets 任务 and 节点), all or nothing.

The import adds or updates tasks by code and milestones by (task code, number); it never deletes.
Every problem is named by sheet, row and column; if there is any, nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from leitai.core.audit import record
from leitai.org.access import require_office
from leitai.org.imports import (
    LIST_SPLIT,
    Cell,
    Column,
    ImportRejected,
    Problem,
    SheetSpec,
    _header_key,
    _read_sheet,
)
from leitai.org.models import AssessmentYear, Role, Unit
from leitai.tasks.models import KeyTask, Milestone, TaskCategory

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


def parse_date(cell: Cell, problems: list[Problem]) -> dt.date | None:
    if not cell.value:
        return None
    match = DATE_RE.match(cell.value)
    try:
        return dt.date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        pass
    problems.append(
        cell.problem(N_("%(value)s is not a date (e.g. 2022-03-31)."), value=cell.value)
    )
    return None


@dataclass
class TaskPlan:
    """What the workbook holds, checked: task rows and milestone rows ready to save."""

    tasks: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_tasks(data: bytes, year: AssessmentYear) -> TaskPlan:
    """Read and check the workbook against the year's categories, units and leaders."""
    plan = TaskPlan()
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        reason = type(exc).__name__
        plan.problems.append(
            Problem(N_("The file is not an Excel workbook (.xlsx): %(reason)s"), {"reason": reason})
        )
        return plan
    titles = {_header_key(ws.title): ws for ws in wb.worksheets}
    sheets = {}
    for spec in (TASKS, MILESTONES):
        ws = titles.get(spec.zh) or titles.get(spec.en)
        if ws is None:
            plan.problems.append(Problem(N_("The sheet %(name)s is missing."), {"name": spec.zh}))
        else:
            sheets[spec.key] = _read_sheet(ws, spec, plan.problems)
    if plan.problems:
        return plan
    codes = _check_tasks(plan, sheets["tasks"].rows, year)
    _check_milestones(plan, sheets["milestones"].rows, codes, year)
    return plan


def _check_tasks(plan: TaskPlan, rows, year: AssessmentYear) -> set[str]:
    categories = {c.name: c for c in TaskCategory.objects.filter(year=year)}
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
    leaders = {
        u.username: u
        for u in get_user_model().objects.filter(
            role_grants__role=Role.LEADER, role_grants__jurisdiction_id=year.jurisdiction_id
        )
    }
    seen: set[str] = set()
    for row in rows:
        p = plan.problems
        for key in ("code", "category", "title", "lead_unit"):
            if not row[key].value:
                p.append(row[key].problem(N_("This cell is required.")))
        code = row["code"].value
        if code in seen:
            p.append(row["code"].problem(N_("The code %(value)s appears twice."), value=code))
        seen.add(code)
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
        plan.tasks.append(
            {
                "code": code,
                "title": row["title"].value[:200],
                "category": category,
                "lead_unit": lead,
                "co_units": [u for u in co if u],
                "leader": leader,
                "goal": row["goal"].value,
                "indicator_code": row["indicator_code"].value[:32],
                "start_date": start,
                "end_date": end,
            }
        )
    return seen


def _part(cell: Cell, value: str) -> Cell:
    return Cell(value, cell.sheet, cell.row, cell.column, cell.header)


def _lookup(table: dict, cell: Cell, problems: list[Problem], message: str):
    if not cell.value:
        return None
    found = table.get(cell.value)
    if found is None:
        problems.append(cell.problem(message, value=cell.value))
    return found


def _check_milestones(plan: TaskPlan, rows, codes: set[str], year: AssessmentYear) -> None:
    existing = set(KeyTask.objects.filter(year=year).values_list("code", flat=True))
    seen = set()
    for row in rows:
        p = plan.problems
        for key in ("task", "order", "title", "due_date"):
            if not row[key].value:
                p.append(row[key].problem(N_("This cell is required.")))
        code = row["task"].value
        if code and code not in codes | existing:
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
        plan.milestones.append(
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


@transaction.atomic
def tasks_import_apply(*, actor, year: AssessmentYear, data: bytes) -> dict[str, int]:
    """Import the workbook into the year, all or nothing; return counts of what was saved."""
    require_office(actor, year.jurisdiction_id)
    plan = read_tasks(data, year)
    if plan.problems:
        raise ImportRejected(plan.problems)
    tasks = {t.code: t for t in KeyTask.objects.filter(year=year)}
    counts = {"tasks_created": 0, "tasks_updated": 0, "milestones": 0}
    for row in plan.tasks:
        co_units = row.pop("co_units")
        task = tasks.get(row["code"]) or KeyTask(year=year)
        counts["tasks_created" if task.pk is None else "tasks_updated"] += 1
        for name, value in row.items():
            setattr(task, name, value)
        task.save()
        task.co_units.set(co_units)
        tasks[task.code] = task
    for row in plan.milestones:
        task = tasks[row.pop("task")]
        Milestone.objects.update_or_create(task=task, order=row.pop("order"), defaults=row)
        counts["milestones"] += 1
    record(
        actor=actor,
        action="key_task.import",
        obj=year,
        after=counts,
        jurisdiction=year.jurisdiction,
    )
    return counts


def tasks_workbook(year: AssessmentYear) -> bytes:
    """Write the year's tasks and milestones in the import layout (export → edit → re-import)."""
    wb = Workbook()
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
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
