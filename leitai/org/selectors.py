"""Reads of the organisation, scoped to what the person may see.

The reads that take a unit or a jurisdiction read it for an object the caller has already reached.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from leitai.org.access import (
    scope_for,
    visible_groups,
    visible_people,
    visible_supervision_groups,
    visible_units,
)
from leitai.org.models import (
    ADMIN_ROLES,
    AssessmentYear,
    GroupMembership,
    Role,
    RoleGrant,
    SecuritySettings,
    SupervisionAssignment,
    Unit,
)


def unit_list(user, *, year: AssessmentYear | None = None) -> QuerySet[Unit]:
    """Return visible units with their group in `year` prefetched."""
    units = visible_units(user).order_by("code")
    if year is not None:
        memberships = GroupMembership.objects.filter(year=year).select_related("group")
        units = units.prefetch_related(Prefetch("memberships", memberships, to_attr="year_groups"))
    return units


def group_list(user, *, year: AssessmentYear) -> QuerySet:
    """Return the year's visible groups with how many members each has (visible ones)."""
    return (
        visible_groups(user)
        .filter(year=year)
        .annotate(unit_count=Count("memberships", distinct=True))
        .order_by("order", "code")
    )


def group_members(user, group) -> QuerySet[Unit]:
    """Return the group's member units that `user` may see."""
    return visible_units(user).filter(memberships__group=group).order_by("code")


def supervision_group_list(user, *, year: AssessmentYear) -> QuerySet:
    """Return the year's visible supervision groups with members and unit counts."""
    return (
        visible_supervision_groups(user)
        .filter(year=year)
        .annotate(unit_count=Count("assignments", distinct=True))
        .prefetch_related("members")
        .order_by("order", "name")
    )


def supervision_units(user, group) -> QuerySet[Unit]:
    """Return the supervision group's units that `user` may see."""
    return visible_units(user).filter(supervision__supervision_group=group).order_by("code")


def person_list(user) -> QuerySet:
    """Return visible people with their grants and units, ordered by name."""
    scope = scope_for(user)
    grants = RoleGrant.objects.filter(jurisdiction_id__in=scope.jurisdiction_ids).select_related(
        "unit"
    )
    return (
        visible_people(user)
        .prefetch_related(Prefetch("role_grants", grants, to_attr="grants"))
        .order_by("username")
    )


def unit_people(unit: Unit) -> QuerySet:
    """Return the people who hold a role for `unit`."""
    return (
        RoleGrant.objects.filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__username")
    )


def unit_groups(unit: Unit) -> QuerySet[GroupMembership]:
    """Return the unit's group memberships, the latest year first."""
    memberships = GroupMembership.objects.filter(unit=unit).select_related("group", "year")
    return memberships.order_by("-year__year")


def unit_supervision(unit: Unit) -> QuerySet[SupervisionAssignment]:
    """Return the unit's supervision group each year, the latest year first."""
    assignments = SupervisionAssignment.objects.filter(unit=unit)
    return assignments.select_related("supervision_group", "year").order_by("-year__year")


def person_grants(user, person) -> QuerySet[RoleGrant]:
    """Return the person's role grants in the jurisdictions `user` belongs to."""
    grants = RoleGrant.objects.filter(
        user=person, jurisdiction_id__in=scope_for(user).jurisdiction_ids
    )
    return grants.select_related("unit", "jurisdiction")


def supervisors(jurisdiction_id: int) -> QuerySet:
    """Return the people with the supervisor role in the jurisdiction, by login name."""
    people = get_user_model().objects.filter(
        role_grants__role=Role.SUPERVISOR, role_grants__jurisdiction_id=jurisdiction_id
    )
    return people.order_by("username")


# --- security rules -----------------------------------------------------------------------


def security_settings(jurisdiction_id: int | None) -> SecuritySettings:
    """Return the jurisdiction's security rules (unsaved, the deployment's defaults, if none)."""
    from django.conf import settings

    found = SecuritySettings.objects.filter(jurisdiction_id=jurisdiction_id).first()
    if found is not None:
        return found
    hours = max(1, settings.SESSION_COOKIE_AGE // 3600)
    return SecuritySettings(
        jurisdiction_id=jurisdiction_id,
        token_days=settings.LEITAI_TOKEN_DAYS,
        office_idle_hours=hours,
        unit_idle_hours=hours,
        password_history=settings.LEITAI_PASSWORD_HISTORY,
        password_expiry_days=settings.LEITAI_PASSWORD_EXPIRY_DAYS,
        audit_retention_days=max(
            SecuritySettings.MIN_AUDIT_DAYS, settings.LEITAI_AUDIT_RETENTION_DAYS
        ),
    )


def security_settings_of(person) -> SecuritySettings:
    """Return the rules of the person's jurisdiction (that of their first role)."""
    grant = RoleGrant.objects.filter(user=person).order_by("pk").values("jurisdiction_id").first()
    return security_settings(grant["jurisdiction_id"] if grant else None)


def idle_seconds(user) -> int:
    """Return how long a session of `user` lasts without activity, by their role class."""
    scope = scope_for(user)
    rules = security_settings(scope.primary_jurisdiction_id)
    hours = rules.office_idle_hours if scope.has(*ADMIN_ROLES) else rules.unit_idle_hours
    return hours * 3600
