"""Automatic deductions: hand-counted periods, nothing counted twice, the engine's cap."""

from __future__ import annotations

import datetime as dt

import pytest

from leitai.scoring import Adjustment, ScoringInput, Unit, Value, parse_dict, score
from leitai.supervision.deductions import AutoDeduction, deductions_for_period, format_points
from leitai.supervision.models import Problem, ProblemEvent
from leitai.supervision.selectors import overdue_for_notice
from tests.supervision.conftest import make_problem

D = dt.date


@pytest.fixture
def case(world, sv):
    """Unit A: p1 open (overdue 06-10), p2 signed off in time, p3 serious signed off late
    after two send-backs, p4 withdrawn; unit B: p5 serious found 06-30 (overdue 07-16)."""
    p1 = sv.problem  # general, found 05-10, deadline 06-09
    p2 = make_problem(world, sv.visit, sv.tasks, found_on=D(2022, 5, 20), text="p2")
    Problem.objects.filter(pk=p2.pk).update(status="signed_off", signed_off_on=D(2022, 6, 15))
    p3 = make_problem(world, sv.visit, sv.style, severity="serious", found_on=D(2022, 6, 2))
    Problem.objects.filter(pk=p3.pk).update(
        status="signed_off", signed_off_on=D(2022, 6, 20), reopen_count=2
    )
    for day in (D(2022, 6, 10), D(2022, 6, 16)):
        ProblemEvent.objects.create(problem=p3, kind="sent_back", on=day, text="不合格")
    p4 = make_problem(world, sv.visit, sv.tasks, found_on=D(2022, 5, 25), text="p4")
    Problem.objects.filter(pk=p4.pk).update(status="withdrawn")
    ProblemEvent.objects.create(problem=p4, kind="sent_back", on=D(2022, 6, 5))
    p5 = Problem.objects.create(
        year=world.year,
        unit=world.unit_b,
        source="complaint",
        category=sv.tasks,
        severity="serious",
        description="p5",
        found_on=D(2022, 6, 30),
        deadline=D(2022, 7, 15),
    )
    return {"p1": p1, "p3": p3, "p5": p5}


def rows(world, start, end):
    return deductions_for_period(year=world.year, period_start=start, period_end=end)


def test_may(world, case):
    assert rows(world, D(2022, 5, 1), D(2022, 5, 31)) == [
        AutoDeduction(
            world.unit_a.pk,
            "party",
            1.0,
            "督导发现问题 2 个（一般），扣 1.0 分",
            "2 problem(s) found (general): −1.0",
        ),
    ]


def test_june(world, case):
    a, b = world.unit_a.pk, world.unit_b.pk
    assert [
        (r.unit_id, r.points, r.note_zh) for r in rows(world, D(2022, 6, 1), D(2022, 6, 30))
    ] == [
        (a, 1.0, "督导发现问题 1 个（严重），扣 1.0 分"),
        (a, 2.0, "整改逾期 2 项，扣 2.0 分"),
        (a, 1.0, "整改退回重改 2 次，扣 1.0 分"),
        (b, 1.0, "督导发现问题 1 个（严重），扣 1.0 分"),
    ]


def test_july_counts_only_the_new_overdue(world, case):
    assert [(r.unit_id, r.points) for r in rows(world, D(2022, 7, 1), D(2022, 7, 31))] == [
        (world.unit_b.pk, 1.0)
    ]


def test_overdue_day_boundaries(world, case):
    # p1's deadline is 06-09: overdue from 06-10, which lies in the period ending 06-10 only.
    assert [r.note_zh for r in rows(world, D(2022, 6, 9), D(2022, 6, 9))] == []
    assert [r.note_zh for r in rows(world, D(2022, 6, 10), D(2022, 6, 10))] == [
        "整改逾期 1 项，扣 1.0 分",
        "整改退回重改 1 次，扣 0.5 分",
    ]


def test_months_add_up_to_the_quarter(world, case):
    def total(start, end):
        return sorted(
            (r.unit_id, r.note_zh.split("，")[0], r.points) for r in rows(world, start, end)
        )

    months = [
        *total(D(2022, 4, 1), D(2022, 4, 30)),
        *total(D(2022, 5, 1), D(2022, 5, 31)),
        *total(D(2022, 6, 1), D(2022, 6, 30)),
    ]
    quarter = rows(world, D(2022, 4, 1), D(2022, 6, 30))
    assert sum(r.points for r in quarter) == sum(p for *_, p in months) == 6.0


def test_a_future_day_is_not_counted(world, case, monkeypatch):
    from leitai.supervision import deductions

    monkeypatch.setattr(deductions.timezone, "localdate", lambda: D(2022, 7, 10))
    assert rows(world, D(2022, 7, 1), D(2022, 7, 31)) == []


def test_no_rule_no_deductions(world, case, sv):
    sv.rule.delete()
    assert rows(world, D(2022, 1, 1), D(2022, 12, 31)) == []


def test_zero_points_give_no_row(world, case, sv):
    sv.rule.general_points = 0
    sv.rule.save()
    assert rows(world, D(2022, 5, 1), D(2022, 5, 31)) == []


def test_format_points():
    from decimal import Decimal

    assert [format_points(Decimal(x)) for x in ("1", "1.5", "0.25", "2.00")] == [
        "1.0",
        "1.5",
        "0.25",
        "2.0",
    ]


def test_engine_applies_the_arena_cap(world, case):
    scheme = parse_dict(
        {
            "name": "t",
            "arenas": [
                {
                    "code": "party",
                    "name": "基层党建",
                    "weight": 1,
                    "deduction_cap": 1.5,
                    "indicators": [
                        {"code": "D1", "name": "党建", "rule": "share", "max_points": 10}
                    ],
                }
            ],
        }
    )
    codes = {world.unit_a.pk: "A01", world.unit_b.pk: "B01"}
    adjustments = [
        Adjustment(
            unit=codes[r.unit_id],
            arena=r.arena_code,
            kind="deduction",
            points=r.points,
            note=r.note_zh,
        )
        for r in rows(world, D(2022, 6, 1), D(2022, 6, 30))
    ]
    data = ScoringInput.from_rows(
        [Unit("A01", "发改局", "G1"), Unit("B01", "商务局", "G1")],
        [Value("A01", "D1", 1.0), Value("B01", "D1", 1.0)],
        adjustments=adjustments,
    )
    result = score(scheme, data)
    a, b = result.unit("A01"), result.unit("B01")
    assert a.arena_details["party"].deduction == 1.5  # 4.0 found, capped at 1.5
    assert (a.arenas["party"], b.arenas["party"]) == (98.5, 99.0)
    assert (a.rank, b.rank) == (2, 1)


def test_overdue_for_notice(world, case):
    items = overdue_for_notice(year=world.year, as_of=D(2022, 6, 19))
    assert [(i.unit_name, i.problem_id, i.deadline, i.days_overdue) for i in items] == [
        ("县发展和改革局", case["p1"].pk, D(2022, 6, 9), 10),
        ("县发展和改革局", case["p3"].pk, D(2022, 6, 17), 2),
    ]
    assert items[0].summary == "台账不全"
    later = overdue_for_notice(year=world.year.pk, as_of=D(2022, 6, 20))
    assert [i.problem_id for i in later] == [case["p1"].pk]
    july = overdue_for_notice(year=world.year, as_of=D(2022, 7, 20))
    assert [(i.problem_id, i.days_overdue) for i in july] == [
        (case["p1"].pk, 41),
        (case["p5"].pk, 5),
    ]
