"""The audit log has no deletion path and cannot be edited (等保 2.0: kept at least 180 days)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from leitai.core.models import AuditEntry, AuditLogKept
from leitai.org import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    services.unit_update(actor=world.office, unit=world.unit_a, short_name="发改")
    return AuditEntry.objects.get()


def test_no_code_path_deletes_or_edits_an_entry(entry):
    with pytest.raises(AuditLogKept):
        entry.delete()
    with pytest.raises(AuditLogKept):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogKept):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")
    entry.action = "nothing"
    with pytest.raises(AuditLogKept):
        entry.save()
    stored = AuditEntry.objects.get()
    assert (stored.action, stored.after) == ("unit.update", {"short_name": "发改"})


def test_the_admin_neither_adds_changes_nor_deletes_entries(entry):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    model_admin = admin.site._registry[AuditEntry]
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, entry),
        model_admin.has_delete_permission(request, entry),
    ) == (False, False, False)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_deleting_the_actor_or_the_unit_keeps_the_entry(world, entry):
    person = world.judge
    services.person_update(
        actor=world.office, person=person, jurisdiction=world.county, email="j@example.org"
    )
    row = AuditEntry.objects.get(action="person.update")
    world.office.delete()  # an account is deactivated in practice; deleting keeps the rows
    row.refresh_from_db()
    assert (row.actor_id, row.actor_name, row.action) == (None, "活动办", "person.update")
    assert AuditEntry.objects.count() == 2


postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guard is PostgreSQL's trigger"
)


def _sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@postgresql
def test_the_database_refuses_to_delete_or_edit_a_young_entry(world, entry):
    with pytest.raises(IntegrityError):
        _sql("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError):
        _sql("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError):
        _sql("UPDATE core_auditentry SET created_at = created_at - interval '1 year'")
    assert AuditEntry.objects.get().action == "unit.update"


@postgresql
def test_the_database_lets_an_entry_older_than_the_retention_go(world, entry):
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, audit_retention_days=365
    )
    old = timezone.now() - dt.timedelta(days=200)
    _sql(
        "INSERT INTO core_auditentry (created_at, actor_name, action, object_type, object_id,"
        " object_repr, source, request_id, jurisdiction_id)"
        " VALUES (%s, '', 'old', 'org.unit', '1', '', 'web', '', %s)",
        [old, world.county.pk],
    )
    # 200 days is younger than the county's 365: refused.
    with pytest.raises(IntegrityError):
        _sql("DELETE FROM core_auditentry WHERE action = 'old'")
    services.security_settings_update(
        actor=world.security, jurisdiction=world.county, audit_retention_days=180
    )
    _sql("DELETE FROM core_auditentry WHERE action = 'old'")
    assert not AuditEntry.objects.filter(action="old").exists()
