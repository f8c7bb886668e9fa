"""Audit recipes of the arena contest: set-up, judges, the live evening, sealed sheets, votes."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from leitai.contest.models import Submission
from leitai.contest.services import fairness, files, live, setup, votes
from tests.assessment.collection_world import build_collection, make_quarter
from tests.contest.conftest import make_contest, start, to_scoring
from tests.contest.test_fairness import run_both
from tests.contest.test_presentations import PDF
from tests.contest.test_votes import build_rank_night, order_of, present_all
from tests.core.audit.harness import CREATE, EVENT, recipe

CO = "leitai.contest.services."
SET = CO + "setup."
LIVE = CO + "live."
VOTES = CO + "votes."
# A judge's sheet before the reveal: the points and the total (88) are sealed.
POINTS = [37, 26, 17, 8]
SEALED_SHEET = ("37", "26", "17", "88", "points", "total", "score")


@recipe(SET + "contest_create")
def _(c):
    build_collection(c.world)
    quarter = make_quarter(c.year)
    return lambda: make_contest(c.world, quarter)


@recipe(SET + "contest_update")
def _(c):
    contest = c.night.contest
    return lambda: setup.contest_update(actor=c.office, contest=contest, minutes=10)


@recipe(SET + "contest_draw")
def _(c):
    contest = c.night.contest
    return lambda: setup.contest_draw(actor=c.office, contest=contest, seed=7, reason="单位请假")


@recipe(SET + "contest_ready")
def _(c):
    contest = c.night.contest
    return lambda: setup.contest_ready(actor=c.office, contest=contest)


@recipe(SET + "contest_reopen")
def _(c):
    night = c.night
    setup.contest_ready(actor=c.office, contest=night.contest)
    contest = night.refresh()
    return lambda: setup.contest_reopen(actor=c.office, contest=contest)


@recipe(SET + "contest_start")
def _(c):
    night = c.night
    setup.contest_ready(actor=c.office, contest=night.contest)
    contest = night.refresh()
    return lambda: setup.contest_start(actor=c.office, contest=contest)


@recipe(SET + "judge_add", kind=CREATE)
def _(c):
    contest = c.night.contest
    return lambda: setup.judge_add(actor=c.office, contest=contest, name="周评委")


@recipe(SET + "judge_update")
def _(c):
    judge = c.night.judges[0]
    return lambda: setup.judge_update(actor=c.office, judge=judge, name="王评委（特邀）")


@recipe(SET + "judge_link_issue")
def _(c):
    judge = c.night.judges[0]
    return lambda: setup.judge_link_issue(actor=c.office, judge=judge)


@recipe(SET + "judge_link_revoke")
def _(c):
    judge = c.night.judges[0]
    return lambda: setup.judge_link_revoke(actor=c.office, judge=judge)


@recipe(SET + "recusal_mark", kind=CREATE)
def _(c):
    night = c.night
    judge, round_ = night.judges[0], night.round_of(c.unit_c)
    return lambda: setup.recusal_mark(actor=c.office, judge=judge, round=round_, reason="曾任职")


@recipe(CO + "files.presentation_upload")
def _(c):
    round_ = c.night.round_of(c.unit_a)
    upload = SimpleUploadedFile("汇报材料.pdf", PDF)
    return lambda: files.presentation_upload(actor=c.reporter_a, round=round_, upload=upload)


def _first(c):
    night = c.night
    start(night)
    return night.contest.rounds.order_by("position").first()


@recipe(LIVE + "round_present")
def _(c):
    first = _first(c)
    return lambda: live.round_present(actor=c.office, round=first)


@recipe(LIVE + "round_timer")
def _(c):
    first = _first(c)
    live.round_present(actor=c.office, round=first)
    return lambda: live.round_timer(actor=c.office, round=first, run=True)


@recipe(LIVE + "round_open_scoring")
def _(c):
    first = _first(c)
    live.round_present(actor=c.office, round=first)
    return lambda: live.round_open_scoring(actor=c.office, round=first)


@recipe(LIVE + "submission_save", kind=EVENT, sealed=SEALED_SHEET)
def _(c):
    round_ = to_scoring(c.night)
    judge = c.night.judges[0]
    return lambda: live.submission_save(judge=judge, round=round_, key="sheet-0001", points=POINTS)


def _scored(c):
    round_ = to_scoring(c.night)
    judge = c.night.judges[0]
    live.submission_save(judge=judge, round=round_, key="sheet-0001", points=POINTS)
    return round_


@recipe(LIVE + "round_close")
def _(c):
    round_ = _scored(c)
    return lambda: live.round_close(actor=c.office, round=round_)


@recipe(LIVE + "round_reveal")
def _(c):
    round_ = _scored(c)
    live.round_close(actor=c.office, round=round_)
    return lambda: live.round_reveal(actor=c.office, round=round_)


@recipe(LIVE + "submission_void")
def _(c):
    round_ = _scored(c)
    live.round_close(actor=c.office, round=round_)
    live.round_reveal(actor=c.office, round=round_)
    sheet = Submission.objects.get(round=round_)
    return lambda: live.submission_void(actor=c.office, submission=sheet, reason="利害关系")


@recipe(LIVE + "contest_finish")
def _(c):
    night = c.night
    run_both(night)
    contest = night.refresh()
    return lambda: live.contest_finish(actor=c.office, contest=contest)


@recipe(CO + "fairness.judge_replace")
def _(c):
    night = c.night
    run_both(night)
    wang = next(j for j in night.judges if j.name == "王评委")
    return lambda: fairness.judge_replace(actor=c.office, judge=wang, reason="评分明显偏离")


@recipe(VOTES + "round_end_presentation")
def _(c):
    night = build_rank_night(c.world)
    setup.contest_ready(actor=c.office, contest=night.contest)
    setup.contest_start(actor=c.office, contest=night.refresh())
    first = night.contest.rounds.order_by("position").first()
    live.round_present(actor=c.office, round=first)
    return lambda: votes.round_end_presentation(actor=c.office, round=first)


@recipe(VOTES + "ballot_save", kind=EVENT, sealed=("A01", "C01", "order", "rank"))
def _(c):
    night = build_rank_night(c.world)
    present_all(night)
    judge = night.judges[0]
    order = order_of(night, "CA")
    return lambda: votes.ballot_save(
        judge=judge, contest=night.contest, key="ballot-0001", order=order
    )


@recipe(VOTES + "votes_reveal")
def _(c):
    night = build_rank_night(c.world)
    present_all(night)
    for judge, letters in zip(night.judges, ["AC", "AC", "CA", "AC", "C"], strict=True):
        votes.ballot_save(
            judge=judge,
            contest=night.contest,
            key=f"ballot-{judge.pk}",
            order=order_of(night, letters),
        )
    contest = night.refresh()
    return lambda: votes.votes_reveal(actor=c.office, contest=contest)
