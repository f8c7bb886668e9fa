"""/api/people/: people one may see, grants within one's jurisdictions; the office manages them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from leitai.core.models import AuditEntry
from leitai.org.models import RoleGrant
from tests.api.conftest import assert_error, audit_count

COUNTY = {
    "office",
    "assessor",
    "reporter_a",
    "leader_a",
    "reporter_b",
    "supervisor",
    "judge",
    "leader",
    "security",
    "auditor",
}
SEES = {
    "office": COUNTY,
    "leader": COUNTY,
    "assessor": {"assessor"},
    "judge": {"judge"},
    "supervisor": {"supervisor"},
    "reporter_a": {"reporter_a", "leader_a"},
    "leader_a": {"reporter_a", "leader_a"},
    "reporter_b": {"reporter_b"},
    "other_office": {"other_office", "other_security", "other_auditor"},
}
User = get_user_model()


def _usernames(response):
    assert response.status_code == 200, response.content
    return {p["username"] for p in response.json()["results"]}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_exactly_its_people(api, world, persona):
    assert _usernames(api(persona).get("/api/people/")) == SEES[persona]


def test_no_password_hash_is_ever_shown(api, world):
    body = api("office").get("/api/people/").content.decode()
    assert "password" not in body
    assert "md5$" not in body and "pbkdf2" not in body


def test_grants_only_within_the_callers_jurisdictions(api, world):
    from leitai.org.models import Role

    RoleGrant.objects.create(user=world.judge, role=Role.JUDGE, jurisdiction=world.other_county)
    body = api("office").get(f"/api/people/{world.judge.pk}/").json()
    assert body["grants"] == [{"role": "judge", "jurisdiction": world.county.pk, "unit": None}]


def test_filters(api, world):
    client = api("office")
    assert _usernames(client.get("/api/people/?role=reporter")) == {"reporter_a", "reporter_b"}
    assert _usernames(client.get(f"/api/people/?unit={world.unit_a.pk}")) == {
        "reporter_a",
        "leader_a",
    }
    assert _usernames(client.get("/api/people/?q=填报员乙")) == {"reporter_b"}


def test_reporter_b_cannot_read_reporter_a(api, world):
    response = api("reporter_b").get(f"/api/people/{world.reporter_a.pk}/")
    assert_error(response, 404, "not_found")


def test_office_creates_a_person_with_a_grant(api, world):
    response = api("office").post(
        "/api/people/",
        {
            "username": "zhang",
            "name": "张三",
            "email": "z@example.com",
            "password": "arena-pw-2022-long",
            "grants": [{"role": "reporter", "unit": world.unit_c.pk}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person = User.objects.get(username="zhang")
    assert person.check_password("arena-pw-2022-long")
    assert response.json()["grants"] == [
        {"role": "reporter", "jurisdiction": world.county.pk, "unit": world.unit_c.pk}
    ]
    entry = AuditEntry.objects.get()
    assert entry.action == "person.create"
    assert entry.after["grants"] == [["reporter", world.unit_c.pk]]
    assert "password" not in str(entry.after)


def test_bad_person_input_is_named_by_field(api, world):
    response = api("office").post(
        "/api/people/",
        {
            "username": "reporter_a",
            "name": "",
            "password": "123",
            "grants": [{"role": "reporter"}, {"role": "judge", "unit": world.unit_a.pk}],
        },
        format="json",
    )
    assert_error(
        response,
        400,
        "invalid",
        {
            "name": "",
            "password": "",
            "grants.0.unit": "needs a unit",
            "grants.1.unit": "takes no unit",
        },
    )
    assert User.objects.count() == 13


def test_taken_username_is_named(api, world):
    response = api("office").post(
        "/api/people/",
        {"username": "reporter_a", "name": "重名", "grants": [{"role": "judge"}]},
        format="json",
    )
    assert_error(response, 400, "invalid", {"username": ""})


def test_grants_are_required_on_create(api, world):
    response = api("office").post("/api/people/", {"username": "z", "name": "Z"}, format="json")
    assert_error(response, 400, "invalid", {"grants": ""})


def test_office_changes_name_and_grants(api, world):
    response = api("office").patch(
        f"/api/people/{world.reporter_b.pk}/",
        {"name": "乙", "grants": [{"role": "unit_leader", "unit": world.unit_b.pk}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "乙"
    entry = AuditEntry.objects.get()
    assert entry.before == {"first_name": "填报员乙", "grants": [["reporter", world.unit_b.pk]]}
    assert entry.after == {"first_name": "乙", "grants": [["unit_leader", world.unit_b.pk]]}


def test_office_resets_a_password(api, world):
    response = api("office").patch(
        f"/api/people/{world.reporter_b.pk}/", {"password": "another-long-pw-77"}, format="json"
    )
    assert response.status_code == 200
    world.reporter_b.refresh_from_db()
    assert world.reporter_b.check_password("another-long-pw-77")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["person.set_password"]


def test_office_of_another_county_cannot_touch_this_countys_people(api, world):
    response = api("other_office").patch(
        f"/api/people/{world.reporter_a.pk}/", {"is_active": False}, format="json"
    )
    assert_error(response, 404, "not_found")
    assert User.objects.get(pk=world.reporter_a.pk).is_active


@pytest.mark.parametrize("persona", [p for p in SEES if p != "office"])
def test_others_cannot_change_reporter_a(api, world, persona):
    response = api(persona).patch(
        f"/api/people/{world.reporter_a.pk}/",
        {"is_active": False, "password": "hijack-pw-2022-x"},
        format="json",
    )
    if "reporter_a" in SEES[persona]:
        assert_error(response, 403, "permission_denied")
    else:
        assert_error(response, 404, "not_found")
    person = User.objects.get(pk=world.reporter_a.pk)
    assert person.is_active and not person.check_password("hijack-pw-2022-x")
    assert audit_count() == 0


@pytest.mark.parametrize("persona", [p for p in SEES if p not in ("office", "other_office")])
def test_others_cannot_create_people(api, world, persona):
    response = api(persona).post(
        "/api/people/",
        {"username": "z", "name": "Z", "grants": [{"role": "judge"}]},
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    assert not User.objects.filter(username="z").exists()
