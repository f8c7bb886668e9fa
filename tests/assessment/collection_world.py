"""The collection side's test county: the 2022 scheme, an open month and a previous month.

Indicators (unit A and C are in group G1, B in G2):
- P01 新签约项目数 — completion, the unit fills it, 县统计局 verifies; annual target 120 for A.
- P02 固定资产投资 — relative, group G1 only, the unit fills it, 县统计局 verifies.
- R01 全县位次 — rank, 县统计局 supplies it for every unit.
- T01 重点任务完成率 — share, the system supplies it.
- J01 打擂评分 — panel, the office enters the judges' scores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from leitai.assessment.models import Arena, Indicator, Period, Scheme, Target


@dataclass
class Collection:
    world: object
    scheme: Scheme
    january: Period
    february: Period
    indicators: dict


def make_period(year, code, month, *, state="open", deadline_days=5, locks_days=10):
    now = timezone.now()
    start = dt.date(2022, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Period.objects.create(
        year=year,
        kind="month",
        code=code,
        starts_on=start,
        ends_on=end,
        opens_at=now + dt.timedelta(days=min(-20, deadline_days - 5)),
        deadline=now + dt.timedelta(days=deadline_days),
        locks_at=now + dt.timedelta(days=max(locks_days, deadline_days)),
        state=state,
    )


def make_quarter(year, code="2022-Q1", first_month=1, *, state="open"):
    """Create an open quarter (judges' scores are collected in quarters only)."""
    period = make_period(year, code, first_month, state=state)
    period.kind = "quarter"
    period.ends_on = (period.starts_on + dt.timedelta(days=92)).replace(day=1) - dt.timedelta(
        days=1
    )
    period.save(update_fields=["kind", "ends_on"])
    return period


def build_collection(world) -> Collection:
    scheme = Scheme.objects.create(year=world.year, version=1, name="2022年方案", state="active")
    projects = Arena.objects.create(scheme=scheme, code="XM", name="项目建设", weight=40, order=1)
    rank = Arena.objects.create(scheme=scheme, code="JW", name="率先进位", weight=30, order=2)
    reform = Arena.objects.create(scheme=scheme, code="GG", name="改革创新", weight=30, order=3)

    def indicator(code, name, arena, rule, supplier="unit", groups=(), order=0, **kw):
        return Indicator.objects.create(
            scheme=scheme,
            arena=arena,
            code=code,
            name=name,
            rule=rule,
            max_points=10,
            supplier=supplier,
            groups=list(groups),
            assessor=kw.pop("assessor", world.stats),
            order=order,
            **kw,
        )

    indicators = {
        "P01": indicator("P01", "新签约项目数", projects, "completion", measure="个", order=1),
        "P02": indicator(
            "P02", "固定资产投资", projects, "relative", groups=["G1"], order=2, measure="万元"
        ),
        "R01": indicator("R01", "全县位次", rank, "rank", supplier="assessor", order=1),
        "T01": indicator(
            "T01", "重点任务完成率", reform, "share", supplier="system", order=1, assessor=None
        ),
        "J01": indicator(
            "J01", "打擂评分", reform, "panel", supplier="office", order=2, assessor=None
        ),
    }
    january = make_period(
        world.year, "2022-01", 1, state="locked", deadline_days=-40, locks_days=-30
    )
    # locks_at before deadline is not allowed; make_period keeps them ordered.
    february = make_period(world.year, "2022-02", 2)
    Target.objects.create(year=world.year, unit=world.unit_a, indicator_code="P01", value=120)
    return Collection(world, scheme, january, february, indicators)


def amount(text: str) -> Decimal:
    return Decimal(text)
