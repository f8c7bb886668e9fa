"""Task services: who may change what, one audit row per change, nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.models import AuditEntry
from leitai.keytasks import services
from leitai.keytasks.models import CoordinationRequest, KeyTask, Milestone, WeeklyReport
from leitai.keytasks.selectors import settings_for

D = dt.date


def audit_actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_office_creates_a_task_with_co_units_and_one_audit_row(tw):
    task = services.task_create(
        actor=tw.office,
        year=tw.year,
        co_units=[tw.unit_b],
        code="T09",
        title="新任务",
        category=tw.category,
        lead_unit=tw.unit_c,
        leader=tw.leader,
    )
    assert (task.start_date, task.end_date) == (D(2022, 1, 1), D(2022, 12, 31))
    assert list(task.co_units.all()) == [tw.unit_b]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.unit, entry.jurisdiction) == (
        "key_task.create",
        tw.unit_c,
        tw.county,
    )
    assert entry.after["co_units"] == [tw.unit_b.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "T02"}, "code"),
        ({"leader": "reporter_a"}, "leader"),
        ({"lead_unit": "other_unit"}, "lead_unit"),
        ({"end_date": D(2021, 1, 1)}, "__all__"),
    ],
)
def test_bad_task_changes_are_named_by_field_and_nothing_changes(tw, changes, field):
    changes = {
        k: getattr(tw, v) if isinstance(v, str) and k != "code" else v for k, v in changes.items()
    }
    with pytest.raises(ValidationError) as exc:
        services.task_update(actor=tw.office, task=tw.task_a, **changes)
    assert field in exc.value.message_dict
    task = KeyTask.objects.get(pk=tw.task_a.pk)
    assert (task.code, task.leader, task.lead_unit) == ("T01", tw.leader, tw.unit_a)
    assert audit_actions() == []


def test_co_unit_cannot_be_the_lead_unit(tw):
    with pytest.raises(ValidationError) as exc:
        services.task_update(actor=tw.office, task=tw.task_a, co_units=[tw.unit_a])
    assert "co_units" in exc.value.message_dict


@pytest.mark.parametrize(
    "persona", ["reporter_a", "leader_a", "leader", "assessor", "supervisor", "other_office"]
)
def test_only_the_office_changes_tasks_and_milestones(tw, persona):
    actor = getattr(tw, persona)
    with pytest.raises(PermissionDenied):
        services.task_update(actor=actor, task=tw.task_a, title="改")
    with pytest.raises(PermissionDenied):
        services.milestone_create(actor=actor, task=tw.task_a, title="x", due_date=D(2022, 5, 1))
    assert KeyTask.objects.get(pk=tw.task_a.pk).title == "重大项目攻坚"
    assert Milestone.objects.count() == 2
    assert audit_actions() == []


def test_lead_unit_reports_marks_a_milestone_and_raises_a_problem_in_one_audit_row(tw):
    report = services.report_submit(
        actor=tw.reporter_a,
        task=tw.task_a,
        week=D(2022, 3, 30),
        progress=30,
        done_this_week="完成立项批复",
        plan_next_week="招标",
        milestones_done=[(tw.m1, D(2022, 3, 29), "立项批复文件")],
        problem="用地指标不足",
    )
    assert (report.week_start, report.progress, report.submitted_by) == (
        D(2022, 3, 28),
        30,
        tw.reporter_a,
    )
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.done_on, m1.evidence) == (D(2022, 3, 29), "立项批复文件")
    request = CoordinationRequest.objects.get()
    assert (request.status, request.question, request.report) == ("open", "用地指标不足", report)
    entry = AuditEntry.objects.get()
    assert entry.action == "weekly_report.submit"
    assert entry.after["milestones_done"] == [
        {"milestone": tw.m1.pk, "done_on": "2022-03-29", "evidence": "立项批复文件"}
    ]
    assert entry.after["coordination_request"] == request.pk


def test_a_second_report_for_the_week_corrects_the_first(tw):
    kwargs = {"actor": tw.leader_a, "task": tw.task_a, "week": D(2022, 3, 28)}
    services.report_submit(progress=30, done_this_week="a", **kwargs)
    services.report_submit(progress=35, done_this_week="b", **kwargs)
    assert list(WeeklyReport.objects.values_list("progress", "done_this_week")) == [(35, "b")]
    assert audit_actions() == ["weekly_report.submit", "weekly_report.update"]


@pytest.mark.parametrize(
    "persona", ["reporter_b", "assessor", "leader", "supervisor", "judge", "other_office"]
)
def test_nobody_but_the_lead_unit_and_office_reports(tw, persona):
    with pytest.raises(PermissionDenied):
        services.report_submit(
            actor=getattr(tw, persona),
            task=tw.task_a,
            week=D(2022, 3, 28),
            progress=30,
            done_this_week="x",
            milestones_done=[(tw.m1, D(2022, 3, 29), "e")],
            problem="p",
        )
    assert WeeklyReport.objects.count() == 0
    assert CoordinationRequest.objects.count() == 0
    assert Milestone.objects.get(pk=tw.m1.pk).done_on is None
    assert audit_actions() == []


def test_co_unit_people_cannot_report(tw):
    from tests.conftest import _person

    reporter_c = _person("reporter_c", "填报员丙", tw.county, "reporter", tw.unit_c)
    with pytest.raises(PermissionDenied):
        services.report_submit(
            actor=reporter_c, task=tw.task_a, week=D(2022, 3, 28), progress=1, done_this_week="x"
        )
    with pytest.raises(PermissionDenied):
        services.milestone_complete(
            actor=reporter_c, milestone=tw.m1, done_on=D(2022, 3, 1), evidence="e"
        )
    assert WeeklyReport.objects.count() == 0


def test_a_bad_milestone_in_the_report_saves_nothing(tw):
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=tw.reporter_a,
            task=tw.task_a,
            week=D(2022, 3, 28),
            progress=30,
            done_this_week="x",
            milestones_done=[(tw.m1, D(2022, 3, 29), "")],
            problem="p",
        )
    assert f"milestone_{tw.m1.pk}" in exc.value.message_dict
    assert (WeeklyReport.objects.count(), CoordinationRequest.objects.count()) == (0, 0)
    assert audit_actions() == []


@pytest.mark.parametrize("progress", [-1, 101, None])
def test_progress_must_be_a_percentage(tw, progress):
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=tw.reporter_a,
            task=tw.task_a,
            week=D(2022, 3, 28),
            progress=progress,
            done_this_week="x",
        )
    assert "progress" in exc.value.message_dict


def test_only_the_leader_in_charge_answers_then_the_lead_unit_follows_up(tw):
    request = services.request_raise(actor=tw.reporter_a, task=tw.task_a, question="资金缺口")
    for persona in ["leader2", "office", "reporter_a", "reporter_b"]:
        with pytest.raises(PermissionDenied):
            services.request_answer(actor=getattr(tw, persona), request=request, answer="x")
    assert CoordinationRequest.objects.get().status == "open"
    services.request_answer(actor=tw.leader, request=request, answer="财政局牵头解决")
    request.refresh_from_db()
    assert (request.status, request.answer, request.answered_by) == (
        "answered",
        "财政局牵头解决",
        tw.leader,
    )
    with pytest.raises(PermissionDenied):
        services.request_follow_up(actor=tw.reporter_b, request=request, follow_up="x")
    services.request_follow_up(actor=tw.reporter_a, request=request, follow_up="资金已到位")
    request.refresh_from_db()
    assert (request.status, request.follow_up) == ("closed", "资金已到位")
    assert audit_actions() == [
        "coordination.raise",
        "coordination.answer",
        "coordination.follow_up",
    ]
    with pytest.raises(ValidationError):
        services.request_answer(actor=tw.leader, request=request, answer="再答")


def test_follow_up_needs_an_answer_first(tw):
    request = services.request_raise(actor=tw.reporter_a, task=tw.task_a, question="q")
    with pytest.raises(ValidationError):
        services.request_follow_up(actor=tw.reporter_a, request=request, follow_up="x")


def test_settings_update_and_category_create(tw):
    services.dispatch_settings_update(actor=tw.office, year=tw.year, due_soon_days=14)
    assert settings_for(tw.year).due_soon_days == 14
    services.category_create(actor=tw.office, year=tw.year, name="十大示范创建", order=2)
    with pytest.raises(ValidationError):
        services.category_create(actor=tw.office, year=tw.year, name="十大示范创建")
    with pytest.raises(PermissionDenied):
        services.dispatch_settings_update(actor=tw.leader, year=tw.year, due_soon_days=3)
    assert audit_actions() == ["dispatch_settings.update", "task_category.create"]
