"""Reads of key tasks with their computed colours, scoped by leitai.keytasks.access."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from leitai.keytasks.access import visible_tasks
from leitai.keytasks.models import DispatchSettings, KeyTask, Milestone, WeeklyReport
from leitai.keytasks.status import (
    SEVERITY,
    MilestoneState,
    Rules,
    TaskStatus,
    milestone_colour,
    required_week,
    task_status,
)
from leitai.org.calendar.selectors import calendar_of_year
from leitai.org.models import AssessmentYear


def rules_for(settings: DispatchSettings) -> Rules:
    return Rules(
        due_soon_days=settings.due_soon_days,
        lag_margin=settings.lag_margin,
        deadline_weekday=settings.deadline_weekday,
        deadline_time=settings.deadline_time,
        calendar=calendar_of_year(settings.year_id) if settings.year_id else None,
    )


def default_as_of(year: AssessmentYear, settings: DispatchSettings) -> dt.date:
    """Return the office's dispatch date, else today, kept inside the year."""
    day = settings.as_of or timezone.localdate()
    return min(max(day, dt.date(year.year, 1, 1)), dt.date(year.year, 12, 31))


def with_latest_report(tasks: QuerySet[KeyTask], as_of: dt.date, rules: Rules) -> QuerySet:
    """Annotate each task with its last progress on or before `as_of` and the required report."""
    reports = WeeklyReport.objects.filter(task=OuterRef("pk"), week_start__lte=as_of)
    latest = reports.order_by("-week_start").values("progress")[:1]
    required = WeeklyReport.objects.filter(
        task=OuterRef("pk"), week_start=required_week(as_of, rules)
    )
    return tasks.annotate(latest_progress=Subquery(latest), has_required=Exists(required))


def status_of(task: KeyTask, as_of: dt.date, rules: Rules) -> TaskStatus:
    """Return the colour of an annotated task whose milestones are prefetched."""
    return task_status(
        start=task.start_date,
        end=task.end_date,
        milestones=[MilestoneState(m.due_date, m.done_on) for m in task.milestones.all()],
        progress=task.latest_progress,
        has_required_report=task.has_required,
        as_of=as_of,
        rules=rules,
    )


@dataclass
class TaskRow:
    """A task with its colour and its milestones coloured and placed by month."""

    task: KeyTask
    status: TaskStatus
    milestones: list[tuple[Milestone, str]]
    months: list[list[tuple[Milestone, str]]] = field(default_factory=list)

    @property
    def next_milestone(self) -> Milestone | None:
        """Return the first milestone not done (by due date)."""
        return next((m for m, colour in self.milestones if colour != "done"), None)


def task_rows(
    user, *, year: AssessmentYear, as_of: dt.date, rules: Rules, filters: dict | None = None
) -> list[TaskRow]:
    """Return the visible tasks of `year` with colours, filtered; a leader's own tasks first."""
    filters = filters or {}
    tasks = visible_tasks(user).filter(year=year)
    for key in ("category_id", "lead_unit_id", "leader_id"):
        if filters.get(key):
            tasks = tasks.filter(**{key: filters[key]})
    tasks = with_latest_report(tasks, as_of, rules)
    tasks = tasks.select_related("category", "lead_unit", "leader").prefetch_related(
        Prefetch("milestones", Milestone.objects.order_by("due_date", "order")),
        "co_units",
    )
    rows = []
    for task in tasks.order_by("category__order", "code"):
        ms = [
            (m, milestone_colour(MilestoneState(m.due_date, m.done_on), as_of, rules))
            for m in task.milestones.all()
        ]
        row = TaskRow(task, status_of(task, as_of, rules), ms)
        row.months = [[(m, c) for m, c in ms if m.due_date.month == mo] for mo in range(1, 13)]
        rows.append(row)
    colour = filters.get("colour")
    if colour:
        rows = [r for r in rows if r.status.colour == colour]
    user_id = getattr(user, "pk", None)
    rows.sort(key=lambda r: r.task.leader_id != user_id)  # stable: a leader's tasks first
    return rows


def colour_counts(rows: list[TaskRow]) -> list[tuple[str, int]]:
    """Return (colour, count) for every colour in order of severity."""
    counts = Counter(r.status.colour for r in rows)
    return [(c.value, counts.get(c.value, 0)) for c in SEVERITY]


def settings_for(year: AssessmentYear) -> DispatchSettings:
    """Return the year's dispatch settings (unsaved defaults when the office set none)."""
    found = DispatchSettings.objects.filter(year=year).first()
    return found or DispatchSettings(year=year)
