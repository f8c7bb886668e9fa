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
