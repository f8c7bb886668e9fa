"""A person changes their own password: through the service, audited, never logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.org.services import person_change_own_password
from tests.conftest import PASSWORD

NEW = "Leitai-new-2022-pw"
URL = "/accounts/password/"


def _form(old=PASSWORD, new=NEW, again=NEW):
    return {"old_password": old, "new_password1": new, "new_password2": again}


def test_change_through_the_page_is_audited_and_ends_other_sessions(world):
    browser = world.client_for("reporter_a")
    other = world.client_for("reporter_a")  # the same person on another device
    assert other.get(reverse("home")).status_code == 200
    response = browser.post(URL, _form())
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.check_password(NEW)
    entry = AuditEntry.objects.get(action="person.change_own_password")
    assert (entry.actor, entry.object_id, entry.before, entry.after, entry.jurisdiction) == (
        world.reporter_a,
        str(world.reporter_a.pk),
        None,
        {"tokens_revoked": 0},
        world.county,
    )
    assert browser.get(reverse("home")).status_code == 200  # this session stays logged in
    assert other.get(reverse("home")).status_code == 302  # the other one is logged out


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (_form(old="wrong"), "old_password", "你的旧密码不正确。请重新输入。"),
        (
            _form(new="1234", again="1234"),
            "new_password2",
            "这个密码太常见了。",
        ),
        (_form(again="something else"), "new_password2", "输入的两个密码不一致。"),
    ],
)
def test_a_refused_change_changes_nothing(world, form, field, message):
    client = world.client_for("reporter_a")
    response = client.post(URL, form)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="person.change_own_password").exists()


def test_the_service_checks_the_old_password_and_the_actor(world):
    with pytest.raises(ValidationError) as exc:
        person_change_own_password(actor=world.reporter_a, old_password="wrong", new_password=NEW)
    assert list(exc.value.message_dict) == ["old_password"]
    with pytest.raises(PermissionDenied):
        person_change_own_password(actor=AnonymousUser(), old_password=PASSWORD, new_password=NEW)
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.check_password(PASSWORD)
    assert AuditEntry.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL, _form())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
