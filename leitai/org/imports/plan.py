"""Importing the organisation from one Excel workbook: read, plan, then apply all or nothing.

`read_workbook` turns the file into clean cells, `plan_import` compares them with the database
and names every problem by sheet, row and column, and `org_import_apply` (the one write) applies
a fresh plan in one transaction with one audit row. `template_workbook` writes the same layout,
filled with what is there now, so export → edit → re-import works.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from leitai.core.audit import record
from leitai.core.imports import (
    LIST_SPLIT,
    NO,
    YES,
    Cell,
    Column,
    ImportRejected,
    Problem,
    Sheet,
    SheetSpec,
    find_sheet,
    fingerprint,
    open_workbook,
    read_sheet,
)
from leitai.org.access import forget_scope, require_office
from leitai.org.models import (
    UNIT_ROLES,
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

# --- the workbook layout -------------------------------------------------------------------

SHEETS = (
    SheetSpec(
        "units",
        "单位",
        "units",
        (
            Column("code", "代码", "code", True, note=N_("Unique code of the unit, e.g. LQ001.")),
            Column("name", "名称", "name", True, False, 30, N_("Full name, unique in the county.")),
            Column(
                "short_name", "简称", "short_name", False, False, 14, N_("Optional short name.")
            ),
            Column(
                "kind", "类型", "kind", True, note=N_("党委部门 / 政府部门 / 群团组织 / 事业单位.")
            ),
            Column("active", "启用", "active", width=8, note=N_("是 or 否; blank means 是.")),
        ),
    ),
    SheetSpec(
        "groups",
        "分组",
        "groups",
        (
            Column("year", "年度", "year", True, width=8, note=N_("Assessment year, e.g. 2022.")),
            Column("code", "分组代码", "group_code", True, note=N_("Code of the group, e.g. G1.")),
            Column("name", "分组名称", "group_name", True, False, 16, N_("Name of the group.")),
            Column("order", "排序", "order", width=8, note=N_("Whole number; blank means 0.")),
            Column(
                "unit", "单位代码", "unit_code", note=N_("One member unit per row; may be blank.")
            ),
        ),
    ),
    SheetSpec(
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
    ),
    SheetSpec(
        "people",
        "人员",
        "people",
        (
            Column("username", "账号", "username", True, note=N_("Login name; one row per role.")),
            Column("full_name", "姓名", "full_name", True, False, 12, N_("Full name.")),
            Column("email", "邮箱", "email", width=24, note=N_("Optional e-mail address.")),
            Column(
                "role",
                "角色",
                "role",
                True,
                note=N_("活动办, 牵头考核部门, 填报员, 单位负责人, ..."),
            ),
            Column(
                "unit",
                "单位代码",
                "unit_code",
                note=N_("Required for 牵头考核部门, 填报员 and 单位负责人; blank otherwise."),
            ),
            Column(
                "password",
                "初始密码",
                "password",
                note=N_("Optional; used only when the account is created."),
            ),
        ),
    ),
)
SPEC = {sheet.key: sheet for sheet in SHEETS}

# Fixed Chinese labels: files are written by county staff whatever the page language is.
KIND_LABELS = {
    "party": "党委部门",
    "government": "政府部门",
    "mass": "群团组织",
    "institution": "事业单位",
}
ROLE_LABELS = {
    Role.OFFICE: "活动办",
    Role.ASSESSOR: "牵头考核部门",
    Role.REPORTER: "填报员",
    Role.UNIT_LEADER: "单位负责人",
    Role.SUPERVISOR: "督导组成员",
    Role.JUDGE: "评委",
    Role.LEADER: "县领导",
}
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


def plan_import(*, jurisdiction: Jurisdiction, book: Book) -> Plan:
    """Compare the workbook with the database; collect every problem; change nothing."""
    plan = Plan(book)
    planner = _Planner(jurisdiction, book, plan)
    planner.units()
    planner.people()
    planner.groups()
    planner.supervision()
    return plan


class _Planner:
    """The state one planning pass needs: existing objects and what the file defines."""

    def __init__(self, jurisdiction: Jurisdiction, book: Book, plan: Plan):
        self.jurisdiction, self.book, self.plan = jurisdiction, book, plan
        self.units_by_code = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
        self.file_unit_codes: set[str] = set()
        self.years = {y.year: y for y in AssessmentYear.objects.filter(jurisdiction=jurisdiction)}
        self.file_roles: dict[str, set[str]] = {}

    def rows(self, key: str) -> list[dict[str, Cell]]:
        sheet = self.book.sheets.get(key)
        return sheet.rows if sheet else []

    def error(self, cell: Cell, message: str, **params) -> None:
        self.plan.problems.append(cell.problem(message, **params))

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

    # --- units

    def units(self) -> None:
        seen_codes: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        taken_names = {u.name: u.code for u in self.units_by_code.values()}
        for row in self.rows("units"):
            ok = self.required_cells(row, "units")
            code, name = row["code"], row["name"]
            ok &= (
                self.length(code, 32) & self.length(name, 100) & self.length(row["short_name"], 40)
            )
            kind = self.choice(
                row["kind"], KIND_LABELS, Unit.Kind, N_("Unknown unit kind %(value)s.")
            )
            active = self.boolean(row["active"])
            if code.value in seen_codes:
                self.error(
                    code,
                    N_("Duplicate code %(code)s (also on row %(row)s)."),
                    code=code.value,
                    row=seen_codes[code.value],
                )
                ok = False
            if name.value in seen_names:
                self.error(
                    name,
                    N_("Duplicate name %(name)s (also on row %(row)s)."),
                    name=name.value,
                    row=seen_names[name.value],
                )
                ok = False
            elif taken_names.get(name.value, code.value) != code.value:
                self.error(
                    name,
                    N_("The name %(name)s is already used by unit %(code)s."),
                    name=name.value,
                    code=taken_names[name.value],
                )
                ok = False
            seen_codes.setdefault(code.value, code.row)
            seen_names.setdefault(name.value, name.row)
            if code.value:
                self.file_unit_codes.add(code.value)
            if not ok or kind is None or active is None:
                continue
            data = {
                "code": code.value,
                "name": name.value,
                "short_name": row["short_name"].value,
                "kind": kind,
                "active": active,
            }
            unit = self.units_by_code.get(code.value)
            self.add(
                "units", code.value, _unit_view(unit) if unit else None, _unit_view_data(data), data
            )

    def required_cells(self, row: dict[str, Cell], sheet: str) -> bool:
        ok = True
        for column in SPEC[sheet].columns:
            if column.required and not row[column.key].value:
                self.error(row[column.key], N_("This cell is required."))
                ok = False
        return ok

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

    # --- people

    def people(self) -> None:
        user_model = get_user_model()
        by_username: dict[str, list[dict[str, Cell]]] = defaultdict(list)
        for row in self.rows("people"):
            ok = self.required_cells(row, "people")
            if self.person_row(row) and ok:
                by_username[row["username"].value].append(row)
            elif row["username"].value:
                self.file_roles.setdefault(row["username"].value, set())
        existing = {u.username: u for u in user_model.objects.filter(username__in=by_username)}
        grants = defaultdict(list)
        for grant in RoleGrant.objects.filter(user__in=existing.values()).select_related("unit"):
            grants[grant.user_id].append(grant)
        for username, rows in by_username.items():
            self.person(username, rows, existing.get(username), grants)

    def person_row(self, row: dict[str, Cell]) -> bool:
        ok = self.length(row["username"], 150) & self.length(row["full_name"], 150)
        username = row["username"]
        if username.value and not re.fullmatch(r"[\w.@+-]+", username.value):
            self.error(username, N_("A username may contain only letters, digits and @/./+/-/_."))
            ok = False
        if row["email"].value:
            try:
                validate_email(row["email"].value)
            except ValidationError:
                self.error(
                    row["email"],
                    N_("%(value)s is not a valid e-mail address."),
                    value=row["email"].value,
                )
                ok = False
        role = self.choice(row["role"], ROLE_LABELS, Role, N_("Unknown role %(value)s."))
        unit = row["unit"]
        if role in UNIT_ROLES and not unit.value:
            self.error(unit, N_("The role %(role)s needs a unit."), role=ROLE_LABELS[role])
            ok = False
        elif role and role not in UNIT_ROLES and unit.value:
            self.error(unit, N_("The role %(role)s takes no unit."), role=ROLE_LABELS[role])
            ok = False
        elif unit.value:
            ok &= self.known_unit(unit, unit.value)
        return ok and role is not None

    def person(self, username: str, rows, user, grants_by_user) -> None:
        first = rows[0]
        wanted_grants: dict[tuple[str, str], int] = {}
        ok = True
        for row in rows:
            role = self.choice(row["role"], ROLE_LABELS, Role, "")
            key = (role, row["unit"].value)
            if key in wanted_grants:
                self.error(
                    row["role"],
                    N_("Duplicate role for %(username)s (also on row %(row)s)."),
                    username=username,
                    row=wanted_grants[key],
                )
                ok = False
            wanted_grants.setdefault(key, row["role"].row)
            for name in ("full_name", "email"):
                if row[name].value and first[name].value and row[name].value != first[name].value:
                    self.error(
                        row[name],
                        N_("Differs from row %(row)s for the same account."),
                        row=first[name].row,
                    )
                    ok = False
        self.file_roles[username] = {role for role, _ in wanted_grants}
        here = (
            [
                g
                for g in grants_by_user.get(user.pk, [])
                if g.jurisdiction_id == self.jurisdiction.pk
            ]
            if user
            else []
        )
        if user is not None and not here and (user.is_superuser or grants_by_user.get(user.pk)):
            self.error(
                first["username"],
                N_("The username %(username)s is already taken."),
                username=username,
            )
            ok = False
        password = first["password"].value
        if user is None and password:
            try:
                validate_password(password)
            except ValidationError as exc:
                for message in exc.messages:
                    self.error(first["password"], "%(reason)s", reason=message)
                ok = False
        if not ok:
            return
        grant_list = sorted(f"{role}:{unit}" if unit else role for role, unit in wanted_grants)
        data = {
            "username": username,
            "full_name": first["full_name"].value,
            "email": first["email"].value,
            "password": password if user is None else "",
            "grants": sorted(wanted_grants),
        }
        wanted = {
            "full_name": data["full_name"],
            "email": data["email"],
            "roles": _roles_text(grant_list),
        }
        existing = None
        if user is not None:
            old = sorted(f"{g.role}:{g.unit.code}" if g.unit else g.role for g in here)
            existing = {
                "full_name": user.first_name,
                "email": user.email,
                "roles": _roles_text(old),
            }
        self.add("people", username, existing, wanted, data)

    # --- groups

    def groups(self) -> None:
        groups: dict[tuple[int, str], dict] = {}
        placed: dict[tuple[int, str], Cell] = {}
        for row in self.rows("groups"):
            ok = self.required_cells(row, "groups")
            year = self.year(row["year"]) if row["year"].value else None
            order = self.order(row["order"])
            ok &= self.length(row["code"], 32) & self.length(row["name"], 100)
            if not ok or year is None or order is None:
                continue
            key = (year, row["code"].value)
            group = groups.setdefault(
                key, {"name": row["name"], "order": row["order"], "order_value": order, "units": []}
            )
            for name in ("name", "order"):
                if row[name].value != group[name].value:
                    self.error(
                        row[name],
                        N_("Differs from row %(row)s for the same group."),
                        row=group[name].row,
                    )
            unit = row["unit"]
            if not unit.value or not self.known_unit(unit, unit.value):
                continue
            if (year, unit.value) in placed:
                self.error(
                    unit,
                    N_("Unit %(code)s is already in a group of %(year)s on row %(row)s."),
                    code=unit.value,
                    year=year,
                    row=placed[(year, unit.value)].row,
                )
                continue
            placed[(year, unit.value)] = unit
            group["units"].append(unit.value)
        self.plan_groups(groups)

    def plan_groups(self, groups: dict) -> None:
        existing = {
            (g.year.year, g.code): g
            for g in Group.objects.filter(year__jurisdiction=self.jurisdiction).select_related(
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
                self.error(
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
            self.add(
                "groups",
                f"{year}/{code}",
                _group_view(old, members) if old else None,
                _group_view_data(data),
                data,
            )

    # --- supervision groups

    def supervision(self) -> None:
        existing = {
            (g.year.year, g.name): g
            for g in SupervisionGroup.objects.filter(year__jurisdiction=self.jurisdiction)
            .select_related("year")
            .prefetch_related("members", "assignments__unit")
        }
        seen: dict[tuple[int, str], int] = {}
        placed: dict[tuple[int, str], int] = {}
        for row in self.rows("supervision"):
            ok = self.required_cells(row, "supervision") & self.length(row["name"], 100)
            year = self.year(row["year"]) if row["year"].value else None
            order = self.order(row["order"])
            if not ok or year is None or order is None:
                continue
            key = (year, row["name"].value)
            if key in seen:
                self.error(
                    row["name"],
                    N_("Duplicate supervision group %(name)s (also on row %(row)s)."),
                    name=key[1],
                    row=seen[key],
                )
                continue
            seen[key] = row["name"].row
            members = self.members(row["members"])
            units = self.supervised_units(row["units"], year, placed)
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
            self.add(
                "supervision_groups",
                f"{year}/{key[1]}",
                _supervision_view(old) if old else None,
                _supervision_view_data(data),
                data,
            )

    def members(self, cell: Cell) -> list[str] | None:
        names = [n for n in LIST_SPLIT.split(cell.value) if n]
        user_model = get_user_model()
        db_roles = defaultdict(set)
        for username, role in RoleGrant.objects.filter(
            user__username__in=names, jurisdiction=self.jurisdiction
        ).values_list("user__username", "role"):
            db_roles[username].add(role)
        known = set(
            user_model.objects.filter(username__in=names).values_list("username", flat=True)
        )
        ok = True
        for username in names:
            roles = self.file_roles.get(username, db_roles[username])
            if username not in known and username not in self.file_roles:
                self.error(cell, N_("Unknown username %(username)s."), username=username)
                ok = False
            elif Role.SUPERVISOR not in roles:
                self.error(
                    cell, N_("%(username)s does not hold the supervisor role."), username=username
                )
                ok = False
        return sorted(set(names)) if ok else None

    def supervised_units(self, cell: Cell, year: int, placed: dict) -> list[str] | None:
        codes = [c for c in LIST_SPLIT.split(cell.value) if c]
        ok = True
        for code in codes:
            if not self.known_unit(cell, code):
                ok = False
            elif (year, code) in placed:
                self.error(
                    cell,
                    N_(
                        "Unit %(code)s is already in a supervision group of %(year)s "
                        "on row %(row)s."
                    ),
                    code=code,
                    year=year,
                    row=placed[(year, code)],
                )
                ok = False
            else:
                placed[(year, code)] = cell.row
        return sorted(set(codes)) if ok else None


# --- how changes are shown (before → after) ------------------------------------------------


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _unit_view(unit: Unit) -> dict[str, str]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": KIND_LABELS[unit.kind],
        "active": _yes_no(unit.active),
    }


def _unit_view_data(data: dict) -> dict[str, str]:
    return {
        "name": data["name"],
        "short_name": data["short_name"],
        "kind": KIND_LABELS[data["kind"]],
        "active": _yes_no(data["active"]),
    }


def _roles_text(grants: list[str]) -> str:
    parts = []
    for grant in grants:
        role, _sep, unit = grant.partition(":")
        parts.append(f"{ROLE_LABELS[role]}({unit})" if unit else ROLE_LABELS[role])
    return "、".join(parts)


def _group_view(group: Group, members: dict) -> dict[str, str]:
    return {
        "name": group.name,
        "order": str(group.order),
        "units": "、".join(sorted(members[group.pk])),
    }


def _group_view_data(data: dict) -> dict[str, str]:
    return {"name": data["name"], "order": str(data["order"]), "units": "、".join(data["units"])}


def _supervision_view(group: SupervisionGroup) -> dict[str, str]:
    return {
        "order": str(group.order),
        "members": "、".join(sorted(m.username for m in group.members.all())),
        "units": "、".join(sorted(a.unit.code for a in group.assignments.all())),
    }


def _supervision_view_data(data: dict) -> dict[str, str]:
    return {
        "order": str(data["order"]),
        "members": "、".join(data["members"]),
        "units": "、".join(data["units"]),
    }


# --- applying ------------------------------------------------------------------------------


@transaction.atomic
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
        _apply_unit(jurisdiction, change.data)
    units = {u.code: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    for change in fresh.of("people"):
        _apply_person(jurisdiction, change.data, units)
    for change in fresh.of("groups"):
        _apply_group(years[change.data["year"]], change.data, units)
    for change in fresh.of("supervision_groups"):
        _apply_supervision(years[change.data["year"]], change.data, units)
    record(
        actor=actor,
        action="org.import",
        obj=jurisdiction,
        after=fresh.summary(),
        jurisdiction=jurisdiction,
    )
    return fresh


def _apply_unit(jurisdiction: Jurisdiction, data: dict) -> None:
    unit = Unit.objects.filter(jurisdiction=jurisdiction, code=data["code"]).first()
    unit = unit or Unit(jurisdiction=jurisdiction)
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()


def _apply_person(jurisdiction: Jurisdiction, data: dict, units: dict[str, Unit]) -> None:
    user_model = get_user_model()
    person = user_model.objects.filter(username=data["username"]).first()
    if person is None:
        person = user_model(username=data["username"])
        if data["password"]:
            person.set_password(data["password"])
        else:
            person.set_unusable_password()
    person.first_name, person.email = data["full_name"], data["email"]
    person.save()
    RoleGrant.objects.filter(user=person, jurisdiction=jurisdiction).delete()
    RoleGrant.objects.bulk_create(
        RoleGrant(
            user=person, role=role, jurisdiction=jurisdiction, unit=units[code] if code else None
        )
        for role, code in data["grants"]
    )
    forget_scope(person)


def _apply_group(year: AssessmentYear, data: dict, units: dict[str, Unit]) -> None:
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


def _apply_supervision(year: AssessmentYear, data: dict, units: dict[str, Unit]) -> None:
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


# --- the template --------------------------------------------------------------------------


def template_workbook(jurisdiction: Jurisdiction) -> bytes:
    """Return the import workbook filled with the jurisdiction's units, groups and people."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = {
        ("units", "kind"): list(KIND_LABELS.values()),
        ("units", "active"): [YES, NO],
        ("people", "role"): list(ROLE_LABELS.values()),
    }
    for spec, rows in zip(SHEETS, _template_rows(jurisdiction), strict=True):
        ws = workbook.create_sheet(spec.zh)
        for pos, column in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=pos, value=column.zh)
            cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
            cell.fill = PatternFill("solid", fgColor="B22222" if column.required else "F2DCDB")
            required = _("Required.") if column.required else _("Optional.")
            cell.comment = Comment(f"{required} {_(column.note)}", "Leitai")
            ws.column_dimensions[get_column_letter(pos)].width = column.width + 2
            choices = lists.get((spec.key, column.key))
            if choices:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
                )
                ws.add_data_validation(validation)
                letter = get_column_letter(pos)
                validation.add(f"{letter}2:{letter}2000")
        for values in rows:
            ws.append(values)
        ws.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _template_rows(jurisdiction: Jurisdiction) -> list[list[list]]:
    units = Unit.objects.filter(jurisdiction=jurisdiction).order_by("code")
    unit_rows = [
        [u.code, u.name, u.short_name, KIND_LABELS[u.kind], _yes_no(u.active)] for u in units
    ]
    years = AssessmentYear.objects.filter(jurisdiction=jurisdiction)
    year = years.filter(is_current=True).first() or years.order_by("-year").first()
    group_rows, supervision_rows = [], []
    if year is not None:
        for group in Group.objects.filter(year=year).prefetch_related("memberships__unit"):
            codes = sorted(m.unit.code for m in group.memberships.all()) or [""]
            group_rows += [[year.year, group.code, group.name, group.order, c] for c in codes]
        for sg in SupervisionGroup.objects.filter(year=year).prefetch_related(
            "members", "assignments__unit"
        ):
            view = _supervision_view(sg)
            supervision_rows.append([year.year, sg.name, sg.order, view["members"], view["units"]])
    grants = RoleGrant.objects.filter(jurisdiction=jurisdiction).select_related("user", "unit")
    people_rows = [
        [
            g.user.username,
            g.user.first_name,
            g.user.email,
            ROLE_LABELS[g.role],
            g.unit.code if g.unit else "",
            "",
        ]
        for g in grants.order_by("user__username", "role", "unit__code")
    ]
    return [unit_rows, group_rows, supervision_rows, people_rows]
