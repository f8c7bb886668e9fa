"""The background job interface on django-tasks: immediate by default, the database backend
and `leitai worker` in production."""

from __future__ import annotations

import os
import signal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from leitai.core import jobs
from leitai.core.models import BackgroundJob
from leitai.core.transactions import service

CALLS: list[dict] = []
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sample_job(*, report, value: int) -> str:
    """Record the call and report progress half way."""
    report(50, "half")
    CALLS.append({"value": value})
    return f"out/{value}.txt"


def failing_job(*, report) -> None:
    report(30, "about to fail")
    BackgroundJob.objects.create(kind="side effect", func_path="x")
    raise RuntimeError("boom")


TEST_JOBS = {
    f"leitai.core.jobs.{name}"
    for name in ("sample_job", "failing_job", "hooked_job", "inline", "service_job")
}


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    CALLS.clear()
    # The test functions are declared as jobs for the test, beside the areas' own.
    declared = jobs.declared_jobs()
    monkeypatch.setattr(jobs, "declared_jobs", lambda: declared | TEST_JOBS)


def test_the_areas_declare_their_jobs():
    assert jobs.declared_jobs() - TEST_JOBS == {
        "leitai.rankings.notices.services.notice_render",
        "leitai.notify.services.send_due_job",
    }


@pytest.fixture
def sample_path(monkeypatch):
    # Jobs must live in the leitai package; point one there for the test.
    import leitai.core.jobs as module

    monkeypatch.setattr(module, "sample_job", sample_job, raising=False)
    monkeypatch.setattr(module, "failing_job", failing_job, raising=False)
    return "leitai.core.jobs"


def test_inline_runs_at_once(db, sample_path):
    handle = jobs.enqueue(f"{sample_path}.sample_job", kind="sample", value=7)
    job = handle.job
    assert CALLS == [{"value": 7}]
    assert (job.kind, job.status, job.progress, job.result) == ("sample", "done", 100, "out/7.txt")
    assert job.message == "half"
    assert job.started_at is not None and job.finished_at is not None
    assert handle.status == "done"


def test_failure_is_recorded_and_rolled_back(db, sample_path):
    handle = jobs.enqueue(f"{sample_path}.failing_job")
    job = handle.job
    assert (job.status, job.message) == ("failed", "RuntimeError: boom")
    assert BackgroundJob.objects.count() == 1  # the job's own writes were rolled back


def test_worker_mode_queues_then_run_jobs(db, sample_path, settings):
    settings.TASKS = DATABASE
    handle = jobs.enqueue(f"{sample_path}.sample_job", value=1)
    jobs.enqueue(f"{sample_path}.sample_job", value=2)
    assert handle.status == "queued"
    assert CALLS == []
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    assert CALLS == [{"value": 1}, {"value": 2}]
    assert list(BackgroundJob.objects.values_list("status", flat=True)) == ["done", "done"]
    assert jobs.run_job(handle.job_id) is False  # a finished job is never run twice
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [(t.status, t.args_kwargs["kwargs"]) for t in tasks] == [
        ("SUCCESSFUL", {"job_id": handle.job_id}),
        ("SUCCESSFUL", {"job_id": handle.job_id + 1}),
    ]


def test_the_default_backend_is_immediate_and_the_database_one_queues(db, settings):
    assert jobs.inline()
    settings.TASKS = DATABASE
    assert not jobs.inline()


def _signal_self(times: int):
    def job(*, report, **kwargs) -> str:
        report(10, "started")
        for _ in range(times):
            os.kill(os.getpid(), signal.SIGTERM)
        CALLS.append({"value": times})
        return "finished"

    return job


@pytest.fixture
def restore_signals():
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_a_worker_told_to_stop_finishes_its_job_then_stops(
    db, settings, monkeypatch, restore_signals
):
    import leitai.core.jobs as module

    monkeypatch.setattr(module, "sample_job", _signal_self(1), raising=False)
    settings.TASKS = DATABASE
    first = jobs.enqueue("leitai.core.jobs.sample_job").job_id
    second = jobs.enqueue("leitai.core.jobs.sample_job").job_id
    # No --batch: only the SIGTERM the first job sends ends the worker.
    call_command("worker", "--no-schedule", "--no-startup-delay", "--interval=0.1", verbosity=0)
    assert CALLS == [{"value": 1}]  # the job ran to its end, and the next was left queued
    statuses = dict(BackgroundJob.objects.values_list("pk", "status"))
    assert statuses == {first: "done", second: "queued"}
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_second_stop_signal_fails_the_job_and_runs_its_hook(
    db, settings, monkeypatch, restore_signals
):
    import leitai.core.jobs as module

    job = jobs.on_failure(_note_failure)(_signal_self(2))
    monkeypatch.setattr(module, "hooked_job", job, raising=False)
    HOOKED.clear()
    settings.TASKS = DATABASE
    job_id = jobs.enqueue("leitai.core.jobs.hooked_job", value=5).job_id
    call_command("worker", "--no-schedule", "--no-startup-delay", "--interval=0.1", verbosity=0)
    assert CALLS == []  # stopped inside the job
    row = BackgroundJob.objects.get(pk=job_id)
    assert (row.status, row.message) == (
        "failed",
        "WorkerStopped: the worker was stopped during the job",
    )
    assert HOOKED == [{"error": "the worker was stopped during the job", "value": 5}]
    assert DBTaskResult.objects.get().status == "FAILED"


