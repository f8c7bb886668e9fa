"""Fairness checks: leniency, correlation and the flag by hand-worked numbers; replacing a
flagged judge's scores by the others' mean (one service, one audit row); the order's
robustness when a judge is dropped."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.contest.fairness import deviations, judge_checks, robustness
from leitai.contest.models import ContestUnit, Submission
from leitai.contest.services import live
from leitai.contest.services.fairness import judge_replace
from leitai.core.models import AuditEntry
from tests.contest.conftest import to_scoring

NAN = np.nan


def test_a_harsh_judge_is_flagged_and_the_others_are_not():
    # Units 1–3. Judges 1 and 2 give 80, 70, 90; judge 3 gives 60, 50, 70.
    # Judge 1: the others' means are 70, 60, 80, so every deviation is +10 (judge 2 too).
    # Judge 3: the others' means are 80, 70, 90: deviation −20 three times.
    # Spread for judge 1 = std of judge 2's (+10 ×3) and judge 3's (−20 ×3) = 15: 10 < 30.
    # Spread for judge 3 = std of six deviations of +10 = 0: |−20| > 0 and ≥ 3: flagged.
    d = deviations(np.array([[80, 70, 90], [80, 70, 90], [60, 50, 70]]))
    assert d.leniency.tolist() == [10.0, 10.0, -20.0]
    assert d.spread.tolist() == [15.0, 15.0, 0.0]
    assert d.flagged.tolist() == [False, False, True]
    assert d.correlation.tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert d.units.tolist() == [3, 3, 3]


def test_correlation_by_hand_and_a_judge_who_disagrees_but_is_not_lenient():
    # Judge 1: 70 80 90 60; the others' means: 85 65 75 75. Deviations −15 15 15 −15: mean 0.
    # dx = −5 5 15 −15, dy = 10 −10 0 0: Σdxdy = −100, Σdx² = 500, Σdy² = 200,
    # r = −100 / √(500 × 200) = −1/√10.
    d = deviations(np.array([[70, 80, 90, 60], [90, 60, 70, 80], [80, 70, 80, 70]]))
    assert d.leniency[0] == 0.0
    assert d.correlation[0] == pytest.approx(-1 / math.sqrt(10), abs=1e-12)
    assert not d.flagged.any()


def test_the_floor_keeps_a_close_panel_from_flagging_a_point():
    # Judge 3 is 2 points below two judges who agree exactly: spread 0, but |−2| < 3.
    d = deviations(np.array([[80, 70, 90], [80, 70, 90], [78, 68, 88]]))
    assert d.leniency.tolist() == [1.0, 1.0, -2.0]
    assert d.flagged.tolist() == [False, False, False]


def test_missing_scores_and_too_few_units_give_no_correlation():
    # Judge 2 is recused from unit 2; judge 3 scored only unit 1, which nobody else scored
    # but judge 1 and 2: his deviation is 60 − 75 = −15. Two units give no correlation.
    d = deviations(np.array([[70, 80], [80, NAN], [60, NAN]]))
    assert d.units.tolist() == [1, 1, 1]
    assert d.leniency.tolist() == [0.0, 15.0, -15.0]
    assert np.isnan(d.correlation).all()
    lone = deviations(np.array([[70.0]]))
    assert lone.units.tolist() == [0] and np.isnan(lone.leniency[0]) and np.isnan(lone.spread[0])
    assert not lone.flagged[0]


def _points(total: int) -> list[int]:
    out = []
    for top in (40, 30, 20, 10):
        out.append(min(top, total))
        total -= out[-1]
    return out


HARSH = {  # judge → totals for the first and the second unit in the running order
    "王评委": (40, 44),
    "李评委": (80, 81),
    "赵评委": (82, 80),
    "钱评委": (84, 83),
}


def run_both(night, extra=None):
    """Score both units of the night with HARSH (and `extra`), revealing each."""
    sheets = {**HARSH, **(extra or {})}
    office = night.world.office
    round_ = to_scoring(night)
    for index in range(2):
        for judge in night.judges:
            if sheets.get(judge.name, (None, None))[index] is not None:
                live.submission_save(
                    judge=judge,
                    round=round_,
                    key=f"fair-{judge.pk}-{round_.pk}",
                    points=_points(sheets[judge.name][index]),
                )
        live.round_close(actor=office, round=round_)
        live.round_reveal(actor=office, round=round_)
        nxt = night.contest.rounds.filter(state="waiting").first()
        if nxt is not None:
            live.round_present(actor=office, round=nxt)
            live.round_open_scoring(actor=office, round=nxt)
            round_ = ContestUnit.objects.get(pk=nxt.pk)
    return list(night.contest.rounds.order_by("position"))


def test_the_checks_of_a_night_flag_the_harsh_judge(night):
    run_both(night)
    checks = {c.judge.name: c for c in judge_checks(night.refresh())}
    assert set(checks) == set(HARSH)
    # 王: 40 − (80+82+84)/3 = −42 and 44 − (81+80+83)/3 = −37.33…: mean −39.67.
    assert checks["王评委"].leniency == -39.67
    assert checks["王评委"].flagged
    assert [n for n, c in checks.items() if c.flagged] == ["王评委"]
    assert checks["王评委"].correlation is None  # two units only


def test_dropping_the_harsh_judge_turns_the_order(night):
    first, second = run_both(night)
    check = robustness(night.refresh())
    # Published: (44+81+80+83)/4 = 72 before (40+80+82+84)/4 = 71.5.
    assert (check.edge, check.top, check.bottom) == (1, [second.unit.name], [first.unit.name])
    kept = {v.label: v.kept for v in check.variants}
    # Without 王: 82 against 81.33, the order turns; without any other judge it stands.
    assert kept == {"王评委": False, "李评委": True, "赵评委": True, "钱评委": True}
    assert not check.all_kept
    top = check.units[0]
    assert (top.name, top.place, top.best, top.worst, top.kept) == (
        second.unit.name,
        1,
        1,
        2,
        0.75,
    )


def test_replacing_the_flagged_judge_by_the_others_mean(night):
    first, second = run_both(night)
    office = night.world.office
    wang = next(j for j in night.judges if j.name == "王评委")
    audits = AuditEntry.objects.count()
    assert judge_replace(actor=office, judge=wang, reason="评分明显偏离，已说明情况") == 2
    sheets = {s.round_id: s for s in Submission.objects.filter(judge=wang)}
    assert (sheets[first.pk].total, sheets[first.pk].original_total) == (
        Decimal("82.00"),
        Decimal("40.00"),
    )
    assert (sheets[second.pk].total, sheets[second.pk].original_total) == (
        Decimal("81.33"),
        Decimal("44.00"),
    )
    # (82+80+82+84)/4 = 82; (81.33+81+80+83)/4 = 81.3325 → 81.33.
    assert ContestUnit.objects.get(pk=first.pk).score == Decimal("82.00")
    assert ContestUnit.objects.get(pk=second.pk).score == Decimal("81.33")
    assert AuditEntry.objects.count() == audits + 1
    row = AuditEntry.objects.latest("pk")
    assert row.action == "contest.replace"
    assert row.after["scores"] == {
        first.unit.code: ["40.00", "82.00"],
        second.unit.code: ["44.00", "81.33"],
    }
    # Still flagged on the scores he gave, and marked replaced; a second time replaces nothing.
    [check] = [c for c in judge_checks(night.refresh()) if c.judge.pk == wang.pk]
    assert check.flagged and check.replaced
    with pytest.raises(ValidationError):
        judge_replace(actor=office, judge=wang, reason="再次替换")
    assert AuditEntry.objects.count() == audits + 1


def _unchanged(night):
    return sorted(Submission.objects.values_list("pk", "total", "original_total"))


def test_replacing_is_refused_without_a_reason_for_others_and_for_a_judge_not_flagged(night):
    run_both(night)
    office = night.world.office
    wang = next(j for j in night.judges if j.name == "王评委")
    li = next(j for j in night.judges if j.name == "李评委")
    before, audits = _unchanged(night), AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        judge_replace(actor=office, judge=wang, reason="  ")
    with pytest.raises(ValidationError):
        judge_replace(actor=office, judge=li, reason="评分偏高")
    for persona in ("leader", "leader_a", "other_office", "judge"):
        user = getattr(night.world, persona)
        with pytest.raises(PermissionDenied):
            judge_replace(actor=user, judge=wang, reason="评分偏离")
    assert _unchanged(night) == before
    assert AuditEntry.objects.count() == audits


def test_replacing_after_the_finish_is_refused(night):
    run_both(night)
    office = night.world.office
    live.contest_finish(actor=office, contest=night.refresh())
    wang = next(j for j in night.judges if j.name == "王评委")
    before, audits = _unchanged(night), AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        judge_replace(actor=office, judge=wang, reason="评分偏离")
    assert _unchanged(night) == before
    assert AuditEntry.objects.count() == audits
