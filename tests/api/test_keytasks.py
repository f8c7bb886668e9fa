"""The key-task API per persona: scoped reads, service writes, refusals change nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.keytasks.models import CoordinationRequest, KeyTask, Milestone, WeeklyReport
from tests.conftest import PERSONAS
from tests.keytasks.conftest import TaskWorld, build_task_world

SEES = {
    "office": {"T01", "T02"},
    "leader": {"T01", "T02"},
    "reporter_a": {"T01"},
    "leader_a": {"T01"},
    "supervisor": {"T01"},
    "reporter_b": {"T02"},
    "assessor": set(),
    "judge": set(),
    "other_office": {"T01"},  # its own county's T01
}


@pytest.fixture
def tw(world) -> TaskWorld:
    return build_task_world(world)


def client(tw, persona):
    api = APIClient()
    api.force_authenticate(tw.leader2 if persona == "leader2" else getattr(tw, persona))
    return api


@pytest.mark.parametrize("persona", PERSONAS)
def test_task_list_is_scoped(tw, persona):
    response = client(tw, persona).get("/api/tasks/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["code"] for r in results} == SEES[persona]
    if persona == "other_office":
        assert results[0]["id"] == tw.other_task.pk


def test_task_carries_its_status_as_of_the_dispatch_date(tw):
    body = client(tw, "office").get(f"/api/tasks/{tw.task_a.pk}/").json()
    assert body["co_units"] == [tw.unit_c.pk]
    assert body["status"] == {
        "colour": "red",
        "as_of": "2022-06-30",
        "progress": 0,
        "expected": 49.6,
        "report_missing": True,
        "overdue": 1,
        "due_soon": 0,
    }
    body = client(tw, "office").get(f"/api/tasks/{tw.task_a.pk}/?as_of=2022-03-01").json()
    assert body["status"]["colour"] == "yellow"


@pytest.mark.parametrize("persona", ["reporter_b", "assessor", "judge", "other_office"])
def test_invisible_task_is_404(tw, persona):
    assert client(tw, persona).get(f"/api/tasks/{tw.task_a.pk}/").status_code == 404
    assert client(tw, persona).get(f"/api/milestones/{tw.m1.pk}/").status_code == 404


def test_office_creates_and_changes_a_task(tw):
    api = client(tw, "office")
    response = api.post(
        "/api/tasks/",
        {
            "year": tw.year.pk,
            "code": "T09",
            "title": "新",
            "category": tw.category.pk,
            "lead_unit": tw.unit_b.pk,
            "co_units": [tw.unit_c.pk],
            "leader": tw.leader.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["leader"], response.json()["co_units"]) == (
        tw.leader.pk,
        [tw.unit_c.pk],
    )
    response = api.patch(f"/api/tasks/{tw.task_a.pk}/", {"title": "改名"}, format="json")
    assert response.json()["title"] == "改名"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "key_task.create",
        "key_task.update",
    ]


@pytest.mark.parametrize(
    ("persona", "code"), [("reporter_a", 403), ("leader", 403), ("reporter_b", 404)]
)
def test_others_cannot_change_a_task(tw, persona, code):
    response = client(tw, persona).patch(
        f"/api/tasks/{tw.task_a.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == code
    assert KeyTask.objects.get(pk=tw.task_a.pk).title == "重大项目攻坚"
    assert AuditEntry.objects.count() == 0


def test_lead_unit_files_a_report_with_milestone_and_problem(tw):
    response = client(tw, "reporter_a").post(
        "/api/weekly-reports/",
        {
            "task": tw.task_a.pk,
            "week": "2022-03-30",
            "progress": 25,
            "done_this_week": "立项",
            "milestones_done": [
                {"milestone": tw.m1.pk, "done_on": "2022-03-29", "evidence": "批复"}
            ],
            "problem": "资金",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["week_start"] == "2022-03-28"
    assert Milestone.objects.get(pk=tw.m1.pk).done_on.isoformat() == "2022-03-29"
    assert CoordinationRequest.objects.get().question == "资金"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("leader", 403),
        ("supervisor", 403),
        ("reporter_b", 400),
        ("judge", 400),
        ("other_office", 400),
    ],
)
def test_others_cannot_report(tw, persona, code):
    response = client(tw, persona).post(
        "/api/weekly-reports/",
        {"task": tw.task_a.pk, "week": "2022-03-30", "progress": 25, "done_this_week": "x"},
        format="json",
    )
    assert response.status_code == code
    assert WeeklyReport.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_milestone_done_by_lead_unit_and_definition_by_office(tw):
    url = f"/api/milestones/{tw.m1.pk}/"
    response = client(tw, "leader_a").patch(
        url, {"done_on": "2022-03-20", "evidence": "e"}, format="json"
    )
    assert response.status_code == 200 and response.json()["done_on"] == "2022-03-20"
    assert client(tw, "leader_a").patch(url, {"title": "x"}, format="json").status_code == 403
    assert client(tw, "supervisor").patch(url, {"done_on": None}, format="json").status_code == 403
    assert client(tw, "office").patch(url, {"title": "立项批复"}, format="json").status_code == 200
    assert Milestone.objects.get(pk=tw.m1.pk).title == "立项批复"


def test_coordination_request_flow(tw):
    created = client(tw, "reporter_a").post(
        "/api/coordination-requests/", {"task": tw.task_a.pk, "question": "用地"}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    answer = f"/api/coordination-requests/{pk}/answer/"
    assert client(tw, "leader2").post(answer, {"answer": "x"}, format="json").status_code == 403
    assert client(tw, "office").post(answer, {"answer": "x"}, format="json").status_code == 403
    assert client(tw, "reporter_b").post(answer, {"answer": "x"}, format="json").status_code == 404
    assert CoordinationRequest.objects.get().status == "open"
    response = client(tw, "leader").post(answer, {"answer": "协调"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "answered")
    follow = f"/api/coordination-requests/{pk}/follow-up/"
    response = client(tw, "reporter_a").post(follow, {"follow_up": "落实"}, format="json")
    assert response.json()["status"] == "closed"
    assert client(tw, "reporter_b").get("/api/coordination-requests/").json()["results"] == []
    listed = client(tw, "leader").get("/api/coordination-requests/?status=closed").json()
    assert [r["id"] for r in listed["results"]] == [pk]


def test_definition_and_done_date_in_one_request_make_one_audit_row(tw):
    response = client(tw, "office").patch(
        f"/api/milestones/{tw.m1.pk}/",
        {"title": "立项批复", "done_on": "2022-03-20", "evidence": "批复文件"},
        format="json",
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.before, entry.after) == (
        "milestone.change",
        {"title": "立项", "done_on": None, "evidence": ""},
        {"title": "立项批复", "done_on": "2022-03-20", "evidence": "批复文件"},
    )


def test_a_definition_the_lead_unit_may_not_change_keeps_the_done_date_too(tw):
    response = client(tw, "leader_a").patch(
        f"/api/milestones/{tw.m1.pk}/", {"title": "x", "done_on": "2022-03-20"}, format="json"
    )
    assert response.status_code == 403
    m1 = Milestone.objects.get(pk=tw.m1.pk)
    assert (m1.title, m1.done_on, AuditEntry.objects.count()) == ("立项", None, 0)
