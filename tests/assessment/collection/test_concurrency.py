"""Saves in a rush: SQLite as shipped, one lock order, a lock that waits for saves in flight,
connections that recover, transient conflicts retried.

The SQLite test runs on a database file of its own with the shipped settings, whichever
database the suite runs on; the lock tests need row locks and run on PostgreSQL only.
"""

from __future__ import annotations

import contextlib
import threading
from decimal import Decimal

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from leitai.assessment.collection.services.collection import (
    Entry,
    submission_save,
    submission_submit,
)
from leitai.assessment.collection.services.review import value_return, value_verify
from leitai.assessment.models import IndicatorValue, Period
from leitai.assessment.scheme.services.periods import period_lock
from leitai.core.databases import database_settings
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection
from tests.conftest import build_world

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL only"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- SQLite as shipped ---------------------------------------------------------------------


@pytest.fixture
def shipped_sqlite(tmp_path, django_db_blocker):
    """A database file of its own under the alias "rush", with the settings Leitai ships."""
    alias = "rush"
    shipped = database_settings(
        f"sqlite:///{tmp_path / 'rush.sqlite3'}", conn_max_age=0, busy_timeout=10
    )
    configured = connections.configure_settings(
        {"default": dict(connections.settings["default"]), alias: shipped}
    )
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_sqlite_as_shipped_queues_writers_that_read_first(shipped_sqlite):
    """Two transactions that read, then write: both land (deferred ones fail at once)."""
    from django.db import transaction

    alias = shipped_sqlite
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)

    first_read, second_starting = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def add_one(name: str) -> None:
        try:
            if name == "second":
                first_read.wait(5)
                second_starting.set()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")
                n = cursor.fetchone()[0]
                if name == "first":
                    first_read.set()
                    second_starting.wait(5)
                    threading.Event().wait(0.3)  # the second one tries to begin meanwhile
                cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except Exception as exc:
            errors.append(exc)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=add_one, args=(n,)) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        assert (errors, cursor.fetchone()) == ([], (2,))


def test_postgresql_connections_are_health_checked():
    settings = database_settings(
        "postgres://postgres@127.0.0.1:5432/leitai", conn_max_age=60, busy_timeout=30
    )
    assert (settings["CONN_MAX_AGE"], settings["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "transaction_mode" not in settings.get("OPTIONS", {})


# --- one lock order ------------------------------------------------------------------------


def _lock_sequence(queries) -> list[str]:
    """The tables locked, in order, by the SQL a service ran."""
    order = []
    for query in queries:
        sql = query["sql"]
        if " FOR UPDATE" not in sql and " FOR SHARE" not in sql:
            continue
        table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
        if not order or order[-1] != table:
            order.append(table)
    return order


def _returned_month(col):
    """Unit A's February: P01 returned to the unit, P02 still signed off."""
    w = col.world
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("12"), 0), Entry("P02", Decimal("3"), 0)],
    )
    submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    values = {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}
    value_return(actor=w.assessor, value=values["P01"], comment="请核实")
    return {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}


LOCK_ORDER = ["assessment_period", "assessment_submission", "assessment_indicatorvalue"]


@postgres_only
@pytest.mark.django_db
def test_saving_and_verifying_lock_period_then_submission_then_values():
    col = build_collection(build_world())
    w = col.world
    values = _returned_month(col)
    with CaptureQueriesContext(connection) as saving:
        submission_save(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            entries=[Entry("P01", Decimal("13"), values["P01"].revision)],
        )
    with CaptureQueriesContext(connection) as verifying:
        value_verify(actor=w.assessor, value=values["P02"])
    with CaptureQueriesContext(connection) as returning:
        value_return(
            actor=w.assessor,
            value=IndicatorValue.objects.get(pk=values["P02"].pk),
            comment="再核实",
        )
    assert _lock_sequence(saving.captured_queries) == LOCK_ORDER
    assert _lock_sequence(verifying.captured_queries) == LOCK_ORDER
    assert _lock_sequence(returning.captured_queries) == LOCK_ORDER


def _run_in_threads(*jobs) -> list[Exception]:
    errors: list[Exception] = []

    def run(job):
        try:
            job()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_save_and_a_verify_of_the_same_value_never_deadlock():
    col = build_collection(build_world())
    w = col.world
    for attempt in range(15):
        values = _returned_month(col) if attempt == 0 else _fresh_round(col)
        p01, p02 = values["P01"], values["P02"]

        def save(p01=p01, p02=p02, attempt=attempt):
            submission_save(
                actor=w.reporter_a,
                period=col.february,
                unit=w.unit_a,
                entries=[
                    Entry("P01", Decimal(20 + attempt), p01.revision),
                    Entry("P02", p02.value, None),
                ],
            )

        def verify(p02=p02):
            # If the save came first the value changed: refused, but never a deadlock.
            with contextlib.suppress(ValidationError):
                value_verify(actor=w.assessor, value=p02)

        assert _run_in_threads(save, verify) == []


