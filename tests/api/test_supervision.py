"""/api/supervision/…: scoped like the pages, writes through the same services."""

# The supervision fixtures are imported below, so pytest finds them; tests take them as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.supervision.models import InspectionRound, Problem, Visit
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS
from tests.supervision.conftest import clock, media, pdf, sv  # noqa: F401 (fixtures)

A_SIDE = {"office", "leader", "supervisor", "reporter_a", "leader_a"}
COUNTY = A_SIDE | {"reporter_b"}


@pytest.fixture
def api(world):
    def client_for(persona):
        client = APIClient()
        client.force_authenticate(getattr(world, persona))
        return client

    return client_for


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_its_problems_visits_and_rounds(api, world, sv, persona):
    client = api(persona)
    sees_a = persona in A_SIDE
    assert ids(client.get("/api/supervision/problems/")) == ([sv.problem.pk] if sees_a else [])
    assert ids(client.get("/api/supervision/visits/")) == ([sv.visit.pk] if sees_a else [])
    rounds = ids(client.get("/api/supervision/rounds/"))
    assert rounds == ([sv.round.pk] if persona in COUNTY else [])
    status = client.get(f"/api/supervision/problems/{sv.problem.pk}/").status_code
    assert status == (200 if sees_a else 404)


def test_problem_body_and_colour(api, world, sv):
    body = (
        api("reporter_a").get(f"/api/supervision/problems/{sv.problem.pk}/?as_of=2022-06-10").json()
    )
    assert {k: body[k] for k in ("unit", "severity", "deadline", "status", "colour", "events")} == {
        "unit": world.unit_a.pk,
        "severity": "general",
        "deadline": "2022-06-09",
        "status": "open",
        "colour": "red",
        "events": [],
    }
    response = api("office").get("/api/supervision/problems/?as_of=not-a-date")
    assert_error(response, 400, "invalid", {"as_of": "YYYY-MM-DD"})


def test_the_story_through_the_api(api, world, sv):
    url = f"/api/supervision/problems/{sv.problem.pk}"
    plan = {"measures": "补齐", "responsible": "张三", "target_date": "2022-06-01"}
    assert_error(
        api("reporter_a").post(f"{url}/plan/", plan, format="json"), 403, "permission_denied"
    )
    assert (
        api("reporter_a").post(f"{url}/plan/", plan | {"draft": True}, format="json").status_code
        == 200
    )
    assert (
        api("leader_a").post(f"{url}/plan/", plan, format="json").json()["status"] == "in_progress"
    )
    before = AuditEntry.objects.count()
    response = api("leader_a").post(f"{url}/complete/", {"text": "完成"}, format="multipart")
    assert_error(response, 400, "invalid", {"files": ""})
    assert AuditEntry.objects.count() == before
    response = api("leader_a").post(
        f"{url}/complete/", {"text": "完成", "files": [pdf()]}, format="multipart"
    )
    assert response.json()["status"] == "submitted"
    assert response.json()["events"][-1]["evidence"][0]["name"] == "整改报告.pdf"
    assert_error(
        api("leader_a").post(f"{url}/sign-off/", {}, format="json"), 403, "permission_denied"
    )
    assert_error(api("reporter_b").post(f"{url}/sign-off/", {}, format="json"), 404, "not_found")
    response = api("supervisor").post(f"{url}/send-back/", {"reason": "不清楚"}, format="json")
    assert (response.json()["status"], response.json()["reopen_count"]) == ("reopened", 1)
    response = api("leader_a").post(
        f"{url}/complete/", {"text": "再次", "files": [pdf()]}, format="multipart"
    )
    assert response.json()["status"] == "submitted"
    response = api("supervisor").post(f"{url}/sign-off/", {"text": "合格"}, format="json")
    assert response.json()["status"] == "signed_off"
    assert response.json()["colour"] == "done"


def test_rounds_office_creates_others_cannot(api, world, sv):
    body = {
        "year": world.year.pk,
        "name": "下半年",
        "starts_on": "2022-10-01",
        "ends_on": "2022-11-30",
    }
    assert api("office").post("/api/supervision/rounds/", body, format="json").status_code == 201
    for persona in ("supervisor", "reporter_a", "leader"):
        response = api(persona).post(
            "/api/supervision/rounds/", body | {"name": persona}, format="json"
        )
        assert_error(response, 403, "permission_denied")
    response = api("supervisor").patch(
        f"/api/supervision/rounds/{sv.round.pk}/", {"name": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert InspectionRound.objects.count() == 2


def test_visits_and_problems_are_recorded_by_the_group(api, world, sv):
    rnd = InspectionRound.objects.create(
        year=world.year,
        name="下半年",
        starts_on=dt.date(2022, 10, 1),
        ends_on=dt.date(2022, 11, 30),
    )
    body = {
        "round": rnd.pk,
        "unit": world.unit_a.pk,
        "visited_on": "2022-10-10",
        "findings": {str(sv.tasks.pk): "好"},
    }
    assert_error(
        api("reporter_a").post("/api/supervision/visits/", body, format="json"),
        403,
        "permission_denied",
    )
    response = api("supervisor").post("/api/supervision/visits/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["findings"] == [{"category": sv.tasks.pk, "text": "好"}]
    visit = Visit.objects.get(round=rnd)
    response = api("supervisor").post(
        "/api/supervision/visits/", body | {"unit": world.unit_b.pk}, format="json"
    )
    assert_error(response, 400, "invalid", {"unit": ""})
    problem = {
        "visit": visit.pk,
        "category": sv.style.pk,
        "severity": "serious",
        "description": "会议记录缺失",
        "found_on": "2022-10-10",
    }
    response = api("supervisor").post("/api/supervision/problems/", problem, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == "2022-10-25"
    outside = problem | {"source": "complaint", "unit": world.unit_b.pk, "year": world.year.pk}
    del outside["visit"]
    assert_error(
        api("supervisor").post("/api/supervision/problems/", outside, format="json"), 400, "invalid"
    )
    response = api("office").post("/api/supervision/problems/", outside, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["round"], response.json()["source"]) == (None, "complaint")
    assert Problem.objects.count() == 3


def test_problem_list_query_count_does_not_grow(api, world, sv, django_assert_max_num_queries):
    from tests.supervision.conftest import make_problem

    client = api("supervisor")
    for i in range(30):
        make_problem(world, sv.visit, sv.style, text=f"问题{i}")
    client.get("/api/supervision/problems/")
    with django_assert_max_num_queries(12):
        response = client.get("/api/supervision/problems/?as_of=2022-06-01")
    assert response.json()["count"] == 31
