"""Log-in throttling: by account first, by address second, on the log-in page and /api/token/."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.core.throttle import client_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED_ZH = "密码错误次数过多"


def page_login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def token(username: str, password: str, **extra):
    return APIClient().post(
        "/api/token/", {"username": username, "password": password}, format="json", **extra
    )


def test_the_log_in_page_locks_an_account_at_the_fifth_wrong_password(world):
    client = Client()
    for _ in range(4):
        response = page_login(client, "reporter_a", "wrong")
        assert response.status_code == 200
        assert "账号或密码错误" in response.content.decode()
    fifth = page_login(client, "reporter_a", "wrong")
    assert fifth.status_code == 429
    assert LOCKED_ZH in fifth.content.decode()
    right = page_login(client, "reporter_a", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked (offices share addresses).
    other = page_login(Client(), "reporter_b", PASSWORD)
    assert other.status_code == 302


def test_four_wrong_passwords_then_the_right_one_logs_in_and_starts_the_count_again(world):
    client = Client()
    for _ in range(4):
        assert page_login(client, "office", "wrong").status_code == 200
    assert page_login(client, "office", PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username="office").count() == 0
    for _ in range(4):
        assert page_login(Client(), "office", "wrong").status_code == 200


def test_the_token_endpoint_locks_the_same_way(world):
    for _ in range(4):
        response = token("reporter_a", "wrong")
        assert response.status_code == 400
    fifth = token("reporter_a", "wrong")
    assert fifth.status_code == 429
    assert fifth.json()["error"]["code"] == "locked_out"
    assert LOCKED_ZH in fifth.json()["error"]["message"]
    right = token("reporter_a", PASSWORD)
    assert right.status_code == 429
    assert "token" not in right.json()
    # The page and the API count together: the page is locked too.
    assert page_login(Client(), "reporter_a", PASSWORD).status_code == 429
    assert token("reporter_b", PASSWORD).status_code == 200


def test_an_address_is_locked_after_its_own_higher_limit_across_accounts(world, settings):
    settings.LEITAI_LOGIN_ADDRESS_FAILURES = 7
    for username in ("reporter_a", "reporter_b"):
        for _ in range(3):
            assert page_login(Client(), username, "wrong").status_code == 200
    assert page_login(Client(), "assessor", "wrong").status_code == 429
    assert page_login(Client(), "judge", PASSWORD).status_code == 429
    # From another address the accounts (3 failures each) are fine.
    assert page_login(Client(), "judge", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.1.1.1")
    settings.LEITAI_TRUSTED_PROXIES = []
    assert client_address(spoofed) == "203.0.113.5"
    settings.LEITAI_TRUSTED_PROXIES = ["192.168.0.0/24"]
    assert client_address(spoofed) == "203.0.113.5"
    proxied = factory.get(
        "/", REMOTE_ADDR="192.168.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.1.1, 192.168.0.3"
    )
    assert client_address(proxied) == "10.1.1.1"
    assert client_address(factory.get("/", REMOTE_ADDR="192.168.0.2")) == "192.168.0.2"


def test_a_spoofed_forwarded_header_does_not_escape_the_address_limit(world, settings):
    settings.LEITAI_LOGIN_ADDRESS_FAILURES = 3
    for n, username in enumerate(("reporter_a", "reporter_b", "assessor")):
        page_login(Client(), username, "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    locked = page_login(Client(), "judge", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.200")
    assert locked.status_code == 429


def test_the_security_administrator_unlocks_a_person_with_one_audited_change(world):
    for _ in range(5):
        page_login(Client(), "reporter_a", "wrong")
    security = world.client_for("security")
    page = reverse("org:security")
    locked = security.get(page).context["locked"]
    assert [(row["person"], row["failures"]) for row in locked] == [(world.reporter_a, 5)]
    assert world.client_for("other_security").get(page).context["locked"] == []
    # No one else unlocks (the office included: it is the security administrator's job),
    # and nothing changes.
    url = reverse("org:person_unlock", args=[world.reporter_a.pk])
    for persona in ("reporter_b", "office", "auditor", "other_security"):
        assert world.client_for(persona).post(url).status_code == 404, persona
    assert AccessAttempt.objects.filter(username="reporter_a").count() == 1
    assert not AuditEntry.objects.filter(action="person.unlock").exists()
    assert security.post(url).status_code == 302
    entry = AuditEntry.objects.get(action="person.unlock")
    assert (entry.actor, entry.jurisdiction, entry.before, entry.after) == (
        world.security,
        world.county,
        {"failed_logins": 5},
        {"failed_logins": 0},
    )
    assert security.get(page).context["locked"] == []
    assert page_login(Client(), "reporter_a", PASSWORD).status_code == 302