def _fresh_round(col):
    """Sign off again and return P01, for the next round of the race."""
    w = col.world
    submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    values = {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}
    if values["P02"].state == "verified":
        value_return(actor=w.assessor, value=values["P02"], comment="再看")
        submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
        values = {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}
    value_return(actor=w.assessor, value=values["P01"], comment="请核实")
    return {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}


# --- the period lock waits for saves in flight -------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_locking_a_period_waits_for_a_save_in_flight_and_refuses_the_next():
    from leitai.assessment.collection.services.collection import check_takes_entries
    from leitai.core.transactions import outermost

    col = build_collection(build_world())
    w = col.world
    holding, go = threading.Event(), threading.Event()

    def save_in_flight():
        with outermost():  # the save's own transaction, opened a moment early
            check_takes_entries(col.february)  # the period is read, as a save begins
            holding.set()
            go.wait(10)
            submission_save(
                actor=w.reporter_a,
                period=col.february,
                unit=w.unit_a,
                entries=[Entry("P01", Decimal("12"), 0)],
            )

    def lock():
        holding.wait(10)
        period_lock(actor=w.office, period=Period.objects.get(pk=col.february.pk))

    saver = threading.Thread(target=lambda: _run_in_threads(save_in_flight))
    saver.start()
    holding.wait(10)
    locker_errors: list[Exception] = []
    locker = threading.Thread(target=lambda: locker_errors.extend(_run_in_threads(lock)))
    locker.start()
    locker.join(0.5)
    assert locker.is_alive()  # the lock waits for the save in flight
    go.set()
    saver.join(30)
    locker.join(30)
    assert locker_errors == []
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["submission.save", "period.lock"]
    with pytest.raises(ValidationError, match="locked"):
        submission_save(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            entries=[Entry("P02", Decimal("5"), 0)],
        )
    assert not IndicatorValue.objects.filter(indicator_code="P02").exists()


# --- connections the database dropped ------------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_database_dropped_the_connection_succeeds():
    w = build_world()
    token = Token.objects.create(user=w.office)
    handler = WSGIHandler()

    def get_me():
        environ = RequestFactory().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token.key}").environ
        statuses = []
        body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
        return statuses[0], body

    assert get_me()[0] == "200 OK"
    assert connection.connection is not None  # kept for the next request (CONN_MAX_AGE)
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    status, body = get_me()
    assert status == "200 OK", body[:300]
    assert connection.connection.info.backend_pid != pid


# --- transient conflicts -------------------------------------------------------------------


def _deadlock() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
    return error


@pytest.mark.django_db(transaction=True)
def test_a_transient_conflict_is_retried_once_and_saved_once(monkeypatch):
    from leitai.assessment.collection.services import collection

    col = build_collection(build_world())
    w = col.world
    calls = []
    real_record = collection.record

    def flaky_record(**kwargs):
        calls.append(kwargs["action"])
        if len(calls) == 1:
            raise _deadlock()
        return real_record(**kwargs)

    monkeypatch.setattr(collection, "record", flaky_record)
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("12"), 0)],
    )
    assert calls == ["submission.save", "submission.save"]
    value = IndicatorValue.objects.get(indicator_code="P01")
    assert (value.value, value.revision) == (Decimal("12.0000"), 1)
    assert AuditEntry.objects.filter(action="submission.save").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_conflict_twice_answers_retry_later_and_saves_nothing(monkeypatch):
    from leitai.assessment.collection.services import collection

    col = build_collection(build_world())
    w = col.world

    def always_locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(collection, "record", always_locked)
    client = w.client_for("reporter_a")
    response = client.post(
        "/api/values/",
        {
            "period": col.february.pk,
            "unit": w.unit_a.pk,
            "indicator_code": "P01",
            "value": "12",
            "revision": 0,
        },
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "retry_later"
    assert response.json()["error"]["message"].startswith("系统正忙")
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.filter(action="submission.save").exists()
    # The page keeps what was typed and says, in Chinese, that nothing was saved.
    page = client.post(
        reverse("assessment:submission", args=[col.february.pk, w.unit_a.pk]),
        {"v_P01": "12", "o_P01": "", "r_P01": "0", "action": "save"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "系统正忙" in text and 'value="12"' in text
    assert not IndicatorValue.objects.exists()
