"""The key tasks' items of the home page's to-do list (declared as `todo` on the AppConfig).

- office: coordination requests (需协调解决的问题) no leader has answered yet;
- county leader: each request of a task in its charge waiting for its answer, with the days
  it has waited, the longest first.

Days are counted to the dispatch day the battle map shows (the office's "as of" day, else
today, kept inside the year), so the list and the map tell the same story.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitai.core.areas import Todo
from leitai.core.templatetags.leitai import colon
from leitai.keytasks.models import CoordinationRequest
from leitai.keytasks.selectors import default_as_of, settings_for
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role

# The leader's list names each request; more than this many are counted in the last line.
SHOWN = 8
# A request waiting longer than a week is shown in red.
LONG_WAIT_DAYS = 7


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return the key tasks' to-do items of every role the person holds."""
    scope = scope_for(user)
    items: list[Todo] = []
    if year.jurisdiction_id in scope.office_jurisdiction_ids:
        items += _office(year)
    if Role.LEADER in scope.roles:
        items += _leader(user, year)
    return items


def _waiting(year: AssessmentYear):
    return CoordinationRequest.objects.filter(
        task__year=year, status=CoordinationRequest.Status.OPEN
    ).order_by("raised_at", "pk")


def days_waiting(raised_at, as_of) -> int:
    """Return the whole days from the request's raising to `as_of` (0 on the day itself)."""
    return max(0, (as_of - timezone.localtime(raised_at).date()).days)


def _as_of(year: AssessmentYear):
    return default_as_of(year, settings_for(year))


def _days(days: int) -> str:
    return ngettext("waiting %(days)d day", "waiting %(days)d days", days) % {"days": days}


def _office(year: AssessmentYear) -> list[Todo]:
    oldest = list(_waiting(year).values_list("raised_at", flat=True))
    if not oldest:
        return []
    label = _("Coordination requests no leader has answered")
    url = reverse("tasks:request_list") + "?status=open"
    days = days_waiting(oldest[0], _as_of(year))
    note = _("the longest %(waiting)s") % {"waiting": _days(days)}
    return [Todo(Role.OFFICE, label, len(oldest), url, note)]


def _leader(user, year: AssessmentYear) -> list[Todo]:
    requests = list(_waiting(year).filter(task__leader=user).select_related("task"))
    url = reverse("tasks:request_list") + "?status=open"
    as_of = _as_of(year) if requests else None
    items = []
    for request in requests[:SHOWN]:
        days = days_waiting(request.raised_at, as_of)
        label = f"{request.task.code} {request.task.title}{colon()}{_summary(request.question)}"
        urgent = days > LONG_WAIT_DAYS
        items.append(Todo(Role.LEADER, label, None, url, _days(days), urgent=urgent))
    if len(requests) > SHOWN:
        label = _("More requests waiting for your answer")
        items.append(Todo(Role.LEADER, label, len(requests) - SHOWN, url))
    return items


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:29] + "…"
