"""Reads of the working-day calendar: the days of a year, and the calendar rules count with.

A day is a working day when a row says so (a make-up working day, 调休上班) or, without a row,
when it falls Monday to Friday; a holiday row makes it a day off. The jurisdiction's own rows
win over the national rows of the same date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from leitai.org.models import CalendarDay, Jurisdiction

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """The moved days of one jurisdiction: date → True (working) or False (day off)."""

    moved: dict[dt.date, bool]

    def is_working(self, day: dt.date) -> bool:
        """Return whether `day` is a working day."""
        return self.moved.get(day, day.weekday() < 5)

    def is_holiday(self, day: dt.date) -> bool:
        """Return whether a holiday row makes `day` a day off."""
        return self.moved.get(day) is False

    def add(self, start: dt.date, days: int) -> dt.date:
        """Return the `days`-th working day after `start` (`start` itself for 0)."""
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            counted += self.is_working(day)
        return day

    def between(self, after: dt.date, until: dt.date) -> int:
        """Return how many working days fall after `after`, up to and including `until`."""
        count, day = 0, after
        while day < until:
            day += ONE_DAY
            count += self.is_working(day)
        return count

    def end_of(self, start: dt.datetime, days: int) -> dt.datetime:
        """Return the end (23:59:59 local) of the `days`-th working day after `start`."""
        day = self.add(timezone.localtime(start).date(), days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def rows_for(jurisdiction: Jurisdiction | int | None) -> QuerySet[CalendarDay]:
    """Return the national rows and those of `jurisdiction` (an object, an id or None)."""
    key = getattr(jurisdiction, "pk", jurisdiction)
    mine = Q(jurisdiction=None) | Q(jurisdiction_id=key) if key else Q(jurisdiction=None)
    return CalendarDay.objects.filter(mine)


def calendar_for(jurisdiction: Jurisdiction | int | None) -> WorkingCalendar:
    """Return the working-day calendar of `jurisdiction` (national days, its own on top)."""
    return _calendar(rows_for(jurisdiction))


def calendar_of_year(year_id: int | None) -> WorkingCalendar:
    """Return the working-day calendar of the jurisdiction of assessment year `year_id`."""
    mine = (
        Q(jurisdiction=None) | Q(jurisdiction__years=year_id) if year_id else Q(jurisdiction=None)
    )
    return _calendar(CalendarDay.objects.filter(mine))


def _calendar(days: QuerySet[CalendarDay]) -> WorkingCalendar:
    rows = days.values_list("jurisdiction_id", "day", "kind")
    # National rows (no jurisdiction) first, so the local rows of the same date replace them.
    ordered = sorted(rows, key=lambda r: r[0] is not None)
    return WorkingCalendar({day: kind == CalendarDay.Kind.WORKDAY for _, day, kind in ordered})


@dataclass(frozen=True)
class ShownDay:
    """One row of the calendar page: the day, what it is, and whether it is national."""

    row: CalendarDay
    national: bool
    replaced: bool  # a national row that a local row of the same date replaces


def year_days(jurisdiction: Jurisdiction, year: int) -> list[ShownDay]:
    """Return the year's moved days of `jurisdiction`, national ones marked, by date."""
    rows = rows_for(jurisdiction).filter(day__year=year)
    rows = sorted(rows, key=lambda r: (r.day, r.jurisdiction_id is not None))
    local = {r.day for r in rows if r.jurisdiction_id}
    return [
        ShownDay(r, r.jurisdiction_id is None, r.jurisdiction_id is None and r.day in local)
        for r in rows
    ]
