"""Rank-vote contests (排序投票) through their services: the units present, each judge orders them
(own unit left out), the vote is sealed, the reveal turns rank k into 100 − step × (k − 1) and
scores it like typed sheets (trimming included), the finish writes the quarter's panel scores.

Hand-worked (group G1: units A and C; step 3; J01 trims from 5 scores; 孙评委 is of unit A):
  王 A>C, 李 A>C, 赵 C>A, 钱 A>C, 孙 C only.
  A: 100, 100, 97, 100 → 4 scores, no trimming → 99.25, place 1.
  C: 97, 97, 100, 97, 100 → 5 scores, 100 and 97 dropped → (97 + 97 + 100) / 3 = 98.00, place 2.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.assessment.models import PanelScore
from leitai.contest.models import ContestUnit, RankBallot, Submission
from leitai.contest.selectors import ballot_units, contest_results, vote_progress
from leitai.contest.services import live, setup, votes
from leitai.core.models import AuditEntry
from tests.contest.conftest import GUESTS, Night, make_contest

ORDERS = {"王评委": "AC", "李评委": "AC", "赵评委": "CA", "钱评委": "AC", "孙评委": "C"}


def build_rank_night(world, step=3) -> Night:
    from tests.assessment.collection_world import build_collection, make_quarter

    build_collection(world)
    quarter = make_quarter(world.year)
    contest = make_contest(world, quarter, name="排序投票", method="rank", rank_step=step)
    judges, tokens = [], {}
    for name in GUESTS:
        judge, token = setup.judge_add(actor=world.office, contest=contest, name=name)
        judges.append(judge)
        tokens[name] = token
    judge, token = setup.judge_add(
        actor=world.office, contest=contest, name="孙评委", unit=world.unit_a
    )
    judges.append(judge)
    tokens["孙评委"] = token
    setup.contest_draw(actor=world.office, contest=contest, seed=20220328)
    return Night(world, contest, judges, tokens, quarter)


@pytest.fixture
def rank_night(world) -> Night:
    return build_rank_night(world)


def present_all(night: Night) -> None:
    """Start the contest and let every unit present, in the running order."""
    office = night.world.office
    setup.contest_ready(actor=office, contest=night.contest)
    setup.contest_start(actor=office, contest=night.refresh())
    for round_ in night.contest.rounds.order_by("position"):
        live.round_present(actor=office, round=round_)
        votes.round_end_presentation(actor=office, round=round_)
    night.refresh()


def order_of(night: Night, letters: str) -> list[int]:
    units = {"A": night.world.unit_a, "C": night.world.unit_c}
    return [night.round_of(units[x]).pk for x in letters]


def vote_all(night: Night) -> None:
    for judge in night.judges:
        votes.ballot_save(
            judge=judge,
            contest=night.contest,
            key=f"ballot-{judge.pk}",
            order=order_of(night, ORDERS[judge.name]),
        )


def test_a_rank_vote_contest_is_set_up_with_its_step(rank_night):
    contest = rank_night.contest
    assert (contest.method, contest.rank_step) == ("rank", 3)
    assert contest.rounds.count() == 2


def test_every_unit_presents_then_the_judges_order_them(rank_night):
    present_all(rank_night)
    states = set(rank_night.contest.rounds.values_list("state", flat=True))
    assert states == {"presented"}
    assert rank_night.contest.current is None
    sun = rank_night.judges[-1]
    assert [r.unit.code for r in ballot_units(sun)] == ["C01"]


def test_the_reveal_scores_ranks_as_hand_worked(rank_night):
    present_all(rank_night)
    vote_all(rank_night)
    assert votes.votes_reveal(actor=rank_night.world.office, contest=rank_night.contest) == 9
    results = {r.round.unit.code: r for r in contest_results(rank_night.refresh())}
    assert (results["A01"].score, results["A01"].place) == (99.25, 1)
    assert (results["C01"].score, results["C01"].place) == (98.0, 2)
    (c_class,) = results["C01"].classes
    dropped = sorted(s.total for s in c_class.sheets if s.pk in c_class.dropped)
    assert dropped == [Decimal("97.00"), Decimal("100.00")]
    assert len(c_class.sheets) == 5
    stored = dict(rank_night.contest.rounds.values_list("unit__code", "score"))
    assert stored == {"A01": Decimal("99.25"), "C01": Decimal("98.00")}
    sheet = Submission.objects.get(judge__name="赵评委", round__unit__code="A01")
    assert (sheet.points, sheet.total) == ([2], Decimal("97.00"))
    assert set(rank_night.contest.rounds.values_list("state", flat=True)) == {"revealed"}


def test_the_step_is_the_contests(world):
    night = build_rank_night(world, step=10)
    present_all(night)
    vote_all(night)
    votes.votes_reveal(actor=world.office, contest=night.contest)
    stored = dict(night.contest.rounds.values_list("unit__code", "score"))
    # A: 100, 100, 90, 100 → 97.50; C: 90, 90, 100, 90, 100 → drop 100 and 90 → 93.33
    assert stored == {"A01": Decimal("97.50"), "C01": Decimal("93.33")}


def test_the_finish_writes_the_quarters_panel_scores(rank_night):
    office = rank_night.world.office
    present_all(rank_night)
    vote_all(rank_night)
    votes.votes_reveal(actor=office, contest=rank_night.contest)
    assert live.contest_finish(actor=office, contest=rank_night.refresh()) == 9
    rows = PanelScore.objects.filter(period=rank_night.quarter, indicator_code="J01")
    assert sorted((r.unit.code, r.judge_label, r.score) for r in rows) == [
        ("A01", "李评委", Decimal("100.00")),
        ("A01", "王评委", Decimal("100.00")),
        ("A01", "赵评委", Decimal("97.00")),
        ("A01", "钱评委", Decimal("100.00")),
        ("C01", "孙评委", Decimal("100.00")),
        ("C01", "李评委", Decimal("97.00")),
        ("C01", "王评委", Decimal("97.00")),
        ("C01", "赵评委", Decimal("100.00")),
        ("C01", "钱评委", Decimal("97.00")),
    ]


def test_ballots_are_sealed_until_the_reveal(rank_night):
    present_all(rank_night)
    vote_all(rank_night)
    assert Submission.objects.filter(round__contest=rank_night.contest).count() == 0
    assert contest_results(rank_night.contest) == []
    rows = AuditEntry.objects.filter(action="contest.vote")
    assert rows.count() == 5
    for row in rows:
        assert set(row.after) == {"judge", "voted"}
    assert vote_progress(rank_night.contest).complete


def test_the_same_key_twice_stores_one_ballot(rank_night):
    present_all(rank_night)
    judge = rank_night.judges[0]
    order = order_of(rank_night, "AC")
    first = votes.ballot_save(judge=judge, contest=rank_night.contest, key="k-1234567", order=order)
    audits = AuditEntry.objects.count()
    again = votes.ballot_save(
        judge=judge, contest=rank_night.contest, key="k-1234567", order=order[::-1]
    )
    assert (first[1], again[1]) == (True, False)
    assert RankBallot.objects.get(judge=judge).order == order
    assert AuditEntry.objects.count() == audits


def test_a_new_key_before_the_reveal_replaces_the_ballot(rank_night):
    present_all(rank_night)
    judge = rank_night.judges[0]
    contest = rank_night.contest
    votes.ballot_save(
        judge=judge, contest=contest, key="k-1234567", order=order_of(rank_night, "AC")
    )
    votes.ballot_save(
        judge=judge, contest=contest, key="k-7654321", order=order_of(rank_night, "CA")
    )
    assert RankBallot.objects.get(judge=judge).order == order_of(rank_night, "CA")
    assert AuditEntry.objects.filter(action="contest.revote").count() == 1


def _frozen():
    return (
        list(RankBallot.objects.values_list("judge_id", "key", "order")),
        Submission.objects.count(),
        AuditEntry.objects.count(),
        list(ContestUnit.objects.values_list("pk", "state", "score")),
    )


def test_a_ballot_after_the_reveal_is_refused_with_nothing_changed(rank_night):
    present_all(rank_night)
    vote_all(rank_night)
    votes.votes_reveal(actor=rank_night.world.office, contest=rank_night.contest)
    before = _frozen()
    with pytest.raises(ValidationError):
        votes.ballot_save(
            judge=rank_night.judges[0],
            contest=rank_night.contest,
            key="after-the-reveal",
            order=order_of(rank_night, "CA"),
        )
    assert _frozen() == before


def test_the_recused_unit_cannot_be_ordered(rank_night):
    present_all(rank_night)
    sun = rank_night.judges[-1]
    before = _frozen()
    with pytest.raises(ValidationError) as caught:
        votes.ballot_save(
            judge=sun,
            contest=rank_night.contest,
            key="k-sun-0001",
            order=order_of(rank_night, "AC"),
        )
    assert caught.value.message_dict["order"] == ["请对您评议的每个单位各排一次（共1个单位）。"]
    assert _frozen() == before


def test_an_office_marked_recusal_leaves_the_unit_out(rank_night):
    wang = rank_night.judges[0]
    round_c = rank_night.round_of(rank_night.world.unit_c)
    setup.recusal_mark(actor=rank_night.world.office, judge=wang, round=round_c, reason="亲属任职")
    assert [r.unit.code for r in ballot_units(wang)] == ["A01"]


def test_voting_waits_for_every_unit_to_present(rank_night):
    office = rank_night.world.office
    setup.contest_ready(actor=office, contest=rank_night.contest)
    setup.contest_start(actor=office, contest=rank_night.refresh())
    first = rank_night.contest.rounds.order_by("position").first()
    live.round_present(actor=office, round=first)
    votes.round_end_presentation(actor=office, round=first)
    before = _frozen()
    with pytest.raises(ValidationError) as caught:
        votes.ballot_save(
            judge=rank_night.judges[0],
            contest=rank_night.contest,
            key="k-too-early",
            order=order_of(rank_night, "AC"),
        )
    assert caught.value.messages == ["全部单位汇报完毕后，评委再排序。"]
    assert _frozen() == before


def test_the_reveal_waits_for_every_present_judge(rank_night):
    office = rank_night.world.office
    present_all(rank_night)
    votes.ballot_save(
        judge=rank_night.judges[0],
        contest=rank_night.contest,
        key="k-only-one",
        order=order_of(rank_night, "AC"),
    )
    before = _frozen()
    with pytest.raises(ValidationError):
        votes.votes_reveal(actor=office, contest=rank_night.contest)
    assert _frozen() == before
    for judge in rank_night.judges[1:]:
        setup.judge_update(actor=office, judge=judge, present=False)
    assert votes.votes_reveal(actor=office, contest=rank_night.refresh()) == 2


@pytest.mark.parametrize("persona", ["reporter_a", "leader_a", "judge", "leader", "other_office"])
def test_the_wrong_role_cannot_reveal_or_end_a_presentation(rank_night, persona):
    present_all(rank_night)
    vote_all(rank_night)
    before = _frozen()
    with pytest.raises(PermissionDenied):
        votes.votes_reveal(actor=getattr(rank_night.world, persona), contest=rank_night.contest)
    assert _frozen() == before


def test_a_person_is_no_judge_and_a_judge_of_another_contest_is_refused(rank_night, world):
    present_all(rank_night)
    other = make_contest(world, rank_night.quarter, name="另一场")
    stranger, _token = setup.judge_add(actor=world.office, contest=other, name="外场评委")
    before = _frozen()
    with pytest.raises(PermissionDenied):
        votes.ballot_save(
            judge=world.office, contest=rank_night.contest, key="k-office-1", order=[]
        )
    with pytest.raises(PermissionDenied):
        votes.ballot_save(
            judge=stranger,
            contest=rank_night.contest,
            key="k-stranger",
            order=order_of(rank_night, "AC"),
        )
    assert _frozen() == before


def test_a_score_contest_has_no_rank_vote(night):
    from tests.contest.conftest import start

    start(night)
    first = night.contest.rounds.order_by("position").first()
    live.round_present(actor=night.world.office, round=first)
    before = _frozen()
    with pytest.raises(ValidationError) as caught:
        votes.round_end_presentation(actor=night.world.office, round=first)
    assert caught.value.messages == ["本场比武按评分项打分，不是排序投票。"]
    assert _frozen() == before
