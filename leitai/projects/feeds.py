"""The ledger's figures per unit and month, and the system values they feed (系统生成).

The collection calls `ledger_values` through the feed registry (declared on the AppConfig) and
stores each value as system-supplied; which figure feeds which indicator is the office's choice
(`ProjectFeed`). For a period ending on day D of month m, per responsible unit:

- investment completion rate = Σ completed months 1..m / Σ planned months 1..12 (%);
- start rate (开工率) = projects whose 开工 was planned by D and counted (checked) by D /
  projects whose 开工 was planned by D (%);
- entry count (入库) = projects whose 入库 counted with an actual date in the year by D;
- signings = projects signed in the year by D, and the sum of their total investment (万元).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from leitai.projects.models import Project, ProjectFeed, ProjectMonth, ProjectStage
from leitai.projects.schedule import completion_rate, elapsed_share

STAGE = ProjectStage.Stage
DONE = ProjectStage.Status.DONE
METRIC = ProjectFeed.Metric
TWO = Decimal("0.01")


@dataclass
class UnitFigures:
    """One unit's ledger figures for a month."""

    unit_id: int
    month: int
    planned_year: Decimal = Decimal(0)
    completed: Decimal = Decimal(0)
    planned_starts: int = 0
    started: int = 0
    entries: int = 0
    signings: int = 0
    signed_amount: Decimal = Decimal(0)
    projects: int = 0
    names: list = field(default_factory=list)

    @property
    def investment_rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.planned_year)

    @property
    def start_rate(self) -> Decimal | None:
        if not self.planned_starts:
            return None
        return Decimal(100 * self.started) / Decimal(self.planned_starts)


@dataclass(frozen=True)
class SystemValue:
    """One value for one unit and indicator, with a note saying how it was counted."""

    unit_id: int
    indicator_code: str
    value: float
    note_zh: str
    note_en: str


def unit_figures(projects, period_end: dt.date) -> dict[int, UnitFigures]:
    """Return the figures of the projects' responsible units as of `period_end` (3 queries)."""
    month, year = period_end.month, period_end.year
    rows = list(projects.values_list("pk", "unit_id", "total_investment"))
    unit_of = {pk: unit for pk, unit, _t in rows}
    total_of = {pk: total for pk, _u, total in rows}
    figures: dict[int, UnitFigures] = {}
    for unit in unit_of.values():
        figures.setdefault(unit, UnitFigures(unit, month)).projects += 1
    months = ProjectMonth.objects.filter(project_id__in=unit_of)
    for pk, planned in (
        months.values("project_id").annotate(s=Sum("planned")).values_list("project_id", "s")
    ):
        figures[unit_of[pk]].planned_year += planned or 0
    done = months.filter(month__lte=month).values("project_id").annotate(s=Sum("completed"))
    for pk, completed in done.values_list("project_id", "s"):
        figures[unit_of[pk]].completed += completed or 0
    stages = ProjectStage.objects.filter(
        project_id__in=unit_of, stage__in=[STAGE.START, STAGE.ENTRY, STAGE.SIGNING]
    ).values_list("project_id", "stage", "planned_on", "actual_on", "status")
    for pk, stage, planned, actual, status in stages:
        counted = status == DONE and actual is not None and actual <= period_end
        _count_stage(figures[unit_of[pk]], stage, planned, actual, counted, year, period_end)
        if stage == STAGE.SIGNING and counted and actual.year == year:
            figures[unit_of[pk]].signed_amount += total_of[pk]
    return figures


def _count_stage(fig, stage, planned, actual, counted, year, period_end) -> None:
    if stage == STAGE.START and planned is not None and planned <= period_end:
        if planned.year == year:
            fig.planned_starts += 1
            fig.started += counted
    elif stage == STAGE.ENTRY and counted and actual.year == year:
        fig.entries += 1
    elif stage == STAGE.SIGNING and counted and actual.year == year:
        fig.signings += 1


def _money(value) -> str:
    return f"{Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)}"


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def explain(fig: UnitFigures, metric: str) -> tuple[Decimal, str, str] | None:
    """Return (value, Chinese note, English note) of one figure, or None when undefined."""
    m = fig.month
    if metric == METRIC.INVESTMENT_RATE:
        rate = fig.investment_rate
        if rate is None:
            return None
        points = (rate - elapsed_share(m)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if points:
            word_zh = "低于" if points < 0 else "超过"
            word_en = "below" if points < 0 else "above"
            gap_zh = f"{word_zh}序时进度 {abs(points)} 个百分点"
            gap_en = f"{abs(points)} points {word_en} the elapsed-time schedule"
        else:
            gap_zh, gap_en = "与序时进度持平", "level with the elapsed-time schedule"
        done, plan = _money(fig.completed), _money(fig.planned_year)
        return (
            rate,
            f"1—{m}月完成投资 {done} 万元，年度计划 {plan} 万元，完成率 {_pct(rate)}，{gap_zh}",
            f"Months 1–{m}: {done} of {plan} (10k yuan) planned, {_pct(rate)}, {gap_en}",
        )
    if metric == METRIC.START_RATE:
        rate = fig.start_rate
        if rate is None:
            return None
        text = f"{fig.started}/{fig.planned_starts} = {_pct(rate)}"
        return rate, f"开工率 {text}", f"Start rate {text}"
    if metric == METRIC.ENTRY_COUNT:
        n = Decimal(fig.entries)
        return n, f"入库项目 {fig.entries} 个", f"{fig.entries} projects entered into statistics"
    if metric == METRIC.SIGNING_COUNT:
        n = Decimal(fig.signings)
        return n, f"签约项目 {fig.signings} 个", f"{fig.signings} projects signed"
    amount = _money(fig.signed_amount)
    return (
        fig.signed_amount,
        f"签约项目 {fig.signings} 个，签约额 {amount} 万元",
        f"{fig.signings} projects signed for {amount} (10k yuan)",
    )


def ledger_values(*, year, period_code: str, period_end: dt.date) -> list[SystemValue]:
    """Return the ledger's values of the period for the indicators the offices chose."""
    by_year = {"year": year} if hasattr(year, "pk") else {"year__year": int(year)}
    feeds = ProjectFeed.objects.filter(**by_year)
    choices: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for year_id, metric, code in feeds.values_list("year_id", "metric", "indicator_code"):
        choices[year_id].append((metric, code))
    values = []
    for year_id, pairs in sorted(choices.items()):
        figures = unit_figures(Project.objects.filter(year_id=year_id), period_end)
        for unit_id, fig in sorted(figures.items()):
            for metric, code in pairs:
                found = explain(fig, metric)
                if found is not None:
                    value, zh, en = found
                    amount = float(value.quantize(TWO, rounding=ROUND_HALF_UP))
                    values.append(SystemValue(unit_id, code, amount, zh, en))
    return sorted(values, key=lambda v: (v.unit_id, v.indicator_code))
