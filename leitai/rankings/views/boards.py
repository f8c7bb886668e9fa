"""Pages everyone of the county reads: leaderboard, scorecard, trends, a period's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.scheme.access import period_for_user
from leitai.org.access import (
    group_for_user,
    is_office_of,
    scope_for,
)
from leitai.org.models import Unit
from leitai.rankings import selectors
from leitai.rankings.access import (
    is_unit_leader,
    requested_year,
    snapshot_for_user,
    snapshot_meta_for_user,
    visible_snapshots,
)
from leitai.rankings.cache import cached_page, row_meta


@login_required
def index(request):
    """Open the newest published month, or say that nothing is published yet."""
    year = requested_year(request)
    latest = selectors.latest_publication(year.pk)
    if latest is not None:
        return redirect("rankings:leaderboard", latest.snapshot_id)
    return render(
        request,
        "rankings/empty.html",
        {"year": year, "is_office": is_office_of(request.user, year.jurisdiction_id)},
    )


def _group(request, snapshot, groups):
    if not groups:
        return None
    wanted = request.GET.get("group")
    for group in groups:
        if str(group.pk) == wanted:
            return group
    return groups[0]


@login_required
def leaderboard(request, snapshot_id):
    """Show one group's ranking in a snapshot: total, arenas, rank change, red/black list."""
    meta = snapshot_meta_for_user(request.user, snapshot_id)
    office = is_office_of(request.user, meta.jurisdiction_id)
    return cached_page(
        request,
        meta,
        page="leaderboard",
        viewer="office" if office else "reader",
        template="rankings/leaderboard.html",
        context=lambda: _leaderboard(request, snapshot_for_user(request.user, snapshot_id), office),
        shell={"title": _title(meta, _("Leaderboard"))},
    )


def _title(meta, what) -> str:
    return f"{meta.period_code} {what}"


def _leaderboard(request, snapshot, office):
    groups = selectors.snapshot_groups(snapshot)
    group = _group(request, snapshot, groups)
    rows = selectors.board_rows(snapshot, group) if group else []
    publication = getattr(snapshot, "publication", None)
    red, black = selectors.red_black(rows, publication.list_size if publication else 3)
    return {
        "snapshot": snapshot,
        "publication": publication,
        "groups": groups,
        "group": group,
        "arenas": selectors.arenas_of(snapshot),
        "rows": rows,
        "red": red,
        "black": black,
        "periods": selectors.period_switch(snapshot.year_id),
        "is_office": office,
        "corrections": list(snapshot.corrections.values_list("pk", "reason")),
    }


@login_required
def scorecard(request, snapshot_id, unit_id):
    """Explain one unit's result: points by indicator, where points were lost, the gap above."""
    meta = snapshot_meta_for_user(request.user, snapshot_id)
    row = row_meta(meta.pk, int(unit_id))
    if row is None:
        raise Http404("not found")
    can_appeal = _can_appeal(request.user, meta, row["unit_id"])
    office = is_office_of(request.user, meta.jurisdiction_id)
    return cached_page(
        request,
        meta,
        page=f"scorecard-{row['unit_id']}",
        viewer=f"{'office' if office else 'reader'}:{can_appeal}",
        template="rankings/scorecard.html",
        context=lambda: _scorecard(request, snapshot_id, row["unit_id"], can_appeal, office),
        shell={"title": _title(meta, row["unit_name"]), "charts": True},
    )


def _scorecard(request, snapshot_id, unit_id, can_appeal, office) -> dict:
    snapshot = snapshot_for_user(request.user, snapshot_id)
    row = snapshot.rows.select_related("group", "unit").get(unit_id=unit_id)
    return {
        "snapshot": snapshot,
        "publication": getattr(snapshot, "publication", None),
        "card": selectors.scorecard(snapshot, row),
        "row": row,
        "history": selectors.unit_history(snapshot.year_id, row.unit_id),
        "can_appeal": can_appeal,
        "is_office": office,
    }


def _can_appeal(user, meta, unit_id: int) -> bool:
    if not meta.published or meta.superseded_at or meta.appeal_until is None:
        return False
    if unit_id not in scope_for(user).own_unit_ids:
        return False
    return timezone.now() <= meta.appeal_until and is_unit_leader(user, Unit(pk=unit_id))


@login_required
def trends(request):
    """Chart rank and total over the published months for the chosen units of one group.

    Nobody chose: the person's own units in the group, else the group's top five.
    """
    year = requested_year(request)
    groups = _year_groups(year)
    group = group_for_user(request.user, request.GET["group"]) if request.GET.get("group") else None
    group = group or (groups[0] if groups else None)
    if group is None:
        data = {"months": [], "series": [], "size": 0}
        return render(
            request, "rankings/trends.html", {"year": year, "groups": groups, "data": data}
        )
    data = selectors.trends(year.pk, group_id=group.pk)
    chosen = [int(u) for u in request.GET.getlist("unit") if u.isdigit() and len(u) < 10]
    shown = selectors.trend_units(data, chosen=chosen, own=scope_for(request.user).own_unit_ids)
    options = [(item["id"], item["name"], item["id"] in shown) for item in data["series"]]
    data["series"] = [item for item in data["series"] if item["id"] in shown]
    return render(
        request,
        "rankings/trends.html",
        {"year": year, "groups": groups, "group": group, "data": data, "options": options},
    )


def _year_groups(year):
    from leitai.org.models import Group

    return list(Group.objects.filter(year=year).order_by("order", "code"))


@login_required
def history(request, period_id):
    """List a period's snapshots: published ones for everyone, drafts too for the office."""
    period = period_for_user(request.user, period_id)
    snapshots = selectors.period_history(period, visible_snapshots(request.user))
    return render(
        request,
        "rankings/history.html",
        {
            "period": period,
            "snapshots": snapshots,
            "is_office": is_office_of(request.user, period.year.jurisdiction_id),
        },
    )
