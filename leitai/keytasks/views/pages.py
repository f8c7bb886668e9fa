"""The task list, the battle map (挂图作战) and a task's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from leitai.keytasks.access import can_report, task_for_user
from leitai.keytasks.forms import AnswerForm, FollowUpForm
from leitai.keytasks.models import CoordinationRequest, Milestone
from leitai.keytasks.selectors import (
    default_as_of,
    rules_for,
    settings_for,
    status_of,
    with_latest_report,
)
from leitai.keytasks.status import CSS, MilestoneState, milestone_colour
from leitai.keytasks.transitions import COORDINATION
from leitai.keytasks.views import pagecache
from leitai.keytasks.views.common import board, parse_day, require_task_role
from leitai.keytasks.views.mapgrid import grid_rows
from leitai.org.access import is_office_of

MONTHS = list(
    enumerate(
        [
            _("Jan"),
            _("Feb"),
            _("Mar"),
            _("Apr"),
            _("May"),
            _("Jun"),
            _("Jul"),
            _("Aug"),
            _("Sep"),
            _("Oct"),
            _("Nov"),
            _("Dec"),
        ],
        start=1,
    )
)


@login_required
def task_list(request):
    """List the tasks with their colour, progress against time and next milestone."""
    b = board(request)
    return render(request, "tasks/task_list.html", {"b": b, "css": CSS, **_office(request, b)})


def battle_map(request):
    """Show every task × the months of the year, milestones placed and coloured."""
    key = pagecache.page_key(request)
    cached = pagecache.get(key)
    if cached is not None:
        return HttpResponse(cached)
    return _battle_map(request, key)


@login_required
def _battle_map(request, key):
    b = board(request)
    context = {
        "b": b,
        "months": MONTHS,
        "wall": request.GET.get("wall") == "1",
        "grid": grid_rows(b.rows, as_of=b.as_of, user_id=request.user.pk),
    }
    response = render(request, "tasks/battle_map.html", {**context, **_office(request, b)})
    pagecache.put(key, response.content, b.year.jurisdiction_id)
    return response


def _office(request, b):
    return {"is_office": is_office_of(request.user, b.year.jurisdiction_id)}


@login_required
def task_detail(request, task_id):
    """Show a task: its colour and why, milestones, weekly reports and coordination requests."""
    require_task_role(request)
    task = task_for_user(request.user, task_id)
    settings = settings_for(task.year)
    rules = rules_for(settings)
    as_of = parse_day(request.GET.get("as_of")) or default_as_of(task.year, settings)
    annotated = (
        with_latest_report(type(task).objects.filter(pk=task.pk), as_of, rules)
        .prefetch_related(
            Prefetch(
                "milestones",
                Milestone.objects.order_by("due_date", "order").prefetch_related("evidence_files"),
            )
        )
        .get()
    )
    milestones = [
        (m, milestone_colour(MilestoneState(m.due_date, m.done_on), as_of, rules))
        for m in annotated.milestones.all()
    ]
    requests = _requests(request.user, task)
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "status": status_of(annotated, as_of, rules),
            "as_of": as_of,
            "rules": rules,
            "css": CSS,
            "milestones": milestones,
            "co_units": task.co_units.order_by("code"),
            "reports": task.reports.select_related("submitted_by").order_by("-week_start")[:60],
            "requests": requests,
            "can_report": can_report(request.user, task),
            "is_office": is_office_of(request.user, task.year.jurisdiction_id),
            "answer_form": AnswerForm(),
            "follow_up_form": FollowUpForm(),
        },
    )


def _requests(user, task) -> list[CoordinationRequest]:
    """Return the task's coordination requests, each with the steps `user` may take on it."""
    requests = list(
        CoordinationRequest.objects.filter(task=task).select_related("raised_by", "answered_by")
    )
    for item in requests:
        item.task = task
        item.actions = COORDINATION.allowed(user, item)
    return requests
