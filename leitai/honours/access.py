"""Who may see and act on honours: the one place these checks live.

The office of a county sees and changes everything of its years: the grading rules, every
draft and its objections. Anyone holding a role in the county sees the drafts that were
published (publicised or final) and their entries; nobody else sees anything, and a draft
still in work or discarded is the office's alone. Everything else is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from leitai.assessment.models import Scheme
from leitai.honours.models import HonoursDraft, HonoursEntry, Objection
from leitai.org.access import get_or_404, is_office_of, scope_for

PUBLISHED = (HonoursDraft.State.PUBLICISED, HonoursDraft.State.FINAL)


def visible_drafts(user) -> QuerySet[HonoursDraft]:
    """Return the drafts: all of the office's county, published ones for any role there."""
    scope = scope_for(user)
    return HonoursDraft.objects.filter(
        Q(year__jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(year__jurisdiction_id__in=scope.jurisdiction_ids, state__in=PUBLISHED)
    )


def draft_for_user(user, draft_id, *, for_change: bool = False) -> HonoursDraft:
    """Return the draft if `user` may see it (or, as its office, act on it), else Http404."""
    drafts = visible_drafts(user).select_related("year", "snapshot__period", "scheme")
    if for_change:
        drafts = drafts.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(drafts, draft_id)


def visible_entries(user) -> QuerySet[HonoursEntry]:
    """Return the entries of the drafts `user` may see."""
    return HonoursEntry.objects.filter(draft__in=visible_drafts(user))


def visible_objections(user) -> QuerySet[Objection]:
    """Return the objections of the office's county (they name people and contacts)."""
    office = scope_for(user).office_jurisdiction_ids
    return Objection.objects.filter(draft__year__jurisdiction_id__in=office)


def objection_for_user(user, objection_id) -> Objection:
    """Return the objection if `user` is the office of its county, else Http404."""
    rows = visible_objections(user).select_related("draft__year", "unit")
    return get_or_404(rows, objection_id)


def visible_schemes(user) -> QuerySet[Scheme]:
    """Return the scheme versions whose grading rules `user` may read and set (the office)."""
    return Scheme.objects.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)


def scheme_for_user(user, scheme_id) -> Scheme:
    """Return the scheme version if `user` is the office of its county, else Http404."""
    return get_or_404(visible_schemes(user).select_related("year"), scheme_id)


def is_draft_office(user, draft: HonoursDraft) -> bool:
    """Tell whether `user` is the office of the draft's county."""
    return is_office_of(user, draft.year.jurisdiction_id)


def is_objection_office(user, objection: Objection) -> bool:
    """Tell whether `user` is the office of the objection's county."""
    return is_office_of(user, objection.draft.year.jurisdiction_id)


def unit_for_history(user, unit_id):
    """Return a unit of a county `user` holds a role in (final lists are published), else 404."""
    from leitai.org.models import Unit

    units = Unit.objects.filter(jurisdiction_id__in=scope_for(user).jurisdiction_ids)
    return get_or_404(units, unit_id)
