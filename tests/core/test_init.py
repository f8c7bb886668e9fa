"""`leitai init` sets up a jurisdiction for real use, once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from leitai.core.models import AuditEntry
from leitai.org.models import AssessmentYear, Jurisdiction, RoleGrant

ARGS = [
    "--code",
    "370781",
    "--name",
    "青州市",
    "--level",
    "county",
    "--year",
    "2023",
    "--office-username",
    "qz_office",
]


def test_init_creates_jurisdiction_year_and_office(db, monkeypatch):
    monkeypatch.setenv("LEITAI_OFFICE_PASSWORD", "Qingzhou-2023-ok")
    call_command("init", *ARGS)
    jurisdiction = Jurisdiction.objects.get(code="370781")
    year = AssessmentYear.objects.get(jurisdiction=jurisdiction)
    grant = RoleGrant.objects.get(jurisdiction=jurisdiction)
    assert (year.year, year.is_current, year.name) == (2023, True, "2023年度")
    assert (grant.user.username, grant.role, grant.unit) == ("qz_office", "office", None)
    assert grant.user.check_password("Qingzhou-2023-ok")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.source, entry.actor) == ("jurisdiction.init", "command", None)


def test_init_twice_is_refused_and_changes_nothing(db, monkeypatch):
    monkeypatch.setenv("LEITAI_OFFICE_PASSWORD", "Qingzhou-2023-ok")
    call_command("init", *ARGS)
    with pytest.raises(CommandError, match="exists already"):
        call_command("init", *ARGS)
    assert Jurisdiction.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_init_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("LEITAI_OFFICE_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("init", *ARGS)
    assert not Jurisdiction.objects.exists()
