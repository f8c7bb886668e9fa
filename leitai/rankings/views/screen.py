"""The big screen (大屏): a published ranking on a wall display, one group at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from leitai.org.access import current_year_for, scope_for
from leitai.rankings import selectors
from leitai.rankings.access import snapshot_for_user
from leitai.rankings.public.selectors import screen_groups, snapshot_label
from leitai.rankings.transitions import SnapshotState, snapshot_state


def _bigscreen_snapshot(request):
    scope = scope_for(request.user)
    if request.GET.get("snapshot"):
        snapshot = snapshot_for_user(request.user, request.GET["snapshot"])
    else:
        year = current_year_for(request.user)
        latest = selectors.latest_publication(year.pk) if year else None
        snapshot = snapshot_for_user(request.user, latest.snapshot_id) if latest else None
    if snapshot is None:
        return None
    if snapshot.jurisdiction_id not in scope.people_jurisdiction_ids:
        raise Http404("not found")
    if snapshot_state(snapshot) == SnapshotState.DRAFT:
        raise Http404("not found")
    return snapshot


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


@login_required
def bigscreen(request):
    """The wall display: one group at a time, its red and black lists, rotating (office, leader)."""
    if not scope_for(request.user).people_jurisdiction_ids:
        raise Http404("not found")
    snapshot = _bigscreen_snapshot(request)
    seconds = _int(request.GET.get("seconds"), 10, 3, 300)
    top = _int(request.GET.get("top"), 10, 1, 30)
    groups = screen_groups(snapshot, size=top) if snapshot else []
    return render(
        request,
        "rankings/bigscreen.html",
        {
            "snapshot": snapshot,
            "label": snapshot_label(snapshot) if snapshot else "",
            "jurisdiction": snapshot.jurisdiction.name if snapshot else "",
            "groups": groups,
            "screen": {"seconds": seconds, "groups": groups},
            "seconds": seconds,
            "top": top,
        },
    )
