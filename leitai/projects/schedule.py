"""The ledger's rules of time: 序时进度, the gap to it, the stages' evidence and colours.

序时进度 (the elapsed-time schedule) at the end of month m is m/12 of the year: October is
10/12 = 83.3%. A unit's investment completion rate (year to date over the year's plan) is
"below / above the schedule by x percentage points" (低于/超过序时进度 x 个百分点), x rounded
to one decimal.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitai.projects.models import ProjectStage, StageEvidence

STAGE = ProjectStage.Stage
EVIDENCE = StageEvidence.Kind

# Stages that count only after a check, with the evidence kinds they need (defaults).
GATED: dict[str, tuple[str, ...]] = {
    STAGE.START: (EVIDENCE.CONTRACT, EVIDENCE.PHOTO),
    STAGE.ENTRY: (EVIDENCE.APPROVAL, EVIDENCE.CONTRACT, EVIDENCE.PHOTO),
}
STAGE_ORDER = {value: number for number, value in enumerate(STAGE.values, start=1)}
# A project more than this many days behind its oldest overdue stage is stalled.
STALLED_AFTER_DAYS = 90
ONE = Decimal("0.1")


def elapsed_share(month: int) -> Decimal:
    """Return 序时进度 at the end of `month` in percent, unrounded (October: 83.33…)."""
    return Decimal(100 * month) / Decimal(12)


def completion_rate(completed: Decimal, planned: Decimal) -> Decimal | None:
    """Return completed / planned in percent, or None without a plan."""
    if not planned:
        return None
    return Decimal(100) * completed / planned


def gap_points(rate: Decimal, month: int) -> Decimal:
    """Return rate − 序时进度 in percentage points, rounded half up to one decimal."""
    return (rate - elapsed_share(month)).quantize(ONE, rounding=ROUND_HALF_UP)


def gap_text(rate: Decimal, month: int) -> str:
    """Say how far a completion rate is from 序时进度 ("below the schedule by 8.3 points")."""
    points = gap_points(rate, month)
    if points < 0:
        return _("%(points)s percentage points below the elapsed-time schedule") % {
            "points": -points
        }
    if points > 0:
        return _("%(points)s percentage points above the elapsed-time schedule") % {
            "points": points
        }
    return _("level with the elapsed-time schedule")


def missing_evidence(stage: str, kinds) -> list[str]:
    """Return the evidence kinds a gated stage still lacks (empty for other stages)."""
    have = set(kinds)
    return [kind for kind in GATED.get(stage, ()) if kind not in have]


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of the month."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


# --- the colour of a project on the map -----------------------------------------------------

COLOURS = {
    "ahead": gettext_lazy("Ahead"),
    "on_time": gettext_lazy("On time"),
    "behind": gettext_lazy("Behind"),
    "stalled": gettext_lazy("Stalled"),
}


def stage_state(planned: dt.date | None, actual: dt.date | None, counted: bool, as_of: dt.date):
    """Return the colour of one stage as of a day: early, done, late, due or open."""
    if counted and actual is not None:
        if planned is not None and actual < planned:
            return "ahead"
        return "done" if planned is None or actual <= planned else "late_done"
    if planned is not None and planned <= as_of:
        return "overdue"
    return "open"


def project_colour(stages, as_of: dt.date) -> tuple[str, int]:
    """Return the project's colour and the days its oldest overdue stage is late.

    `stages` are (planned, actual, counted) triples. Behind: a stage planned by `as_of` has
    not counted; stalled: behind by more than STALLED_AFTER_DAYS; ahead: nothing overdue and a
    stage counted before its planned date; else on time.
    """
    overdue = [p for p, _a, c in stages if not c and p is not None and p <= as_of]
    if overdue:
        late = (as_of - min(overdue)).days
        return ("stalled" if late > STALLED_AFTER_DAYS else "behind"), late
    early = any(c and a is not None and p is not None and a < p for p, a, c in stages)
    return ("ahead" if early else "on_time"), 0
