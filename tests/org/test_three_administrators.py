"""三员分立: the office (system administrator), security and audit administrators.

None can do another's job and none can erase its own traces (docs/security.md).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.org import services
from leitai.org.models import Role, RoleGrant

pytestmark = pytest.mark.django_db

# Pages of each administrator, and a sample of the office's (the system administrator's) work.
SECURITY_PAGES = ["/org/security/"]
AUDIT_PAGES = ["/audit/"]
OFFICE_PAGES = [
    "/org/people/new/",
    "/org/units/new/",
    "/org/import/",
    "/org/groups/new/",
    "/org/supervision/new/",
]


def _status(world, persona, url):
    return world.client_for(persona).get(url).status_code


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("office", OFFICE_PAGES),
        ("security", SECURITY_PAGES),
        ("auditor", AUDIT_PAGES),
    ],
)
def test_each_administrator_reaches_only_its_own_pages(world, persona, allowed):
    for url in SECURITY_PAGES + AUDIT_PAGES + OFFICE_PAGES:
        assert _status(world, persona, url) == (200 if url in allowed else 404), url


def test_the_security_and_audit_administrators_see_no_assessment_data(world):
    for persona in ("security", "auditor"):
        client = world.client_for(persona)
        assert client.get(reverse("org:unit_detail", args=[world.unit_a.pk])).status_code == 404
        api = APIClient()
        api.force_authenticate(getattr(world, persona))
        assert api.get("/api/units/").json()["count"] == 0
        people = api.get("/api/people/").json()["results"]
        assert [p["username"] for p in people] == [persona]  # only themselves


def test_each_administrators_home_is_its_page(world):
    assert world.client_for("security").get("/")["Location"] == "/org/security/"
    assert world.client_for("auditor").get("/")["Location"] == "/audit/"
    nav = world.client_for("auditor").get("/audit/").context["nav"]
    assert [e.url_name for e in nav] == ["home", "core:audit_list"]
    nav = world.client_for("security").get("/org/security/").context["nav"]
    assert [e.url_name for e in nav] == ["home", "org:security"]


ONE_ROLE_ZH = "同一人最多只能担任考核办（系统管理员）、安全管理员、审计管理员中的一种角色。"


@pytest.mark.parametrize("persona", ["office", "security", "auditor"])
def test_no_one_holds_two_administrator_roles(world, persona):
    person = getattr(world, persona)
    current = list(RoleGrant.objects.filter(user=person).values_list("role", flat=True))
    for extra in sorted({Role.OFFICE, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN} - set(current)):
        with pytest.raises(ValidationError) as refused:
            services.person_update(
                actor=world.office,
                person=person,
                jurisdiction=world.county,
                grants=[(current[0], None), (extra, None)],
            )
        assert refused.value.message_dict["grants"] == [ONE_ROLE_ZH]
    assert list(RoleGrant.objects.filter(user=person).values_list("role", flat=True)) == current
    assert not AuditEntry.objects.exists()


def test_the_office_cannot_set_the_rules_unlock_or_revoke(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.security_settings_update(
            actor=world.office, jurisdiction=world.county, audit_retention_days=365
        )
    with pytest.raises(PermissionDenied):
        services.person_unlock(
            actor=world.office, person=world.reporter_a, jurisdiction=world.county
        )
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=world.office, person=world.reporter_a)
    assert not AuditEntry.objects.exists()


def test_the_security_and_audit_administrators_change_no_people(world):
    from django.core.exceptions import PermissionDenied

    for persona in ("security", "auditor"):
        with pytest.raises(PermissionDenied):
            services.person_set_password(
                actor=getattr(world, persona), person=world.reporter_a, password="Another-Pw-2022!"
            )
        with pytest.raises(PermissionDenied):
            services.unit_update(actor=getattr(world, persona), unit=world.unit_a, name="改")
        with pytest.raises(PermissionDenied):
            services.security_settings_update(
                actor=world.auditor, jurisdiction=world.county, token_days=1
            )
    assert not AuditEntry.objects.exists()


def test_every_administrators_work_is_on_the_record_and_no_one_can_erase_it(world):
    services.unit_update(actor=world.office, unit=world.unit_a, short_name="发改")
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, password_history=3
    )
    api = APIClient()
    api.force_authenticate(world.auditor)
    rows = api.get("/api/audit/").json()["results"]
    assert sorted((r["action"], r["actor"]) for r in rows) == [
        ("security_settings.update", world.security.pk),
        ("unit.update", world.office.pk),
    ]
    # The log is read-only for the auditor too, and nobody has a page that deletes rows.
    entry = rows[0]["id"]
    assert api.delete(f"/api/audit/{entry}/").status_code == 405
    assert api.patch(f"/api/audit/{entry}/", {"action": "x"}, format="json").status_code == 405
    for persona in ("office", "security"):
        other = APIClient()
        other.force_authenticate(getattr(world, persona))
        assert other.get("/api/audit/").status_code == 403
        assert other.delete(f"/api/audit/{entry}/").status_code == 403
    # Nobody can shorten the retention below 180 days to let rows go sooner.
    with pytest.raises(ValidationError):
        services.security_settings_update(
            actor=world.security, jurisdiction=world.county, audit_retention_days=30
        )
    assert AuditEntry.objects.count() == 2
