"""Who may see and change what in the organisation: the one place these checks live.

Every `*_for_user` helper returns the object or raises Http404, the same for an object that
does not exist and one the person may not see, so nothing reveals another unit's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.core.cache import generation_key, get_fixed, may_store, set_fixed
from leitai.org.models import (
    AssessmentYear,
    Group,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

SCOPE_TIMEOUT = 3600

# Roles that see every unit of their jurisdiction (read only, unless office).
WIDE_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ASSESSOR, Role.JUDGE})


@dataclass(frozen=True)
class Scope:
    """What one person may reach, computed once per request from the role grants."""

    user_id: int | None
    roles: frozenset[str]
    jurisdiction_ids: frozenset[int]
    office_jurisdiction_ids: frozenset[int]
    wide_jurisdiction_ids: frozenset[int]
    people_jurisdiction_ids: frozenset[int]
    own_unit_ids: frozenset[int]
    supervised_unit_ids: frozenset[int]
    security_jurisdiction_ids: frozenset[int] = frozenset()
    audit_jurisdiction_ids: frozenset[int] = frozenset()

    def has(self, *roles: str) -> bool:
        """Return whether the person holds any of `roles`."""
        return any(role in self.roles for role in roles)

    @property
    def is_office(self) -> bool:
        return Role.OFFICE in self.roles

    @property
    def primary_jurisdiction_id(self) -> int | None:
        """Return the jurisdiction pages open on (the lowest id when a person has several)."""
        return min(self.jurisdiction_ids) if self.jurisdiction_ids else None


EMPTY_SCOPE = Scope(None, frozenset(), *([frozenset()] * 6))


def scope_for(user) -> Scope:
    """Return what `user` may reach, kept on the user object and in the shared cache.

    The cache key holds the global generation (leitai/core/cache.py), which every audited
    change of the organisation replaces, so a changed grant, assignment or group membership
    shows on the next request; changes of other data leave it alone.
    """
    if not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    cached = getattr(user, "_leitai_scope", None)
    if cached is not None:
        return cached
    key = generation_key("org:scope", user.pk)
    scope = get_fixed(key)
    if scope is None:
        scope = _read_scope(user)
        if may_store():
            set_fixed(key, scope, SCOPE_TIMEOUT)
    user._leitai_scope = scope
    return scope


def _read_scope(user) -> Scope:
    grants = list(
        RoleGrant.objects.filter(user=user).values_list("role", "jurisdiction_id", "unit_id")
    )
    supervised = SupervisionAssignment.objects.filter(supervision_group__members=user)
    return Scope(
        user_id=user.pk,
        roles=frozenset(role for role, _, _ in grants),
        jurisdiction_ids=frozenset(j for _, j, _ in grants),
        office_jurisdiction_ids=frozenset(j for r, j, _ in grants if r == Role.OFFICE),
        wide_jurisdiction_ids=frozenset(j for r, j, _ in grants if r in WIDE_ROLES),
        people_jurisdiction_ids=frozenset(
            j for r, j, _ in grants if r in (Role.OFFICE, Role.LEADER)
        ),
        own_unit_ids=frozenset(u for _, _, u in grants if u is not None),
        supervised_unit_ids=frozenset(supervised.values_list("unit_id", flat=True))
        if Role.SUPERVISOR in {r for r, _, _ in grants}
        else frozenset(),
        security_jurisdiction_ids=frozenset(j for r, j, _ in grants if r == Role.SECURITY_ADMIN),
        audit_jurisdiction_ids=frozenset(j for r, j, _ in grants if r == Role.AUDIT_ADMIN),
    )


def forget_scope(user) -> None:
    """Drop the scope kept on the user object after the person's grants changed.

    The shared cache needs nothing: the change's audit row starts a new global generation.
    """
    if hasattr(user, "_leitai_scope"):
        del user._leitai_scope


# --- units -------------------------------------------------------------------------------


def visible_units(user) -> QuerySet[Unit]:
    """Return the units `user` may see."""
    scope = scope_for(user)
    return Unit.objects.filter(
        Q(jurisdiction_id__in=scope.wide_jurisdiction_ids)
        | Q(pk__in=scope.own_unit_ids)
        | Q(pk__in=scope.supervised_unit_ids)
    )


def unit_for_user(user, unit_id, *, for_change: bool = False) -> Unit:
    """Return the unit if `user` may see it (or change it), else raise Http404."""
    units = visible_units(user)
    if for_change:
        units = units.filter(jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(units, unit_id)


# --- jurisdictions and years --------------------------------------------------------------


def visible_jurisdictions(user) -> QuerySet[Jurisdiction]:
    """Return the jurisdictions `user` holds any role in."""
    return Jurisdiction.objects.filter(pk__in=scope_for(user).jurisdiction_ids)


def visible_years(user) -> QuerySet[AssessmentYear]:
    """Return the assessment years of the jurisdictions `user` belongs to."""
    return AssessmentYear.objects.filter(jurisdiction_id__in=scope_for(user).jurisdiction_ids)


def year_for_user(user, year_id, *, for_change: bool = False) -> AssessmentYear:
    """Return the assessment year if `user` may see (or change) it, else raise Http404."""
    years = visible_years(user)
    if for_change:
        years = years.filter(jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(years, year_id)


def current_year_for(user) -> AssessmentYear | None:
    """Return the current year of the person's primary jurisdiction, if there is one."""
    jurisdiction_id = scope_for(user).primary_jurisdiction_id
    if jurisdiction_id is None:
        return None
    years = AssessmentYear.objects.filter(jurisdiction_id=jurisdiction_id)
    return years.filter(is_current=True).first() or years.order_by("-year").first()


