"""Pagination: one shape for every list."""

from __future__ import annotations

from tests.api.conftest import assert_error


def test_list_shape_and_page_size(api, world):
    body = api("office").get("/api/units/?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert [u["code"] for u in body["results"]] == ["A01", "B01"]
    assert body["previous"] is None
    assert body["next"].endswith("/api/units/?page=2&page_size=2")
    second = api("office").get("/api/units/?page=2&page_size=2").json()
    assert [u["code"] for u in second["results"]] == ["C01", "S01"]
    assert second["next"] is None


def test_page_past_the_end_is_404(api, world):
    assert_error(api("office").get("/api/units/?page=9"), 404, "not_found")


def test_page_size_is_capped(api, world):
    response = api("office").get("/api/units/?page_size=100000")
    assert response.status_code == 200
    assert response.json()["count"] == 4
