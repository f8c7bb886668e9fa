"""Build small scheme versions and periods directly for the scheme-side tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leitai.assessment.models import Arena, Indicator, Period, Scheme

SMALL_YAML = """\
name: 2022年度擂台比武
bonus_levels: {national: 3.0, provincial: 2.0, municipal: 1.0, county: 0.5}
quarter_weights: {Q1: 1.0, Q2: 1.0, Q3: 1.0, Q4: 2.0}
arenas:
- code: projects
  name: 项目建设
  weight: 60.0
  bonus_cap: 5.0
  deduction_cap: 10.0
  indicators:
  - {code: P1, name: 固定资产投资完成率, rule: completion, max_points: 40.0, direction: higher,
     cap: 1.2, zero_below: 0.0}
  - {code: P2, name: 新开工项目数, rule: relative, max_points: 30.0, groups: [G1],
     direction: higher, floor: 0.6}
- code: advance
  name: 率先进位
  weight: 40.0
  indicators:
  - {code: R1, name: 地区生产总值位次, rule: rank, max_points: 20.0, direction: higher,
     peers: 13, floor: 0.6, advance: 1.0, retreat: 0.5, cap: 1.0}
  - {code: R2, name: 安全生产事故, rule: bands, max_points: 10.0, direction: lower,
     bands: [[0.0, 1.0], [2.0, 0.5]]}
  - {code: R3, name: 重点改革任务, rule: share, max_points: 10.0, direction: higher}
  - {code: R4, name: 擂台比武评委打分, rule: panel, max_points: 10.0, direction: higher,
     trim_from: 5}
"""


def make_scheme(year, *, state=Scheme.State.ACTIVE, version=1) -> Scheme:
    """Create a two-arena scheme version covering all six rules."""
    scheme = Scheme.objects.create(
        year=year,
        version=version,
        name="2022年度擂台比武",
        state=state,
        bonus_levels={"national": 3.0, "provincial": 2.0, "municipal": 1.0, "county": 0.5},
        quarter_weights={"Q1": 1.0, "Q2": 1.0, "Q3": 1.0, "Q4": 2.0},
    )
    projects = Arena.objects.create(
        scheme=scheme,
        code="projects",
        name="项目建设",
        weight=60,
        bonus_cap=5,
        deduction_cap=10,
        order=1,
    )
    advance = Arena.objects.create(
        scheme=scheme, code="advance", name="率先进位", weight=40, order=2
    )
    rows = [
        (
            projects,
            "P1",
            "固定资产投资完成率",
            "completion",
            40,
            "higher",
            {"cap": 1.2, "zero_below": 0.0},
            [],
        ),
        (projects, "P2", "新开工项目数", "relative", 30, "higher", {"floor": 0.6}, ["G1"]),
        (
            advance,
            "R1",
            "地区生产总值位次",
            "rank",
            20,
            "higher",
            {"peers": 13, "floor": 0.6, "advance": 1.0, "retreat": 0.5, "cap": 1.0},
            [],
        ),
        (
            advance,
            "R2",
            "安全生产事故",
            "bands",
            10,
            "lower",
            {"bands": [[0.0, 1.0], [2.0, 0.5]]},
            [],
        ),
        (advance, "R3", "重点改革任务", "share", 10, "higher", {}, []),
        (advance, "R4", "擂台比武评委打分", "panel", 10, "higher", {"trim_from": 5}, []),
    ]
    for order, (arena, code, name, rule, points, direction, params, groups) in enumerate(rows):
        Indicator.objects.create(
            scheme=scheme,
            arena=arena,
            code=code,
            name=name,
            rule=rule,
            max_points=points,
            direction=direction,
            params=params,
            groups=groups,
            order=order,
        )
    return scheme


def make_period(year, code="2022-03", *, state=Period.State.OPEN, kind=Period.Kind.MONTH):
    """Create one period of the year in the given state."""
    month = int(code[-2:]) if kind == Period.Kind.MONTH else 1
    start = dt.date(year.year, month, 1)
    tz = timezone.get_current_timezone()
    opens = dt.datetime(year.year, month, 1, tzinfo=tz)
    return Period.objects.create(
        year=year,
        kind=kind,
        code=code,
        starts_on=start,
        ends_on=start + dt.timedelta(days=27),
        opens_at=opens,
        deadline=opens + dt.timedelta(days=35),
        locks_at=opens + dt.timedelta(days=40),
        state=state,
    )
