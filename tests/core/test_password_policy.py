"""No reuse of the last passwords, and an optional expiry that forces a change at log-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.org import services
from leitai.org.models import PasswordRecord
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

REUSED_ZH = "该密码是您最近 5 次使用过的密码之一，请另选一个。"
NEW = ["First-Pw-2022!", "Second-Pw-2022!", "Third-Pw-2022!", "Fourth-Pw-2022!"]


def _set(world, password):
    services.person_set_password(actor=world.office, person=world.reporter_a, password=password)


def test_the_last_five_passwords_are_refused_and_the_sixth_back_is_allowed(world):
    for password in NEW:
        _set(world, password)
    # The first password (set when the account was made) and the four since.
    assert PasswordRecord.objects.filter(user=world.reporter_a).count() == 5
    rows = AuditEntry.objects.count()
    for password in [PASSWORD, *NEW]:
        world.reporter_a.refresh_from_db()
        current = world.reporter_a.password
        with pytest.raises(ValidationError) as refused:
            _set(world, password)
        assert refused.value.messages == [REUSED_ZH]
        world.reporter_a.refresh_from_db()
        assert world.reporter_a.password == current
    assert AuditEntry.objects.count() == rows
    assert PasswordRecord.objects.filter(user=world.reporter_a).count() == 5
    _set(world, "Fifth-Pw-2022!")
    _set(world, PASSWORD)  # six passwords back now: allowed
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.check_password(PASSWORD)


def test_changing_ones_own_password_to_the_current_one_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.person_change_own_password(
            actor=world.reporter_a, old_password=PASSWORD, new_password=PASSWORD
        )
    assert refused.value.message_dict == {"new_password2": [REUSED_ZH]}
    assert not AuditEntry.objects.exists()


def test_the_history_rule_can_be_turned_off(world):
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, password_history=0
    )
    _set(world, PASSWORD)
    assert AuditEntry.objects.filter(action="person.set_password").count() == 1


def test_only_hashes_are_kept_and_at_most_24(world):
    for n in range(26):
        _set(world, f"Pw-number-{n:02}!")
    records = list(PasswordRecord.objects.filter(user=world.reporter_a))
    assert len(records) == 24
    assert all(r.password.startswith("md5$") for r in records)
    assert not any("Pw-number" in r.password for r in records)


def _age_password(person, days):
    """Make the password `days` old (a password without a record dates from the joining)."""
    then = timezone.now() - dt.timedelta(days=days)
    PasswordRecord.objects.filter(user=person).update(set_at=then)
    type(person).objects.filter(pk=person.pk).update(date_joined=then)


def _login(username=("reporter_a"), password=PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return client


def test_passwords_do_not_expire_by_default(world):
    _age_password(world.reporter_a, 1000)
    assert _login().get(reverse("home")).status_code == 200


def test_an_expired_password_must_be_changed_at_log_in(world):
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, password_expiry_days=30
    )
    _age_password(world.reporter_a, 29)
    assert _login().get(reverse("home")).status_code == 200
    _age_password(world.reporter_a, 30)
    client = _login()
    for url in (reverse("home"), reverse("org:unit_list"), "/api/units/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("password_change"))
    page = client.get(reverse("password_change"))
    assert "您的密码已过期，请先设置新密码再继续。" in page.content.decode()
    changed = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW[0], "new_password2": NEW[0]},
    )
    assert changed.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    entry = AuditEntry.objects.get(action="person.change_own_password")
    assert (entry.actor, entry.jurisdiction) == (world.reporter_a, world.county)


def test_an_expired_password_gets_no_api_token(world):
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, password_expiry_days=30
    )
    _age_password(world.reporter_a, 31)
    response = APIClient().post(
        "/api/token/", {"username": "reporter_a", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert (
        response.json()["error"]["message"]
        == "密码已过期：请先在修改密码页面修改密码，再申请令牌。"
    )
    assert not AuditEntry.objects.filter(action="token.issue").exists()
