"""The public results page (no login): what the office put on it, from stored snapshots only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from leitai.org.models import Jurisdiction
from leitai.rankings.models import Notice, Publication
from leitai.rankings.notices.access import public_notice, public_notices
from leitai.rankings.notices.views import file_response
from leitai.rankings.public.selectors import (
    board_groups,
    public_jurisdictions,
    public_publications,
    snapshot_label,
)


def public_index(request):
    """List the counties with published results."""
    return render(request, "rankings/public_index.html", {"jurisdictions": public_jurisdictions()})


def public_results(request, code, period_code=None):
    """Show one public period of a county (the newest by default) as the office chose."""
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    publications = list(public_publications(jurisdiction))
    if period_code is None:
        publication = publications[0] if publications else None
    else:
        publication = next((p for p in publications if p.period.code == period_code), None)
        if publication is None:
            raise Http404("not found")
    snapshot = publication.snapshot if publication else None
    shows = publication.public_shows if publication else ""
    arenas = [a["name"] for a in snapshot.scheme_dump["arenas"]] if snapshot else []
    notices = public_notices().filter(snapshot=snapshot).order_by("-created_at") if snapshot else []
    return render(
        request,
        "rankings/public_results.html",
        {
            "jurisdiction": jurisdiction,
            "publications": publications,
            "publication": publication,
            "label": snapshot_label(snapshot) if snapshot else "",
            "groups": board_groups(snapshot) if snapshot else [],
            "show_totals": shows
            in (Publication.PublicShows.TOTALS, Publication.PublicShows.ARENAS),
            "show_arenas": shows == Publication.PublicShows.ARENAS,
            "arenas": arenas,
            "notices": notices,
        },
    )


def public_download(request, notice_id, kind):
    """Download a notice the office released to the public page."""
    notice: Notice = public_notice(notice_id)
    return file_response(notice, kind)
