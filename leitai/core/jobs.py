"""Background work: one interface, `enqueue`, on django-tasks (the backport of `django.tasks`).

A job is a plain function named by its dotted path, called with JSON-ready keyword arguments
and a `report(progress, message="")` callable that records how far it got (0-100). Its
return value (a path, a count) is stored as the job's result. `enqueue` records the job as a
`BackgroundJob` row (what the pages show: status, progress, message, result) and hands
`run_background_job(job_id=...)`, the one django-tasks task, to the task backend of
`settings.TASKS`:

- `ImmediateBackend` (the default, `LEITAI_TASKS=immediate`) runs it at once, in the caller's
  request: right for the demo, the tests and small counties;
- `django_tasks_db.DatabaseBackend` (`LEITAI_TASKS=database`, production) stores it in the
  database and `leitai worker` runs it (one or more workers; each task is claimed with a row
  lock, so no two workers run the same one); the pages poll the job's status.

A failed job's changes are rolled back. A worker stopped by SIGTERM finishes its job first; a
second signal (or systemd's kill after `TimeoutStopSec`) stops it at once: the job is failed
with `WorkerStopped` and its failure hook runs. A job whose worker died without a word (killed,
the machine going down) would stay "running" for ever: the worker's schedule
(`leitai.core.schedule`) fails the jobs that have been running longer than
`LEITAI_JOB_TIMEOUT` seconds (default 30 minutes) and runs their failure hooks; such a job is
not retried by itself (the office starts it again, e.g. "generate the notice"), since a job half
done by a dead worker may have left files behind that its hook must clean first. A job that
owns a row saying "being done" (a notice being rendered) names a hook with `@on_failure(hook)`:
after the failure, `hook(error=exc, **kwargs)` runs outside the rolled-back work, so the row can
say it failed.

A job runs in one transaction, so the progress it reports is only seen when it ends: the
outermost one (`leitai.core.transactions.outermost`) on a worker or in a request, so the
services it calls join it; a savepoint when it runs inline inside a service. A long job that
shows its progress is marked `@own_transactions`: on a worker it runs without that
transaction, each `report(...)` is seen at once, and the job itself must put its writes in one
service (and undo what lies outside the database, such as files, when it fails). Run inside a
caller's transaction (inline), it still gets a savepoint.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from leitai.core.areas import declared
from leitai.core.models import BackgroundJob
from leitai.core.transactions import in_service, outermost

log = logging.getLogger(__name__)
Status = BackgroundJob.Status


def inline() -> bool:
    """Tell whether jobs run in the caller's process (the default) rather than on a worker."""
    return isinstance(task_backends["default"], ImmediateBackend)


@dataclass(frozen=True)
class TaskHandle:
    """What `enqueue` returns: the job's id, to poll its status."""

    job_id: int

    @property
    def job(self) -> BackgroundJob:
        return BackgroundJob.objects.get(pk=self.job_id)

    @property
    def status(self) -> str:
        return BackgroundJob.objects.values_list("status", flat=True).get(pk=self.job_id)


def declared_jobs() -> frozenset[str]:
    """Return the paths of the functions the areas declare as jobs (`leitai.core.areas`)."""
    return frozenset(declared("jobs"))


def resolve(func_path: str) -> Callable[..., Any]:
    """Return the function named by `func_path` ("leitai.app.module.function").

    Only a function an area declares under `jobs` runs: a row in the table must not import
    arbitrary code.
    """
    if func_path not in declared_jobs():
        raise ValueError(f"not a declared job: {func_path}")
    module_name, _, name = func_path.rpartition(".")
    func = getattr(import_module(module_name), name, None)
    if not callable(func):
        raise ValueError(f"no such function: {func_path}")
    return func


