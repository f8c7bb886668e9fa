"""Every organisation page against every persona: who gets the page, who gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

OK, NOT_FOUND = 200, 404


def _url(world, name, obj=None):
    if obj is None:
        return reverse(name)
    kwarg = {
        "org:unit_detail": "unit_id",
        "org:unit_edit": "unit_id",
        "org:person_detail": "person_id",
        "org:person_edit": "person_id",
    }.get(name, "group_id")
    return reverse(name, kwargs={kwarg: getattr(world, obj).pk})


# (url name, object attribute on the world, personas that get 200; everyone else gets 404)
EVERYONE = set(PERSONAS) - {"other_office"}
PAGES = [
    ("home", None, set(PERSONAS)),
    ("org:unit_list", None, set(PERSONAS)),
    (
        "org:unit_detail",
        "unit_a",
        {"office", "assessor", "reporter_a", "leader_a", "supervisor", "judge", "leader"},
    ),
    ("org:unit_detail", "unit_b", {"office", "assessor", "reporter_b", "judge", "leader"}),
    ("org:unit_create", None, {"office", "other_office"}),
    ("org:unit_edit", "unit_a", {"office"}),
    ("org:group_list", None, set(PERSONAS)),
    (
        "org:group_detail",
        "group_1",
        {"office", "assessor", "reporter_a", "leader_a", "supervisor", "judge", "leader"},
    ),
    ("org:group_detail", "group_2", {"office", "assessor", "reporter_b", "judge", "leader"}),
    ("org:group_create", None, {"office", "other_office"}),
    ("org:group_edit", "group_1", {"office"}),
    ("org:supervision_group_list", None, set(PERSONAS)),
    (
        "org:supervision_group_detail",
        "supervision",
        {"office", "assessor", "reporter_a", "leader_a", "supervisor", "judge", "leader"},
    ),
    ("org:supervision_group_create", None, {"office", "other_office"}),
    ("org:supervision_group_edit", "supervision", {"office"}),
    ("org:person_list", None, set(PERSONAS)),
    ("org:person_detail", "reporter_a", {"office", "reporter_a", "leader_a", "leader"}),
    ("org:person_detail", "reporter_b", {"office", "reporter_b", "leader"}),
    ("org:person_create", None, {"office", "other_office"}),
    ("org:person_edit", "reporter_a", {"office"}),
    ("core:audit_list", None, set()),  # the audit administrator's: test_three_administrators
]


@pytest.mark.parametrize(
    ("name", "obj", "allowed"), PAGES, ids=[f"{n}-{o or ''}" for n, o, _ in PAGES]
)
def test_page_answers_each_persona(world, name, obj, allowed):
    url = _url(world, name, obj)
    for persona in PERSONAS:
        expected = OK if persona in allowed else NOT_FOUND
        status = world.client_for(persona).get(url).status_code
        assert status == expected, f"{persona} got {status} on {url}"


@pytest.mark.parametrize(
    ("name", "obj", "allowed"), PAGES, ids=[f"{n}-{o or ''}" for n, o, _ in PAGES]
)
def test_anonymous_is_sent_to_login(client, world, name, obj, allowed):
    response = client.get(_url(world, name, obj))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unit_list_shows_exactly_the_visible_units(world):
    expected = {
        "office": ["A01", "B01", "C01", "S01"],
        "leader": ["A01", "B01", "C01", "S01"],
        "assessor": ["A01", "B01", "C01", "S01"],
        "judge": ["A01", "B01", "C01", "S01"],
        "reporter_a": ["A01"],
        "leader_a": ["A01"],
        "reporter_b": ["B01"],
        "supervisor": ["A01"],
        "other_office": ["X01"],
    }
    for persona, codes in expected.items():
        page = world.client_for(persona).get(reverse("org:unit_list")).context["page"]
        assert [u.code for u in page] == codes, persona


def test_group_detail_lists_only_visible_members(world):
    url = reverse("org:group_detail", kwargs={"group_id": world.group_1.pk})
    office_units = world.client_for("office").get(url).context["units"]
    reporter_units = world.client_for("reporter_a").get(url).context["units"]
    assert [u.code for u in office_units] == ["A01", "C01"]
    assert [u.code for u in reporter_units] == ["A01"]
    assert "县体育事业发展中心" not in world.client_for("reporter_a").get(url).content.decode()


def test_person_list_shows_only_own_unit_people_to_a_reporter(world):
    page = world.client_for("reporter_a").get(reverse("org:person_list")).context["page"]
    assert [p.username for p in page] == ["leader_a", "reporter_a"]


def test_reporter_post_to_another_units_edit_page_changes_nothing(world):
    url = reverse("org:unit_edit", kwargs={"unit_id": world.unit_b.pk})
    response = world.client_for("reporter_a").post(
        url, {"code": "B01", "name": "被篡改", "kind": "government", "active": "on"}
    )
    world.unit_b.refresh_from_db()
    assert response.status_code == 404
    assert world.unit_b.name == "县商务局"


def test_audit_filter_by_unit_of_another_county_is_not_found(world):
    url = reverse("core:audit_list") + f"?unit={world.other_unit.pk}"
    assert world.client_for("auditor").get(url).status_code == 404
