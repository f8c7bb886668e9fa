"""Who may see what of the rankings: the one place these checks live.

Published results (leaderboards and every unit's scorecard) are open to everyone holding a
role in the jurisdiction — 晒绩 means showing them. Drafts are the office's alone (county
leaders see what is published). Appeals: the office sees all of its county's, a unit's people
see their own unit's; only the unit's leader files one. Everything else is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.org.access import scope_for
from leitai.rankings.models import Appeal, Publication, RankingSnapshot


def _get_or_404(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=int(pk))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as exc:
        raise Http404("not found") from exc


def visible_snapshots(user) -> QuerySet[RankingSnapshot]:
    """Return snapshots: every one of the office's county, published ones for any role there."""
    scope = scope_for(user)
    return RankingSnapshot.objects.filter(
        Q(jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(jurisdiction_id__in=scope.jurisdiction_ids, publication__isnull=False)
    )


def snapshot_for_user(user, snapshot_id, *, for_change: bool = False) -> RankingSnapshot:
    """Return the snapshot if `user` may see it (or, as its office, act on it), else Http404."""
    snapshots = visible_snapshots(user).select_related(
        "period", "year", "jurisdiction", "scheme", "publication"
    )
    if for_change:
        snapshots = snapshots.filter(jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return _get_or_404(snapshots.defer("inputs"), snapshot_id)


def is_office(user, jurisdiction_id: int) -> bool:
    """Tell whether `user` is in the office of the jurisdiction."""
    return jurisdiction_id in scope_for(user).office_jurisdiction_ids


def visible_publications(user) -> QuerySet[Publication]:
    """Return the publications of every jurisdiction `user` holds a role in."""
    return Publication.objects.filter(
        snapshot__jurisdiction_id__in=scope_for(user).jurisdiction_ids
    )


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
    return _get_or_404(appeals, appeal_id)
