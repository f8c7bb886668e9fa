"""The 分组 (groups) sheet: one row per membership, planned per group, applied with its members.

Groups are matched by year and code; a group's rows must agree on its name and order, and the
units listed become exactly its members (a listed unit leaves any other group of that year).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop as N_

from leitai.core.imports import Cell, Column, SheetSpec
from leitai.org.models import AssessmentYear, Group, GroupMembership, Jurisdiction, Unit

if TYPE_CHECKING:
    from leitai.org.imports.plan import Planner

SHEET = SheetSpec(
    "groups",
    "分组",
    "groups",
    (
        Column("year", "年度", "year", True, width=8, note=N_("Assessment year, e.g. 2022.")),
        Column("code", "分组代码", "group_code", True, note=N_("Code of the group, e.g. G1.")),
        Column("name", "分组名称", "group_name", True, False, 16, N_("Name of the group.")),
        Column("order", "排序", "order", width=8, note=N_("Whole number; blank means 0.")),
        Column("unit", "单位代码", "unit_code", note=N_("One member unit per row; may be blank.")),
    ),
)
# The template's drop-down lists, by column key.
CHOICES: dict[str, list[str]] = {}


def plan(planner: Planner) -> None:
    """Gather each group's rows and member units, then plan every group."""
    groups: dict[tuple[int, str], dict] = {}
    placed: dict[tuple[int, str], Cell] = {}
    for row in planner.rows(SHEET):
        ok = planner.required_cells(row, SHEET)
        year = planner.year(row["year"]) if row["year"].value else None
        order = planner.order(row["order"])
        ok &= planner.length(row["code"], 32) & planner.length(row["name"], 100)
        if not ok or year is None or order is None:
            continue
        key = (year, row["code"].value)
        group = groups.setdefault(
            key, {"name": row["name"], "order": row["order"], "order_value": order, "units": []}
        )
        for name in ("name", "order"):
            if row[name].value != group[name].value:
                planner.error(
                    row[name],
                    N_("Differs from row %(row)s for the same group."),
                    row=group[name].row,
                )
        unit = row["unit"]
        if not unit.value or not planner.known_unit(unit, unit.value):
            continue
        if (year, unit.value) in placed:
            planner.error(
                unit,
                N_("Unit %(code)s is already in a group of %(year)s on row %(row)s."),
                code=unit.value,
                year=year,
                row=placed[(year, unit.value)].row,
            )
            continue
        placed[(year, unit.value)] = unit
        group["units"].append(unit.value)
    _plan_groups(planner, groups)


def _plan_groups(planner: Planner, groups: dict) -> None:
    existing = {
        (g.year.year, g.code): g
        for g in Group.objects.filter(year__jurisdiction=planner.jurisdiction).select_related(
            "year"
        )
    }
    taken = {(g.year.year, g.name): g.code for g in existing.values()}
    members = defaultdict(list)
    for m in GroupMembership.objects.filter(group__in=existing.values()).select_related("unit"):
        members[m.group_id].append(m.unit.code)
    for (year, code), group in groups.items():
        name = group["name"]
        if taken.get((year, name.value), code) != code:
            planner.error(
                name,
                N_("The name %(name)s is already used by group %(code)s."),
                name=name.value,
                code=taken[(year, name.value)],
            )
            continue
        data = {
            "year": year,
            "code": code,
            "name": name.value,
            "order": group["order_value"],
            "units": sorted(group["units"]),
        }
        old = existing.get((year, code))
        planner.add(
            "groups",
            f"{year}/{code}",
            _view(old, members) if old else None,
            _view_data(data),
            data,
        )


def _view(group: Group, members: dict) -> dict[str, str]:
    return {
        "name": group.name,
        "order": str(group.order),
        "units": "、".join(sorted(members[group.pk])),
    }


def _view_data(data: dict) -> dict[str, str]:
    return {"name": data["name"], "order": str(data["order"]), "units": "、".join(data["units"])}


def apply(year: AssessmentYear, data: dict, units: dict[str, Unit]) -> None:
    """Create or update the group of a planned change and set exactly its members."""
    group = Group.objects.filter(year=year, code=data["code"]).first() or Group(year=year)
    group.code, group.name, group.order = data["code"], data["name"], data["order"]
    group.save()
    ids = [units[code].pk for code in data["units"]]
    group.memberships.exclude(unit_id__in=ids).delete()
    GroupMembership.objects.filter(year=year, unit_id__in=ids).exclude(group=group).delete()
    present = set(group.memberships.values_list("unit_id", flat=True))
    GroupMembership.objects.bulk_create(
        GroupMembership(year=year, group=group, unit_id=uid) for uid in ids if uid not in present
    )


def template_rows(jurisdiction: Jurisdiction, year: AssessmentYear | None) -> list[list]:
    """Return one row per membership of the year's groups (one blank-unit row for an empty one)."""
    if year is None:
        return []
    rows = []
    for group in Group.objects.filter(year=year).prefetch_related("memberships__unit"):
        codes = sorted(m.unit.code for m in group.memberships.all()) or [""]
        rows += [[year.year, group.code, group.name, group.order, c] for c in codes]
    return rows
