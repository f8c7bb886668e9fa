"""API tokens expire, are revoked by their holder or the office and by any password change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.org import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def issue(username: str) -> str:
    response = APIClient().post(
        "/api/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def me(key: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/me/")


def age(key: str, days: float) -> None:
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=days))


def test_a_token_works_for_90_days_then_is_refused_and_a_new_one_is_issued(world, settings):
    key = issue("reporter_a")
    entry = AuditEntry.objects.get(action="token.issue")
    assert (entry.actor, entry.jurisdiction) == (world.reporter_a, world.county)
    age(key, 89.9)
    assert me(key).status_code == 200
    age(key, 90)
    refused = me(key)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "令牌已过期，请用密码重新申请。"
    fresh = issue("reporter_a")
    assert fresh != key and me(fresh).status_code == 200
    assert Token.objects.filter(user=world.reporter_a).count() == 1
    settings.LEITAI_TOKEN_DAYS = 7
    age(fresh, 7)
    assert me(fresh).status_code == 401


def test_the_holder_revokes_its_token_with_one_audit_row(world):
    key = issue("reporter_a")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/token/").status_code == 204
    assert me(key).status_code == 401
    entry = AuditEntry.objects.get(action="token.revoke")
    assert (entry.actor, entry.before, entry.after) == (
        world.reporter_a,
        {"tokens": 1},
        {"tokens": 0},
    )


def test_the_security_administrator_lists_and_revokes_tokens_on_the_security_page(world):
    key = issue("reporter_a")
    page = reverse("org:security")
    security = world.client_for("security")
    [row] = security.get(page).context["tokens"]
    token = Token.objects.get(key=key)
    assert (row["token"].user, row["expires"]) == (
        world.reporter_a,
        token.created + dt.timedelta(days=90),
    )
    assert world.client_for("other_security").get(page).context["tokens"] == []
    url = reverse("org:person_token_revoke", args=[world.reporter_a.pk])
    # Not the security administrator of the person's county: 404 and the token still works;
    # the office (the system administrator) does not revoke tokens either.
    for persona in ("other_security", "reporter_b", "office", "auditor"):
        assert world.client_for(persona).post(url).status_code == 404, persona
    assert me(key).status_code == 200
    assert not AuditEntry.objects.filter(action="token.revoke").exists()
    assert security.post(url).status_code == 302
    assert me(key).status_code == 401
    entry = AuditEntry.objects.get(action="token.revoke")
    assert (entry.actor, entry.jurisdiction) == (world.security, world.county)
    assert security.get(page).context["tokens"] == []


def test_a_password_set_by_the_office_revokes_every_token(world):
    key = issue("reporter_a")
    services.person_set_password(
        actor=world.office, person=world.reporter_a, password="another-Pw-2022!"
    )
    assert me(key).status_code == 401
    entry = AuditEntry.objects.get(action="person.set_password")
    assert (entry.after, entry.jurisdiction) == ({"tokens_revoked": 1}, world.county)


def test_changing_ones_own_password_revokes_every_token(world):
    key = issue("reporter_a")
    services.person_change_own_password(
        actor=world.reporter_a, old_password=PASSWORD, new_password="another-Pw-2022!"
    )
    assert me(key).status_code == 401
    entry = AuditEntry.objects.get(action="person.change_own_password")
    assert (entry.after, entry.jurisdiction) == ({"tokens_revoked": 1}, world.county)


def test_a_session_ends_after_12_idle_hours_and_activity_renews_it(world, settings):
    from django.contrib.sessions.models import Session
    from django.test import Client

    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "office", "password": PASSWORD}).status_code
        == 302
    )
    assert client.get("/").status_code == 200
    key = client.session.session_key
    stored = Session.objects.get(session_key=key)
    # Pretend the last activity was an hour ago: the next page view renews the expiry.
    earlier = stored.expire_date - dt.timedelta(hours=1)
    Session.objects.filter(session_key=key).update(expire_date=earlier)
    session = client.session
    session["_seen"] -= 3600
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=earlier)
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed - earlier >= dt.timedelta(minutes=59)
    # Within five minutes of the last refresh a page view writes nothing.
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == renewed


def test_the_holder_sees_when_its_token_was_issued_and_expires_but_not_the_key(world):
    client = APIClient()
    client.force_authenticate(world.reporter_a)
    assert client.get("/api/token/").status_code == 404
    key = issue("reporter_a")
    token = Token.objects.get(key=key)
    body = client.get("/api/token/").json()
    assert body == {
        "issued": token.created.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "expires": (token.created + dt.timedelta(days=90))
        .astimezone(dt.UTC)
        .isoformat()
        .replace("+00:00", "Z"),
    }
    assert APIClient().get("/api/token/").status_code == 401
