"""The 人员 (people) sheet: one row per role grant, planned per account, applied with its grants.

People are matched by username; a person's rows must agree on name and e-mail, and the roles
listed become exactly the person's roles in the jurisdiction. People are planned before groups
and supervision groups, so a supervision group may name a supervisor the same file adds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_noop as N_

from leitai.core.imports import Cell, Column, SheetSpec
from leitai.org.access import forget_scope
from leitai.org.models import UNIT_ROLES, Jurisdiction, Role, RoleGrant, Unit

if TYPE_CHECKING:
    from leitai.org.imports.plan import Planner

SHEET = SheetSpec(
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
)

# Fixed Chinese labels: files are written by county staff whatever the page language is.
ROLE_LABELS = {
    Role.OFFICE: "活动办",
    Role.ASSESSOR: "牵头考核部门",
    Role.REPORTER: "填报员",
    Role.UNIT_LEADER: "单位负责人",
    Role.SUPERVISOR: "督导组成员",
    Role.JUDGE: "评委",
    Role.LEADER: "县领导",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
}
# The template's drop-down lists, by column key.
CHOICES = {"role": list(ROLE_LABELS.values())}


def plan(planner: Planner) -> None:
    """Check every row, then plan each account with all its rows together."""
    user_model = get_user_model()
    by_username: dict[str, list[dict[str, Cell]]] = defaultdict(list)
    for row in planner.rows(SHEET):
        ok = planner.required_cells(row, SHEET)
        if _row_ok(planner, row) and ok:
            by_username[row["username"].value].append(row)
        elif row["username"].value:
            planner.file_roles.setdefault(row["username"].value, set())
    existing = {u.username: u for u in user_model.objects.filter(username__in=by_username)}
    grants = defaultdict(list)
    for grant in RoleGrant.objects.filter(user__in=existing.values()).select_related("unit"):
        grants[grant.user_id].append(grant)
    for username, rows in by_username.items():
        _person(planner, username, rows, existing.get(username), grants)


def _row_ok(planner: Planner, row: dict[str, Cell]) -> bool:
    ok = planner.length(row["username"], 150) & planner.length(row["full_name"], 150)
    username = row["username"]
    if username.value and not re.fullmatch(r"[\w.@+-]+", username.value):
        planner.error(username, N_("A username may contain only letters, digits and @/./+/-/_."))
        ok = False
    if row["email"].value:
        try:
            validate_email(row["email"].value)
        except ValidationError:
            planner.error(
                row["email"],
                N_("%(value)s is not a valid e-mail address."),
                value=row["email"].value,
            )
            ok = False
    role = planner.choice(row["role"], ROLE_LABELS, Role, N_("Unknown role %(value)s."))
    unit = row["unit"]
    if role in UNIT_ROLES and not unit.value:
        planner.error(unit, N_("The role %(role)s needs a unit."), role=ROLE_LABELS[role])
        ok = False
    elif role and role not in UNIT_ROLES and unit.value:
        planner.error(unit, N_("The role %(role)s takes no unit."), role=ROLE_LABELS[role])
        ok = False
    elif unit.value:
        ok &= planner.known_unit(unit, unit.value)
    return ok and role is not None


def _person(planner: Planner, username: str, rows, user, grants_by_user) -> None:
    first = rows[0]
    wanted_grants: dict[tuple[str, str], int] = {}
    ok = True
    for row in rows:
        role = planner.choice(row["role"], ROLE_LABELS, Role, "")
        key = (role, row["unit"].value)
        if key in wanted_grants:
            planner.error(
                row["role"],
                N_("Duplicate role for %(username)s (also on row %(row)s)."),
                username=username,
                row=wanted_grants[key],
            )
            ok = False
        wanted_grants.setdefault(key, row["role"].row)
        for name in ("full_name", "email"):
            if row[name].value and first[name].value and row[name].value != first[name].value:
                planner.error(
                    row[name],
                    N_("Differs from row %(row)s for the same account."),
                    row=first[name].row,
                )
                ok = False
    planner.file_roles[username] = {role for role, _ in wanted_grants}
    here = (
        [g for g in grants_by_user.get(user.pk, []) if g.jurisdiction_id == planner.jurisdiction.pk]
        if user
        else []
    )
    if user is not None and not here and (user.is_superuser or grants_by_user.get(user.pk)):
        planner.error(
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
                planner.error(first["password"], "%(reason)s", reason=message)
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
    planner.add("people", username, existing, wanted, data)


def _roles_text(grants: list[str]) -> str:
    parts = []
    for grant in grants:
        role, _sep, unit = grant.partition(":")
        parts.append(f"{ROLE_LABELS[role]}({unit})" if unit else ROLE_LABELS[role])
    return "、".join(parts)


def apply(jurisdiction: Jurisdiction, data: dict, units: dict[str, Unit]) -> None:
    """Create or update the account of a planned change and replace its grants here."""
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


def template_rows(jurisdiction: Jurisdiction, year) -> list[list]:
    """Return one row per role grant in the jurisdiction (`year` is not needed here)."""
    grants = RoleGrant.objects.filter(jurisdiction=jurisdiction).select_related("user", "unit")
    return [
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
