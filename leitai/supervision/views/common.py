"""Helpers shared by the supervision views."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from leitai.org.views.common import chosen_year
from leitai.supervision.access import may_use_supervision
from leitai.supervision.selectors import default_as_of


def supervision_year(request):
    """Return the chosen year, or 404 for people who have no part in supervision."""
    if not may_use_supervision(request.user):
        raise Http404("not found")
    return chosen_year(request)


def as_of(request, year) -> dt.date:
    """Return `?as_of=YYYY-MM-DD`, else today kept within the year."""
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return default_as_of(year)


def uploaded(request) -> list:
    return request.FILES.getlist("files")
