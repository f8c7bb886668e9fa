"""The OpenAPI schema: valid, without a single warning, and served at /api/schema/."""

from __future__ import annotations

from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn makes any drf-spectacular warning (an unguessable type, a view without a
    # serializer) fail the test, not just scroll past in a log.
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in [
        "/api/units/",
        "/api/groups/",
        "/api/supervision-groups/",
        "/api/people/",
        "/api/years/",
        "/api/jurisdictions/",
        "/api/audit/",
        "/api/me/",
        "/api/token/",
    ]:
        assert f"  {path}:" in text


def test_schema_and_docs_are_served(db):
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Leitai API"
    assert client.get("/api/docs/").status_code == 200


def test_no_password_field_in_any_response_schema(db):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for name, component in schema["components"]["schemas"].items():
        if not name.endswith("Request"):
            assert "password" not in component.get("properties", {}), name
