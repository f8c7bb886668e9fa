"""Compute a period's ranking from its rows; numbers worked by hand (see conftest.py).

Months do not collect judges' scores (the quarterly contest does): R2 is left out of a month
entirely, so the judges' scores the fixture stores against January and February count for
nothing there, and reform is R1 alone (out of 50).

January, group 第一组: A01 P1 90/100 → 36; P2 10 of 10..20 → 60 × 0.6 = 36; projects 72.
R1 0.8 → 40; reform 40/50 = 80. Total (60·72 + 40·80) / 100 = 75.2. C01: P1 120/100 capped
1.2 → 48; P2 → 60; projects 108; R1 50; reform 100; total (60·108 + 40·100) / 100 = 104.8.
第二组: B01: P1 → 20; P2 alone → 60; projects 80; R1 0.5 → 25; reform 50; total 68. Nothing
is missing.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.assessment.models import Adjustment, IndicatorValue
from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.inputs import fingerprint
from leitai.rankings.models import RankingSnapshot

QUICK = Sensitivity(runs=20)


def compute(tiny, code, **kwargs):
    return services.snapshot_compute(
        actor=tiny.office, period=tiny.periods[code], check=QUICK, **kwargs
    )


def rows(snapshot):
    return {
        r.unit.code: (r.group.code, r.rank, round(r.total, 6), r.rank_change, r.vetoed)
        for r in snapshot.rows.select_related("unit", "group")
    }


def test_january_by_hand(tiny):
    snapshot = compute(tiny, "2022-01")
    assert rows(snapshot) == {
        "C01": ("G1", 1, 104.8, None, False),
        "A01": ("G1", 2, 75.2, None, False),
        "B01": ("G2", 1, 68.0, None, False),
    }
    a = snapshot.rows.get(unit=tiny.unit_a)
    assert a.arenas == {"projects": 72.0, "reform": 80.0}
    points = {code: i["points"] for code, i in a.detail["indicators"].items()}
    assert points == {"P1": 36.0, "P2": 36.0, "R1": 40.0}
    assert a.detail["indicators"]["P1"]["explain_zh"].endswith("得分 36.00 / 40")
    assert [r.unit.code for r in snapshot.rows.order_by("position")] == ["C01", "A01", "B01"]
    assert snapshot.missing == []
    assert snapshot.number == 1 and snapshot.basis == "data"
    assert snapshot.fingerprint == fingerprint(snapshot.inputs)
    assert snapshot.sensitivity == {"runs": 20, "jitter": 0.2, "seed": 1, "kept": 0.9}
    assert a.sensitivity == {"median": 2, "p5": 2, "p95": 2, "kept": 1.0} and a.robust


def test_stored_inputs(tiny):
    snapshot = compute(tiny, "2022-01")
    inputs = snapshot.inputs
    assert inputs["units"] == [
        ["A01", "县发展和改革局", "G1"],
        ["B01", "县商务局", "G2"],
        ["C01", "县体育事业发展中心", "G1"],
    ]
    assert inputs["values"][:2] == [
        ["A01", "P1", 90.0, 100.0, None],
        ["A01", "P2", 10.0, None, None],
    ]
    # A month holds no judges' scores and a scheme without R2.
    assert inputs["panel"] == []
    reform = inputs["scheme"]["arenas"][1]
    assert [i["code"] for i in reform["indicators"]] == ["R1"]
    assert inputs["adjustments"] == [] and inputs["exemptions"] == []


def test_recompute_same_inputs_same_fingerprint_new_number(tiny):
    first = compute(tiny, "2022-01")
    second = compute(tiny, "2022-01")
    assert second.number == 2 and second.fingerprint == first.fingerprint
    assert RankingSnapshot.objects.count() == 2


def test_unverified_value_is_missing(tiny):
    IndicatorValue.objects.filter(unit=tiny.unit_c, indicator_code="P2").update(state="submitted")
    snapshot = compute(tiny, "2022-01")
    # A01 alone has P2 in its group: hi = lo, full 60 points; projects 96, total 89.6.
    # C01 P2 0: projects 48, total (60·48 + 40·100) / 100 = 68.8.
    assert rows(snapshot)["A01"][1:3] == (1, 89.6)
    assert rows(snapshot)["C01"][1:3] == (2, 68.8)
    assert {
        "unit": "C01",
        "name": "县体育事业发展中心",
        "indicator": "P2",
        "reason": "not_verified",
    } in (snapshot.missing)


def test_rank_change_from_previous_published_month(tiny):
    january = compute(tiny, "2022-01")
    services.snapshot_publish(actor=tiny.office, snapshot=january)
    february = compute(tiny, "2022-02")
    # February: A01 100 (P1 40, P2 60; R1 50/50); C01 (60·60 + 40·50) / 100 = 56 (P1 24,
    # P2 36; R1 25/50); B01 100 (P1 40, P2 60; R1 50/50).
    assert rows(february) == {
        "A01": ("G1", 1, 100.0, 1, False),
        "C01": ("G1", 2, 56.0, -1, False),
        "B01": ("G2", 1, 100.0, 0, False),
    }
    assert february.previous == january
    assert february.rows.get(unit=tiny.unit_a).previous_rank == 2


def _adjust(tiny, unit, kind, arena="projects", points=None, level="", matter="x"):
    return Adjustment.objects.create(
        period=tiny.periods["2022-02"],
        unit=unit,
        arena_code=arena,
        kind=kind,
        level=level,
        points=None if points is None else Decimal(points),
        matter=matter,
        state="approved",
    )


def test_adjustments_and_veto(tiny):
    _adjust(tiny, tiny.unit_c, "bonus", level="provincial", matter="省级表彰")
    _adjust(tiny, tiny.unit_a, "veto", matter="安全事故")
    Adjustment.objects.create(
        period=tiny.periods["2022-02"],
        unit=tiny.unit_b,
        arena_code="projects",
        kind="bonus",
        points=Decimal(9),
        matter="proposed only",
    )
    snapshot = compute(tiny, "2022-02")
    # C01 projects 60 + 2 = 62: total (60·62 + 40·50) / 100 = 57.2; A01 vetoed, ranked last.
    assert rows(snapshot) == {
        "C01": ("G1", 1, 57.2, None, False),
        "A01": ("G1", 2, 100.0, None, True),
        "B01": ("G2", 1, 100.0, None, False),
    }
    c = snapshot.rows.get(unit=tiny.unit_c)
    assert c.detail["arenas"]["projects"]["bonus"] == 2.0
    assert c.detail["adjustments"] == [
        {
            "unit": "C01",
            "arena": "projects",
            "kind": "bonus",
            "level": "provincial",
            "points": None,
            "note_zh": "省级表彰",
            "note_en": "省级表彰",
            "source": "assessment",
        }
    ]


@dataclass(frozen=True)
class FakeDeduction:
    unit_id: int
    arena_code: str
    points: float
    note_zh: str
    note_en: str


def test_supervision_deductions_enter_as_deductions(tiny, monkeypatch):
    calls = []

    def deductions_for_period(*, year, period_start, period_end):
        calls.append((year.pk, period_start.isoformat(), period_end.isoformat()))
        return [FakeDeduction(tiny.unit_a.pk, "reform", 15, "整改逾期", "Rectification overdue")]

    module = types.ModuleType("leitai.supervision.deductions")
    module.deductions_for_period = deductions_for_period
    monkeypatch.setitem(sys.modules, "leitai.supervision.deductions", module)
    snapshot = compute(tiny, "2022-01")
    assert calls == [(tiny.year.pk, "2022-01-01", "2022-01-31")]
    # A01 reform 80 − 15 = 65 (no cap): total (60·72 + 40·65) / 100 = 69.2.
    a = snapshot.rows.get(unit=tiny.unit_a)
    assert round(a.total, 6) == 69.2
    assert a.detail["adjustments"][0]["note_en"] == "Rectification overdue"
    assert a.detail["adjustments"][0]["source"] == "supervision"


def test_only_the_office_computes(tiny):
    for persona in ("leader", "leader_a", "other_office", "assessor"):
        with pytest.raises(PermissionDenied):
            services.snapshot_compute(actor=getattr(tiny, persona), period=tiny.periods["2022-01"])
    assert RankingSnapshot.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="ranking").exists()


def test_compute_audited_once(tiny):
    snapshot = compute(tiny, "2022-01")
    entry = AuditEntry.objects.get(action="ranking_snapshot.compute")
    assert entry.object_id == str(snapshot.pk)
    assert entry.after["fingerprint"] == snapshot.fingerprint


def test_reissue_needs_a_publication(tiny):
    with pytest.raises(ValidationError) as info:
        compute(tiny, "2022-01", reason="数据更正")
    assert "reason" in info.value.message_dict
    assert RankingSnapshot.objects.count() == 0


def test_year_rolls_up_published_quarters(tiny):
    from tests.rankings.conftest import FEBRUARY, JANUARY, put_values

    units = {"A01": tiny.unit_a, "C01": tiny.unit_c, "B01": tiny.unit_b}
    for quarter, data in (("2022-Q1", JANUARY), ("2022-Q2", FEBRUARY)):
        for code, values in data.items():
            put_values(tiny.periods[quarter], units[code], values)
    with pytest.raises(ValidationError):
        compute(tiny, "2022")
    q1 = compute(tiny, "2022-Q1")
    services.snapshot_publish(actor=tiny.office, snapshot=q1)
    q2 = compute(tiny, "2022-Q2")
    assert rows(q2)["A01"][3] == 1  # rose from 2nd in Q1
    services.snapshot_publish(actor=tiny.office, snapshot=q2)
    year = compute(tiny, "2022")
    # Equal quarter weights: A01 (75.2 + 98) / 2 = 86.6; C01 (98.8 + 58) / 2 = 78.4; B01 69.
    assert rows(year) == {
        "A01": ("G1", 1, 86.6, None, False),
        "C01": ("G1", 2, 78.4, None, False),
        "B01": ("G2", 1, 69.0, None, False),
    }
    assert year.basis == "roll_up"
    assert set(year.sources.all()) == {q1, q2}
    a = year.rows.get(unit=tiny.unit_a)
    assert a.detail["quarters"] == {"Q1": pytest.approx(75.2), "Q2": pytest.approx(98.0)}
    assert a.arenas == {"projects": pytest.approx(86.0), "reform": pytest.approx(87.5)}
    assert a.detail["indicators"] == {}
    assert year.inputs["quarters"]["Q1"] == {"snapshot": q1.pk, "fingerprint": q1.fingerprint}


def test_changes_against_the_previous_draft(tiny):
    from leitai.rankings.selectors import comparison_base, snapshot_changes

    first = compute(tiny, "2022-02")
    IndicatorValue.objects.filter(
        period=tiny.periods["2022-02"], unit=tiny.unit_c, indicator_code="P2"
    ).update(value=Decimal(20))
    _adjust(tiny, tiny.unit_c, "bonus", level="provincial", matter="省级表彰")
    second = compute(tiny, "2022-02")
    assert comparison_base(second) == first
    # C01 P2 now 20 (A01 too): both 60 points; projects 24 + 60 = 84 + 2 bonus = 86;
    # total (60·86 + 40·50) / 100 = 71.6. A01 loses nothing (its P2 stays the group's best).
    assert snapshot_changes(second, first) == [
        {
            "unit_id": tiny.unit_c.pk,
            "unit_name": "县体育事业发展中心",
            "rank": (2, 2),
            "total": ("56.00", "71.60"),
            "indicators": [
                {
                    "code": "projects:bonus",
                    "name": "项目建设",
                    "before": "0.00",
                    "after": "2.00",
                    "diff": "+2.00",
                    "kind": "bonus",
                },
                {
                    "code": "P2",
                    "name": "新开工项目数",
                    "before": "36.00",
                    "after": "60.00",
                    "diff": "+24.00",
                },
            ],
        }
    ]
