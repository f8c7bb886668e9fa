"""The colour of a task, computed from its milestones and reports as of a date, never typed.

The rule (shown on the task and battle map pages), checked in this order:
1. done   — every milestone has a done date on or before the as-of date (and there is one);
2. red    — a milestone not done was due before the as-of date (overdue);
3. yellow — behind: reported progress is below the share of the task's time elapsed by more
            than the margin, or the report of the last week whose deadline has passed is missing;
4. blue   — a milestone not done is due within N days (due today up to as-of + N, inclusive);
5. green  — on track.
"As of a date" means at the end of that day. Plain Python: no database here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from leitai.org.calendar.selectors import WorkingCalendar


class Colour(models.TextChoices):
    DONE = "done", _("Done")
    RED = "red", _("Overdue")
    YELLOW = "yellow", _("Behind")
    BLUE = "blue", _("Milestone due soon")
    GREEN = "green", _("On track")


# Bootstrap colour classes for each colour (the battle map and badges).
CSS = {
    Colour.DONE: "secondary",
    Colour.RED: "danger",
    Colour.YELLOW: "warning",
    Colour.BLUE: "primary",
    Colour.GREEN: "success",
}
SEVERITY = [Colour.RED, Colour.YELLOW, Colour.BLUE, Colour.GREEN, Colour.DONE]


@dataclass(frozen=True)
class Rules:
    """The office's parameters of the rule, and the working-day calendar they count with."""

    due_soon_days: int = 7
    lag_margin: int = 10
    deadline_weekday: int = 4
    deadline_time: dt.time = dt.time(17, 0)
    calendar: WorkingCalendar | None = None


@dataclass(frozen=True)
class MilestoneState:
    due_date: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class TaskStatus:
    """A task's colour and the figures that led to it."""

    colour: str
    expected: float  # share of time elapsed, in percent
    progress: int  # last reported progress on or before the as-of date
    report_missing: bool
    overdue: int  # milestones overdue
    due_soon: int  # milestones due within N days

    @property
    def css(self) -> str:
        return CSS[self.colour]

    @property
    def label(self) -> str:
        return Colour(self.colour).label


def week_start(day: dt.date) -> dt.date:
    """Return the Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


def deadline_of(monday: dt.date, rules: Rules) -> dt.date:
    """Return the day on which the report of the week starting `monday` is due.

    A deadline that falls on a holiday of the working-day calendar moves to the next working
    day (遇节假日顺延): Thursday 6 October 2022 (国庆) to Saturday 8 October, a make-up working
    day. A weekend deadline the office chose stays where it is.
    """
    day = monday + dt.timedelta(days=rules.deadline_weekday)
    if rules.calendar is not None and rules.calendar.is_holiday(day):
        day = rules.calendar.add(day, 1)
    return day


def required_week(as_of: dt.date, rules: Rules) -> dt.date:
    """Return the Monday of the latest week whose report deadline day is on or before `as_of`."""
    monday = week_start(as_of)
    return monday if deadline_of(monday, rules) <= as_of else monday - dt.timedelta(days=7)


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Return the percentage of the task's time elapsed at the end of `as_of` (0..100)."""
    total = (end - start).days + 1
    passed = (as_of - start).days + 1
    return round(100.0 * min(max(passed, 0), total) / total, 1)


def needs_report(start: dt.date, end: dt.date, as_of: dt.date, rules: Rules) -> dt.date | None:
    """Return the week whose report should be there as of `as_of`, or None when none is due."""
    week = required_week(as_of, rules)
    if deadline_of(week, rules) < start or week > end:
        return None
    return week


def task_status(
    *,
    start: dt.date,
    end: dt.date,
    milestones: Iterable[MilestoneState],
    progress: int | None,
    has_required_report: bool,
    as_of: dt.date,
    rules: Rules,
) -> TaskStatus:
    """Return the colour of one task as of `as_of` (see the module docstring for the rule)."""
    open_ = [m for m in milestones if m.done_on is None or m.done_on > as_of]
    total_done = bool(milestones) and not open_
    overdue = sum(1 for m in open_ if m.due_date < as_of)
    soon_until = as_of + dt.timedelta(days=rules.due_soon_days)
    due_soon = sum(1 for m in open_ if as_of <= m.due_date <= soon_until)
    expected = elapsed_share(start, end, as_of)
    progress = progress or 0
    missing = not has_required_report and needs_report(start, end, as_of, rules) is not None
    if total_done:
        colour = Colour.DONE
        missing = False
    elif overdue:
        colour = Colour.RED
    elif expected - progress > rules.lag_margin or missing:
        colour = Colour.YELLOW
    elif due_soon:
        colour = Colour.BLUE
    else:
        colour = Colour.GREEN
    return TaskStatus(colour.value, expected, progress, missing, overdue, due_soon)


def milestone_colour(m: MilestoneState, as_of: dt.date, rules: Rules) -> str:
    """Return one milestone's colour on the battle map."""
    if m.done_on is not None and m.done_on <= as_of:
        return Colour.DONE.value
    if m.due_date < as_of:
        return Colour.RED.value
    if m.due_date <= as_of + dt.timedelta(days=rules.due_soon_days):
        return Colour.BLUE.value
    return Colour.GREEN.value