# --- groups -------------------------------------------------------------------------------


def visible_groups(user) -> QuerySet[Group]:
    """Return the groups `user` may see: all for wide roles, else those of visible units."""
    scope = scope_for(user)
    narrow_units = scope.own_unit_ids | scope.supervised_unit_ids
    return Group.objects.filter(
        Q(year__jurisdiction_id__in=scope.wide_jurisdiction_ids)
        | Q(memberships__unit_id__in=narrow_units)
    ).distinct()


def group_for_user(user, group_id, *, for_change: bool = False) -> Group:
    """Return the group if `user` may see (or change) it, else raise Http404."""
    groups = visible_groups(user)
    if for_change:
        groups = groups.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(groups, group_id)


# --- supervision groups -------------------------------------------------------------------


def visible_supervision_groups(user) -> QuerySet[SupervisionGroup]:
    """Return supervision groups: all for wide roles, own for members, the unit's for a unit."""
    scope = scope_for(user)
    return SupervisionGroup.objects.filter(
        Q(year__jurisdiction_id__in=scope.wide_jurisdiction_ids)
        | Q(members__pk=scope.user_id)
        | Q(assignments__unit_id__in=scope.own_unit_ids)
    ).distinct()


def supervision_group_for_user(user, group_id, *, for_change: bool = False) -> SupervisionGroup:
    """Return the supervision group if `user` may see (or change) it, else raise Http404."""
    groups = visible_supervision_groups(user)
    if for_change:
        groups = groups.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(groups, group_id)


# --- people -------------------------------------------------------------------------------


def visible_people(user) -> QuerySet:
    """Return people: everyone for office and leaders, else the people of one's own units."""
    scope = scope_for(user)
    people = get_user_model().objects.filter(
        Q(role_grants__jurisdiction_id__in=scope.people_jurisdiction_ids)
        | Q(role_grants__unit_id__in=scope.own_unit_ids)
        | Q(pk=scope.user_id)
    )
    return people.distinct()


def person_for_user(user, person_id, *, for_change: bool = False):
    """Return the person if `user` may see (or change) them, else raise Http404."""
    people = visible_people(user)
    if for_change:
        office = scope_for(user).office_jurisdiction_ids
        people = people.filter(role_grants__jurisdiction_id__in=office).distinct()
    return get_or_404(people, person_id)


# --- office -------------------------------------------------------------------------------


def is_office_of(user, jurisdiction) -> bool:
    """Return whether `user` is in the office of `jurisdiction` (a Jurisdiction or its id)."""
    jurisdiction_id = getattr(jurisdiction, "pk", jurisdiction)
    return jurisdiction_id in scope_for(user).office_jurisdiction_ids


def require_office(user, jurisdiction) -> None:
    """Raise PermissionDenied unless `user` is in the office of `jurisdiction` (or its id)."""
    if not is_office_of(user, jurisdiction):
        raise PermissionDenied("office role required")


def is_security_admin_of(user, jurisdiction) -> bool:
    """Return whether `user` is the security administrator of `jurisdiction` (or its id)."""
    jurisdiction_id = getattr(jurisdiction, "pk", jurisdiction)
    return jurisdiction_id in scope_for(user).security_jurisdiction_ids


def require_security_admin(user, jurisdiction) -> None:
    """Raise PermissionDenied unless `user` is the security administrator of `jurisdiction`."""
    if not is_security_admin_of(user, jurisdiction):
        raise PermissionDenied("security administrator role required")


def security_person_for_user(user, person_id):
    """Return a person of one of the jurisdictions `user` is security administrator of, or 404."""
    jurisdictions = scope_for(user).security_jurisdiction_ids
    people = get_user_model().objects.filter(role_grants__jurisdiction_id__in=jurisdictions)
    return get_or_404(people.distinct(), person_id)


# --- looking objects up -------------------------------------------------------------------

# The largest id a database key holds (64-bit signed): a longer number is no id of ours.
MAX_ID = 2**63 - 1


def get_or_404(queryset: QuerySet, pk):
    """Return the object of `queryset` with id `pk`, else raise Http404.

    Anything that is not a small positive integer (text, a float, a number too large for a
    database key) is a 404 too, the same as a missing object or one the person may not see.
    """
    try:
        key = int(pk)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Http404("not found") from exc
    if not 0 < key <= MAX_ID:
        raise Http404("not found")
    try:
        return queryset.get(pk=key)
    except queryset.model.DoesNotExist as exc:
        raise Http404("not found") from exc
