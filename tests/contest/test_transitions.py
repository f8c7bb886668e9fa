"""The contest's state tables, pair by pair: each step works for the people it names, from the
states it names, and is refused for everyone else and from every other state, changing nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from leitai.contest.models import Contest, ContestUnit, Submission
from leitai.contest.selectors import ballot_units
from leitai.contest.services import files, live, setup, votes
from leitai.contest.transitions import CONTEST, ROUND
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS

CONTEST_CALLS = {
    "edit": lambda u, n: setup.contest_update(actor=u, contest=n.contest, minutes=10),
    "draw": lambda u, n: setup.contest_draw(actor=u, contest=n.contest, reason="重新抽签"),
    "ready": lambda u, n: setup.contest_ready(actor=u, contest=n.contest),
    "reopen": lambda u, n: setup.contest_reopen(actor=u, contest=n.contest),
    "start": lambda u, n: setup.contest_start(actor=u, contest=n.contest),
    "judges": lambda u, n: setup.judge_add(actor=u, contest=n.contest, name="周评委"),
    "finish": lambda u, n: live.contest_finish(actor=u, contest=n.contest),
    "vote": lambda u, n: votes.ballot_save(
        judge=u,
        contest=n.contest,
        key="pair-walk-vote",
        order=list(n.contest.rounds.order_by("position").values_list("pk", flat=True)),
    ),
    "upload": lambda u, n: files.presentation_upload(
        actor=u,
        round=n.round_of(n.world.unit_a),
        upload=SimpleUploadedFile("汇报.pdf", b"%PDF-1.4\n%%EOF\n"),
    ),
}
ROUND_CALLS = {
    "present": lambda u, r: live.round_present(actor=u, round=r),
    "timer": lambda u, r: live.round_timer(actor=u, round=r, run=True),
    "open_scoring": lambda u, r: live.round_open_scoring(actor=u, round=r),
    "submit": lambda u, r: live.submission_save(
        judge=u, round=r, key="pair-walk-key", points=[30, 20, 10, 5]
    ),
    "close": lambda u, r: live.round_close(actor=u, round=r),
    "reveal": lambda u, r: live.round_reveal(actor=u, round=r),
    "void": lambda u, r: live.submission_void(
        actor=u, submission=r.submissions.first(), reason="评分明显失当"
    ),
    "end_presentation": lambda u, r: votes.round_end_presentation(actor=u, round=r),
    "reveal_votes": lambda u, r: votes.votes_reveal(actor=u, contest=r.contest),
}
WHO = {"vote": set(), "upload": {"reporter_a", "leader_a"}}  # the contest of group G1
RANK_ACTIONS = {"vote", "end_presentation", "reveal_votes"}
CONTEST_PAIRS = list(CONTEST.pairs())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Keep uploaded presentation files in a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


ROUND_PAIRS = list(ROUND.pairs())


def test_the_tables_cover_every_service():
    assert set(CONTEST.actions) == set(CONTEST_CALLS)
    assert set(ROUND.actions) == set(ROUND_CALLS)


def _snapshot(model, pk):
    return (
        model_to_dict(model.objects.get(pk=pk)),
        AuditEntry.objects.count(),
        Submission.objects.count(),
    )


def _contest_in(night, state):
    Contest.objects.filter(pk=night.contest.pk).update(state=state)
    if state == Contest.State.RUNNING:  # finishing needs every unit revealed
        night.contest.rounds.update(state=ContestUnit.State.REVEALED)
    return night.refresh()


@pytest.mark.parametrize(
    ("state", "action", "step"), CONTEST_PAIRS, ids=[f"{s}-{a}" for s, a, _ in CONTEST_PAIRS]
)
def test_every_pair_of_the_contest_table(night, state, action, step):
    world = night.world
    contest = _contest_in(night, state)
    if action in RANK_ACTIONS:  # a rank vote: every unit has presented
        contest = _rank_vote(night)
    who = {p for p in PERSONAS if CONTEST.step(action).who(getattr(world, p), contest)}
    assert who == WHO.get(action, {"office"})
    refused = [getattr(world, p) for p in PERSONAS if step is None or p not in who]
    judge = night.judges[0] if action == "vote" else None
    if step is None and judge:
        refused.append(judge)
    before = _snapshot(Contest, contest.pk)
    for actor in refused:
        with pytest.raises((PermissionDenied, ValidationError)):
            CONTEST_CALLS[action](actor, night)
        assert _snapshot(Contest, contest.pk) == before, actor
    if step is None:
        return
    audits = AuditEntry.objects.count()
    CONTEST_CALLS[action](judge or getattr(world, min(who)), night)
    assert Contest.objects.get(pk=contest.pk).state == (step.target or state)
    assert AuditEntry.objects.count() == audits + 1


def _rank_vote(night, keep=None):
    """Make the contest a rank vote whose units have all presented (but `keep`)."""
    Contest.objects.filter(pk=night.contest.pk).update(method=Contest.Method.RANK)
    rounds = night.contest.rounds.exclude(pk=keep.pk) if keep else night.contest.rounds
    rounds.update(state=ContestUnit.State.PRESENTED)
    return night.refresh()


def _round_in(night, state):
    """Bring the contest's first unit into `state`, with what each step needs around it."""
    contest = _contest_in(night, Contest.State.RUNNING)
    contest.rounds.update(state=ContestUnit.State.WAITING)
    first = contest.rounds.order_by("position").first()
    ContestUnit.objects.filter(pk=first.pk).update(state=state)
    round_ = ContestUnit.objects.select_related("contest__year", "unit").get(pk=first.pk)
    # Every judge expected has scored: a void needs a sheet, a reveal from scoring all of them.
    for judge in night.judges:
        if judge.unit_id != round_.unit_id:
            Submission.objects.create(
                judge=judge,
                round=round_,
                key=f"k{judge.pk}xxxxxx",
                points=[30, 20, 10, 5],
                total=65,
            )
    return round_


