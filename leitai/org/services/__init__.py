"""Every change to the organisation: one function, one transaction, one audit row each.

`person_edit` runs `person_update` and `person_set_password` in one transaction (a row each).
Account security (passwords, tokens, log-in locks, the security settings) is in `accounts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import forget_scope, require_office
from leitai.org.models import (
    ADMIN_ROLES,
    UNIT_ROLES,
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    PersonProfile,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

UNIT_FIELDS = ("code", "name", "short_name", "kind", "active")
YEAR_FIELDS = ("year", "name", "is_current")
GROUP_FIELDS = ("code", "name", "order", "description")
SUPERVISION_FIELDS = ("name", "order")
PERSON_FIELDS = ("first_name", "email", "is_active")
_ONE_ADMIN_ROLE = _(
    "One person holds at most one of the office, security administrator and audit "
    "administrator roles."
)


# --- units -------------------------------------------------------------------------------


@service
def unit_create(*, actor, jurisdiction: Jurisdiction, **fields) -> Unit:
    """Create a unit in the jurisdiction."""
    require_office(actor, jurisdiction.pk)
    unit = Unit(jurisdiction=jurisdiction)
    apply_changes(unit, fields, UNIT_FIELDS)
    unit.save()
    after = state(unit, UNIT_FIELDS)
    record(
        actor=actor,
        action="unit.create",
        obj=unit,
        after=after,
        unit=unit,
        jurisdiction=jurisdiction,
    )
    return unit


@service
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    """Change a unit's code, names, kind or active flag."""
    require_office(actor, unit.jurisdiction_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before, after = apply_changes(unit, changes, UNIT_FIELDS)
    if after:
        unit.save()
        record(
            actor=actor,
            action="unit.update",
            obj=unit,
            before=before,
            after=after,
            unit=unit,
            jurisdiction=unit.jurisdiction,
        )
    return unit


# --- years --------------------------------------------------------------------------------


@service
def year_create(
    *, actor, jurisdiction: Jurisdiction, year: int, name: str, is_current: bool = False
) -> AssessmentYear:
    """Create an assessment year; making it current un-marks the previous current year."""
    require_office(actor, jurisdiction.pk)
    if is_current:
        AssessmentYear.objects.filter(jurisdiction=jurisdiction).update(is_current=False)
    obj = AssessmentYear(jurisdiction=jurisdiction)
    apply_changes(obj, {"year": year, "name": name, "is_current": is_current}, YEAR_FIELDS)
    obj.save()
    after = state(obj, YEAR_FIELDS)
    record(actor=actor, action="year.create", obj=obj, after=after, jurisdiction=jurisdiction)
    return obj


@service
def year_update(*, actor, year: AssessmentYear, **changes) -> AssessmentYear:
    """Rename a year or make it the current one."""
    require_office(actor, year.jurisdiction_id)
    if changes.get("is_current"):
        AssessmentYear.objects.filter(jurisdiction_id=year.jurisdiction_id).exclude(
            pk=year.pk
        ).update(is_current=False)
    year = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    before, after = apply_changes(year, changes, ("name", "is_current"))
    if after:
        year.save()
        record(
            actor=actor,
            action="year.update",
            obj=year,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return year


# --- groups -------------------------------------------------------------------------------


@service
def group_create(*, actor, year: AssessmentYear, units: Iterable[Unit] = (), **fields) -> Group:
    """Create a group in a year, optionally moving the given units into it."""
    require_office(actor, year.jurisdiction_id)
    group = Group(year=year)
    apply_changes(group, fields, GROUP_FIELDS)
    group.save()
    after = state(group, GROUP_FIELDS)
    after["units"] = _move_units(group, units)
    record(
        actor=actor, action="group.create", obj=group, after=after, jurisdiction=year.jurisdiction
    )
    return group


@service
def group_update(*, actor, group: Group, units: Iterable[Unit] | None = None, **changes) -> Group:
    """Change a group's fields and, when `units` is given, make them its exact members."""
    require_office(actor, group.year.jurisdiction_id)
    group = Group.objects.select_for_update().select_related("year").get(pk=group.pk)
    before, after = apply_changes(group, changes, GROUP_FIELDS)
    if units is not None:
        old = sorted(group.memberships.values_list("unit_id", flat=True))
        new = _move_units(group, units, replace=True)
        if old != new:
            before["units"], after["units"] = old, new
    if after:
        group.save()
        record(
            actor=actor,
            action="group.update",
            obj=group,
            before=before,
            after=after,
            jurisdiction=group.year.jurisdiction,
        )
    return group


def _move_units(group: Group, units: Iterable[Unit], *, replace: bool = False) -> list[int]:
    """Put `units` in `group` for its year (leaving any other group of that year)."""
    units = list(units)
    _check_same_jurisdiction(units, group.year.jurisdiction_id, "units")
    ids = sorted({u.pk for u in units})
    if replace:
        group.memberships.exclude(unit_id__in=ids).delete()
    GroupMembership.objects.filter(year=group.year, unit_id__in=ids).exclude(group=group).delete()
    present = set(group.memberships.values_list("unit_id", flat=True))
    GroupMembership.objects.bulk_create(
        GroupMembership(year=group.year, group=group, unit_id=uid)
        for uid in ids
        if uid not in present
    )
    return ids


# --- supervision groups -------------------------------------------------------------------


@service
def supervision_group_create(
    *,
    actor,
    year: AssessmentYear,
    name: str,
    order: int = 0,
    members: Iterable = (),
    units: Iterable[Unit] = (),
) -> SupervisionGroup:
    """Create a supervision group with its members and assigned units."""
    require_office(actor, year.jurisdiction_id)
    group = SupervisionGroup(year=year)
    apply_changes(group, {"name": name, "order": order}, SUPERVISION_FIELDS)
    group.save()
    after = state(group, SUPERVISION_FIELDS)
    after["members"] = _set_members(group, members)
    after["units"] = _assign_units(group, units)
    record(
        actor=actor,
        action="supervision_group.create",
        obj=group,
        after=after,
        jurisdiction=year.jurisdiction,
    )
    return group


@service
def supervision_group_update(
    *,
    actor,
    group: SupervisionGroup,
    members: Iterable | None = None,
    units: Iterable[Unit] | None = None,
    **changes,
) -> SupervisionGroup:
    """Change a supervision group's name, order, members or assigned units."""
    require_office(actor, group.year.jurisdiction_id)
    group = SupervisionGroup.objects.select_for_update().select_related("year").get(pk=group.pk)
    before, after = apply_changes(group, changes, SUPERVISION_FIELDS)
    if members is not None:
        old = sorted(group.members.values_list("pk", flat=True))
        new = _set_members(group, members)
        if old != new:
            before["members"], after["members"] = old, new
    if units is not None:
        old = sorted(group.assignments.values_list("unit_id", flat=True))
        new = _assign_units(group, units)
        if old != new:
            before["units"], after["units"] = old, new
    if after:
        group.save()
        record(
            actor=actor,
            action="supervision_group.update",
            obj=group,
            before=before,
            after=after,
            jurisdiction=group.year.jurisdiction,
        )
    return group


def _set_members(group: SupervisionGroup, members: Iterable) -> list[int]:
    members = list(members)
    ids = sorted({m.pk for m in members})
    allowed = set(
        RoleGrant.objects.filter(
            user_id__in=ids, role=Role.SUPERVISOR, jurisdiction_id=group.year.jurisdiction_id
        ).values_list("user_id", flat=True)
    )
    if set(ids) - allowed:
        raise ValidationError({"members": "Every member must hold the supervisor role."})
    group.members.set(ids)
    for member in members:
        forget_scope(member)
    return ids


def _assign_units(group: SupervisionGroup, units: Iterable[Unit]) -> list[int]:
    units = list(units)
    _check_same_jurisdiction(units, group.year.jurisdiction_id, "units")
    ids = sorted({u.pk for u in units})
    group.assignments.exclude(unit_id__in=ids).delete()
    SupervisionAssignment.objects.filter(year=group.year, unit_id__in=ids).exclude(
        supervision_group=group
    ).delete()
    present = set(group.assignments.values_list("unit_id", flat=True))
    SupervisionAssignment.objects.bulk_create(
        SupervisionAssignment(year=group.year, supervision_group=group, unit_id=uid)
        for uid in ids
        if uid not in present
    )
    return ids


def _check_same_jurisdiction(units: Sequence[Unit], jurisdiction_id: int, field: str) -> None:
    if any(u.jurisdiction_id != jurisdiction_id for u in units):
        raise ValidationError({field: "Units must belong to the same jurisdiction."})


# --- people -------------------------------------------------------------------------------

MOBILE = re.compile(r"1[3-9]\d{9}")


def clean_phone(value: str | None) -> str:
    """Return a mainland mobile number as 11 digits ("" for none), else raise by field.

    Spaces and dashes are dropped, and a +86 or 86 in front: "+86 138-1234-5678" → 13812345678.
    """
    digits = re.sub(r"[\s-]", "", value or "")
    if len(digits) == 14 and digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if digits and not MOBILE.fullmatch(digits):
        raise ValidationError(
            {"phone": _("Give a mobile number of 11 digits starting with 1, e.g. 13812345678.")}
        )
    return digits


def phone_of(person) -> str:
    """Return the person's mobile number, or ""."""
    profile = PersonProfile.objects.filter(user=person).first()
    return profile.phone if profile else ""


def _set_phone(person, phone: str) -> tuple[str, str]:
    """Store the person's phone (a profile row only once there is one); return (old, new)."""
    profile = PersonProfile.objects.filter(user=person).first()
    old = profile.phone if profile else ""
    if phone != old:
        profile = profile or PersonProfile(user=person)
        profile.phone = phone
        profile.save()
    return old, phone


@service
def person_create(
    *,
    actor,
    jurisdiction: Jurisdiction,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    phone: str = "",
    grants: Iterable[tuple[str, Unit | None]] = (),
):
    """Create a person (a login) with roles in the jurisdiction.

    Without a password the login cannot be used until the office sets one (imports do that);
    the person page always asks for an initial password.
    """
    from django.contrib.auth.password_validation import validate_password

    require_office(actor, jurisdiction.pk)
    user_model = get_user_model()
    person = user_model(username=username, first_name=full_name, email=email)
    phone = clean_phone(phone)
    if password:
        try:
            validate_password(password, person)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    after = state(person, ("username", *PERSON_FIELDS))
    if phone:
        after["phone"] = _set_phone(person, phone)[1]
    after["grants"] = _set_grants(person, jurisdiction, grants)
    record(actor=actor, action="person.create", obj=person, after=after, jurisdiction=jurisdiction)
    return person


@service
def person_update(
    *,
    actor,
    person,
    jurisdiction: Jurisdiction,
    grants: Iterable[tuple[str, Unit | None]] | None = None,
    phone: str | None = None,
    **changes,
):
    """Change a person's name, e-mail, active flag, phone or roles in the jurisdiction."""
    require_office(actor, jurisdiction.pk)
    person = type(person).objects.select_for_update().get(pk=person.pk)
    before, after = apply_changes(person, changes, PERSON_FIELDS)
    if phone is not None:
        old, new = _set_phone(person, clean_phone(phone))
        if old != new:
            before["phone"], after["phone"] = old, new
    if grants is not None:
        old = _grant_list(person, jurisdiction)
        new = _set_grants(person, jurisdiction, grants)
        if old != new:
            before["grants"], after["grants"] = old, new
    if after:
        person.save()
        record(
            actor=actor,
            action="person.update",
            obj=person,
            before=before,
            after=after,
            jurisdiction=jurisdiction,
        )
    return person


@service
def person_edit(
    *,
    actor,
    person,
    jurisdiction: Jurisdiction,
    password: str | None = None,
    grants: Iterable[tuple[str, Unit | None]] | None = None,
    **changes,
):
    """Change a person and, when `password` is given, reset the password: all or nothing.

    Each part writes its own audit row (`person.update`, `person.set_password`), as alone.
    """
    person = person_update(
        actor=actor, person=person, jurisdiction=jurisdiction, grants=grants, **changes
    )
    if password:
        person_set_password(actor=actor, person=person, password=password)
    return person


def _grant_list(person, jurisdiction: Jurisdiction) -> list[list]:
    grants = RoleGrant.objects.filter(user=person, jurisdiction=jurisdiction)
    return sorted([g.role, g.unit_id] for g in grants)


def _set_grants(person, jurisdiction: Jurisdiction, grants: Iterable[tuple[str, Unit | None]]):
    wanted = {(str(role), unit.pk if unit else None) for role, unit in grants}
    errors = []
    for role, unit_id in sorted(wanted, key=str):
        if role not in Role.values:
            errors.append(f"Unknown role: {role}.")
        elif (role in UNIT_ROLES) != (unit_id is not None):
            errors.append(
                f"Role {role} needs a unit."
                if role in UNIT_ROLES
                else f"Role {role} takes no unit."
            )
    units = {u.pk: u for role, u in grants if u is not None}
    if any(u.jurisdiction_id != jurisdiction.pk for u in units.values()):
        errors.append("Units must belong to the same jurisdiction.")
    elsewhere = RoleGrant.objects.filter(user=person, role__in=ADMIN_ROLES).exclude(
        jurisdiction=jurisdiction
    )
    admin_roles = {role for role, _unit in wanted if role in ADMIN_ROLES}
    admin_roles |= set(elsewhere.values_list("role", flat=True))
    if len(admin_roles) > 1:
        errors.append(_ONE_ADMIN_ROLE)
    if errors:
        raise ValidationError({"grants": errors})
    current = RoleGrant.objects.filter(user=person, jurisdiction=jurisdiction)
    if set(current.values_list("role", "unit_id")) == wanted:
        return _grant_list(person, jurisdiction)  # unchanged: keep the rows as they are
    current.delete()
    RoleGrant.objects.bulk_create(
        RoleGrant(user=person, role=role, jurisdiction=jurisdiction, unit_id=unit_id)
        for role, unit_id in sorted(wanted, key=str)
    )
    forget_scope(person)
    return _grant_list(person, jurisdiction)


from leitai.org.services.accounts import (  # noqa: E402  (they use nothing of this module)
    person_change_own_password,
    person_jurisdiction,
    person_set_password,
    person_unlock,
    security_settings_update,
    token_issue,
    token_revoke,
)

__all__ = [
    "person_change_own_password",
    "person_jurisdiction",
    "person_set_password",
    "person_unlock",
    "security_settings_update",
    "token_issue",
    "token_revoke",
]
