"""Audit recipes of the key tasks: tasks, milestones, weekly reports, requests, dispatch."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leitai.keytasks import services
from leitai.keytasks.models import CoordinationRequest, WeeklyReport
from tests.core.audit.harness import CREATE, EVENT, recipe
from tests.keytasks.test_imports import GOOD_MS, GOOD_TASK, book

K = "leitai.keytasks.services."
D = dt.date


@recipe(K + "tasks.task_create")
def _(c):
    t = c.tasks
    return lambda: services.task_create(
        actor=c.office,
        year=c.year,
        co_units=[c.unit_b],
        code="T09",
        title="新任务",
        category=t.category,
        lead_unit=c.unit_c,
        leader=c.leader,
    )


@recipe(K + "tasks.task_update")
def _(c):
    t = c.tasks
    return lambda: services.task_update(
        actor=c.office, task=t.task_a, title="重大项目攻坚（改）", co_units=[c.unit_b]
    )


@recipe(K + "tasks.category_create")
def _(c):
    return lambda: services.category_create(actor=c.office, year=c.year, name="民生实事")


@recipe(K + "tasks.dispatch_settings_update")
def _(c):
    c.tasks  # noqa: B018 - the year's dispatch settings
    return lambda: services.dispatch_settings_update(actor=c.office, year=c.year, due_soon_days=10)


@recipe(K + "imports.tasks_import_apply", kind=EVENT)
def _(c):
    c.tasks  # noqa: B018 - the year's categories
    data = book([GOOD_TASK], [GOOD_MS])
    return lambda: services.tasks_import_apply(actor=c.office, year=c.year, data=data)


M = K + "milestones."


@recipe(M + "milestone_create")
def _(c):
    t = c.tasks
    return lambda: services.milestone_create(
        actor=c.office, task=t.task_a, title="竣工", due_date=D(2022, 12, 1)
    )


@recipe(M + "milestone_update")
def _(c):
    t = c.tasks
    return lambda: services.milestone_update(actor=c.office, milestone=t.m2, title="全面开工")


@recipe(M + "milestone_change")
def _(c):
    t = c.tasks
    done = {"done_on": D(2022, 3, 29), "evidence": "立项批复"}
    return lambda: services.milestone_change(actor=c.reporter_a, milestone=t.m1, done=done)


@recipe(M + "milestone_complete")
def _(c):
    t = c.tasks
    return lambda: services.milestone_complete(
        actor=c.leader_a, milestone=t.m1, done_on=D(2022, 3, 29), evidence="批复"
    )


@recipe(M + "report_submit", kind=CREATE)
def _(c):
    t = c.tasks
    return lambda: services.report_submit(
        actor=c.reporter_a,
        task=t.task_a,
        week=D(2022, 3, 30),
        progress=30,
        done_this_week="完成立项批复",
        milestones_done=[(t.m1, D(2022, 3, 29), "批复")],
        problem="用地指标不足",
    )


R = K + "requests."


@recipe(R + "request_raise")
def _(c):
    t = c.tasks
    return lambda: services.request_raise(actor=c.reporter_a, task=t.task_a, question="资金缺口")


@recipe(R + "request_answer")
def _(c):
    request = services.request_raise(actor=c.reporter_a, task=c.tasks.task_a, question="资金缺口")
    return lambda: services.request_answer(actor=c.leader, request=request, answer="财政局牵头")


@recipe(R + "request_follow_up")
def _(c):
    request = services.request_raise(actor=c.reporter_a, task=c.tasks.task_a, question="资金缺口")
    services.request_answer(actor=c.leader, request=request, answer="财政局牵头")
    return lambda: services.request_follow_up(
        actor=c.reporter_a, request=request, follow_up="资金已到位"
    )


@recipe(K + "dispatch.notice_generate")
def _(c):
    t = c.tasks
    at = timezone.make_aware(dt.datetime(2022, 4, 8, 18, 30))
    WeeklyReport.objects.create(
        task=t.task_a, week_start=D(2022, 4, 4), progress=20, done_this_week="x", submitted_at=at
    )
    CoordinationRequest.objects.create(
        task=t.task_a, question="用地", raised_by=c.reporter_a, raised_at=at
    )
    return lambda: services.notice_generate(actor=c.office, year=c.year, week=D(2022, 4, 6))
