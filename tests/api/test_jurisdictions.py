"""/api/jurisdictions/: the jurisdictions one holds a role in; read only."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_error, codes
from tests.conftest import PERSONAS


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_its_own_jurisdiction(api, world, persona):
    expected = {"370725"} if persona == "other_office" else {"370724"}
    assert codes(api(persona).get("/api/jurisdictions/")) == expected


def test_other_county_is_404(api, world):
    response = api("office").get(f"/api/jurisdictions/{world.other_county.pk}/")
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_read_only(api, world, method):
    response = getattr(api("office"), method)(
        f"/api/jurisdictions/{world.county.pk}/", {"name": "x"}, format="json"
    )
    assert_error(response, 405, "method_not_allowed")
