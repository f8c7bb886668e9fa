"""/api/audit/: the audit administrator reads its jurisdiction's change log; no one else does."""

from __future__ import annotations

import pytest

from leitai.org import services
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS


@pytest.fixture
def changes(world):
    services.unit_update(actor=world.office, unit=world.unit_a, name="县发改局")
    services.unit_update(actor=world.office, unit=world.unit_b, name="县商务和投促局")
    services.year_update(actor=world.office, year=world.year, name="二〇二二")
    services.unit_update(actor=world.other_office, unit=world.other_unit, name="昌乐商务")


def _actions(response):
    assert response.status_code == 200, response.content
    return sorted((e["action"], e["object_repr"]) for e in response.json()["results"])


def test_the_auditor_sees_its_jurisdictions_entries_only(api, world, changes):
    assert _actions(api("auditor").get("/api/audit/")) == [
        ("unit.update", "县发改局"),
        ("unit.update", "县商务和投促局"),
        ("year.update", "二〇二二"),
    ]
    assert _actions(api("other_auditor").get("/api/audit/")) == [("unit.update", "昌乐商务")]


def test_entry_body_has_before_and_after(api, world, changes):
    entry = api("auditor").get(f"/api/audit/?unit={world.unit_a.pk}").json()["results"]
    assert len(entry) == 1
    assert entry[0]["before"] == {"name": "县发展和改革局"}
    assert entry[0]["after"] == {"name": "县发改局"}
    assert entry[0]["actor"] == world.office.pk
    assert entry[0]["object_type"] == "org.unit"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("object_type=org.assessmentyear", [("year.update", "二〇二二")]),
        ("action=year.update", [("year.update", "二〇二二")]),
        ("object_type=org.unit&object_id={b}", [("unit.update", "县商务和投促局")]),
    ],
)
def test_filters(api, world, changes, query, expected):
    url = "/api/audit/?" + query.format(b=world.unit_b.pk)
    assert _actions(api("auditor").get(url)) == expected


def test_other_auditor_cannot_read_this_countys_entry(api, world, changes):
    from leitai.core.models import AuditEntry

    entry = AuditEntry.objects.get(jurisdiction=world.county, unit=world.unit_a)
    assert_error(api("other_auditor").get(f"/api/audit/{entry.pk}/"), 404, "not_found")


@pytest.mark.parametrize("persona", [*PERSONAS, "security", "other_security"])
def test_no_one_else_reads_the_log(api, world, changes, persona):
    assert_error(api(persona).get("/api/audit/"), 403, "permission_denied")


def test_log_is_read_only(api, world, changes):
    response = api("auditor").post("/api/audit/", {"action": "x"}, format="json")
    assert_error(response, 405, "method_not_allowed")
