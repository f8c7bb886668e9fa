"""Who may see what of the rankings: the one place these checks live.

Published results (leaderboards and every unit's scorecard) are open to everyone holding a
role in the jurisdiction — 晒绩 means showing them. Drafts are the office's alone (county
leaders see what is published). Appeals: the office sees all of its county's, a unit's people
see their own unit's; only the unit's leader files one. Everything else is a 404.

The year a page shows (`requested_year`, `office_year`) is checked here too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.org.access import (
    MAX_ID,
    current_year_for,
    get_or_404,
    is_office_of,
    scope_for,
    year_for_user,
)
from leitai.org.models import Role, RoleGrant, Unit
from leitai.rankings.models import Appeal, Publication, RankingSnapshot


def visible_snapshots(user) -> QuerySet[RankingSnapshot]:
    """Return snapshots: every one of the office's county, published ones for any role there."""
    scope = scope_for(user)
    return RankingSnapshot.objects.filter(
        Q(jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(jurisdiction_id__in=scope.jurisdiction_ids, publication__isnull=False)
    )


def _may_see(user, jurisdiction_id: int, published: bool, for_change: bool) -> bool:
    """The rule of `visible_snapshots`, for one snapshot already fetched."""
    if is_office_of(user, jurisdiction_id):
        return True
    return not for_change and published and jurisdiction_id in scope_for(user).jurisdiction_ids


def snapshot_for_user(user, snapshot_id, *, for_change: bool = False) -> RankingSnapshot:
    """Return the snapshot if `user` may see it (or, as its office, act on it), else Http404.

    The rule of `visible_snapshots`, checked on the row fetched by id (one plain query).
    """
    rows = RankingSnapshot.objects.select_related("period", "publication")
    # The large JSON fields load only when a page needs them (most read the rows instead).
    snapshot = get_or_404(rows.defer(*HEAVY), snapshot_id)
    published = hasattr(snapshot, "publication")
    if not _may_see(user, snapshot.jurisdiction_id, published, for_change):
        raise Http404("not found")
    return snapshot


HEAVY = ("inputs", "results", "scheme_dump", "missing", "sensitivity")


def snapshot_meta_for_user(user, snapshot_id):
    """Return the cached summary of a snapshot (see rankings/cache.py) if `user` may see it."""
    from leitai.rankings.cache import snapshot_meta

    try:
        key = int(snapshot_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404("not found") from exc
    meta = snapshot_meta(key) if 0 < key <= MAX_ID else None
    if meta is None or not _may_see(user, meta.jurisdiction_id, meta.published, for_change=False):
        raise Http404("not found")
    return meta


def visible_publications(user) -> QuerySet[Publication]:
    """Return the publications of every jurisdiction `user` holds a role in."""
    return Publication.objects.filter(
        snapshot__jurisdiction_id__in=scope_for(user).jurisdiction_ids
    )


def is_unit_leader(user, unit: Unit) -> bool:
    """Tell whether `user` is a unit leader (单位负责人) of `unit`."""
    scope = scope_for(user)
    if unit.pk not in scope.own_unit_ids or Role.UNIT_LEADER not in scope.roles:
        return False
    return RoleGrant.objects.filter(
        user_id=scope.user_id, role=Role.UNIT_LEADER, unit=unit
    ).exists()


def visible_appeals(user) -> QuerySet[Appeal]:
    """Return appeals: all of the office's county, else those of one's own units."""
    scope = scope_for(user)
    return Appeal.objects.filter(
        Q(unit__jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(unit_id__in=scope.own_unit_ids)
    )


def appeal_for_user(user, appeal_id, *, for_change: bool = False) -> Appeal:
    """Return the appeal if `user` may see it (or, as the office, decide it), else Http404."""
    appeals = visible_appeals(user).select_related(
        "unit", "publication__snapshot__period", "filed_by", "decided_by"
    )
    if for_change:
        appeals = appeals.filter(unit__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(appeals, appeal_id)


# --- the year a page shows -----------------------------------------------------------------


def requested_year(request):
    """Return the year asked for (`?year=`) if the person may see it, else their current year.

    Http404 when the person has no year at all.
    """
    if request.GET.get("year"):
        return year_for_user(request.user, request.GET["year"])
    year = current_year_for(request.user)
    if year is None:
        raise Http404("not found")
    return year


def office_year(request):
    """Return the requested year if the person is in its office, else raise Http404."""
    year = requested_year(request)
    if not is_office_of(request.user, year.jurisdiction_id):
        raise Http404("not found")
    return year