@pytest.mark.parametrize(
    "path", ["os.system", "leitai.core.jobs.nothing_here", "leitai.core.jobs.run_background_job"]
)
def test_only_declared_jobs_run(db, path):
    with pytest.raises(ValueError):
        jobs.enqueue(path)
    assert BackgroundJob.objects.count() == 0


def test_arguments_must_be_json(db, sample_path):
    with pytest.raises(TypeError):
        jobs.enqueue(f"{sample_path}.sample_job", value=object())
    assert BackgroundJob.objects.count() == 0


HOOKED: list[dict] = []


def _note_failure(*, error, value: int) -> None:
    HOOKED.append({"error": str(error), "value": value})


@jobs.on_failure(_note_failure)
def hooked_job(*, report, value: int) -> str:
    return f"out/{value}.txt"


def test_a_job_whose_worker_died_is_failed_and_its_hook_runs(db, monkeypatch, settings):
    import datetime as dt

    from django.utils import timezone

    import leitai.core.jobs as module

    monkeypatch.setattr(module, "hooked_job", hooked_job, raising=False)
    HOOKED.clear()
    settings.TASKS = DATABASE
    settings.LEITAI_JOB_TIMEOUT = 1800
    now = timezone.now()
    stalled = jobs.enqueue("leitai.core.jobs.hooked_job", value=1).job_id
    recent = jobs.enqueue("leitai.core.jobs.hooked_job", value=2).job_id
    BackgroundJob.objects.filter(pk=stalled).update(
        status="running", started_at=now - dt.timedelta(seconds=1801)
    )
    BackgroundJob.objects.filter(pk=recent).update(
        status="running", started_at=now - dt.timedelta(seconds=1799)
    )
    assert jobs.fail_stalled() == 1  # the schedule's sweep (leitai.core.schedule)
    job = BackgroundJob.objects.get(pk=stalled)
    assert (job.status, job.message) == (
        "failed",
        "JobStalled: the worker stopped: no result after 30 minutes",
    )
    assert job.finished_at is not None
    assert HOOKED == [{"error": "the worker stopped: no result after 30 minutes", "value": 1}]
    assert BackgroundJob.objects.get(pk=recent).status == "running"  # still within the limit
    assert jobs.fail_stalled() == 0  # once only
    assert len(HOOKED) == 1


def test_a_time_limit_is_said_in_words_in_either_language():
    from django.utils import translation

    cases = {1: "1 second", 30: "30 seconds", 60: "1 minute", 90: "90 seconds", 1800: "30 minutes",
             3600: "1 hour", 7200: "2 hours", 5400: "90 minutes"}  # fmt: skip
    with translation.override("en"):
        assert {s: jobs.duration(s) for s in cases} == cases
    with translation.override("zh-hans"):
        assert [jobs.duration(s) for s in (30, 60, 1800, 7200)] == [
            "30 秒",
            "1 分钟",
            "30 分钟",
            "2 小时",
        ]
        # The job's own record stays in English whatever the worker's language.
        assert str(jobs.JobStalled(30)) == "the worker stopped: no result after 30 seconds"


def test_a_job_stalled_past_a_thirty_second_limit_says_thirty_seconds(db, settings):
    import datetime as dt

    from django.utils import timezone

    settings.TASKS = DATABASE
    settings.LEITAI_JOB_TIMEOUT = 30
    job = jobs.enqueue("leitai.core.jobs.inline").job_id
    BackgroundJob.objects.filter(pk=job).update(
        status="running", started_at=timezone.now() - dt.timedelta(seconds=45)
    )
    assert jobs.fail_stalled() == 1
    assert BackgroundJob.objects.get(pk=job).message == (
        "JobStalled: the worker stopped: no result after 30 seconds"
    )


@service
def _service_writes(value: int) -> None:
    BackgroundJob.objects.create(kind=f"written {value}", func_path="x", status="done")


def service_job(*, report, value: int) -> None:
    """A job whose work is a service: it joins the job's transaction."""
    _service_writes(value)


@pytest.fixture
def service_path(monkeypatch):
    import leitai.core.jobs as module

    monkeypatch.setattr(module, "service_job", service_job, raising=False)
    return "leitai.core.jobs.service_job"


def test_a_job_calling_a_service_runs_inline_from_a_page(db, service_path):
    job = jobs.enqueue(service_path, value=1).job
    assert (job.status, BackgroundJob.objects.filter(kind="written 1").count()) == ("done", 1)


def test_a_job_calling_a_service_runs_on_a_worker(db, service_path, settings):
    settings.TASKS = DATABASE
    job_id = jobs.enqueue(service_path, value=2).job_id
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    assert BackgroundJob.objects.get(pk=job_id).status == "done"
    assert BackgroundJob.objects.filter(kind="written 2").count() == 1


def test_a_job_run_inline_by_a_service_joins_its_transaction(db, service_path):
    @service
    def enqueue_in_a_service() -> int:
        return jobs.enqueue(service_path, value=3).job_id

    job_id = enqueue_in_a_service()
    assert BackgroundJob.objects.get(pk=job_id).status == "done"
    assert BackgroundJob.objects.filter(kind="written 3").count() == 1
