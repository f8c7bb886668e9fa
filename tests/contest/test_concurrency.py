"""Judges submitting at once (PostgreSQL row locks): every sheet stored once, the same key
sent twice at the same moment stored once, and a sheet racing the reveal either counted in it
or refused — never stored after it."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from leitai.contest.models import ContestUnit, Submission
from leitai.contest.services import live
from leitai.core.models import AuditEntry
from tests.conftest import build_world
from tests.contest.conftest import build_night, to_scoring

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL only"
)


def _run_in_threads(*jobs) -> list[Exception]:
    errors: list[Exception] = []
    start = threading.Barrier(len(jobs))

    def run(job):
        try:
            start.wait(10)
            job()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def _sender(judge, round_, key):
    return lambda: live.submission_save(judge=judge, round=round_, key=key, points=[30, 20, 10, 5])


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_judges_at_once_and_each_key_twice_store_one_sheet_each():
    night = build_night(build_world())
    round_ = to_scoring(night)
    judges = [j for j in night.judges if j.unit_id != round_.unit_id]
    jobs = [_sender(j, round_, f"rush-key-{j.pk}") for j in judges for _twice in range(2)]
    assert _run_in_threads(*jobs) == []
    assert Submission.objects.filter(round=round_).count() == len(judges)
    assert AuditEntry.objects.filter(action="contest.submit").count() == len(judges)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_sheet_racing_the_reveal_is_counted_in_it_or_refused():
    night = build_night(build_world())
    office = night.world.office
    for attempt in range(5):
        round_ = to_scoring(night) if attempt == 0 else _next(night)
        late = night.judges[attempt % 4]

        def reveal(round_=round_):
            live.round_close(actor=office, round=round_)
            live.round_reveal(actor=office, round=round_)

        def submit(round_=round_, late=late, attempt=attempt):
            with contextlib.suppress(ValidationError):
                _sender(late, round_, f"late-key-{attempt}")()

        assert _run_in_threads(reveal, submit) == []
        revealed = AuditEntry.objects.filter(action="contest.reveal").latest("pk")
        stored = Submission.objects.filter(round=round_, judge=late).exists()
        assert (late.name in revealed.after["scores"]) == stored
        if ContestUnit.objects.filter(contest=night.contest, state="waiting").count() == 0:
            break


def _next(night):
    """Put the next unit on stage; when none is left, send the first one back to scoring."""
    office = night.world.office
    following = night.contest.rounds.filter(state="waiting").order_by("position").first()
    if following is None:
        ContestUnit.objects.filter(contest=night.contest).update(state="waiting")
        Submission.objects.all().delete()
        following = night.contest.rounds.order_by("position").first()
    live.round_present(actor=office, round=following)
    live.round_open_scoring(actor=office, round=following)
    return ContestUnit.objects.get(pk=following.pk)
