"""The 单位 (units) sheet: its columns, how its rows are planned and applied, its template rows.

Units are matched by code; a code or name may appear once in the file, and a name may not be
another unit's. Units are planned first, so the other sheets may name the units the file adds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop as N_

from leitai.core.imports import NO, YES, Column, SheetSpec
from leitai.org.models import Jurisdiction, Unit

if TYPE_CHECKING:
    from leitai.org.imports.plan import Planner

SHEET = SheetSpec(
    "units",
    "单位",
    "units",
    (
        Column("code", "代码", "code", True, note=N_("Unique code of the unit, e.g. LQ001.")),
        Column("name", "名称", "name", True, False, 30, N_("Full name, unique in the county.")),
        Column("short_name", "简称", "short_name", False, False, 14, N_("Optional short name.")),
        Column("kind", "类型", "kind", True, note=N_("党委部门 / 政府部门 / 群团组织 / 事业单位.")),
        Column("active", "启用", "active", width=8, note=N_("是 or 否; blank means 是.")),
    ),
)

# Fixed Chinese labels: files are written by county staff whatever the page language is.
KIND_LABELS = {
    "party": "党委部门",
    "government": "政府部门",
    "mass": "群团组织",
    "institution": "事业单位",
}
# The template's drop-down lists, by column key.
CHOICES = {"kind": list(KIND_LABELS.values()), "active": [YES, NO]}


def plan(planner: Planner) -> None:
    """Plan every row of the sheet: check it, then add the unit's creation or change."""
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    taken_names = {u.name: u.code for u in planner.units_by_code.values()}
    for row in planner.rows(SHEET):
        ok = planner.required_cells(row, SHEET)
        code, name = row["code"], row["name"]
        ok &= (
            planner.length(code, 32)
            & planner.length(name, 100)
            & planner.length(row["short_name"], 40)
        )
        kind = planner.choice(
            row["kind"], KIND_LABELS, Unit.Kind, N_("Unknown unit kind %(value)s.")
        )
        active = planner.boolean(row["active"])
        if code.value in seen_codes:
            planner.error(
                code,
                N_("Duplicate code %(code)s (also on row %(row)s)."),
                code=code.value,
                row=seen_codes[code.value],
            )
            ok = False
        if name.value in seen_names:
            planner.error(
                name,
                N_("Duplicate name %(name)s (also on row %(row)s)."),
                name=name.value,
                row=seen_names[name.value],
            )
            ok = False
        elif taken_names.get(name.value, code.value) != code.value:
            planner.error(
                name,
                N_("The name %(name)s is already used by unit %(code)s."),
                name=name.value,
                code=taken_names[name.value],
            )
            ok = False
        seen_codes.setdefault(code.value, code.row)
        seen_names.setdefault(name.value, name.row)
        if code.value:
            planner.file_unit_codes.add(code.value)
        if not ok or kind is None or active is None:
            continue
        data = {
            "code": code.value,
            "name": name.value,
            "short_name": row["short_name"].value,
            "kind": kind,
            "active": active,
        }
        unit = planner.units_by_code.get(code.value)
        planner.add("units", code.value, _view(unit) if unit else None, _view_data(data), data)


def yes_no(value: bool) -> str:
    return YES if value else NO


def _view(unit: Unit) -> dict[str, str]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": KIND_LABELS[unit.kind],
        "active": yes_no(unit.active),
    }


def _view_data(data: dict) -> dict[str, str]:
    return {
        "name": data["name"],
        "short_name": data["short_name"],
        "kind": KIND_LABELS[data["kind"]],
        "active": yes_no(data["active"]),
    }


def apply(jurisdiction: Jurisdiction, data: dict) -> None:
    """Create or update the unit of a planned change."""
    unit = Unit.objects.filter(jurisdiction=jurisdiction, code=data["code"]).first()
    unit = unit or Unit(jurisdiction=jurisdiction)
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()


def template_rows(jurisdiction: Jurisdiction, year) -> list[list]:
    """Return the jurisdiction's units as rows of the sheet (`year` is not needed here)."""
    units = Unit.objects.filter(jurisdiction=jurisdiction).order_by("code")
    return [[u.code, u.name, u.short_name, KIND_LABELS[u.kind], yes_no(u.active)] for u in units]
