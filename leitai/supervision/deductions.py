"""Automatic deductions from supervision, for the rankings app to pass to the engine.

Each event falls in exactly one period, by its date, so nothing counts twice across periods:

- a problem found: its `found_on` date (one row per unit and severity);
- an overdue rectification: the day after its deadline (`deadline + 1`), when by the end of
  its deadline day it was not signed off; counted only once that day has come (never for a
  future day); the deadline is fixed when the problem is raised, so the day never moves;
- a send-back (退回): the date of each send-back; a problem sent back twice counts twice.

Withdrawn problems (raised in error) count for nothing. The arena's deduction cap is applied
by the engine, not here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F
from django.utils import timezone

from leitai.supervision.models import DeductionRule, Problem, ProblemEvent, Severity

KIND_ORDER = ("general", "serious", "overdue", "reopened")
NOTES = {
    "general": ("督导发现问题 {n} 个（一般），扣 {p} 分", "{n} problem(s) found (general): −{p}"),
    "serious": ("督导发现问题 {n} 个（严重），扣 {p} 分", "{n} problem(s) found (serious): −{p}"),
    "overdue": ("整改逾期 {n} 项，扣 {p} 分", "{n} rectification(s) overdue: −{p}"),
    "reopened": ("整改退回重改 {n} 次，扣 {p} 分", "{n} rectification(s) sent back: −{p}"),
}


@dataclass(frozen=True)
class AutoDeduction:
    """One unit's deduction of one kind in a period, explained in Chinese and English."""

    unit_id: int
    arena_code: str
    points: float
    note_zh: str
    note_en: str


def deductions_for_period(
    *, year, period_start: dt.date, period_end: dt.date
) -> list[AutoDeduction]:
    """Return the period's deductions, one per unit and kind, ordered by unit then kind.

    `year` is an AssessmentYear or its id; without a deduction rule there is nothing.
    """
    year_id = getattr(year, "pk", year)
    rule = DeductionRule.objects.filter(year_id=year_id).first()
    if rule is None:
        return []
    counts: Counter[tuple[int, str]] = Counter()
    counts.update(_found(year_id, period_start, period_end))
    counts.update(_overdue(year_id, period_start, period_end))
    counts.update(_reopened(year_id, period_start, period_end))
    rows = []
    for (unit_id, kind), n in sorted(
        counts.items(), key=lambda i: (i[0][0], KIND_ORDER.index(i[0][1]))
    ):
        points = _points(rule, kind) * n
        if points > 0:
            rows.append(_row(rule.arena_code, unit_id, kind, n, points))
    return rows


def _live(year_id: int):
    return Problem.objects.filter(year_id=year_id).exclude(status=Problem.Status.WITHDRAWN)


def _found(year_id, start, end) -> Counter:
    found = (
        _live(year_id)
        .filter(found_on__gte=start, found_on__lte=end)
        .values("unit_id", "severity")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["unit_id"], r["severity"]): r["n"] for r in found})


def _overdue(year_id, start, end) -> Counter:
    last_day = min(end, timezone.localdate())
    overdue = (
        _live(year_id)
        .filter(
            deadline__gte=start - dt.timedelta(days=1),
            deadline__lte=last_day - dt.timedelta(days=1),
        )
        .exclude(signed_off_on__lte=F("deadline"))
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["unit_id"], "overdue"): r["n"] for r in overdue})


def _reopened(year_id, start, end) -> Counter:
    events = (
        ProblemEvent.objects.filter(
            kind=ProblemEvent.Kind.SENT_BACK,
            on__gte=start,
            on__lte=end,
            problem__year_id=year_id,
        )
        .exclude(problem__status=Problem.Status.WITHDRAWN)
        .values("problem__unit_id")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["problem__unit_id"], "reopened"): r["n"] for r in events})


def _points(rule: DeductionRule, kind: str) -> Decimal:
    return {
        Severity.GENERAL.value: rule.general_points,
        Severity.SERIOUS.value: rule.serious_points,
        "overdue": rule.overdue_points,
        "reopened": rule.reopened_points,
    }[kind]


def _row(arena: str, unit_id: int, kind: str, n: int, points: Decimal) -> AutoDeduction:
    text = format_points(points)
    zh, en = NOTES[kind]
    return AutoDeduction(
        unit_id=unit_id,
        arena_code=arena,
        points=float(points),
        note_zh=zh.format(n=n, p=text),
        note_en=en.format(n=n, p=text),
    )


def format_points(points: Decimal) -> str:
    """Return points with one or two decimals: 1.0, 1.5, 0.25."""
    text = f"{points:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
