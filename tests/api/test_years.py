"""/api/years/: years of one's jurisdictions; the office creates and renames them."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.org.models import AssessmentYear
from tests.api.conftest import assert_error, audit_count
from tests.conftest import PERSONAS


def _ids(response):
    assert response.status_code == 200
    return {y["id"] for y in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_its_jurisdictions_years(api, world, persona):
    expected = world.other_year if persona == "other_office" else world.year
    assert _ids(api(persona).get("/api/years/")) == {expected.pk}


def test_other_countys_year_is_404(api, world):
    assert_error(api("office").get(f"/api/years/{world.other_year.pk}/"), 404, "not_found")


def test_office_creates_a_current_year(api, world):
    response = api("office").post(
        "/api/years/", {"year": 2023, "name": "2023年度", "is_current": True}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_current"] is True
    world.year.refresh_from_db()
    assert world.year.is_current is False
    entry = AuditEntry.objects.get()
    assert entry.action == "year.create"
    assert entry.after == {"year": 2023, "name": "2023年度", "is_current": True}


def test_duplicate_or_out_of_range_year_is_named(api, world):
    client = api("office")
    dup = client.post("/api/years/", {"year": 2022, "name": "重复"}, format="json")
    assert_error(dup, 400, "invalid", {"year": ""})
    far = client.post("/api/years/", {"year": 1999, "name": "早"}, format="json")
    assert_error(far, 400, "invalid", {"year": ""})
    assert AssessmentYear.objects.filter(jurisdiction=world.county).count() == 1
    assert audit_count() == 0


def test_office_renames_a_year(api, world):
    response = api("office").patch(
        f"/api/years/{world.year.pk}/", {"name": "二〇二二"}, format="json"
    )
    assert response.json()["name"] == "二〇二二"
    entry = AuditEntry.objects.get()
    assert (entry.before, entry.after) == ({"name": "2022年度"}, {"name": "二〇二二"})


def test_the_year_number_cannot_be_changed(api, world):
    response = api("office").patch(f"/api/years/{world.year.pk}/", {"year": 2030}, format="json")
    assert_error(response, 400, "invalid", {"year": "Unknown field"})


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_others_cannot_change_or_create_years(api, world, persona):
    client = api(persona)
    response = client.patch(f"/api/years/{world.year.pk}/", {"name": "x"}, format="json")
    if persona == "other_office":
        assert_error(response, 404, "not_found")
    else:
        assert_error(response, 403, "permission_denied")
    created = client.post("/api/years/", {"year": 2024, "name": "x"}, format="json")
    if persona == "other_office":  # an office, but of its own county only
        assert created.status_code == 201
        assert AssessmentYear.objects.get(year=2024).jurisdiction == world.other_county
    else:
        assert_error(created, 403, "permission_denied")
        assert audit_count() == 0
    assert AssessmentYear.objects.get(pk=world.year.pk).name == "2022年度"
