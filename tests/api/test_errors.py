"""The one error shape, unknown fields, bad filters, methods and ids that cannot exist."""

from __future__ import annotations

import pytest

from leitai.core.api import flatten_errors
from tests.api.conftest import assert_error, audit_count


def test_unknown_field_is_named(api, world):
    before = audit_count()
    response = api("office").patch(
        f"/api/units/{world.unit_a.pk}/", {"name": "新", "colour": "red"}, format="json"
    )
    assert_error(response, 400, "invalid", {"colour": "Unknown field"})
    assert "colour" in response.json()["error"]["message"]
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "县发展和改革局"
    assert audit_count() == before


def test_read_only_field_in_a_write_is_refused(api, world):
    response = api("office").patch(f"/api/units/{world.unit_a.pk}/", {"id": 99}, format="json")
    assert_error(response, 400, "invalid", {"id": "Unknown field"})


def test_body_that_is_not_an_object_is_refused(api, world):
    response = api("office").patch(f"/api/units/{world.unit_a.pk}/", [1, 2], format="json")
    assert_error(response, 400, "invalid", {"non_field_errors": ""})


def test_malformed_json_is_a_parse_error(api, world):
    response = api("office").generic(
        "PATCH", f"/api/units/{world.unit_a.pk}/", "{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_form_bodies_are_not_accepted(api, world):
    response = api("office").post("/api/units/", {"code": "Z1"})
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_units_cannot_be_replaced_or_deleted(api, world, method):
    response = getattr(api("office"), method)(f"/api/units/{world.unit_a.pk}/")
    assert_error(response, 405, "method_not_allowed")
    assert world.unit_a.__class__.objects.filter(pk=world.unit_a.pk).exists()


@pytest.mark.parametrize("query", ["group=abc", "group=-1", "year=99999999999999999999999"])
def test_bad_filter_value_is_400_naming_the_filter(api, world, query):
    response = api("office").get(f"/api/units/?{query}")
    assert_error(response, 400, "invalid", {query.split("=")[0]: ""})


def test_huge_id_in_path_is_404(api, world):
    assert_error(api("office").get("/api/units/99999999999999999999999/"), 404, "not_found")


def test_huge_id_in_body_is_a_field_error(api, world):
    response = api("office").post(
        "/api/groups/",
        {"year": 10**30, "code": "G9", "name": "九", "units": ["99999999999999999999"]},
        format="json",
    )
    assert_error(response, 400, "invalid", {"year": "", "units.0": ""})


def test_unique_clash_names_the_field(api, world):
    response = api("office").post(
        "/api/units/", {"code": "A01", "name": "新单位", "kind": "party"}, format="json"
    )
    assert_error(response, 400, "invalid", {"code": ""})


def test_flatten_errors_names_nested_paths():
    data = {"grants": [{}, {"unit": ["bad"]}], "name": ["required"]}
    assert flatten_errors(data) == {"grants.1.unit": ["bad"], "name": ["required"]}
