"""The whole ledger from and to one Excel workbook (sheets 项目 and 月度计划).

`read_ledger` reads the workbook, checks it against the county's units and leaders and compares
it with the database: a `LedgerPlan` saying, per project, whether it is created, updated or
unchanged (nothing is written). The one write, `leitai.projects.services.ledger_import_apply`,
reads the file again inside its transaction, refuses it if its plan is no longer the one
previewed, and saves it all or nothing with one audit row. Projects are matched by code and
never deleted. Every problem is named by sheet, row and column; if there is any, nothing is
saved. The workbook carries the master data, the planned date of each stage and the monthly
plan; actual dates and completed investment come only through the units' updates and the
checks, so an import never counts a stage. `ledger_workbook` writes the same layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop as N_
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
from leitai.org.models import AssessmentYear, Role, Unit
from leitai.projects.models import Project
from leitai.projects.schedule import STAGE_ORDER

LEVELS = {"省重点": "province", "市重点": "city", "县重点": "county"}
KINDS = {"产业": "industry", "基础设施": "infrastructure", "民生": "livelihood", "其他": "other"}
STAGE_ZH = dict(
    zip(STAGE_ORDER, ["谋划", "签约", "前期", "开工", "入库", "竣工", "投产"], strict=True)
)
PROJECTS = SheetSpec(
    "projects",
    "项目",
    "projects",
    (
        Column("code", "编号", "code", True),
        Column("name", "项目名称", "name", True, False, 36),
        Column("unit", "责任单位代码", "unit", True),
        Column("co_units", "配合单位代码", "co_units", width=20),
        Column("leader", "包联领导账号", "leader"),
        Column("task_force", "专班", "task force", nfkc=False),
        Column("level", "级别", "level", True, width=10),
        Column("kind", "类型", "type", True, width=10),
        Column("location", "建设地点", "location", nfkc=False),
        Column("total_investment", "总投资万元", "total investment", True),
        *(
            Column(f"planned_{s}", f"{zh}计划日期", f"{s} planned", width=12)
            for s, zh in STAGE_ZH.items()
        ),
    ),
)
MONTHS = SheetSpec(
    "months",
    "月度计划",
    "monthly plan",
    (
        Column("project", "项目编号", "project", True),
        *(Column(f"m{m}", f"{m}月", f"month {m}", width=10) for m in range(1, 13)),
    ),
)
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
CENT = Decimal("0.01")


@dataclass
class Planned:
    """One project of the file: its action and its compared view before → after."""

    key: str
    action: str
    before: dict
    after: dict
    data: dict


@dataclass
class LedgerPlan:
    """What importing the workbook into the year would do, or the problems preventing it."""

    year_id: int
    projects: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(p.action != UNCHANGED for p in self.projects)

    def counts(self) -> dict[str, int]:
        return {a: sum(p.action == a for p in self.projects) for a in (CREATE, UPDATE, UNCHANGED)}

    def summary(self) -> dict[str, list[str]]:
        return {
            "created": [p.key for p in self.projects if p.action == CREATE],
            "updated": [p.key for p in self.projects if p.action == UPDATE],
        }

    def digest(self) -> str:
        body = [[p.key, p.action, p.before, p.after] for p in self.projects]
        return fingerprint([self.year_id, body])


def parse_date(cell: Cell, problems: list) -> dt.date | None:
    if not cell.value:
        return None
    text = cell.value[:10].replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(
            "-".join(p.zfill(2) if i else p for i, p in enumerate(text.split("-")))
        )
    except ValueError:
        problems.append(
            cell.problem(N_("%(value)s is not a date (e.g. 2022-03-31)."), value=cell.value)
        )
        return None


def parse_money(cell: Cell, problems: list, *, required: bool = False) -> Decimal | None:
    if not cell.value:
        if required:
            problems.append(cell.problem(N_("This cell is required.")))
        return None if required else Decimal(0)
    try:
        amount = Decimal(cell.value.replace(",", ""))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
        problems.append(
            cell.problem(
                N_("%(value)s is not an amount in 10k yuan (at least 0, at most 2 decimals)."),
                value=cell.value,
            )
        )
        return None
    return amount


def read_ledger(data: bytes, year: AssessmentYear) -> LedgerPlan:
    """Read and check the workbook against the year and compare it with the database."""
    plan = LedgerPlan(year.pk)
    workbook, plan.problems = open_workbook(data, max_bytes=settings.LEITAI_MAX_IMPORT_BYTES)
    if workbook is None:
        return plan
    sheets = {}
    for spec in (PROJECTS, MONTHS):
        ws = find_sheet(workbook, spec)
        if ws is None:
            plan.problems.append(Problem(N_("The sheet %(name)s is missing."), {"name": spec.zh}))
        else:
            sheets[spec.key] = read_sheet(ws, spec, plan.problems)
    if plan.problems:
        return plan
    rows = _check_projects(plan, sheets["projects"].rows, year)
    _check_months(plan, sheets["months"].rows, rows)
    if not plan.problems:
        _compare(plan, rows, year)
    return plan


def _lookup(table: dict, cell: Cell, problems: list, message: str):
    if not cell.value:
        return None
    found = table.get(cell.value)
    if found is None:
        problems.append(cell.problem(message, value=cell.value))
    return found


def _check_projects(plan: LedgerPlan, rows, year: AssessmentYear) -> dict[str, dict]:
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
    leaders = {
        u.username: u
        for u in get_user_model().objects.filter(
            role_grants__role=Role.LEADER, role_grants__jurisdiction_id=year.jurisdiction_id
        )
    }
    found: dict[str, dict] = {}
    p = plan.problems
    for row in rows:
        for key in ("code", "name", "unit", "level", "kind"):
            if not row[key].value:
                p.append(row[key].problem(N_("This cell is required.")))
        code = row["code"].value
        if code in found:
            p.append(row["code"].problem(N_("The code %(value)s appears twice."), value=code))
        if len(code) > 32:
            p.append(row["code"].problem(N_("At most %(limit)s characters."), limit=32))
        unit = _lookup(units, row["unit"], p, N_("Unknown unit code %(value)s."))
        co = []
        for part in LIST_SPLIT.split(row["co_units"].value):
            if part:
                cell = Cell(part, *_where(row["co_units"]))
                co.append(_lookup(units, cell, p, N_("Unknown unit code %(value)s.")))
        if unit and unit in co:
            p.append(row["co_units"].problem(N_("The responsible unit cannot also be a co-unit.")))
        leader = _lookup(leaders, row["leader"], p, N_("%(value)s is not a county leader here."))
        level = _lookup(LEVELS, row["level"], p, N_("Write one of 省重点, 市重点, 县重点."))
        kind = _lookup(KINDS, row["kind"], p, N_("Write one of 产业, 基础设施, 民生, 其他."))
        total = parse_money(row["total_investment"], p, required=True)
        planned = {s: parse_date(row[f"planned_{s}"], p) for s in STAGE_ORDER}
        found.setdefault(
            code,
            {
                "code": code,
                "name": row["name"].value[:200],
                "unit": unit,
                "co_units": sorted({u for u in co if u}, key=lambda u: u.code),
                "leader": leader,
                "task_force": row["task_force"].value[:100],
                "level": level,
                "kind": kind,
                "location": row["location"].value[:100],
                "total_investment": total,
                "planned": planned,
                "plan": None,
                "row": row,
            },
        )
    return found


def _where(cell: Cell) -> tuple:
    return cell.sheet, cell.row, cell.column, cell.header


def _check_months(plan: LedgerPlan, rows, projects: dict) -> None:
    p = plan.problems
    for row in rows:
        code = row["project"].value
        if code not in projects:
            p.append(row["project"].problem(N_("Unknown project code %(value)s."), value=code))
            continue
        if projects[code]["plan"] is not None:
            p.append(row["project"].problem(N_("The code %(value)s appears twice."), value=code))
        projects[code]["plan"] = [parse_money(row[f"m{m}"], p) for m in range(1, 13)]


def _view(project: Project | None) -> dict | None:
    if project is None:
        return None
    stages = {s.stage: s.planned_on for s in project.stages.all()}
    months = {m.month: m.planned for m in project.months.all()}
    return {
        "name": project.name,
        "unit": project.unit.code,
        "co_units": "、".join(sorted(u.code for u in project.co_units.all())),
        "leader": project.leader.username if project.leader else "",
        "task_force": project.task_force,
        "level": project.level,
        "kind": project.kind,
        "location": project.location,
        "total_investment": str(project.total_investment),
        "planned": [_iso(stages.get(s)) for s in STAGE_ORDER],
        "plan": [str(months.get(m, Decimal(0)).quantize(CENT)) for m in range(1, 13)],
    }


def _data_view(data: dict) -> dict:
    plan = data["plan"] or [Decimal(0)] * 12
    return {
        "name": data["name"],
        "unit": data["unit"].code,
        "co_units": "、".join(u.code for u in data["co_units"]),
        "leader": data["leader"].username if data["leader"] else "",
        "task_force": data["task_force"],
        "level": data["level"],
        "kind": data["kind"],
        "location": data["location"],
        "total_investment": str(data["total_investment"].quantize(CENT)),
        "planned": [_iso(data["planned"][s]) for s in STAGE_ORDER],
        "plan": [str(a.quantize(CENT)) for a in plan],
    }


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _compare(plan: LedgerPlan, rows: dict, year: AssessmentYear) -> None:
    existing = {
        p.code: p
        for p in Project.objects.filter(year=year)
        .select_related("unit", "leader")
        .prefetch_related("co_units", "stages", "months")
    }
    for code, data in rows.items():
        data.pop("row")
        data["plan"] = data["plan"] or [Decimal(0)] * 12
        before, after = _view(existing.get(code)), _data_view(data)
        if before is None:
            plan.projects.append(Planned(code, CREATE, {}, after, data))
        else:
            action = UPDATE if before != after else UNCHANGED
            plan.projects.append(Planned(code, action, before, after, data))


# --- export --------------------------------------------------------------------------------

LEVEL_ZH = {v: k for k, v in LEVELS.items()}
KIND_ZH = {v: k for k, v in KINDS.items()}


def ledger_workbook(year: AssessmentYear) -> bytes:
    """Write the year's ledger in the import layout (export → edit → re-import)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = PROJECTS.zh
    ws.append([c.zh for c in PROJECTS.columns])
    ms = wb.create_sheet(MONTHS.zh)
    ms.append([c.zh for c in MONTHS.columns])
    projects = (
        Project.objects.filter(year=year)
        .select_related("unit", "leader")
        .prefetch_related("co_units", "stages", "months")
        .order_by("code")
    )
    for p in projects:
        view = _view(p)
        ws.append(
            [
                p.code,
                p.name,
                view["unit"],
                view["co_units"],
                view["leader"],
                p.task_force,
                LEVEL_ZH[p.level],
                KIND_ZH[p.kind],
                p.location,
                view["total_investment"],
                *view["planned"],
            ]
        )
        ms.append([p.code, *view["plan"]])
    for sheet, spec in ((ws, PROJECTS), (ms, MONTHS)):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    return workbook_bytes(wb)
