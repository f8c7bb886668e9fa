"""Indicators a period's kind does not collect are left out of it, not scored as missing.

Judges' scores (`panel`) come from the quarterly contest only. The scheme, worked by hand:
arena work (weight 60) holds W1 share (60) and J1 panel (40); arena contest (weight 40) holds
only J2 panel (50, trim_from 3). Units: A01 and C01 in 第一组 (G1), B01 alone in 第二组 (G2).

March (a month): J1 and J2 are left out; contest has no indicator left, so it applies to no
unit and totals are work alone. W1: A01 0.9 → 54 / 60 → 90; C01 0.6 → 36 → 60, +5 bonus → 65;
B01 1 → 100, vetoed (the veto names the contest arena and still counts). A01's 3-point
bonus in contest counts nowhere: the arena does not apply in a month. Nothing is missing.

Q1 (a quarter): everything counts. A01: W1 0.5 → 30; J1 80 90 70 60 100 (5 scores, trimmed) →
80 → 32; work 62; J2 90 90 → 90 → 45 / 50 → contest 90; total (60·62 + 40·90) / 100 = 73.2.
C01: W1 1 → 60; J1 70 70 70 → 28; work 88; J2 60 → 30 → 60; total 52.8 + 24 = 76.8. B01: W1 0.8
→ 48; J1 no scores → 0, missing; work 48; J2 100 80 60 40 20 trimmed → 60 → 30 → 60; total
28.8 + 24 = 52.8.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from leitai.assessment.models import Adjustment, Arena, Indicator, Scheme
from leitai.assessment.scheme.selectors import engine_scheme
from leitai.core.models import AuditEntry
from leitai.rankings import compute, services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.inputs import fingerprint
from leitai.rankings.models import RankingSnapshot
from tests.rankings.conftest import make_period, put_values

QUICK = Sensitivity(runs=20)


def _scheme(year, rows) -> Scheme:
    scheme = Scheme.objects.create(year=year, version=1, name="打擂方案", state="active")
    arenas = {}
    for order, (arena_code, weight, code, rule, points, params) in enumerate(rows):
        if arena_code not in arenas:
            arenas[arena_code] = Arena.objects.create(
                scheme=scheme, code=arena_code, name=arena_code, weight=weight, order=order
            )
        Indicator.objects.create(
            scheme=scheme,
            arena=arenas[arena_code],
            code=code,
            name=code,
            rule=rule,
            max_points=points,
            params=params,
            supplier="office" if rule == "panel" else "unit",
            order=order,
        )
    return scheme


ROWS = [
    ("work", 60, "W1", "share", 60, {}),
    ("work", 60, "J1", "panel", 40, {"trim_from": 5}),
    ("contest", 40, "J2", "panel", 50, {"trim_from": 3}),
]


@pytest.fixture
def kinds(world):
    year = world.year
    scheme = _scheme(year, ROWS)
    march = make_period(year, "2022-03", "month", dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    q1 = make_period(year, "2022-Q1", "quarter", dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    world.scheme, world.march, world.q1 = scheme, march, q1
    world.units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    return world


def _put(world, period, data):
    for code, values in data.items():
        for indicator, value in values.items():
            if isinstance(value, list):
                put_panel(period, world.units[code], indicator, value)
            else:
                put_values(period, world.units[code], {indicator: value})


def put_panel(period, unit, code, scores):
    from leitai.assessment.models import PanelScore

    for n, score in enumerate(scores):
        PanelScore.objects.create(
            period=period,
            unit=unit,
            indicator_code=code,
            judge_label=f"J{n + 1}",
            score=Decimal(score),
        )


def _adjust(world, unit, arena, kind, points=None):
    Adjustment.objects.create(
        period=world.march,
        unit=world.units[unit],
        arena_code=arena,
        kind=kind,
        points=None if points is None else Decimal(points),
        matter=f"{unit} {arena} {kind}",
        reason="x",
        state="approved",
    )


def _rows(snapshot):
    return {
        r.unit.code: (r.group.code, r.rank, round(r.total, 6), r.vetoed)
        for r in snapshot.rows.select_related("unit", "group")
    }


def _compute(world, period):
    return services.snapshot_compute(actor=world.office, period=period, check=QUICK)


def test_a_month_leaves_judges_scores_out(kinds):
    _put(kinds, kinds.march, {"A01": {"W1": 0.9}, "C01": {"W1": 0.6}, "B01": {"W1": 1}})
    _adjust(kinds, "C01", "work", "bonus", 5)
    _adjust(kinds, "A01", "contest", "bonus", 3)
    _adjust(kinds, "B01", "contest", "veto")
    snapshot = _compute(kinds, kinds.march)
    assert _rows(snapshot) == {
        "A01": ("G1", 1, 90.0, False),
        "C01": ("G1", 2, 65.0, False),
        "B01": ("G2", 1, 100.0, True),
    }
    assert snapshot.missing == []
    a = snapshot.rows.get(unit=kinds.unit_a)
    assert a.arenas == {"work": 90.0, "contest": None}
    assert list(a.detail["indicators"]) == ["W1"]
    assert a.detail["arenas"]["contest"]["explain_en"] == "No indicator applies, arena not counted"
    explained = [
        (item["explain_zh"], item["explain_en"])
        for row in snapshot.rows.all()
        for item in row.detail["indicators"].values()
    ]
    assert len(explained) == 3
    assert not any("未报送" in zh or "Not reported" in en for zh, en in explained)
    # The stored inputs hold the month's scheme: both arenas, no panel indicator.
    stored = snapshot.inputs["scheme"]["arenas"]
    assert [(s["code"], [i["code"] for i in s["indicators"]]) for s in stored] == [
        ("work", ["W1"]),
        ("contest", []),
    ]
    assert snapshot.scheme_dump == snapshot.inputs["scheme"]
    assert snapshot.inputs["panel"] == []
    assert snapshot.fingerprint == fingerprint(snapshot.inputs)


def test_judges_scores_stored_against_a_month_are_ignored(kinds):
    _put(kinds, kinds.march, {"A01": {"W1": 0.9, "J1": [100, 100, 100, 100, 100]}})
    snapshot = _compute(kinds, kinds.march)
    assert snapshot.inputs["panel"] == []
    assert round(snapshot.rows.get(unit=kinds.unit_a).total, 6) == 90.0
    # C01 and B01 reported nothing: W1 is missing, the judges' scores are not.
    assert [(m["unit"], m["indicator"], m["reason"]) for m in snapshot.missing] == [
        ("C01", "W1", "not_reported"),
        ("B01", "W1", "not_reported"),
    ]


def test_a_quarter_counts_judges_scores(kinds):
    _put(
        kinds,
        kinds.q1,
        {
            "A01": {"W1": 0.5, "J1": [80, 90, 70, 60, 100], "J2": [90, 90]},
            "C01": {"W1": 1, "J1": [70, 70, 70], "J2": [60]},
            "B01": {"W1": 0.8, "J2": [100, 80, 60, 40, 20]},
        },
    )
    snapshot = _compute(kinds, kinds.q1)
    assert _rows(snapshot) == {
        "C01": ("G1", 1, 76.8, False),
        "A01": ("G1", 2, 73.2, False),
        "B01": ("G2", 1, 52.8, False),
    }
    a = snapshot.rows.get(unit=kinds.unit_a)
    assert a.arenas == {"work": 62.0, "contest": 90.0}
    points = {code: i["points"] for code, i in a.detail["indicators"].items()}
    assert points == {"W1": 30.0, "J1": 32.0, "J2": 45.0}
    assert snapshot.missing == [
        {"unit": "B01", "name": "县商务局", "indicator": "J1", "reason": "no_scores"}
    ]
    assert len(snapshot.inputs["panel"]) == 5 + 3 + 2 + 1 + 5


def test_stored_month_inputs_score_again_to_the_same_numbers(kinds):
    _put(kinds, kinds.march, {"A01": {"W1": 0.9}, "C01": {"W1": 0.6}, "B01": {"W1": 1}})
    snapshot = _compute(kinds, kinds.march)
    full = engine_scheme(kinds.scheme)
    result = compute.score_canonical(full, snapshot.inputs)
    totals = {u.unit: round(u.total, 6) for u in result.ordered(explain=False)}
    assert totals == {"A01": 90.0, "C01": 60.0, "B01": 100.0}
    assert [i.code for i in result.scheme.indicators] == ["W1"]


def test_a_month_of_a_scheme_of_judges_scores_only_is_refused(world):
    year = world.year
    _scheme(year, [("contest", 100, "J2", "panel", 50, {})])
    march = make_period(year, "2022-03", "month", dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.snapshot_compute(actor=world.office, period=march, check=QUICK)
    assert exc.value.message_dict == {
        "period": ["No indicator of the scheme is collected in this kind of period."]
    }
    assert not RankingSnapshot.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="ranking").exists()
