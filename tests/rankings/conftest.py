"""A tiny scheme for the rankings tests: 2 arenas, 4 indicators, the conftest units.

Arenas: projects (weight 60, bonus cap 5, deduction cap 10) with P1 completion (40, cap 1.2)
and P2 relative (60, floor 0.6); reform (weight 40) with R1 share (50) and R2 panel (50).
Units: A01 and C01 in 第一组 (G1), B01 alone in 第二组 (G2). Periods: 2022-01, 2022-02,
2022-Q1..Q2 and the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from leitai.assessment.models import (
    Arena,
    Indicator,
    IndicatorValue,
    PanelScore,
    Period,
    Scheme,
    Target,
)
from tests.conftest import World


@dataclass
class Tiny:
    world: World
    scheme: Scheme
    periods: dict[str, Period]

    def __getattr__(self, name):
        return getattr(self.world, name)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def make_period(year, code: str, kind: str, start: dt.date, end: dt.date) -> Period:
    return Period.objects.create(
        year=year,
        kind=kind,
        code=code,
        starts_on=start,
        ends_on=end,
        opens_at=_aware(start),
        deadline=_aware(end),
        locks_at=_aware(end),
        state=Period.State.CLOSED,
    )


def make_scheme(year) -> Scheme:
    scheme = Scheme.objects.create(year=year, version=1, name="小方案", state=Scheme.State.ACTIVE)
    projects = Arena.objects.create(
        scheme=scheme,
        code="projects",
        name="项目建设",
        weight=60,
        bonus_cap=5,
        deduction_cap=10,
        order=1,
    )
    reform = Arena.objects.create(scheme=scheme, code="reform", name="改革创新", weight=40, order=2)
    rows = [
        (projects, "P1", "投资完成率", "completion", 40, {"cap": 1.2}),
        (projects, "P2", "新开工项目数", "relative", 60, {"floor": 0.6}),
        (reform, "R1", "改革任务完成", "share", 50, {}),
        (reform, "R2", "评委打分", "panel", 50, {"trim_from": 5}),
    ]
    for order, (arena, code, name, rule, points, params) in enumerate(rows):
        Indicator.objects.create(
            scheme=scheme,
            arena=arena,
            code=code,
            name=name,
            rule=rule,
            max_points=points,
            params=params,
            order=order,
        )
    return scheme


def put_values(period: Period, unit, values: dict, *, state="verified") -> None:
    """Store verified values {code: value} of one unit (R2 as a list of judges' scores)."""
    for code, value in values.items():
        if code == "R2":
            for n, score in enumerate(value):
                PanelScore.objects.create(
                    period=period,
                    unit=unit,
                    indicator_code="R2",
                    judge_label=f"J{n + 1}",
                    score=Decimal(str(score)),
                )
            continue
        IndicatorValue.objects.create(
            period=period,
            unit=unit,
            indicator_code=code,
            value=None if value is None else Decimal(str(value)),
            state=state,
        )


# January, hand-worked in test_compute.py.
JANUARY = {
    "A01": {"P1": 90, "P2": 10, "R1": 0.8, "R2": [80, 90, 70, 60, 100]},
    "C01": {"P1": 120, "P2": 20, "R1": 1, "R2": [70, 70, 70]},
    "B01": {"P1": 50, "P2": 5, "R1": 0.5},
}
FEBRUARY = {
    "A01": {"P1": 100, "P2": 20, "R1": 1, "R2": [90, 90, 90]},
    "C01": {"P1": 60, "P2": 10, "R1": 0.5, "R2": [60, 60, 60]},
    "B01": {"P1": 100, "P2": 8, "R1": 1},
}


@pytest.fixture
def tiny(world) -> Tiny:
    return build_tiny(world)


def build_tiny(world) -> Tiny:
    """Build the tiny scheme, its periods, targets and the values of January and February."""
    year = world.year
    scheme = make_scheme(year)
    periods = {
        "2022-01": make_period(year, "2022-01", "month", dt.date(2022, 1, 1), dt.date(2022, 1, 31)),
        "2022-02": make_period(year, "2022-02", "month", dt.date(2022, 2, 1), dt.date(2022, 2, 28)),
        "2022-Q1": make_period(
            year, "2022-Q1", "quarter", dt.date(2022, 1, 1), dt.date(2022, 3, 31)
        ),
        "2022-Q2": make_period(
            year, "2022-Q2", "quarter", dt.date(2022, 4, 1), dt.date(2022, 6, 30)
        ),
        "2022": make_period(year, "2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    }
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    for code in units:
        Target.objects.create(year=year, unit=units[code], indicator_code="P1", value=100)
    for month, data in (("2022-01", JANUARY), ("2022-02", FEBRUARY)):
        for code, values in data.items():
            put_values(periods[month], units[code], values)
    return Tiny(world, scheme, periods)
