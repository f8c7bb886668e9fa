"""A contest whose panel indicator has rater classes: the engine's trimmed class means, the
weighted mean, re-normalisation after a void, and the class on the quarter's scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leitai.assessment.models import Indicator, PanelScore
from leitai.contest.models import ContestUnit
from leitai.contest.selectors import contest_results
from leitai.contest.services import live, setup
from tests.assessment.collection_world import build_collection, make_quarter
from tests.contest.conftest import Night, make_contest, to_scoring

# Class A (60 %): 90, 80, 70 → three scores, trim from 3: 90 and 70 dropped → 80.
# Class B (40 %): 60, 50 → two scores, kept → 55. Contest score 0.6 × 80 + 0.4 × 55 = 70.
PANEL = [("A1", "A", 90), ("A2", "A", 80), ("A3", "A", 70), ("B1", "B", 60), ("B2", "B", 50)]


@pytest.fixture
def classed(world) -> Night:
    build_collection(world)
    Indicator.objects.filter(code="J01").update(
        params={"trim_from": 3, "classes": {"A": 60, "B": 40}}
    )
    quarter = make_quarter(world.year)
    contest = make_contest(world, quarter, criteria=[{"name": "总体评价", "max": 100}])
    judges = []
    for name, klass, _score in PANEL:
        judge, _token = setup.judge_add(
            actor=world.office, contest=contest, name=name, rater_class=klass
        )
        judges.append(judge)
    setup.contest_draw(actor=world.office, contest=contest, seed=1)
    return Night(world, contest, judges, {}, quarter)


def _reveal_first(night) -> ContestUnit:
    round_ = to_scoring(night)
    for judge, (_name, _klass, score) in zip(night.judges, PANEL, strict=True):
        live.submission_save(judge=judge, round=round_, key=f"classed-{judge.pk}", points=[score])
    live.round_reveal(actor=night.world.office, round=round_)
    return ContestUnit.objects.get(pk=round_.pk)


def test_a_class_not_in_the_indicator_is_refused(classed):
    with pytest.raises(ValidationError) as caught:
        setup.judge_add(
            actor=classed.world.office, contest=classed.contest, name="C1", rater_class="C"
        )
    assert "A、B" in str(caught.value)


def test_class_means_trimming_and_the_weighted_score(classed):
    round_ = _reveal_first(classed)
    assert round_.score == Decimal("70.00")
    [result] = contest_results(classed.refresh())
    means = {part.code: part.mean for part in result.classes}
    assert means == {"A": 80.0, "B": 55.0}
    dropped = {s.judge.name for part in result.classes for s in part.sheets if s.pk in part.dropped}
    assert dropped == {"A1", "A3"}
    assert (result.score, result.place) == (70.0, 1)


def test_voiding_a_class_entirely_renormalises_the_weights(classed):
    round_ = _reveal_first(classed)
    office = classed.world.office
    for sheet in round_.submissions.filter(judge__rater_class="B"):
        live.submission_void(actor=office, submission=sheet, reason="评委身份不符")
    assert ContestUnit.objects.get(pk=round_.pk).score == Decimal("80.00")
    [result] = contest_results(classed.refresh())
    assert [s.judge.name for s in result.voided] == ["B1", "B2"]
    assert "B" in result.explain


def test_finish_writes_each_judges_class_into_the_quarter(classed):
    office = classed.world.office
    round_ = _reveal_first(classed)
    following = classed.contest.rounds.exclude(pk=round_.pk).get()
    live.round_present(actor=office, round=following)
    live.round_open_scoring(actor=office, round=following)
    live.round_close(actor=office, round=following)
    live.round_reveal(actor=office, round=following)
    assert live.contest_finish(actor=office, contest=classed.refresh()) == 5
    rows = PanelScore.objects.filter(period=classed.quarter).order_by("judge_label")
    assert [(r.judge_label, r.rater_class, r.score) for r in rows] == [
        (name, klass, Decimal(score)) for name, klass, score in PANEL
    ]


def test_the_quarters_ranking_scores_the_contest_by_class(classed):
    from leitai.rankings import services as rankings
    from leitai.rankings.compute import Sensitivity

    office = classed.world.office
    Indicator.objects.filter(code="R01").update(params={"peers": 10})  # a scheme that scores
    first = _reveal_first(classed)
    following = classed.contest.rounds.exclude(pk=first.pk).get()
    live.round_present(actor=office, round=following)
    live.round_open_scoring(actor=office, round=following)
    live.round_close(actor=office, round=following)
    live.round_reveal(actor=office, round=following)
    live.contest_finish(actor=office, contest=classed.refresh())
    snapshot = rankings.snapshot_compute(
        actor=office, period=classed.quarter, check=Sensitivity(runs=20)
    )
    assert sorted(snapshot.inputs["panel"]) == sorted(
        [first.unit.code, "J01", name, float(score), klass] for name, klass, score in PANEL
    )
    row = snapshot.rows.get(unit=first.unit)
    # J01 has 10 points: 10 × 70 / 100, the contest's score of the unit.
    assert row.detail["indicators"]["J01"]["points"] == pytest.approx(7.0, abs=1e-9)
