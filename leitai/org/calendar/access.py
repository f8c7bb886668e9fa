"""Who may see and change the working-day calendar: the office, for its own jurisdiction.

Everyone of a jurisdiction may read its calendar (the national days and its own, through the
API); the office keeps it and changes only its own days (the national rows come with Leitai,
from the State Council's notice, and change only through a release).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.org.access import get_or_404, scope_for
from leitai.org.models import CalendarDay, Jurisdiction


def calendar_jurisdiction(user) -> Jurisdiction:
    """Return the jurisdiction whose calendar `user` keeps (its office), or raise Http404."""
    offices = scope_for(user).office_jurisdiction_ids
    if not offices:
        raise Http404("not found")
    return Jurisdiction.objects.get(pk=min(offices))


def visible_calendar_days(user) -> QuerySet[CalendarDay]:
    """Return the days `user` may see: the national ones and those of its jurisdictions."""
    scope = scope_for(user)
    if not scope.jurisdiction_ids:
        return CalendarDay.objects.none()
    return CalendarDay.objects.filter(
        Q(jurisdiction=None) | Q(jurisdiction_id__in=scope.jurisdiction_ids)
    )


def calendar_day_for_user(user, day_id, *, for_change: bool = False) -> CalendarDay:
    """Return calendar day `day_id` as `user` may see it, or raise Http404.

    For a change only the office's own days are found (a national day is not the office's).
    """
    days = visible_calendar_days(user)
    if for_change:
        days = days.filter(jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(days, day_id)
