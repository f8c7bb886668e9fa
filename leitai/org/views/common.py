"""Small helpers shared by the organisation views."""

from __future__ import annotations

from django.http import Http404

from leitai.org.access import current_year_for, scope_for, year_for_user


def chosen_year(request):
    """Return the year picked by `?year=` (checked against access) or the current year."""
    if request.GET.get("year"):
        return year_for_user(request.user, request.GET["year"])
    year = current_year_for(request.user)
    if year is None:
        raise Http404("not found")
    return year


def office_jurisdiction(request):
    """Return the jurisdiction the office acts in, or raise Http404 for anyone else."""
    from leitai.org.models import Jurisdiction

    scope = scope_for(request.user)
    if not scope.office_jurisdiction_ids:
        raise Http404("not found")
    return Jurisdiction.objects.get(pk=min(scope.office_jurisdiction_ids))
