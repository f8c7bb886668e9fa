"""Any unknown address under /api/, even one holding a newline, answers JSON, not HTML."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/units/%0A/", "/api/a/%C2%9D%0Ab/"])
def test_unknown_api_address_is_a_json_404(world, path):
    response = world.client_for("office").get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_the_catch_all_leaves_reversing_intact():
    assert reverse("home") == "/"
