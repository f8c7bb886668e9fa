"""Services own the transaction: the outermost one, never inside a view's."""

from __future__ import annotations

import pytest
from django.db import transaction

from leitai.core.models import AuditEntry
from leitai.core.transactions import in_service, outermost, service

pytestmark = pytest.mark.django_db


@service
def write_one(action: str) -> bool:
    AuditEntry.objects.create(action=action, object_type="test", object_repr="x")
    return in_service()


@service
def write_two() -> None:
    write_one("inner")
    write_one("inner")


@service
def write_then_fail() -> None:
    write_one("kept?")
    raise ValueError("refused")


def test_a_service_runs_in_a_transaction_of_its_own():
    assert in_service() is False
    assert write_one("alone") is True
    assert in_service() is False
    assert AuditEntry.objects.filter(action="alone").count() == 1


def test_a_service_inside_another_joins_its_transaction_and_is_undone_with_it():
    write_two()
    assert AuditEntry.objects.filter(action="inner").count() == 2
    with pytest.raises(ValueError):
        write_then_fail()
    assert not AuditEntry.objects.filter(action="kept?").exists()


def test_a_service_refuses_to_run_inside_a_transaction_a_view_opened():
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        write_one("nested")
    assert not AuditEntry.objects.filter(action="nested").exists()


def test_a_command_runs_many_services_as_one_whole():
    with pytest.raises(ValueError), outermost():
        write_one("first")
        raise ValueError("second failed")
    assert not AuditEntry.objects.filter(action="first").exists()
    with outermost():
        write_one("first")
        write_one("second")
    assert AuditEntry.objects.filter(action__in=["first", "second"]).count() == 2


def test_share_lock_rereads_the_row_under_a_shared_lock_on_postgresql():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leitai.core.transactions import share_lock

    entry = AuditEntry.objects.create(action="test.row", object_type="test", object_repr="x")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert share_lock(AuditEntry, entry.pk) is True
        assert share_lock(AuditEntry, entry.pk + 1000) is False
    first, second = (q["sql"] for q in queries.captured_queries if "SELECT 1" in q["sql"])
    locked = connection.vendor == "postgresql"
    assert first.endswith("FOR SHARE") is locked
    assert second.endswith("FOR SHARE") is locked
    assert first.startswith("SELECT 1 FROM")


@pytest.mark.django_db(transaction=True)
def test_share_lock_refuses_to_run_outside_a_transaction():
    from django.db.transaction import TransactionManagementError

    from leitai.core.transactions import share_lock

    with pytest.raises(TransactionManagementError):
        share_lock(AuditEntry, 1)
