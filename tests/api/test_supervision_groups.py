"""/api/supervision-groups/: visible to wide roles, members and the units they cover."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.org.models import Role, RoleGrant, SupervisionGroup
from tests.api.conftest import assert_error, audit_count

SEES = {
    "office": True,
    "assessor": True,
    "judge": True,
    "leader": True,
    "reporter_a": True,
    "leader_a": True,
    "supervisor": True,
    "reporter_b": False,
    "other_office": False,
}


def _names(response):
    assert response.status_code == 200, response.content
    return {g["name"] for g in response.json()["results"]}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_exactly_its_supervision_groups(api, world, persona):
    expected = {"第一督导组"} if SEES[persona] else set()
    assert _names(api(persona).get("/api/supervision-groups/")) == expected


def test_body_lists_members_and_units(api, world):
    body = api("reporter_a").get(f"/api/supervision-groups/{world.supervision.pk}/").json()
    assert body == {
        "id": world.supervision.pk,
        "year": world.year.pk,
        "name": "第一督导组",
        "order": 1,
        "members": [world.supervisor.pk],
        "units": [world.unit_a.pk],
    }


def test_units_are_restricted_to_visible_ones(api, world):
    world.supervision.assignments.create(year=world.year, unit=world.unit_b)
    office = api("office").get(f"/api/supervision-groups/{world.supervision.pk}/").json()
    reporter = api("reporter_a").get(f"/api/supervision-groups/{world.supervision.pk}/").json()
    assert office["units"] == sorted([world.unit_a.pk, world.unit_b.pk])
    assert reporter["units"] == [world.unit_a.pk]


def test_reporter_b_cannot_read_it(api, world):
    response = api("reporter_b").get(f"/api/supervision-groups/{world.supervision.pk}/")
    assert_error(response, 404, "not_found")


def test_office_creates_one(api, world):
    RoleGrant.objects.create(user=world.judge, role=Role.SUPERVISOR, jurisdiction=world.county)
    response = api("office").post(
        "/api/supervision-groups/",
        {
            "year": world.year.pk,
            "name": "第二督导组",
            "order": 2,
            "members": [world.judge.pk],
            "units": [world.unit_b.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["members"] == [world.judge.pk]
    entry = AuditEntry.objects.get()
    assert entry.action == "supervision_group.create"
    assert entry.after == {
        "name": "第二督导组",
        "order": 2,
        "members": [world.judge.pk],
        "units": [world.unit_b.pk],
    }


def test_members_must_be_supervisors(api, world):
    response = api("office").patch(
        f"/api/supervision-groups/{world.supervision.pk}/",
        {"members": [world.judge.pk]},
        format="json",
    )
    assert_error(response, 400, "invalid", {"members": "supervisor"})
    assert list(world.supervision.members.all()) == [world.supervisor]
    assert audit_count() == 0


def test_office_reassigns_units(api, world):
    response = api("office").patch(
        f"/api/supervision-groups/{world.supervision.pk}/",
        {"units": [world.unit_c.pk]},
        format="json",
    )
    assert response.json()["units"] == [world.unit_c.pk]
    entry = AuditEntry.objects.get()
    assert (entry.before, entry.after) == (
        {"units": [world.unit_a.pk]},
        {"units": [world.unit_c.pk]},
    )


@pytest.mark.parametrize("persona", [p for p in SEES if p != "office"])
def test_others_cannot_change_it(api, world, persona):
    response = api(persona).patch(
        f"/api/supervision-groups/{world.supervision.pk}/",
        {"name": "改", "units": []},
        format="json",
    )
    if SEES[persona]:
        assert_error(response, 403, "permission_denied")
    else:
        assert_error(response, 404, "not_found")
    assert SupervisionGroup.objects.get().name == "第一督导组"
    assert world.supervision.assignments.count() == 1
    assert audit_count() == 0


@pytest.mark.parametrize("persona", [p for p in SEES if p not in ("office", "other_office")])
def test_others_cannot_create(api, world, persona):
    response = api(persona).post(
        "/api/supervision-groups/", {"year": world.year.pk, "name": "新"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert SupervisionGroup.objects.count() == 1
