"""Every change to the year's periods: generating them, their dates and their states.

States: pending → open → closed → locked. Values can be entered only while a period is open;
a locked period refuses every change (it is final). The office may reopen a closed period.

A change of state locks the period's row for update; every service that writes into a period
first re-reads it with `lock_period` (shared), so a lock waits for the saves in flight and the
saves after it see it (the lock order is in `services/collection.py`).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.assessment.models import Period
from leitai.assessment.scheme.transitions import PERIOD, take
from leitai.core.audit import record, state
from leitai.core.schedule import every
from leitai.core.services import apply_changes
from leitai.core.transactions import service, share_lock
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear

TIME_FIELDS = ("opens_at", "deadline", "locks_at")

# Defaults of a generated period (docs/scheme.md): data open on the first day after the
# period, are due on the 5th of the next month at 17:00 and lock on the 10th at 17:00.
DEADLINE_DAY, LOCK_DAY, CLOSING_HOUR = 5, 10, 17


# Which states each transition starts from.
def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_period(year: int, kind: str, number: int) -> dict:
    """Return the code, dates and times of a generated month, quarter or year."""
    if kind == Period.Kind.MONTH:
        code, first, last = f"{year}-{number:02d}", (number, number), number
    elif kind == Period.Kind.QUARTER:
        code, first, last = f"{year}-Q{number}", (3 * number - 2,), 3 * number
    else:
        code, first, last = str(year), (1,), 12
    ends_on = _month_end(year, last)
    after = ends_on + dt.timedelta(days=1)
    return {
        "kind": kind,
        "code": code,
        "starts_on": dt.date(year, first[0], 1),
        "ends_on": ends_on,
        "opens_at": _at(after),
        "deadline": _at(after.replace(day=DEADLINE_DAY), CLOSING_HOUR),
        "locks_at": _at(after.replace(day=LOCK_DAY), CLOSING_HOUR),
    }


def year_period_plan(year: int) -> list[dict]:
    """Return the 12 months, 4 quarters and the year, with their default dates."""
    plan = [default_period(year, Period.Kind.MONTH, m) for m in range(1, 13)]
    plan += [default_period(year, Period.Kind.QUARTER, q) for q in range(1, 5)]
    return [*plan, default_period(year, Period.Kind.YEAR, 1)]


@service
def periods_generate(*, actor, year: AssessmentYear) -> list[Period]:
    """Create the year's missing months, quarters and the year itself, with default dates."""
    require_office(actor, year.jurisdiction_id)
    existing = set(Period.objects.filter(year=year).values_list("code", flat=True))
    rows = [
        Period(year=year, **p) for p in year_period_plan(year.year) if p["code"] not in existing
    ]
    created = Period.objects.bulk_create(rows)
    if created:
        record(
            actor=actor,
            action="period.generate",
            obj=year,
            after={"codes": [p.code for p in created]},
            jurisdiction=year.jurisdiction,
        )
    return created


@service
def period_update(*, actor, period: Period, **changes) -> Period:
    """Change when a period opens, is due and locks (refused once it is locked)."""
    require_office(actor, period.year.jurisdiction_id)
    period = Period.objects.select_for_update().select_related("year").get(pk=period.pk)
    take(PERIOD, actor, period, "update", _("Period %(code)s is locked.") % {"code": period.code})
    before, after = apply_changes(period, changes, TIME_FIELDS)
    if after:
        period.save()
        record(
            actor=actor,
            action="period.update",
            obj=period,
            before=before,
            after=after,
            jurisdiction=period.year.jurisdiction,
        )
    return period


def lock_period(period: Period) -> Period:
    """Re-read the period under a shared row lock held to the end of the transaction.

    Saves share the lock with each other; a change of the period's state (which locks the
    row for update) waits for them, and they wait for it.
    """
    share_lock(Period, period.pk)
    return Period.objects.select_related("year").get(pk=period.pk)


def _transition(*, actor, period: Period, name: str) -> Period:
    period = Period.objects.select_for_update().select_related("year").get(pk=period.pk)
    refusal = _("Period %(code)s is %(state)s and cannot be changed so.") % {
        "code": period.code,
        "state": period.get_state_display(),
    }
    before = state(period, ["state"])
    take(PERIOD, actor, period, name, refusal)
    period.save(update_fields=["state"])
    record(
        actor=actor,
        action=f"period.{name}",
        obj=period,
        before=before,
        after=state(period, ["state"]),
        jurisdiction=period.year.jurisdiction,
    )
    return period


@service
def period_open(*, actor, period: Period) -> Period:
    """Open a pending period for data entry."""
    return _transition(actor=actor, period=period, name="open")


@service
def period_close(*, actor, period: Period) -> Period:
    """Close an open period: no more values; the office may still reopen it."""
    return _transition(actor=actor, period=period, name="close")


@service
def period_lock(*, actor, period: Period) -> Period:
    """Lock an open or closed period: final, it refuses every change."""
    return _transition(actor=actor, period=period, name="lock")


@service
def period_reopen(*, actor, period: Period) -> Period:
    """Reopen a closed period for data entry."""
    return _transition(actor=actor, period=period, name="reopen")


def periods_advance_due(*, now: dt.datetime | None = None) -> dict[str, list[str]]:
    """Open pending periods past their opening and lock periods past their lock time.

    Run by the worker's schedule (`periods_due`) and `leitai lock_due_periods`; the system is
    the actor. Each change is its own
    transaction with its own audit row; running it again changes nothing.
    """
    now = now or timezone.now()
    done: dict[str, list[str]] = {"opened": [], "locked": []}
    due_open = Period.objects.filter(
        state=Period.State.PENDING, opens_at__lte=now, locks_at__gt=now
    )
    for period in due_open.order_by("year_id", "opens_at"):
        _advance(period=period, name="open")
        done["opened"].append(f"{period.year.jurisdiction.code} {period.code}")
    due_lock = Period.objects.filter(
        state__in=[Period.State.OPEN, Period.State.CLOSED], locks_at__lte=now
    )
    for period in due_lock.select_related("year__jurisdiction").order_by("year_id", "locks_at"):
        _advance(period=period, name="lock")
        done["locked"].append(f"{period.year.jurisdiction.code} {period.code}")
    return done


@every(minutes=5, label=N_("Open due periods and lock periods past their lock time"))
def periods_due(*, now: dt.datetime) -> str:
    """Run `periods_advance_due` for the schedule; return what it opened and locked."""
    done = periods_advance_due(now=now)
    # Counts only: the schedule's page is shown to the office of every jurisdiction.
    return _("%(opened)d opened, %(locked)d locked") % {
        "opened": len(done["opened"]),
        "locked": len(done["locked"]),
    }


@service
def _advance(*, period: Period, name: str) -> Period:
    """Open or lock a period whose time has come, the system being the actor."""
    return _transition(actor=None, period=period, name=name)
