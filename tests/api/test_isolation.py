"""One sweep over every object route: another unit or county reads and changes nothing."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.org import services
from tests.api.conftest import assert_error


def _routes(world) -> dict[str, str]:
    """Return the object routes of unit A's world in 临朐县."""
    services.unit_update(actor=world.office, unit=world.unit_a, short_name="发改")
    entry = AuditEntry.objects.get()
    return {
        "jurisdiction": f"/api/jurisdictions/{world.county.pk}/",
        "year": f"/api/years/{world.year.pk}/",
        "unit": f"/api/units/{world.unit_a.pk}/",
        "group": f"/api/groups/{world.group_1.pk}/",
        "supervision": f"/api/supervision-groups/{world.supervision.pk}/",
        "person": f"/api/people/{world.reporter_a.pk}/",
        "audit": f"/api/audit/{entry.pk}/",
    }


# What of unit A's world reporter_b may read (its own county's jurisdiction and year).
REPORTER_B_READS = {"jurisdiction", "year"}


def test_other_office_reads_nothing_of_the_county(api, world):
    client = api("other_office")
    for name, url in _routes(world).items():
        expected = 403 if name == "audit" else 404  # the office reads no audit log at all
        assert client.get(url).status_code == expected, name
    assert api("other_auditor").get(_routes(world)["audit"]).status_code == 404


def test_reporter_b_reads_nothing_of_unit_a(api, world):
    client = api("reporter_b")
    for name, url in _routes(world).items():
        response = client.get(url)
        if name in REPORTER_B_READS:
            assert response.status_code == 200, name
        elif name == "audit":
            assert_error(response, 403, "permission_denied")
        else:
            assert_error(response, 404, "not_found")


@pytest.mark.parametrize("persona", ["reporter_b", "other_office"])
def test_no_change_reaches_unit_a(api, world, persona):
    routes = _routes(world)
    before = AuditEntry.objects.count()
    client = api(persona)
    for name in ("unit", "group", "supervision", "person"):
        response = client.patch(routes[name], {"name": "改"}, format="json")
        assert_error(response, 404, "not_found")
    assert AuditEntry.objects.count() == before


def test_filters_by_another_units_id_give_nothing(api, world):
    client = api("reporter_b")
    assert client.get(f"/api/units/?group={world.group_1.pk}").json()["count"] == 0
    assert client.get(f"/api/people/?unit={world.unit_a.pk}").json()["count"] == 0
    other = api("other_office")
    assert other.get(f"/api/groups/?year={world.year.pk}").json()["count"] == 0
    _routes(world)
    other_auditor = api("other_auditor")
    assert other_auditor.get(f"/api/audit/?unit={world.unit_a.pk}").json()["count"] == 0
