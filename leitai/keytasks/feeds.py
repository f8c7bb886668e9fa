"""Values the tasks supply to the assessment: the share of milestones met on time.

The collection app calls `share_values` through its provider registry (the dotted path
"leitai.keytasks.feeds.share_values") and stores each value as system-supplied.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from leitai.keytasks.models import KeyTask, Milestone


@dataclass(frozen=True)
class SystemValue:
    """One value for one unit and indicator, with a note saying how it was counted."""

    unit_id: int
    indicator_code: str
    value: float
    note_zh: str
    note_en: str


def share_values(*, year, period_code: str, period_end: dt.date) -> list[SystemValue]:
    """Return, per lead unit and linked indicator, the share (%) of milestones met on time.

    Milestones due on or before `period_end` count; a milestone is met when its done date is on
    or before its due date. A unit leading several tasks linked to the same indicator gets one
    value over all their milestones. No milestone due means no value. `year` is an
    AssessmentYear or its number (then every jurisdiction's tasks of that year count).
    """
    tasks = KeyTask.objects.exclude(indicator_code="")
    by_year = {"year": year} if hasattr(year, "pk") else {"year__year": int(year)}
    tasks = tasks.filter(**by_year)
    milestones = (
        Milestone.objects.filter(task__in=tasks, due_date__lte=period_end)
        .select_related("task")
        .order_by("task__code", "due_date")
    )
    groups: dict[tuple[int, str], dict] = defaultdict(lambda: {"titles": [], "due": 0, "met": 0})
    for m in milestones:
        group = groups[(m.task.lead_unit_id, m.task.indicator_code)]
        if m.task.title not in group["titles"]:
            group["titles"].append(m.task.title)
        group["due"] += 1
        group["met"] += m.done_on is not None and m.done_on <= m.due_date
    return [
        _value(unit_id, code, g["titles"], g["due"], g["met"], period_end)
        for (unit_id, code), g in sorted(groups.items())
    ]


def _value(unit_id, code, titles, due, met, period_end) -> SystemValue:
    share = 100.0 * met / due
    day = period_end.isoformat()
    names_zh = "".join(f"『{t}』" for t in titles)
    names_en = ", ".join(f'"{t}"' for t in titles)
    return SystemValue(
        unit_id=unit_id,
        indicator_code=code,
        value=round(share, 2),
        note_zh=(
            f"任务{names_zh}截至 {day} 应完成节点 {due} 个，按时完成 {met} 个，完成率 {share:.1f}%"
        ),
        note_en=(
            f"Task {names_en}: {due} milestones due by {day}, {met} met on time, share {share:.1f}%"
        ),
    )
