"""The security administrator sets the token lifetime, idle timeouts, password rules, retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.org import services
from leitai.org.models import SecuritySettings
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "token_days": 90,
    "office_idle_hours": 12,
    "unit_idle_hours": 12,
    "password_history": 5,
    "password_expiry_days": 0,
    "audit_retention_days": 180,
}
URL = "/org/security/"


def test_the_page_shows_the_defaults_and_saves_one_audited_change(world):
    client = world.client_for("security")
    assert client.get(URL).context["form"].initial == DEFAULTS
    data = {**DEFAULTS, "token_days": 30, "office_idle_hours": 4}
    assert client.post(URL, data).status_code == 302
    saved = SecuritySettings.objects.get(jurisdiction=world.county)
    assert (saved.token_days, saved.office_idle_hours, saved.unit_idle_hours) == (30, 4, 12)
    entry = AuditEntry.objects.get(action="security_settings.update")
    assert (entry.actor, entry.jurisdiction, entry.before, entry.after) == (
        world.security,
        world.county,
        {"token_days": 90, "office_idle_hours": 12},
        {"token_days": 30, "office_idle_hours": 4},
    )
    # Saving the same values again changes nothing and writes nothing.
    assert client.post(URL, data).status_code == 302
    assert AuditEntry.objects.filter(action="security_settings.update").count() == 1
    # The other county keeps its defaults.
    assert world.client_for("other_security").get(URL).context["form"].initial == DEFAULTS


@pytest.mark.parametrize(
    "persona", ["office", "auditor", "reporter_a", "leader", "other_office", "other_auditor"]
)
def test_no_one_else_reads_or_sets_the_rules(world, persona):
    client = world.client_for(persona)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {**DEFAULTS, "token_days": 1}).status_code == 404
    assert not SecuritySettings.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_other_countys_security_administrator_sets_only_its_own(world):
    with pytest.raises(PermissionDenied):
        services.security_settings_update(
            actor=world.other_security, jurisdiction=world.county, token_days=1
        )
    assert not SecuritySettings.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_audit_retention_cannot_go_below_180_days(world):
    client = world.client_for("security")
    response = client.post(URL, {**DEFAULTS, "audit_retention_days": 179})
    assert response.status_code == 200
    assert response.context["form"].errors["audit_retention_days"] == ["确保该值大于或等于180。"]
    with pytest.raises(ValidationError) as refused:
        services.security_settings_update(
            actor=world.security, jurisdiction=world.county, audit_retention_days=179
        )
    assert "audit_retention_days" in refused.value.message_dict
    assert not SecuritySettings.objects.exists()
    assert not AuditEntry.objects.exists()
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        SecuritySettings.objects.create(jurisdiction=world.county, audit_retention_days=179)


def _token(username: str) -> str:
    response = APIClient().post(
        "/api/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def _me(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/me/").status_code


def _age(key: str, days: float) -> None:
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=days))


def test_the_token_lifetime_is_the_jurisdictions_and_applies_to_issued_tokens(world):
    here, there = _token("reporter_a"), _token("other_office")
    _age(here, 10)
    _age(there, 10)
    assert (_me(here), _me(there)) == (200, 200)
    services.security_settings_update(actor=world.security, jurisdiction=world.county, token_days=7)
    assert (_me(here), _me(there)) == (401, 200)
    _age(here, 6.9)
    assert _me(here) == 200
    fresh = APIClient().post(
        "/api/token/", {"username": "reporter_a", "password": PASSWORD}, format="json"
    )
    token = Token.objects.get(key=fresh.json()["token"])
    expires = (token.created + dt.timedelta(days=7)).astimezone(dt.UTC)
    assert fresh.json()["expires"] == expires.isoformat().replace("+00:00", "Z")


def _session_age(username: str) -> int:
    client = Client()
    assert (
        client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client.session.get_expiry_age()


def test_the_idle_timeout_follows_the_role_class(world):
    assert (_session_age("office"), _session_age("reporter_a")) == (12 * 3600, 12 * 3600)
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, office_idle_hours=2, unit_idle_hours=8
    )
    assert _session_age("office") == 2 * 3600
    assert _session_age("security") == 2 * 3600
    assert _session_age("auditor") == 2 * 3600
    assert _session_age("reporter_a") == 8 * 3600
    assert _session_age("other_office") == 12 * 3600
