"""/api/units/: each persona sees exactly its units; only the office changes them."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.org.models import Unit
from tests.api.conftest import assert_error, audit_count, codes

COUNTY = {"A01", "B01", "C01", "S01"}
SEES = {
    "office": COUNTY,
    "assessor": COUNTY,
    "judge": COUNTY,
    "leader": COUNTY,
    "reporter_a": {"A01"},
    "leader_a": {"A01"},
    "supervisor": {"A01"},
    "reporter_b": {"B01"},
    "other_office": {"X01"},
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_lists_exactly_its_units(api, world, persona):
    assert codes(api(persona).get("/api/units/")) == SEES[persona]


@pytest.mark.parametrize("persona", sorted(SEES))
def test_unit_a_is_readable_only_by_those_who_see_it(api, world, persona):
    response = api(persona).get(f"/api/units/{world.unit_a.pk}/")
    if "A01" in SEES[persona]:
        assert response.json()["code"] == "A01"
    else:
        assert_error(response, 404, "not_found")


def test_invisible_and_missing_units_answer_the_same(api, world):
    hidden = api("reporter_b").get(f"/api/units/{world.unit_a.pk}/")
    missing = api("reporter_b").get("/api/units/987654/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("code=a01", {"A01"}),
        ("kind=government", {"A01", "B01", "C01", "S01"}),
        ("kind=party", set()),
        ("active=false", set()),
        ("q=商务", {"B01"}),
        ("q=S0", {"S01"}),
    ],
)
def test_filters(api, world, query, expected):
    assert codes(api("office").get(f"/api/units/?{query}")) == expected


def test_group_and_year_filters(api, world):
    client = api("office")
    assert codes(client.get(f"/api/units/?group={world.group_1.pk}")) == {"A01", "C01"}
    assert codes(client.get(f"/api/units/?year={world.year.pk}")) == {"A01", "B01", "C01"}


def test_filters_never_widen_the_scope(api, world):
    assert codes(api("reporter_b").get(f"/api/units/?group={world.group_1.pk}")) == set()
    assert codes(api("other_office").get("/api/units/?q=县")) == {"X01"}


def test_office_creates_a_unit_with_one_audit_entry(api, world):
    response = api("office").post(
        "/api/units/",
        {"code": "D01", "name": "县教育和体育局", "short_name": "教体", "kind": "government"},
        format="json",
    )
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(code="D01")
    assert response.json() == {
        "id": unit.pk,
        "jurisdiction": world.county.pk,
        "code": "D01",
        "name": "县教育和体育局",
        "short_name": "教体",
        "kind": "government",
        "active": True,
    }
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.source) == ("unit.create", world.office, "api")
    assert entry.before is None
    assert entry.after["code"] == "D01"


def test_office_deactivates_a_unit_with_before_and_after(api, world):
    response = api("office").patch(
        f"/api/units/{world.unit_a.pk}/", {"active": False, "name": "县发改局"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["active"], response.json()["name"]) == (False, "县发改局")
    entry = AuditEntry.objects.get()
    assert entry.action == "unit.update"
    assert entry.before == {"active": True, "name": "县发展和改革局"}
    assert entry.after == {"active": False, "name": "县发改局"}


def test_patch_without_a_change_writes_no_audit_entry(api, world):
    response = api("office").patch(f"/api/units/{world.unit_a.pk}/", {"code": "A01"}, format="json")
    assert response.status_code == 200
    assert audit_count() == 0


def test_missing_and_invalid_fields_are_named(api, world):
    response = api("office").post("/api/units/", {"code": "", "kind": "shop"}, format="json")
    assert_error(response, 400, "invalid", {"code": "", "name": "", "kind": ""})
    assert Unit.objects.count() == 5


def test_office_cannot_create_in_another_jurisdiction(api, world):
    response = api("office").post(
        "/api/units/",
        {"jurisdiction": world.other_county.pk, "code": "Z01", "name": "别县", "kind": "party"},
        format="json",
    )
    assert_error(response, 400, "invalid", {"jurisdiction": ""})
    assert not Unit.objects.filter(code="Z01").exists()


# Refused writes: 404 when the unit is invisible, 403 when visible but read-only.
REFUSED = {p: (403 if "A01" in s else 404) for p, s in SEES.items() if p != "office"}


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_others_cannot_change_unit_a(api, world, persona):
    response = api(persona).patch(
        f"/api/units/{world.unit_a.pk}/", {"name": "改名", "active": False}, format="json"
    )
    status = REFUSED[persona]
    assert_error(response, status, "not_found" if status == 404 else "permission_denied")
    unit = Unit.objects.get(pk=world.unit_a.pk)
    assert (unit.name, unit.active) == ("县发展和改革局", True)
    assert audit_count() == 0


@pytest.mark.parametrize("persona", sorted(set(REFUSED) - {"other_office"}))
def test_others_cannot_create_units(api, world, persona):
    response = api(persona).post(
        "/api/units/", {"code": "Z01", "name": "新", "kind": "party"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert not Unit.objects.filter(code="Z01").exists()
    assert audit_count() == 0


def test_reporter_b_cannot_change_own_unit_either(api, world):
    response = api("reporter_b").patch(
        f"/api/units/{world.unit_b.pk}/", {"name": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert Unit.objects.get(pk=world.unit_b.pk).name == "县商务局"


def test_other_office_creates_only_in_its_own_county(api, world):
    client = api("other_office")
    response = client.post(
        "/api/units/", {"code": "Z01", "name": "新", "kind": "party"}, format="json"
    )
    assert response.status_code == 201
    assert Unit.objects.get(code="Z01").jurisdiction == world.other_county
    refused = client.post(
        "/api/units/",
        {"jurisdiction": world.county.pk, "code": "Z02", "name": "新2", "kind": "party"},
        format="json",
    )
    assert_error(refused, 400, "invalid", {"jurisdiction": ""})
    assert not Unit.objects.filter(code="Z02").exists()