def _judge_for(night, round_, action):
    """Return a judge who may submit for the round and has not yet (a new key otherwise)."""
    judge = night.judges[0]
    Submission.objects.filter(judge=judge, round=round_).delete()
    return judge


@pytest.mark.parametrize(
    ("state", "action", "step"), ROUND_PAIRS, ids=[f"{s}-{a}" for s, a, _ in ROUND_PAIRS]
)
def test_every_pair_of_the_round_table(night, state, action, step):
    world = night.world
    round_ = _round_in(night, state)
    judge = _judge_for(night, round_, action) if action == "submit" else None
    if action in RANK_ACTIONS:
        _rank_vote(night, keep=round_)
        round_.contest = night.contest
    if action == "reveal_votes":  # every judge has ordered the units; no typed sheets
        Submission.objects.filter(round=round_).delete()
        ContestUnit.objects.filter(pk=round_.pk).update(state=ContestUnit.State.PRESENTED)
        for j in night.judges:
            votes.ballot_save(
                judge=j,
                contest=night.contest,
                key=f"ballot-{j.pk}",
                order=[r.pk for r in ballot_units(j)],
            )
        ContestUnit.objects.filter(pk=round_.pk).update(state=state)
    who = {p for p in PERSONAS if ROUND.step(action).who(getattr(world, p), round_)}
    assert who == (set() if action == "submit" else {"office"})
    actors = [getattr(world, p) for p in PERSONAS if p not in who]
    if step is None:
        actors += [judge or world.office]
    before = _snapshot(ContestUnit, round_.pk)
    for actor in actors:
        with pytest.raises((PermissionDenied, ValidationError)):
            ROUND_CALLS[action](actor, round_)
        assert _snapshot(ContestUnit, round_.pk) == before, actor
    if step is None:
        return
    audits = AuditEntry.objects.count()
    ROUND_CALLS[action](judge or world.office, round_)
    assert ContestUnit.objects.get(pk=round_.pk).state == (step.target or state)
    assert AuditEntry.objects.count() == audits + 1
