"""Helpers for API tests: a DRF client per persona and exact checks of the error shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry


@pytest.fixture
def api(world):
    """Return a function giving an APIClient authenticated as the named persona."""

    def client_for(persona: str | None) -> APIClient:
        client = APIClient()
        if persona:
            client.force_authenticate(getattr(world, persona))
        return client

    return client_for


def codes(response) -> set[str]:
    """Return the `code` of every result of a list response."""
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["results"]}


def assert_error(response, status: int, code: str, fields: dict | None = None) -> None:
    """Check the one error shape, its code and (for bad input) exactly which fields."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    if fields is not None:
        assert set(body["error"]["fields"]) == set(fields)
        for name, fragment in fields.items():
            assert any(fragment in m for m in body["error"]["fields"][name]), body


def audit_count() -> int:
    return AuditEntry.objects.count()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas are created with passwords; the default hasher takes most of a test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
