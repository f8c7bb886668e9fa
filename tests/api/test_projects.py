"""The project ledger's API per persona: scoped reads, the stage check, the unit figures."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.projects.models import ProjectMonth
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS
from tests.projects.conftest import build_project_world, set_stage

# The projects each persona lists: (own county's P01/P02, or the other county's P01).
SEES = {
    "office": ["P01", "P02"],
    "assessor": ["P01", "P02"],
    "reporter_a": ["P01"],
    "leader_a": ["P01"],
    "reporter_b": ["P02"],
    "supervisor": ["P01"],
    "judge": [],
    "leader": ["P01"],
    "other_office": ["P01"],
}


@pytest.fixture
def pw(world):
    return build_project_world(world)


def client(pw, persona):
    api = APIClient()
    if persona:
        api.force_authenticate(getattr(pw, persona))
    return api


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_are_scoped(pw, persona):
    body = client(pw, persona).get("/api/projects/").json()
    assert [r["code"] for r in body["results"]] == SEES[persona]
    stages = client(pw, persona).get("/api/project-stages/").json()
    assert len(stages["results"]) == min(7 * len(SEES[persona]), 50)
    detail = client(pw, persona).get(f"/api/projects/{pw.project_a.pk}/")
    visible = persona in ("office", "assessor", "reporter_a", "leader_a", "supervisor", "leader")
    assert detail.status_code == (200 if visible else 404)


def test_anonymous_is_refused(pw):
    assert_error(client(pw, None).get("/api/projects/"), 401, "not_authenticated")


def test_project_shows_its_size_band(pw):
    body = client(pw, "office").get(f"/api/projects/{pw.project_a.pk}/").json()
    assert (body["total_investment"], body["size_band"], body["co_units"]) == (
        "80000.00",
        "5-10",
        [pw.unit_c.pk],
    )


def test_stage_check_by_the_assessor_and_refused_to_the_unit(pw):
    stage = set_stage(pw.project_a, "start", "reported", dt.date(2022, 3, 20))
    path = f"/api/project-stages/{stage.pk}/check/"
    response = client(pw, "reporter_a").post(path, {"action": "verify"}, format="json")
    assert_error(response, 403, "permission_denied")
    stage.refresh_from_db()
    assert (stage.status, AuditEntry.objects.count()) == ("reported", 0)
    response = client(pw, "assessor").post(path, {"action": "verify"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["project_stage.verify"]


def test_figures_of_october(pw):
    ProjectMonth.objects.filter(project=pw.project_a, month__lte=10).update(completed=90)
    set_stage(pw.project_a, "start", "done", dt.date(2022, 3, 20))
    response = client(pw, "reporter_a").get(f"/api/projects/figures/?year={pw.year.pk}&month=10")
    assert response.json() == [
        {
            "unit": pw.unit_a.pk,
            "month": 10,
            "planned_year": "1200.00",
            "completed": "900.00",
            "investment_rate": "75.00",
            "planned_starts": 1,
            "started": 1,
            "start_rate": "100.00",
            "entries": 0,
            "signings": 0,
            "signed_amount": "0.00",
        }
    ]
    bad = client(pw, "office").get(f"/api/projects/figures/?year={pw.year.pk}&month=13")
    assert_error(bad, 400, "invalid", {"month": "1"})
