"""The contest's items of the home page's to-do list (declared as `todo` on the AppConfig).

- office: each contest of the year not yet finished — being prepared, ready to start, or under
  way — with its date (a contest past its date and not finished is marked red);
- judge: each contest not yet finished where the person judges, with its date;
- unit leader and reporter: each contest not yet finished where the person's unit presents.

Each item opens the contest's page; a judge scores through the personal link sent to him.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitai.contest.models import Contest
from leitai.core.areas import Todo
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role

OPEN = (Contest.State.DRAFT, Contest.State.READY, Contest.State.RUNNING)


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return the contest's to-do items of every role the person holds."""
    scope = scope_for(user)
    contests = Contest.objects.filter(year=year, state__in=OPEN).order_by("held_on", "pk")
    items: list[Todo] = []
    if year.jurisdiction_id in scope.office_jurisdiction_ids:
        items += [_item(Role.OFFICE, c, _office_label(c)) for c in contests]
    if Role.JUDGE in scope.roles:
        judged = contests.filter(judges__person=user, judges__revoked_at__isnull=True).distinct()
        items += [_item(Role.JUDGE, c, _("Contest to judge: %(name)s") % _n(c)) for c in judged]
    for role in (Role.UNIT_LEADER, Role.REPORTER):
        if role in scope.roles:
            own = contests.filter(rounds__unit_id__in=scope.own_unit_ids).distinct()
            items += [_item(role, c, _("Your unit presents at: %(name)s") % _n(c)) for c in own]
    return items


def _n(contest: Contest) -> dict:
    return {"name": contest.name}


def _office_label(contest: Contest) -> str:
    if contest.state == Contest.State.RUNNING:
        return _("Contest under way: %(name)s") % _n(contest)
    if contest.state == Contest.State.READY:
        return _("Contest ready to start: %(name)s") % _n(contest)
    return _("Contest being prepared: %(name)s") % _n(contest)


def _item(role: str, contest: Contest, label: str) -> Todo:
    url = reverse("contest:detail", args=[contest.pk])
    note = date_format(contest.held_on, "DATE_FORMAT")
    late = contest.held_on < timezone.localdate()
    return Todo(role, label, None, url, note=note, urgent=late and role == Role.OFFICE)
