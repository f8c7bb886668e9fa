"""Who may see and change the city area: the office of the county, for its own years only.

The city's results name the other counties of the city (the published ranking); everything
else here is the county's own. Anyone else gets a 404, the same as a missing object.
"""

from __future__ import annotations

from django.http import Http404

from leitai.city.models import CityIndicator, CityRelease
from leitai.org.access import get_or_404, scope_for
from leitai.org.models import AssessmentYear


def office_years(user):
    """Return the assessment years of the jurisdictions whose office `user` is in."""
    return AssessmentYear.objects.filter(
        jurisdiction_id__in=scope_for(user).office_jurisdiction_ids
    )


def office_year(user, year_id=None) -> AssessmentYear:
    """Return a year of the county whose office `user` is in (the current one by default)."""
    years = office_years(user)
    if year_id:
        return get_or_404(years, year_id)
    year = years.filter(is_current=True).first() or years.order_by("-year").first()
    if year is None:
        raise Http404("not found")
    return year


def city_indicator_for_user(user, indicator_id, *, for_change: bool = False) -> CityIndicator:
    """Return a city indicator of the office's years, else raise Http404."""
    return get_or_404(CityIndicator.objects.filter(year__in=office_years(user)), indicator_id)


def release_for_user(user, release_id, *, for_change: bool = False) -> CityRelease:
    """Return a city release of the office's years, else raise Http404."""
    return get_or_404(CityRelease.objects.filter(year__in=office_years(user)), release_id)
