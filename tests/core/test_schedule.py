"""The schedule the worker runs without cron: once per slot, idempotent, shown to the office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from leitai.assessment.models import Period
from leitai.core import schedule
from leitai.core.models import AuditEntry, BackgroundJob, ScheduledRun
from tests.assessment.collection_world import build_collection
from tests.assessment.scheme_factory import make_period
from tests.conftest import ADMIN_PERSONAS, PERSONAS

PERIODS = "leitai.assessment.scheme.services.periods.periods_due"
REMINDERS = "leitai.assessment.collection.services.reminders.reminders_due"
STALLED = "leitai.core.schedule.fail_stalled_jobs"
# 2026-12-04 10:07 UTC: in the 10:05 slot of the 5-minute jobs, the 10:00 slot of the hourly one.
NOW = dt.datetime(2026, 12, 4, 10, 7, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_schedule_lists_the_core_and_the_areas_jobs():
    assert [(e.path, e.minutes) for e in schedule.entries()] == [
        (STALLED, 5),
        (PERIODS, 5),
        (REMINDERS, 60),
    ]


def test_slots_are_cut_from_the_epoch():
    five, hour = schedule.entries()[0], schedule.entries()[2]
    assert five.slot(NOW) == dt.datetime(2026, 12, 4, 10, 5, tzinfo=dt.UTC)
    assert five.next_slot(NOW) == dt.datetime(2026, 12, 4, 10, 10, tzinfo=dt.UTC)
    assert hour.slot(NOW) == dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def test_each_job_runs_once_per_slot(db):
    first = schedule.run_due(NOW)
    assert [(r.job, r.status, r.result) for r in first] == [
        (STALLED, "done", "0 stalled job(s) failed"),
        (PERIODS, "done", "0 opened, 0 locked"),
        (REMINDERS, "done", "0 period(s) reminded, 0 unit(s) reached"),
    ]
    # Another worker, or this one a minute later: the slots are taken.
    assert schedule.run_due(NOW + dt.timedelta(minutes=1)) == []
    later = schedule.run_due(NOW + dt.timedelta(minutes=3))  # 10:10: the 5-minute jobs again
    assert [r.job for r in later] == [STALLED, PERIODS]
    assert ScheduledRun.objects.count() == 5


def test_a_slot_taken_by_another_worker_is_skipped(db):
    entry = schedule.entries()[1]
    assert schedule.claim(entry, entry.slot(NOW)) is not None
    assert schedule.claim(entry, entry.slot(NOW)) is None  # the second worker loses the race
    assert ScheduledRun.objects.filter(job=PERIODS).count() == 1


def test_a_failing_job_is_recorded_and_the_next_slot_tries_again(db, monkeypatch):
    from leitai.assessment.scheme.services import periods

    def broken(*, now=None):
        raise RuntimeError("database gone")

    monkeypatch.setattr(periods, "periods_advance_due", broken)
    runs = {r.job: r for r in schedule.run_due(NOW)}
    assert (runs[PERIODS].status, runs[PERIODS].result) == (
        "failed",
        "RuntimeError: database gone",
    )
    assert runs[STALLED].status == "done"  # one failure does not stop the others
    monkeypatch.undo()
    again = {r.job: r for r in schedule.run_due(NOW + dt.timedelta(minutes=5))}
    assert again[PERIODS].status == "done"


def test_due_periods_are_locked_by_the_system_once(world):
    period = make_period(world.year, "2022-01", state=Period.State.OPEN)
    runs = {r.job: r for r in schedule.run_due(NOW)}
    assert runs[PERIODS].result == "0 opened, 1 locked"
    period.refresh_from_db()
    assert period.state == "locked"
    lock = AuditEntry.objects.get(action="period.lock")
    assert (lock.actor_id, lock.source) == (None, "system")
    runs = {r.job: r for r in schedule.run_due(NOW + dt.timedelta(minutes=5))}
    assert runs[PERIODS].result == "0 opened, 0 locked"
    assert AuditEntry.objects.filter(action="period.lock").count() == 1


def test_late_units_are_reminded_once_a_day(world, django_capture_on_commit_callbacks):
    col = build_collection(world)
    world.reporter_b.email = "b@example.cn"
    world.reporter_b.save()
    now = timezone.now()
    col.february.deadline = now - dt.timedelta(hours=1)
    col.february.save()
    with django_capture_on_commit_callbacks(execute=True):
        runs = {r.job: r for r in schedule.run_due(now)}
    assert runs[REMINDERS].result == "1 period(s) reminded, 1 unit(s) reached"
    assert [m.to for m in mail.outbox] == [["b@example.cn"]]
    entry = AuditEntry.objects.get(action="reminder.send")
    assert (entry.actor_id, entry.after["units"]) == (None, ["B01"])
    # The next hour's slot the same day reminds nobody again.
    from leitai.assessment.collection.services.reminders import reminders_due

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_due(now=now) == "0 period(s) reminded, 0 unit(s) reached"
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="reminder.send").count() == 1


def test_the_worker_runs_the_schedule_without_cron(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stalled = BackgroundJob.objects.create(
        kind="x",
        func_path="leitai.core.jobs.inline",
        status="running",
        started_at=timezone.now() - dt.timedelta(hours=2),
    )
    call_command("worker", "--batch", verbosity=0)
    assert sorted(ScheduledRun.objects.values_list("job", "status")) == sorted(
        [(STALLED, "done"), (PERIODS, "done"), (REMINDERS, "done")]
    )
    stalled.refresh_from_db()
    assert stalled.status == "failed"


@pytest.mark.parametrize("persona", PERSONAS + ADMIN_PERSONAS)
def test_only_an_office_sees_the_schedule(world, persona):
    expected = 200 if persona in ("office", "other_office") else 404
    response = world.client_for(persona).get(reverse("core:schedule"))
    assert response.status_code == expected


def test_the_schedule_page_needs_a_login(client, db):
    response = client.get(reverse("core:schedule"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_schedule_page_shows_last_and_next_run(world):
    schedule.run_due(NOW)
    ScheduledRun.objects.update(started_at=NOW)
    page = world.client_for("office").get(reverse("core:schedule")).content.decode()
    assert "0 opened, 0 locked" in page
    assert page.count("2026-12-04 18:07") == 3  # 10:07 UTC in Asia/Shanghai: the last runs
    upcoming = schedule.entries()[0].next_slot(timezone.now())
    assert timezone.localtime(upcoming).strftime("%Y-%m-%d %H:%M") in page
