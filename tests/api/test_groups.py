"""/api/groups/: groups per year; member units shown only as far as the caller sees."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.org.models import Group, GroupMembership
from tests.api.conftest import assert_error, audit_count

WIDE = {"G1": {"A01", "C01"}, "G2": {"B01"}}
SEES = {
    "office": WIDE,
    "assessor": WIDE,
    "judge": WIDE,
    "leader": WIDE,
    "reporter_a": {"G1": {"A01"}},
    "leader_a": {"G1": {"A01"}},
    "supervisor": {"G1": {"A01"}},
    "reporter_b": {"G2": {"B01"}},
    "other_office": {},
}


def _groups(world, response) -> dict[str, set[str]]:
    assert response.status_code == 200, response.content
    code_of = {u.pk: u.code for u in (world.unit_a, world.unit_b, world.unit_c, world.stats)}
    return {g["code"]: {code_of[u] for u in g["units"]} for g in response.json()["results"]}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_exactly_its_groups_and_members(api, world, persona):
    assert _groups(world, api(persona).get("/api/groups/")) == SEES[persona]


def test_year_filter(api, world):
    client = api("office")
    assert _groups(world, client.get(f"/api/groups/?year={world.year.pk}")) == WIDE
    assert _groups(world, client.get(f"/api/groups/?year={world.other_year.pk}")) == {}


def test_reporter_b_cannot_read_group_1(api, world):
    assert_error(api("reporter_b").get(f"/api/groups/{world.group_1.pk}/"), 404, "not_found")


def test_office_creates_a_group_moving_units(api, world):
    response = api("office").post(
        "/api/groups/",
        {
            "year": world.year.pk,
            "code": "G3",
            "name": "第三组",
            "order": 3,
            "units": [world.unit_c.pk, world.stats.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert sorted(response.json()["units"]) == sorted([world.unit_c.pk, world.stats.pk])
    assert GroupMembership.objects.get(unit=world.unit_c).group.code == "G3"
    entry = AuditEntry.objects.get()
    assert entry.action == "group.create"
    assert entry.after["units"] == sorted([world.unit_c.pk, world.stats.pk])


def test_office_sets_exact_members(api, world):
    response = api("office").patch(
        f"/api/groups/{world.group_1.pk}/", {"units": [world.unit_a.pk]}, format="json"
    )
    assert response.json()["units"] == [world.unit_a.pk]
    entry = AuditEntry.objects.get()
    assert entry.before == {"units": sorted([world.unit_a.pk, world.unit_c.pk])}
    assert entry.after == {"units": [world.unit_a.pk]}


def test_units_of_another_county_are_refused_by_field(api, world):
    response = api("office").patch(
        f"/api/groups/{world.group_1.pk}/", {"units": [world.other_unit.pk]}, format="json"
    )
    assert_error(response, 400, "invalid", {"units.0": ""})
    assert set(world.group_1.memberships.values_list("unit_id", flat=True)) == {
        world.unit_a.pk,
        world.unit_c.pk,
    }
    assert audit_count() == 0


def test_duplicate_code_is_named(api, world):
    response = api("office").post(
        "/api/groups/", {"year": world.year.pk, "code": "G1", "name": "另一组"}, format="json"
    )
    assert_error(response, 400, "invalid", {"code": ""})
    assert Group.objects.count() == 2


@pytest.mark.parametrize("persona", [p for p in SEES if p != "office"])
def test_others_cannot_change_group_1(api, world, persona):
    response = api(persona).patch(
        f"/api/groups/{world.group_1.pk}/", {"name": "改", "units": []}, format="json"
    )
    if "G1" in SEES[persona]:
        assert_error(response, 403, "permission_denied")
    else:
        assert_error(response, 404, "not_found")
    assert Group.objects.get(pk=world.group_1.pk).name == "第一组"
    assert world.group_1.memberships.count() == 2
    assert audit_count() == 0


@pytest.mark.parametrize("persona", [p for p in SEES if p not in ("office", "other_office")])
def test_others_cannot_create_groups(api, world, persona):
    response = api(persona).post(
        "/api/groups/", {"year": world.year.pk, "code": "G9", "name": "九"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert Group.objects.count() == 2


def test_other_office_cannot_create_in_this_countys_year(api, world):
    response = api("other_office").post(
        "/api/groups/", {"year": world.year.pk, "code": "G9", "name": "九"}, format="json"
    )
    assert_error(response, 400, "invalid", {"year": ""})
    assert Group.objects.count() == 2
