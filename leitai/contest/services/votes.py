"""Rank-vote contests (排序投票, the 济宁 practice): each judge orders the units after all of them
have presented; the office reveals the vote, all units at once.

Each unit presents (`round_present`, the timer) and its presentation is then ended
(`round_end_presentation`) instead of being scored. When every unit has presented, each judge
orders, on his phone, the units he scores (his own and recused units left out) and sends the
order once (`ballot_save`, idempotent by key like a score sheet). Ballots are sealed: their audit
rows say that the judge voted, never the order. `votes_reveal` turns each judge's rank k into
his score sheet of 100 − step × (k − 1) for that unit (the engine's `rank_vote_scores`, the
contest's step) and reveals every unit: from there the scores go through the panel indicator's
classes and trimming, voids and the finish exactly as typed score sheets do.

Locks are taken in the order of the live services: the contest, then rounds, then sheets.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai import scoring
from leitai.contest.models import Contest, ContestUnit, Judge, RankBallot, Submission
from leitai.contest.selectors import ballot_units, contest_results, rounded, vote_progress
from leitai.contest.transitions import CONTEST, ROUND
from leitai.core.audit import record
from leitai.core.transactions import service

R = ContestUnit.State


def _record(actor, action: str, obj, contest: Contest, before=None, after=None):
    record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        jurisdiction=contest.year.jurisdiction,
    )


def _lock_contest(contest: Contest) -> Contest:
    return (
        Contest.objects.select_for_update()
        .select_related("year__jurisdiction", "period")
        .get(pk=contest.pk)
    )


def _check_rank(contest: Contest) -> None:
    if contest.method != Contest.Method.RANK:
        raise ValidationError(_("This contest is scored by criteria, not by rank vote."))


@service
def round_end_presentation(*, actor, round: ContestUnit) -> ContestUnit:
    """End a unit's presentation in a rank-vote contest: the next unit may then be called."""
    contest = _lock_contest(round.contest)
    round_ = ContestUnit.objects.select_for_update().select_related("unit").get(pk=round.pk)
    round_.contest = contest
    ROUND.check(actor, round_, "end_presentation")
    _check_rank(contest)
    if round_.timer_started_at is not None:
        elapsed = timezone.now() - round_.timer_started_at
        round_.timer_seconds += max(int(elapsed.total_seconds()), 0)
        round_.timer_started_at = None
    ROUND.move(actor, round_, "end_presentation")
    round_.save(update_fields=["state", "timer_started_at", "timer_seconds"])
    contest.current = None
    contest.save(update_fields=["current"])
    after = {"unit": round_.unit.code, "state": round_.state}
    _record(actor, "contest.end_presentation", round_, contest, {"state": R.PRESENTING}, after)
    return round_


def check_voting_open(contest: Contest) -> None:
    """Refuse unless every unit of the running rank-vote contest has presented, none revealed."""
    _check_rank(contest)
    if contest.rounds.exclude(state=R.PRESENTED).exists():
        raise ValidationError(_("The judges order the units once every unit has presented."))


def check_order(judge: Judge, order) -> list[int]:
    """Return the judge's order (rounds' ids, best first), or refuse saying what is wrong."""
    expected = [r.pk for r in ballot_units(judge)]
    if (
        not isinstance(order, list | tuple)
        or any(isinstance(x, bool) or not isinstance(x, int) for x in order)
        or sorted(order) != sorted(expected)
    ):
        raise ValidationError(
            {
                "order": _("Order every unit you vote on exactly once (%(n)s units).")
                % {"n": len(expected)}
            }
        )
    return list(order)


@service
def ballot_save(*, judge: Judge, contest: Contest, key: str, order) -> tuple[RankBallot, bool]:
    """Store a judge's rank vote; return (ballot, stored now).

    The same key sent again returns the stored ballot and changes nothing; a new key before the
    reveal replaces the judge's ballot. Sealed: the audit row says that the judge voted.
    """
    if not isinstance(judge, Judge):
        raise PermissionDenied("only a judge, by his link, votes")
    contest = _lock_contest(contest)
    existing = RankBallot.objects.filter(judge=judge).first()
    if existing is not None and existing.key == key:
        return existing, False
    CONTEST.check(judge, contest, "vote")
    check_voting_open(contest)
    if not isinstance(key, str) or not 8 <= len(key) <= 64:
        raise ValidationError({"key": _("The submission key is missing or malformed.")})
    cleaned = check_order(judge, order)
    ballot = existing or RankBallot(judge=judge)
    ballot.key, ballot.order = key, cleaned
    ballot.save()
    after = {"judge": judge.name, "voted": True}
    action = "contest.revote" if existing else "contest.vote"
    _record(None, action, ballot, contest, after=after)
    return ballot, True


@service
def votes_reveal(*, actor, contest: Contest) -> int:
    """Reveal the rank vote: each judge's rank k becomes his score 100 − step × (k − 1) for that
    unit, every unit is revealed and scored. Return how many score sheets were made."""
    contest = _lock_contest(contest)
    rounds = list(
        ContestUnit.objects.select_for_update()
        .filter(contest=contest)
        .select_related("unit")
        .order_by("position")
    )
    for round_ in rounds:
        round_.contest = contest
        ROUND.check(actor, round_, "reveal_votes")
    check_voting_open(contest)
    if not vote_progress(contest).complete:
        raise ValidationError(_("Not every judge present has voted; mark the absent judges first."))
    by_pk = {r.pk: r for r in rounds}
    ballots = RankBallot.objects.filter(judge__contest=contest, judge__present=True)
    sheets, ranks = [], {}
    for ballot in ballots.select_related("judge").order_by("judge_id"):
        scores = scoring.rank_vote_scores(
            list(range(1, len(ballot.order) + 1)), float(contest.rank_step)
        )
        ranks[ballot.judge.name] = [by_pk[pk].unit.code for pk in ballot.order]
        for k, (pk, score) in enumerate(zip(ballot.order, scores, strict=True), start=1):
            sheets.append(
                Submission(
                    judge=ballot.judge,
                    round=by_pk[pk],
                    key=ballot.key,
                    points=[k],
                    total=Decimal(str(score)),
                )
            )
    Submission.objects.bulk_create(sheets)
    now = timezone.now()
    for round_ in rounds:
        ROUND.move(actor, round_, "reveal_votes")
        round_.revealed_at = now
        round_.save(update_fields=["state", "revealed_at"])
    results = {r.round.pk: rounded(r.score) for r in contest_results(contest)}
    for pk, value in results.items():
        ContestUnit.objects.filter(pk=pk).update(score=value)
    after = {
        "step": contest.rank_step,
        "ranks": ranks,
        "scores": {by_pk[pk].unit.code: value and str(value) for pk, value in results.items()},
    }
    _record(actor, "contest.reveal_votes", contest, contest, {"state": R.PRESENTED}, after)
    return len(sheets)
