"""The 督导组 (supervision) sheet: one row per supervision group, with its members and units.

Supervision groups are matched by year and name; the members (who must hold the supervisor
role, already or through the 人员 sheet) and units listed become exactly the group's, and a
unit is in at most one supervision group a year.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop as N_

from leitai.core.imports import LIST_SPLIT, Cell, Column, SheetSpec
from leitai.org.models import (
    AssessmentYear,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

if TYPE_CHECKING:
    from leitai.org.imports.plan import Planner

SHEET = SheetSpec(
    "supervision",
    "督导组",
    "supervision",
    (
        Column("year", "年度", "year", True, width=8, note=N_("Assessment year, e.g. 2022.")),
        Column("name", "督导组", "name", True, False, 16, N_("Name of the supervision group.")),
        Column("order", "排序", "order", width=8, note=N_("Whole number; blank means 0.")),
        Column(
            "members",
            "成员账号",
            "members",
            width=30,
            note=N_("Usernames of supervisors, separated by 、 or commas."),
        ),
        Column(
            "units",
            "单位代码",
            "unit_codes",
            width=60,
            note=N_("Codes of the units it covers, separated by 、 or commas."),
        ),
    ),
)
# The template's drop-down lists, by column key.
CHOICES: dict[str, list[str]] = {}


def plan(planner: Planner) -> None:
    """Plan every row: check it, its members and its units, then add the group's change."""
    existing = {
        (g.year.year, g.name): g
        for g in SupervisionGroup.objects.filter(year__jurisdiction=planner.jurisdiction)
        .select_related("year")
        .prefetch_related("members", "assignments__unit")
    }
    seen: dict[tuple[int, str], int] = {}
    placed: dict[tuple[int, str], int] = {}
    for row in planner.rows(SHEET):
        ok = planner.required_cells(row, SHEET) & planner.length(row["name"], 100)
        year = planner.year(row["year"]) if row["year"].value else None
        order = planner.order(row["order"])
        if not ok or year is None or order is None:
            continue
        key = (year, row["name"].value)
        if key in seen:
            planner.error(
                row["name"],
                N_("Duplicate supervision group %(name)s (also on row %(row)s)."),
                name=key[1],
                row=seen[key],
            )
            continue
        seen[key] = row["name"].row
        members = _members(planner, row["members"])
        units = _units(planner, row["units"], year, placed)
        if members is None or units is None:
            continue
        data = {
            "year": year,
            "name": key[1],
            "order": order,
            "members": members,
            "units": units,
        }
        old = existing.get(key)
        planner.add(
            "supervision_groups",
            f"{year}/{key[1]}",
            view(old) if old else None,
            _view_data(data),
            data,
        )


def _members(planner: Planner, cell: Cell) -> list[str] | None:
    names = [n for n in LIST_SPLIT.split(cell.value) if n]
    user_model = get_user_model()
    db_roles = defaultdict(set)
    for username, role in RoleGrant.objects.filter(
        user__username__in=names, jurisdiction=planner.jurisdiction
    ).values_list("user__username", "role"):
        db_roles[username].add(role)
    known = set(user_model.objects.filter(username__in=names).values_list("username", flat=True))
    ok = True
    for username in names:
        roles = planner.file_roles.get(username, db_roles[username])
        if username not in known and username not in planner.file_roles:
            planner.error(cell, N_("Unknown username %(username)s."), username=username)
            ok = False
        elif Role.SUPERVISOR not in roles:
            planner.error(
                cell, N_("%(username)s does not hold the supervisor role."), username=username
            )
            ok = False
    return sorted(set(names)) if ok else None


def _units(planner: Planner, cell: Cell, year: int, placed: dict) -> list[str] | None:
    codes = [c for c in LIST_SPLIT.split(cell.value) if c]
    ok = True
    for code in codes:
        if not planner.known_unit(cell, code):
            ok = False
        elif (year, code) in placed:
            planner.error(
                cell,
                N_("Unit %(code)s is already in a supervision group of %(year)s on row %(row)s."),
                code=code,
                year=year,
                row=placed[(year, code)],
            )
            ok = False
        else:
            placed[(year, code)] = cell.row
    return sorted(set(codes)) if ok else None


def view(group: SupervisionGroup) -> dict[str, str]:
    """Return the group's order, members and units as the preview and the template show them."""
    return {
        "order": str(group.order),
        "members": "、".join(sorted(m.username for m in group.members.all())),
        "units": "、".join(sorted(a.unit.code for a in group.assignments.all())),
    }


def _view_data(data: dict) -> dict[str, str]:
    return {
        "order": str(data["order"]),
        "members": "、".join(data["members"]),
        "units": "、".join(data["units"]),
    }


def apply(year: AssessmentYear, data: dict, units: dict[str, Unit]) -> None:
    """Create or update the supervision group of a planned change; set its members and units."""
    group = SupervisionGroup.objects.filter(year=year, name=data["name"]).first()
    group = group or SupervisionGroup(year=year, name=data["name"])
    group.order = data["order"]
    group.save()
    group.members.set(get_user_model().objects.filter(username__in=data["members"]))
    ids = [units[code].pk for code in data["units"]]
    group.assignments.exclude(unit_id__in=ids).delete()
    SupervisionAssignment.objects.filter(year=year, unit_id__in=ids).exclude(
        supervision_group=group
    ).delete()
    present = set(group.assignments.values_list("unit_id", flat=True))
    SupervisionAssignment.objects.bulk_create(
        SupervisionAssignment(year=year, supervision_group=group, unit_id=uid)
        for uid in ids
        if uid not in present
    )


def template_rows(jurisdiction: Jurisdiction, year: AssessmentYear | None) -> list[list]:
    """Return one row per supervision group of the year."""
    if year is None:
        return []
    rows = []
    for sg in SupervisionGroup.objects.filter(year=year).prefetch_related(
        "members", "assignments__unit"
    ):
        shown = view(sg)
        rows.append([year.year, sg.name, sg.order, shown["members"], shown["units"]])
    return rows
