"""A county with a published year ranking to grade, built directly (fixtures bypass services).

第一组 (G1): A01 90, C01 (县体育事业发展中心) 85, D01 80, E01 75, F01 70, H01 65 — 30% of six
is 1.8 → 2 优秀 (四舍五入); 第二组 (G2): B01 alone. Arenas: projects (weight 60) and reform (40).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from leitai.assessment.models import Arena, Period, Scheme
from leitai.honours.models import GradingRules
from leitai.org.models import GroupMembership, Unit
from leitai.rankings.models import Publication, RankingRow, RankingSnapshot
from tests.conftest import World

TOTALS = {"A01": 90.0, "C01": 85.0, "D01": 80.0, "E01": 75.0, "F01": 70.0, "H01": 65.0}
RULES = {
    "method": "quota",
    "rounding": "half_up",
    "tie": "share",
    "publicity_days": 5,
    "grades": [
        {"name": "优秀", "percent": 30, "staff_percent": 25},
        {"name": "良好", "percent": 40, "staff_percent": 20},
        {"name": "合格", "staff_percent": 15},
    ],
    "gates": [
        {"kind": "veto", "best": "合格"},
        {"kind": "red_problem", "best": "良好"},
        {"kind": "last_place", "months": 2, "best": "良好"},
    ],
    "awards": [
        {"kind": "advanced", "name": "先进单位", "grade": "优秀"},
        {"kind": "progress", "name": "进步奖", "top": 1, "gates": [{"kind": "veto"}]},
        {"kind": "single", "name": "单项奖", "top": 1, "arenas": ["reform"]},
    ],
}


@dataclass
class Graded:
    world: World
    scheme: Scheme
    units: dict[str, Unit]
    year_period: Period

    def __getattr__(self, name):
        return getattr(self.world, name)


def _aware(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def period(year, code, kind, start, end):
    return Period.objects.create(
        year=year,
        kind=kind,
        code=code,
        starts_on=start,
        ends_on=end,
        opens_at=_aware(start),
        deadline=_aware(end),
        locks_at=_aware(end),
        state=Period.State.LOCKED,
    )


def publish(world, scheme, per, ranks, *, number=1):
    """Write a published snapshot of `per`: ranks {unit: (group, rank, total, arenas, vetoed)}."""
    dump = {
        "arenas": [
            {"code": "projects", "name": "项目建设", "weight": 60},
            {"code": "reform", "name": "改革创新", "weight": 40},
        ]
    }
    snap = RankingSnapshot.objects.create(
        jurisdiction=world.county,
        year=per.year,
        period=per,
        number=number,
        scheme=scheme,
        fingerprint="x" * 64,
        inputs={},
        scheme_dump=dump,
        results={},
    )
    for position, (unit, (group, rank, total, arenas, vetoed)) in enumerate(ranks.items(), 1):
        RankingRow.objects.create(
            snapshot=snap,
            unit=unit,
            unit_name=unit.name,
            group=group,
            position=position,
            total=total,
            rank=rank,
            vetoed=vetoed,
            arenas=arenas,
        )
    Publication.objects.create(
        snapshot=snap, period=per, published_at=timezone.now(), published_by=world.office
    )
    return snap


def year_ranks(g, totals=None, vetoed=()):
    totals = totals or TOTALS
    order = sorted(totals, key=lambda c: -totals[c])
    ranks = {}
    for rank, code in enumerate(order, 1):
        total = totals[code]
        # projects = total + 5, reform = total − 7.5: 0.6 × (t+5) + 0.4 × (t−7.5) = t.
        arenas = {"projects": total + 5, "reform": total - 7.5}
        ranks[g.units[code]] = (g.world.group_1, rank, total, arenas, code in vetoed)
    ranks[g.units["B01"]] = (g.world.group_2, 1, 60.0, {"projects": 65.0, "reform": 52.5}, False)
    return ranks


@pytest.fixture
def graded(world) -> Graded:
    return build_graded(world)


def build_graded(world) -> Graded:
    """The county's scheme (two arenas), seven units in two groups, the year and its rules."""
    year = world.year
    scheme = Scheme.objects.create(year=year, version=1, name="方案", state=Scheme.State.ACTIVE)
    Arena.objects.create(scheme=scheme, code="projects", name="项目建设", weight=60, order=1)
    Arena.objects.create(scheme=scheme, code="reform", name="改革创新", weight=40, order=2)
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    for code, name in [
        ("D01", "县财政局"),
        ("E01", "县教育局"),
        ("F01", "县民政局"),
        ("H01", "县司法局"),
    ]:
        units[code] = Unit.objects.create(
            jurisdiction=world.county, code=code, name=name, kind="government"
        )
        GroupMembership.objects.create(year=year, group=world.group_1, unit=units[code])
    per = period(year, "2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    g = Graded(world, scheme, units, per)
    GradingRules.objects.create(scheme=scheme, rules=RULES)
    return g


def publish_year(g, **kwargs):
    return publish(g.world, g.scheme, g.year_period, year_ranks(g, **kwargs))
