"""Supervision's items of the home page's to-do list (declared as `todo` on the AppConfig).

- office: problems past their deadline and not signed off (red on the ledger);
- unit leader: its units' problems waiting for a plan, and those to rectify and submit;
- supervisor: completions waiting for its verification (sign-off or send back), and the
  submitted plans under way it follows, of the units its group covers.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from leitai.core.areas import Todo
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant, SupervisionAssignment
from leitai.supervision.colours import UNIT_TO_ACT
from leitai.supervision.models import Problem
from leitai.supervision.selectors import default_as_of

S = Problem.Status
OPEN_STATES = (S.OPEN, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED)


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return supervision's to-do items of every role the person holds."""
    scope = scope_for(user)
    items: list[Todo] = []
    if year.jurisdiction_id in scope.office_jurisdiction_ids:
        items += _office(year)
    if Role.UNIT_LEADER in scope.roles:
        items += _leader(user, year)
    if Role.SUPERVISOR in scope.roles:
        items += _supervisor(user, year)
    return items


def _ledger(**query) -> str:
    url = reverse("supervision:ledger")
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def _office(year: AssessmentYear) -> list[Todo]:
    overdue = Problem.objects.filter(
        year=year, status__in=OPEN_STATES, deadline__lt=default_as_of(year)
    ).count()
    if not overdue:
        return []
    label = _("Problems past their rectification deadline")
    return [Todo(Role.OFFICE, label, overdue, _ledger(colour="red"), urgent=True)]


def _leader(user, year: AssessmentYear) -> list[Todo]:
    led = RoleGrant.objects.filter(user=user, role=Role.UNIT_LEADER, unit__isnull=False)
    today = default_as_of(year)
    counts = Problem.objects.filter(
        year=year, unit_id__in=led.values("unit_id"), status__in=UNIT_TO_ACT
    ).aggregate(
        plan=Count("pk", filter=Q(status=S.OPEN)),
        plan_late=Count("pk", filter=Q(status=S.OPEN, deadline__lt=today)),
        work=Count("pk", filter=~Q(status=S.OPEN)),
        work_late=Count("pk", filter=~Q(status=S.OPEN) & Q(deadline__lt=today)),
    )
    items = []
    if counts["plan"]:
        label = _("Problems waiting for your unit's rectification plan")
        url = _ledger(status=S.OPEN)
        items.append(
            Todo(Role.UNIT_LEADER, label, counts["plan"], url, urgent=counts["plan_late"] > 0)
        )
    if counts["work"]:
        label = _("Problems to rectify and submit as completed")
        url = reverse("supervision:ledger")
        items.append(
            Todo(Role.UNIT_LEADER, label, counts["work"], url, urgent=counts["work_late"] > 0)
        )
    return items


def _supervisor(user, year: AssessmentYear) -> list[Todo]:
    covered = SupervisionAssignment.objects.filter(year=year, supervision_group__members=user)
    counts = Problem.objects.filter(year=year, unit_id__in=covered.values("unit_id")).aggregate(
        completions=Count("pk", filter=Q(status=S.SUBMITTED)),
        plans=Count("pk", filter=Q(status=S.IN_PROGRESS)),
    )
    items = []
    if counts["completions"]:
        label = _("Completed rectifications waiting for your verification")
        url = _ledger(status=S.SUBMITTED)
        items.append(Todo(Role.SUPERVISOR, label, counts["completions"], url))
    if counts["plans"]:
        label = _("Rectification plans under way to check")
        url = _ledger(status=S.IN_PROGRESS)
        items.append(Todo(Role.SUPERVISOR, label, counts["plans"], url))
    return items
