"""Who may see a ranking notice: whoever may see its snapshot (the leaderboard's rule); the public
sees a ready notice the office released, while its ranking is current and on the public page.
"""

from __future__ import annotations

from django.db.models import QuerySet

from leitai.org.access import get_or_404, scope_for
from leitai.rankings.access import visible_snapshots
from leitai.rankings.models import Notice


def visible_notices(user) -> QuerySet[Notice]:
    """Return the notices of every snapshot `user` may see."""
    return Notice.objects.filter(snapshot__in=visible_snapshots(user).values("pk"))


def notice_for_user(user, notice_id, *, for_change: bool = False) -> Notice:
    """Return the notice if `user` may see it (or, as its office, act on it), else Http404."""
    notices = visible_notices(user).select_related(
        "snapshot__period", "snapshot__jurisdiction", "job"
    )
    if for_change:
        offices = scope_for(user).office_jurisdiction_ids
        notices = notices.filter(snapshot__jurisdiction_id__in=offices)
    return get_or_404(notices, notice_id)


def public_notices() -> QuerySet[Notice]:
    """Return the notices anyone may download from the public page."""
    return Notice.objects.filter(
        public=True,
        state=Notice.State.READY,
        snapshot__publication__public=True,
        snapshot__publication__superseded_at=None,
    )


def public_notice(notice_id) -> Notice:
    """Return a public notice, else Http404."""
    return get_or_404(public_notices().select_related("snapshot__period"), notice_id)
