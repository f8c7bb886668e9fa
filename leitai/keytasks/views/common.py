"""Helpers shared by the task views: the year, the as-of date, the filters and the rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from leitai.keytasks.forms import MapFilterForm, leaders_of
from leitai.keytasks.models import DispatchSettings, TaskCategory
from leitai.keytasks.selectors import (
    TaskRow,
    colour_counts,
    default_as_of,
    rules_for,
    settings_for,
    task_rows,
)
from leitai.keytasks.status import Colour, Rules
from leitai.org.access import scope_for, visible_units
from leitai.org.models import AssessmentYear, Role
from leitai.org.views.common import chosen_year

# Roles that may open the task pages at all (judges have no business with tasks).
TASK_ROLES = frozenset(
    {Role.OFFICE, Role.LEADER, Role.REPORTER, Role.UNIT_LEADER, Role.ASSESSOR, Role.SUPERVISOR}
)


def require_task_role(request) -> None:
    if not scope_for(request.user).roles & TASK_ROLES:
        raise Http404("not found")


def parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Board:
    """What the list, the battle map and their exports show."""

    year: AssessmentYear
    settings: DispatchSettings
    rules: Rules
    as_of: dt.date
    form: MapFilterForm
    rows: list[TaskRow]
    units: list = field(default_factory=list)

    @property
    def filters(self) -> list[dict]:
        """Return the filter selects as plain option lists (a form widget renders too slowly)."""
        chosen = self.form.data
        options = [
            ("category", self.form.fields["category"].label, self.categories),
            ("lead_unit", self.form.fields["lead_unit"].label, self.units),
            ("leader", self.form.fields["leader"].label, self.leaders),
            ("colour", self.form.fields["colour"].label, [(c.value, c.label) for c in Colour]),
        ]
        return [
            {
                "name": name,
                "label": label,
                "options": [(str(v), text, str(v) == chosen.get(name, "")) for v, text in values],
            }
            for name, label, values in options
        ]

    @property
    def categories(self) -> list:
        return [(c.pk, c.name) for c in TaskCategory.objects.filter(year=self.year)]

    @property
    def leaders(self) -> list:
        return [(u.pk, u.first_name or u.username) for u in leaders_of(self.year.jurisdiction_id)]

    @property
    def counts(self):
        return colour_counts(self.rows)


def board(request) -> Board:
    """Return the rows of the chosen year as of the chosen date, filtered by the query."""
    require_task_role(request)
    year = chosen_year(request)
    settings = settings_for(year)
    rules = rules_for(settings)
    units = visible_units(request.user).filter(jurisdiction_id=year.jurisdiction_id)
    units = units.order_by("code")
    form = MapFilterForm(request.GET or None, year=year, units=units)
    as_of = parse_day(request.GET.get("as_of")) or default_as_of(year, settings)
    filters = form.selectors_filters() if request.GET else {}
    rows = task_rows(request.user, year=year, as_of=as_of, rules=rules, filters=filters)
    unit_options = [(u.pk, u.label) for u in units.only("pk", "name", "short_name")]
    return Board(year, settings, rules, as_of, form, rows, unit_options)


def redirect_page(request, url: str) -> HttpResponse:
    """Redirect; a form sent by htmx (to show upload progress) is told to load the page itself."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)
