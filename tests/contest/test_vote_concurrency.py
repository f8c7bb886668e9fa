"""Rank votes at once (PostgreSQL row locks): every judge's vote stored once even when each key
is sent twice at the same moment, and a corrected vote racing the reveal is either the one the
reveal scores or refused — never stored after it."""

from __future__ import annotations

import contextlib

import pytest
from django.core.exceptions import ValidationError

from leitai.contest.models import RankBallot, Submission
from leitai.contest.services import votes
from leitai.core.models import AuditEntry
from tests.conftest import build_world
from tests.contest.test_concurrency import _run_in_threads, postgres_only
from tests.contest.test_votes import ORDERS, build_rank_night, order_of, present_all, vote_all


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_judges_voting_at_once_each_key_twice_store_one_vote_each():
    night = build_rank_night(build_world())
    present_all(night)

    def sender(judge):
        order = order_of(night, ORDERS[judge.name])
        return lambda: votes.ballot_save(
            judge=judge, contest=night.contest, key=f"rush-key-{judge.pk}", order=order
        )

    jobs = [sender(j) for j in night.judges for _twice in range(2)]
    assert _run_in_threads(*jobs) == []
    assert RankBallot.objects.count() == len(night.judges)
    assert AuditEntry.objects.filter(action="contest.vote").count() == len(night.judges)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_corrected_vote_racing_the_reveal_is_scored_or_refused():
    night = build_rank_night(build_world())
    present_all(night)
    vote_all(night)
    wang = night.judges[0]
    reversed_order = order_of(night, "CA")

    def reveal():
        votes.votes_reveal(actor=night.world.office, contest=night.contest)

    def correct():
        with contextlib.suppress(ValidationError):
            votes.ballot_save(
                judge=wang, contest=night.contest, key="late-correction", order=reversed_order
            )

    assert _run_in_threads(reveal, correct) == []
    ballot = RankBallot.objects.get(judge=wang)
    first = Submission.objects.get(judge=wang, points=[1])
    # The sheet the reveal made is the order stored when it ran: the correction or the first.
    assert first.round_id == ballot.order[0]
    assert Submission.objects.filter(round__contest=night.contest).count() == 9
