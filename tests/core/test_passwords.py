"""The password policy: characters of at least three kinds, everywhere a password is set."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from leitai.core.models import AuditEntry
from leitai.org import services

ZH = "密码须至少包含小写字母、大写字母、数字、其他字符中的 3 种。"


@pytest.mark.parametrize(
    "password, accepted",
    [
        ("onlylowercaseletters", False),
        ("lowerand12345678", False),
        ("lower-and-symbols", False),
        ("lower-and-123456", True),
        ("Upper-and-lower", True),
        ("UPPERlower2022", True),
    ],
)
def test_three_kinds_of_characters_are_required(password, accepted):
    if accepted:
        validate_password(password)
    else:
        with pytest.raises(ValidationError) as caught:
            validate_password(password)
        assert ZH in caught.value.messages


@pytest.mark.django_db
def test_the_office_cannot_set_a_simple_password_and_nothing_changes(world):
    old_hash = world.reporter_a.password
    with pytest.raises(ValidationError):
        services.person_set_password(
            actor=world.office, person=world.reporter_a, password="simplepassword"
        )
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.password == old_hash
    assert not AuditEntry.objects.exists()
