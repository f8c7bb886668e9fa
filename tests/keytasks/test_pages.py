"""The task pages through HTTP: report, answer, follow up; colours; filters; query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from leitai.core.models import AuditEntry
from leitai.keytasks.models import CoordinationRequest, KeyTask, Milestone, WeeklyReport

D = dt.date


def colour_on_page(client, task, as_of):
    response = client.get(reverse("tasks:task_detail", args=[task.pk]), {"as_of": as_of})
    return response.context["status"].colour


def test_reporter_files_a_report_with_a_milestone_and_a_problem(tw):
    client = tw.world.client_for("reporter_a")
    url = reverse("tasks:report", args=[tw.task_a.pk])
    assert colour_on_page(client, tw.task_a, "2022-04-01") == "red"  # m1 due 3-31 not done
    response = client.post(
        url,
        {
            "week": "2022-04-01",
            "progress": "30",
            "done_this_week": "完成立项",
            "plan_next_week": "招标",
            f"done_{tw.m1.pk}": "on",
            f"done_on_{tw.m1.pk}": "2022-03-30",
            f"evidence_{tw.m1.pk}": "批复文件",
            "problem": "用地指标不足",
        },
    )
    assert response.status_code == 302
    report = WeeklyReport.objects.get()
    assert (report.week_start, report.progress) == (D(2022, 3, 28), 30)
    assert Milestone.objects.get(pk=tw.m1.pk).done_on == D(2022, 3, 30)
    assert CoordinationRequest.objects.get().question == "用地指标不足"
    # 2022-04-01: 91/365 = 24.9% elapsed, progress 30, report of the week filed → green.
    assert colour_on_page(client, tw.task_a, "2022-04-01") == "green"


def test_missing_done_date_is_refused_on_the_form(tw):
    client = tw.world.client_for("reporter_a")
    response = client.post(
        reverse("tasks:report", args=[tw.task_a.pk]),
        {"week": "2022-04-01", "progress": "30", "done_this_week": "x", f"done_{tw.m1.pk}": "on"},
    )
    assert response.status_code == 200
    assert f"done_on_{tw.m1.pk}" in response.context["form"].errors
    assert WeeklyReport.objects.count() == 0


def test_co_unit_reader_cannot_post_a_report(tw):
    from tests.conftest import _person

    reporter_c = _person("reporter_c", "丙", tw.county, "reporter", tw.unit_c)
    client = Client()
    client.force_login(reporter_c)
    assert client.get(reverse("tasks:task_detail", args=[tw.task_a.pk])).status_code == 200
    response = client.post(
        reverse("tasks:report", args=[tw.task_a.pk]),
        {"week": "2022-04-01", "progress": "30", "done_this_week": "x"},
    )
    assert response.status_code == 404
    assert WeeklyReport.objects.count() == 0


def test_leader_answers_only_his_tasks_through_the_page(tw):
    request = CoordinationRequest.objects.create(
        task=tw.task_a, question="q", raised_by=tw.reporter_a, raised_at="2022-04-01T10:00+08:00"
    )
    url = reverse("tasks:request_answer", args=[request.pk])
    for persona in ["office", "reporter_a", "reporter_b", "supervisor", "other_office"]:
        assert tw.world.client_for(persona).post(url, {"answer": "x"}).status_code == 404
    other = Client()
    other.force_login(tw.leader2)
    assert other.post(url, {"answer": "x"}).status_code == 404
    assert CoordinationRequest.objects.get().status == "open"
    assert AuditEntry.objects.count() == 0
    assert tw.world.client_for("leader").post(url, {"answer": "协调解决"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answer) == ("answered", "协调解决")
    follow = reverse("tasks:request_follow_up", args=[request.pk])
    assert tw.world.client_for("leader").post(follow, {"follow_up": "x"}).status_code == 404
    assert (
        tw.world.client_for("reporter_a").post(follow, {"follow_up": "已落实"}).status_code == 302
    )
    assert CoordinationRequest.objects.get().status == "closed"


def test_leader_sees_his_tasks_first_on_the_map(tw):
    client = Client()
    client.force_login(tw.leader2)
    rows = client.get(reverse("tasks:battle_map")).context["b"].rows
    assert [r.task.code for r in rows] == ["T02", "T01"]
    rows = tw.world.client_for("leader").get(reverse("tasks:battle_map")).context["b"].rows
    assert [r.task.code for r in rows] == ["T01", "T02"]


def test_filters_and_colour_counts(tw):
    client = tw.world.client_for("office")
    response = client.get(reverse("tasks:battle_map"), {"as_of": "2022-04-01"})
    assert response.context["b"].counts == [
        ("red", 1),
        ("yellow", 1),
        ("blue", 0),
        ("green", 0),
        ("done", 0),
    ]
    response = client.get(reverse("tasks:task_list"), {"as_of": "2022-04-01", "colour": "yellow"})
    assert [r.task.code for r in response.context["b"].rows] == ["T02"]
    response = client.get(reverse("tasks:task_list"), {"lead_unit": tw.unit_a.pk})
    assert [r.task.code for r in response.context["b"].rows] == ["T01"]


def test_as_of_defaults_to_the_dispatch_date(tw):
    response = tw.world.client_for("office").get(reverse("tasks:battle_map"))
    assert response.context["b"].as_of == D(2022, 6, 30)
    row = response.context["b"].rows[0]
    assert [len(month) for month in row.months] == [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]


def test_other_unit_sees_only_its_tasks_on_the_map(tw):
    rows = tw.world.client_for("reporter_b").get(reverse("tasks:battle_map")).context["b"].rows
    assert [r.task.code for r in rows] == ["T02"]
    rows = tw.world.client_for("other_office").get(reverse("tasks:battle_map")).context["b"].rows
    assert [r.task.code for r in rows] == ["T01"] and rows[0].task.title == "别县任务"


def test_battle_map_xlsx_has_a_row_per_task_with_months(tw):
    response = tw.world.client_for("office").get(reverse("tasks:battle_map_xlsx"))
    ws = load_workbook(io.BytesIO(response.content))["挂图作战"]
    assert ws["A2"].value == "编号" and ws["I2"].value == "1月"
    assert [ws.cell(3, c).value for c in (1, 3, 4, 6)] == [
        "T01",
        "重大项目攻坚",
        "县发展和改革局",
        "逾期",
    ]
    assert ws.cell(3, 8 + 3).value == "03-31 立项"
    assert ws.cell(3, 8 + 3).fill.fgColor.rgb == "00F4B6B6"


def _bulk_tasks(tw, n):
    tasks = KeyTask.objects.bulk_create(
        KeyTask(
            year=tw.year,
            code=f"X{i:03d}",
            title=f"任务{i}",
            category=tw.category,
            lead_unit=tw.unit_b,
            leader=tw.leader,
            start_date=D(2022, 1, 1),
            end_date=D(2022, 12, 31),
        )
        for i in range(n)
    )
    Milestone.objects.bulk_create(
        Milestone(task=t, order=k, title=f"节点{k}", due_date=D(2022, k * 2, 10))
        for t in tasks
        for k in range(1, 6)
    )
    for t in tasks[:5]:
        t.co_units.add(tw.unit_c)


@pytest.mark.parametrize("page", ["tasks:battle_map", "tasks:task_list"])
def test_query_count_does_not_grow_with_tasks(tw, django_assert_max_num_queries, page):
    client = tw.world.client_for("leader")
    client.get(reverse(page))  # warm the session
    _bulk_tasks(tw, 40)
    with django_assert_max_num_queries(13):
        response = client.get(reverse(page), {"as_of": "2022-05-05"})  # a page not cached yet
    assert len(response.context["b"].rows) == 42


def test_the_map_is_cached_per_session_until_an_audited_change(tw, django_assert_num_queries):
    client = tw.world.client_for("reporter_a")
    url = reverse("tasks:battle_map")
    client.get(url)  # sets the CSRF cookie
    first = client.get(url)  # rendered and cached
    assert first.context is not None
    with django_assert_num_queries(0):  # session and page from the cache
        second = client.get(url)
    assert second.context is None and second.content == first.content
    response = client.post(
        reverse("tasks:report", args=[tw.task_a.pk]),
        {"week": "2022-06-30", "progress": "50", "done_this_week": "x"},
    )
    client.get(response.url)  # show the one-time message
    third = client.get(url)
    assert third.context is not None  # the audited report dropped the cached page
    assert third.context["b"].rows[0].status.progress == 50


def test_a_logged_out_session_does_not_get_the_cached_map(tw):
    client = tw.world.client_for("reporter_a")
    url = reverse("tasks:battle_map")
    client.get(url)
    client.get(url)  # cached now
    client.post(reverse("logout"))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
