"""Helpers shared by the ledger's views: the year, the month, the filtered map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from leitai.org.access import is_office_of, scope_for, year_for_user
from leitai.org.models import AssessmentYear
from leitai.org.views.common import chosen_year
from leitai.projects.access import ledger_years
from leitai.projects.forms import MapFilterForm, leaders_of
from leitai.projects.models import Project, SizeBand
from leitai.projects.schedule import COLOURS, month_end
from leitai.projects.selectors import MapData, map_data, year_projects


def ledger_year(request) -> AssessmentYear:
    """Return the chosen year if the person may open the ledger's pages, else 404."""
    years = ledger_years(request.user)
    year = year_for_user(request.user, request.GET["year"]) if request.GET.get("year") else None
    year = year or chosen_year(request)
    if not years.filter(pk=year.pk).exists():
        raise Http404("not found")
    return year


def default_month(year: AssessmentYear) -> int:
    """Return the month the pages open on: the last month ended, or December of a past year."""
    today = timezone.localdate()
    if year.year < today.year:
        return 12
    return max(1, today.month - 1) if year.year == today.year else 1


@dataclass
class Board:
    year: AssessmentYear
    month: int
    as_of: dt.date
    data: MapData
    form: MapFilterForm
    options: dict


def board(request) -> Board:
    """Return the project map of the chosen year and month, filtered as asked."""
    year = ledger_year(request)
    form = MapFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    month = chosen.get("month") or default_month(year)
    as_of = month_end(year.year, month)
    projects = year_projects(request.user, year)
    if chosen.get("unit"):
        projects = projects.filter(unit_id=chosen["unit"])
    if chosen.get("kind"):
        projects = projects.filter(kind=chosen["kind"])
    if chosen.get("leader"):
        projects = projects.filter(leader_id=chosen["leader"])
    rows = list(projects)
    if chosen.get("band"):
        rows = [p for p in rows if p.size_band == chosen["band"]]
    data = map_data(rows, as_of)
    return Board(year, month, as_of, data, form, _options(request, year))


def _options(request, year) -> dict:
    units = (
        year_projects(request.user, year)
        .values_list("unit_id", "unit__name")
        .distinct()
        .order_by("unit_id")
    )
    leaders = leaders_of(year.jurisdiction_id)
    return {
        "units": list(dict(units).items()),
        "kinds": Project.Kind.choices,
        "bands": SizeBand.choices,
        "leaders": [(u.pk, u.get_full_name() or u.username) for u in leaders],
        "months": list(range(1, 13)),
        "colours": COLOURS,
        "is_office": is_office_of(request.user, year.jurisdiction_id),
        "scope": scope_for(request.user),
    }
