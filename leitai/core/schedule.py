"""The schedule: jobs the worker runs every N minutes, without cron.

A scheduled job is a function `func(*, now) -> str` (the returned text is the run's result)
marked with `@every(minutes=..., label=...)`; an area declares it under `schedule` on its
AppConfig, and the core adds its own (the sweep of stalled background jobs). Time is cut into
slots of the job's period, counted from the Unix epoch (every 15 minutes: :00, :15, :30, :45).
`run_due()` — called by `leitai worker` before each pass over its queue — runs each job whose
current slot has no `ScheduledRun` row yet:

- **once per slot, with any number of workers**: the run is claimed by inserting its
  (job, slot) row, which a unique constraint allows once; a worker that loses the race skips it;
- **idempotent**: each job changes only what is due at `now` (a period past its lock time that
  is not locked yet, a late period not reminded today), so a slot missed while no worker ran is
  simply caught up by the next, and running a job twice changes nothing the second time;
- **visible**: the office's page (`/audit/schedule/`) lists each job's last run, its result and
  its next slot.

A job that raises is recorded as failed with its error; the next slot tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.core.areas import declared
from leitai.core.models import ScheduledRun

log = logging.getLogger(__name__)
Status = ScheduledRun.Status
# The core's own scheduled jobs, beside those the areas declare.
CORE_JOBS = ("leitai.core.schedule.fail_stalled_jobs",)


def every(*, minutes: int, label: str) -> Callable[[Callable], Callable]:
    """Mark a function as a scheduled job run every `minutes` minutes.

    `label` is marked with `gettext_noop` (`N_`) and translated when the page shows it.
    """

    def mark(func: Callable) -> Callable:
        func.every_minutes = minutes
        func.schedule_label = label
        return func

    return mark


@dataclass(frozen=True)
class Entry:
    """One scheduled job: its dotted path, label, period and function."""

    path: str
    label: str
    minutes: int
    func: Callable[..., str]

    def slot(self, now: dt.datetime) -> dt.datetime:
        """Return the start of the slot `now` falls in."""
        seconds = self.minutes * 60
        start = int(now.timestamp()) // seconds * seconds
        return dt.datetime.fromtimestamp(start, tz=dt.UTC)

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        return self.slot(now) + dt.timedelta(minutes=self.minutes)


def entries() -> list[Entry]:
    """Return every scheduled job: the core's, then the areas' declarations."""
    found = []
    for path in (*CORE_JOBS, *declared("schedule")):
        func = import_string(path)
        found.append(Entry(path, func.schedule_label, func.every_minutes, func))
    return found


def claim(entry: Entry, slot: dt.datetime) -> ScheduledRun | None:
    """Insert the run of `entry` in `slot`; return None when another worker has it."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=entry.path, slot=slot)
    except IntegrityError:
        return None


def run_due(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Run every job whose current slot has not run; return the runs this call made."""
    now = now or timezone.now()
    runs = []
    for entry in entries():
        run = claim(entry, entry.slot(now))
        if run is None:
            continue
        try:
            result, status = str(entry.func(now=now) or ""), Status.DONE
        except Exception as exc:  # a failing job is recorded; the next slot tries again
            log.exception("scheduled job %s failed", entry.path)
            result, status = f"{type(exc).__name__}: {exc}", Status.FAILED
        ScheduledRun.objects.filter(pk=run.pk).update(
            status=status, result=result[:500], finished_at=timezone.now()
        )
        run.refresh_from_db()
        runs.append(run)
    return runs


@dataclass(frozen=True)
class Line:
    """A line of the office's schedule page."""

    label: str
    minutes: int
    last: ScheduledRun | None
    next_run: dt.datetime


def overview(now: dt.datetime | None = None) -> list[Line]:
    """Return each scheduled job with its last run and its next slot."""
    now = now or timezone.now()
    lines = []
    for entry in entries():
        last = ScheduledRun.objects.filter(job=entry.path).order_by("-slot").first()
        lines.append(Line(_(entry.label), entry.minutes, last, entry.next_slot(now)))
    return lines


@every(minutes=5, label=N_("Fail background jobs whose worker died"))
def fail_stalled_jobs(*, now: dt.datetime) -> str:
    """Fail the background jobs running past LEITAI_JOB_TIMEOUT (their worker died)."""
    from leitai.core.jobs import fail_stalled

    return _("%(n)d stalled job(s) failed") % {"n": fail_stalled()}