def on_failure(hook: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """Attach `hook`, called as `hook(error=exc, **kwargs)` once the decorated job has failed."""

    def attach(func: Callable) -> Callable:
        func.on_failure = hook
        return func

    return attach


def own_transactions(func: Callable) -> Callable:
    """Mark a job that opens its own transaction, so its progress is seen while it runs."""
    func.own_transactions = True
    return func


def duration(seconds: int) -> str:
    """Return a time limit in words, in the active language: 30 seconds, 1 minute, 2 hours."""
    if seconds >= 3600 and seconds % 3600 == 0:
        n = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    if seconds >= 60 and seconds % 60 == 0:
        n = seconds // 60
        return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


def enqueue(func_path: str, *, kind: str = "", created_by=None, **kwargs) -> TaskHandle:
    """Queue `func_path(**kwargs, report=...)`; run it now unless jobs go to a worker."""
    resolve(func_path)
    json.dumps(kwargs)  # a worker reads them back from the database: fail here, not there
    user = created_by if getattr(created_by, "is_authenticated", False) else None
    job = BackgroundJob.objects.create(
        kind=kind or func_path.rsplit(".", 1)[-1],
        func_path=func_path,
        kwargs=kwargs,
        created_by=user,
    )
    run_background_job.enqueue(job_id=job.pk)  # the immediate backend runs it now
    return TaskHandle(job.pk)


@task()
def run_background_job(job_id: int) -> bool:
    """Run one `BackgroundJob` (the django-tasks task every job goes through)."""
    return run_job(job_id)


class Reporter:
    """The `report` callable a job receives: stores progress and a short message."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, progress: int, message: str = "") -> None:
        progress = max(0, min(100, int(progress)))
        BackgroundJob.objects.filter(pk=self.job_id).update(
            progress=progress, message=message[:500]
        )


def job_transaction():
    """Open the transaction a job (or its failure hook) runs in; its services join it.

    Inside the caller's transaction (a job run inline by a service) it is a savepoint, so a
    failing job leaves that transaction usable; elsewhere it is the outermost transaction.
    """
    # Anywhere else a transaction is open only by mistake (views never open one), and the
    # outermost block refuses to nest in it.
    return transaction.atomic() if in_service() else outermost()


def run_job(job_id: int) -> bool:
    """Claim the queued job and run it; return False when another worker had claimed it."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=0
    )
    if not claimed:
        return False
    job = BackgroundJob.objects.get(pk=job_id)
    func = None
    try:
        func = resolve(job.func_path)
        if (
            getattr(func, "own_transactions", False)
            and not transaction.get_connection().in_atomic_block
        ):
            result = func(report=Reporter(job.pk), **job.kwargs)
        else:
            with job_transaction():
                result = func(report=Reporter(job.pk), **job.kwargs)
    except Exception as exc:  # whatever a job raises fails the job, never the worker
        log.exception("background job %s failed", job.pk)
        _finish(job.pk, Status.FAILED, message=f"{type(exc).__name__}: {exc}"[:500])
        _after_failure(job, func, exc)
        return True
    except (SystemExit, KeyboardInterrupt):  # the worker told to stop at once (a 2nd SIGTERM)
        error = WorkerStopped()
        _finish(job.pk, Status.FAILED, message=f"{type(error).__name__}: {error}")
        _after_failure(job, func, error)
        raise
    _finish(job.pk, Status.DONE, progress=100, result=str(result or "")[:500])
    return True


def _after_failure(job: BackgroundJob, func: Callable[..., Any] | None, exc: Exception) -> None:
    """Run the job's failure hook, if any; a failing hook is logged, the job stays failed."""
    hook = getattr(func, "on_failure", None)
    if hook is None:
        return
    try:
        with job_transaction():
            hook(error=exc, **job.kwargs)
    except Exception:
        log.exception("failure hook of background job %s failed", job.pk)


def _finish(job_id: int, status: str, **fields) -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=status, finished_at=timezone.now(), **fields
    )


class JobStalled(Exception):
    """The error a stalled job is failed with (its worker stopped before it finished).

    `timeout` is the time limit in seconds that the job went past without a result.
    """

    def __init__(self, timeout: int):
        with translation.override("en"):  # for the job's record and the log
            super().__init__(f"the worker stopped: no result after {duration(timeout)}")
        self.timeout = timeout


class WorkerStopped(Exception):
    """The error a job is failed with when its worker was told to stop at once."""

    def __init__(self):
        super().__init__("the worker was stopped during the job")


def job_timeout() -> int:
    """Return the seconds after which a running job counts as stalled."""
    return int(getattr(settings, "LEITAI_JOB_TIMEOUT", 1800))


def fail_stalled() -> int:
    """Fail the jobs running for longer than the timeout, run their hooks; return how many."""
    now = timezone.now()
    timeout = job_timeout()
    cutoff = now - dt.timedelta(seconds=timeout)
    failed = 0
    for job in BackgroundJob.objects.filter(status=Status.RUNNING, started_at__lt=cutoff):
        error = JobStalled(timeout)
        message = f"{type(error).__name__}: {error}"
        # Conditional, so a worker finishing it at this very moment keeps its result.
        if not BackgroundJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.FAILED, finished_at=now, message=message
        ):
            continue
        log.warning("background job %s stalled: %s", job.pk, message)
        _fail_task_of(job.pk, now)
        try:
            func = resolve(job.func_path)
        except ValueError:
            func = None
        _after_failure(job, func, error)
        failed += 1
    return failed


def _fail_task_of(job_id: int, now: dt.datetime) -> None:
    """Mark the dead worker's django-tasks row of a stalled job failed (database backend)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=run_background_job.module_path,
        args_kwargs__kwargs__job_id=job_id,
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{__name__}.JobStalled",
        traceback="the worker stopped before the job finished",
    )
