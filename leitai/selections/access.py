"""Who may see selections and nominations: the one place these checks live.

- A selection is seen by every person of its jurisdiction (any role grant there).
- A nomination is seen by the office, by the people of its unit (reporter, leader), by the
  members of the selection's clearance offices once the unit leader signed it, and by every
  person of the jurisdiction once it is shortlisted (it is on the public notice then).
- Clearance signers are the members of a selection's clearance office: no new role, the
  lightest grant that fits (like a supervision group's members).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from leitai.org.access import get_or_404, is_office_of, scope_for
from leitai.org.models import Role
from leitai.selections.models import DeedsFile, Nomination, Objection, Selection, VoterCode

NS = Nomination.Status
PUBLIC_STATES = (NS.SHORTLISTED, NS.AWARDED, NS.NOT_AWARDED, NS.REVOKED)
CLEARANCE_STATES = (NS.SIGNED, NS.CLEARED, NS.VETOED, *PUBLIC_STATES, NS.NOT_SHORTLISTED)
UNIT_PEOPLE = (Role.REPORTER, Role.UNIT_LEADER)


def staff_jurisdiction_ids(user) -> set[int]:
    """Return the jurisdictions `user` works in (the security and audit administrators aside)."""
    if not getattr(user, "pk", None):
        return set()
    grants = user.role_grants.exclude(role__in=(Role.SECURITY_ADMIN, Role.AUDIT_ADMIN))
    return set(grants.values_list("jurisdiction_id", flat=True))


def visible_selections(user) -> QuerySet[Selection]:
    """Return the selections of the jurisdictions `user` works in."""
    return Selection.objects.filter(year__jurisdiction_id__in=staff_jurisdiction_ids(user))


def selection_for_user(user, selection_id, *, for_change: bool = False) -> Selection:
    """Return the selection, or 404; `for_change` asks for the office of its jurisdiction."""
    selections = visible_selections(user).select_related("year__jurisdiction")
    if for_change:
        selections = selections.filter(
            year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids
        )
    return get_or_404(selections, selection_id)


def _unit_ids(user, *roles) -> list[int]:
    grants = user.role_grants.filter(role__in=roles, unit__isnull=False) if user.pk else []
    return [g.unit_id for g in grants]


def visible_nominations(user) -> QuerySet[Nomination]:
    """Return the nominations `user` may see."""
    scope = scope_for(user)
    if not scope.user_id:
        return Nomination.objects.none()
    return Nomination.objects.filter(
        Q(selection__year__jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(unit_id__in=_unit_ids(user, *UNIT_PEOPLE))
        | Q(selection__clearance_offices__members=user, status__in=CLEARANCE_STATES)
        | Q(
            selection__year__jurisdiction_id__in=staff_jurisdiction_ids(user),
            status__in=PUBLIC_STATES,
        )
    ).distinct()


def nomination_for_user(user, nomination_id) -> Nomination:
    """Return the nomination, or 404 (missing and forbidden alike)."""
    found = visible_nominations(user).select_related(
        "selection__year__jurisdiction", "title", "unit", "person"
    )
    return get_or_404(found, nomination_id)


def deeds_file_for_user(user, file_id) -> DeedsFile:
    """Return a 事迹 file of a nomination `user` may see, or 404."""
    files = DeedsFile.objects.filter(nomination__in=visible_nominations(user))
    return get_or_404(files, file_id)


def visible_objections(user) -> QuerySet[Objection]:
    """Return the objections the office of their jurisdiction may see (no one else)."""
    office = scope_for(user).office_jurisdiction_ids
    return Objection.objects.filter(nomination__selection__year__jurisdiction_id__in=office)


def objection_for_user(user, objection_id) -> Objection:
    """Return the objection for the office of its jurisdiction, or 404."""
    return get_or_404(
        visible_objections(user).select_related("nomination__selection"), objection_id
    )


# --- rules the state tables use -----------------------------------------------------------


def is_selection_office(user, selection: Selection) -> bool:
    """Return whether `user` is the office of the selection's jurisdiction."""
    return is_office_of(user, selection.year.jurisdiction_id)


def is_reporter_of(user, nomination: Nomination) -> bool:
    """Return whether `user` reports for the nomination's unit."""
    return nomination.unit_id in _unit_ids(user, Role.REPORTER)


def is_leader_of(user, nomination: Nomination) -> bool:
    """Return whether `user` leads the nomination's unit."""
    return nomination.unit_id in _unit_ids(user, Role.UNIT_LEADER)


def clearance_offices_of(user, selection: Selection):
    """Return the selection's clearance offices `user` signs for."""
    if not getattr(user, "pk", None):
        return selection.clearance_offices.none()
    return selection.clearance_offices.filter(members=user)


def is_clearance_signer(user, nomination: Nomination) -> bool:
    """Return whether `user` signs for one of the clearance offices of the selection."""
    return clearance_offices_of(user, nomination.selection).exists()


def is_office_of_nomination(user, nomination: Nomination) -> bool:
    """Return whether `user` is the office of the nomination's jurisdiction."""
    return is_selection_office(user, nomination.selection)


def is_voter(user, selection: Selection) -> bool:
    """Return whether `user` may vote: any person working in the jurisdiction."""
    return selection.year.jurisdiction_id in staff_jurisdiction_ids(user)


def is_unit_person(user, selection: Selection) -> bool:
    """Return whether `user` reports for or leads a unit of the selection's jurisdiction."""
    if not getattr(user, "pk", None):
        return False
    grants = user.role_grants.filter(
        role__in=UNIT_PEOPLE, jurisdiction_id=selection.year.jurisdiction_id
    )
    return grants.exists()


def nominating_units(user, selection: Selection) -> list[int]:
    """Return the ids of the units `user` may nominate for in the selection."""
    if not getattr(user, "pk", None):
        return []
    grants = user.role_grants.filter(
        role__in=UNIT_PEOPLE, jurisdiction_id=selection.year.jurisdiction_id
    )
    return sorted({g.unit_id for g in grants})


def is_code_of(code, selection: Selection) -> bool:
    """Return whether `code` is an unused voting code of the selection."""
    return isinstance(code, VoterCode) and code.selection_id == selection.pk and not code.used


def unit_people(unit_id: int):
    """Return the people of a unit (a nominee chosen from the unit's own people)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role_grants__unit_id=unit_id).distinct()
