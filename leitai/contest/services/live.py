"""The evening itself: units on stage, the timer, judges' score sheets, the reveal, voids, finish.

Sealed: until a unit's reveal, a score sheet's audit row says that the judge scored, never the
score; the reveal's audit row lists every score of the unit at once.

Locks are taken in one order: the contest, then the round, then the judge, then score sheets.
A judge's sheet takes the contest and the round in share mode (PostgreSQL), so the judges of a
round submit side by side, and the judge's own row for update, so one judge's resends queue;
a step of the host (close, reveal, finish) takes them for update and waits for the sheets in
flight, which then see the new state.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.collection.services.collection import check_not_locked
from leitai.assessment.collection.services.panel import check_collects_panel
from leitai.assessment.models import PanelScore
from leitai.contest.models import Contest, ContestUnit, Judge, Submission
from leitai.contest.selectors import (
    all_revealed,
    is_recused,
    next_on_stage,
    progress,
    rounded,
    unit_score,
)
from leitai.contest.transitions import CONTEST, ROUND
from leitai.core.audit import record
from leitai.core.transactions import service, share_lock

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


def _lock_round(round_: ContestUnit) -> ContestUnit:
    Contest.objects.select_for_update().filter(pk=round_.contest_id).first()
    return (
        ContestUnit.objects.select_for_update()
        .select_related("contest__year__jurisdiction", "unit")
        .get(pk=round_.pk)
    )


def _share_round(round_: ContestUnit, judge: Judge) -> ContestUnit:
    """Re-read the round for a judge's sheet: contest and round shared, the judge exclusive."""
    share_lock(Contest, round_.contest_id)
    share_lock(ContestUnit, round_.pk)
    Judge.objects.select_for_update().filter(pk=judge.pk).first()
    return ContestUnit.objects.select_related("contest__year__jurisdiction", "unit").get(
        pk=round_.pk
    )


def _move(actor, round_: ContestUnit, action: str, *, fields=(), after_extra=None):
    before = round_.state
    ROUND.move(actor, round_, action)
    round_.save(update_fields=["state", *fields])
    after = {"unit": round_.unit.code, "state": round_.state, **(after_extra or {})}
    _record(actor, f"contest.{action}", round_, round_.contest, {"state": before}, after)
    return round_


def _stop_timer(round_: ContestUnit) -> None:
    if round_.timer_started_at is not None:
        elapsed = timezone.now() - round_.timer_started_at
        round_.timer_seconds += max(int(elapsed.total_seconds()), 0)
        round_.timer_started_at = None


# --- the stage --------------------------------------------------------------------------------


@service
def round_present(*, actor, round: ContestUnit) -> ContestUnit:
    """Call the next unit on stage (the running order's next waiting unit)."""
    round_ = _lock_round(round)
    contest = round_.contest
    ROUND.check(actor, round_, "present")
    if contest.state != Contest.State.RUNNING:
        raise ValidationError(_("Start the contest first."))
    if contest.rounds.filter(state__in=(R.PRESENTING, R.SCORING, R.CLOSED)).exists():
        raise ValidationError(_("Reveal the unit on stage before calling the next one."))
    following = next_on_stage(contest)
    if following.pk != round_.pk:
        raise ValidationError(_("Units present in the running order drawn by lot."))
    contest.current = round_
    contest.save(update_fields=["current"])
    return _move(actor, round_, "present")


@service
def round_timer(*, actor, round: ContestUnit, run: bool) -> ContestUnit:
    """Start or stop the presentation timer of the unit on stage."""
    round_ = _lock_round(round)
    ROUND.check(actor, round_, "timer")
    running = round_.timer_started_at is not None
    if run == running:
        raise ValidationError(
            _("The timer is already running.") if run else _("The timer is not running.")
        )
    if run:
        round_.timer_started_at = timezone.now()
    else:
        _stop_timer(round_)
    round_.save(update_fields=["timer_started_at", "timer_seconds"])
    before = {"timer": "stopped" if run else "running"}
    after = {"unit": round_.unit.code, "timer": "running" if run else "stopped"}
    _record(actor, "contest.timer", round_, round_.contest, before, after)
    return round_


@service
def round_open_scoring(*, actor, round: ContestUnit) -> ContestUnit:
    """End the presentation and questions: the judges' phones now take this unit's scores."""
    round_ = _lock_round(round)
    if round_.contest.method == Contest.Method.RANK:
        raise ValidationError(_("In a rank vote the judges order the units after all presented."))
    _stop_timer(round_)
    return _move(actor, round_, "open_scoring", fields=["timer_started_at", "timer_seconds"])


@service
def round_close(*, actor, round: ContestUnit) -> ContestUnit:
    """Close the round without waiting for the judges who have not submitted."""
    round_ = _lock_round(round)
    missing = progress(round_).waiting
    return _move(actor, round_, "close", after_extra={"not_submitted": missing})


@service
def round_reveal(*, actor, round: ContestUnit) -> ContestUnit:
    """Reveal the unit's scores (现场亮分): every present judge submitted, or the round closed."""
    round_ = _lock_round(round)
    ROUND.check(actor, round_, "reveal")
    if round_.state == R.SCORING and not progress(round_).complete:
        raise ValidationError(_("Not every judge present has submitted; close the round first."))
    ROUND.move(actor, round_, "reveal")
    round_.revealed_at = timezone.now()
    round_.save(update_fields=["state", "revealed_at"])
    score = _rescore(round_.contest, round_)
    sheets = round_.submissions.select_related("judge").order_by("judge_id")
    scores = {s.judge.name: str(s.total) for s in sheets}
    after = {"unit": round_.unit.code, "state": round_.state, "scores": scores, "score": score}
    _record(actor, "contest.reveal", round_, round_.contest, {"state": R.SCORING}, after)
    return round_


def _rescore(contest: Contest, round_: ContestUnit) -> str | None:
    """Store the unit's contest score again after its reveal or a void (its own sheets only)."""
    round_.score = rounded(unit_score(contest, round_))
    ContestUnit.objects.filter(pk=round_.pk).update(score=round_.score)
    return None if round_.score is None else str(round_.score)


# --- the judges' phones --------------------------------------------------------------------------


def check_points(contest: Contest, points) -> tuple[list[int], Decimal]:
    """Return the points per criterion and their total, or refuse naming the criterion."""
    criteria = contest.criteria
    if not isinstance(points, list | tuple) or len(points) != len(criteria):
        raise ValidationError({"points": _("Give a score for every criterion.")})
    cleaned = []
    for criterion, value in zip(criteria, points, strict=True):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= criterion["max"]
        ):
            message = _("%(name)s: a whole number from 0 to %(max)s.")
            raise ValidationError({"points": message % criterion})
        cleaned.append(value)
    return cleaned, Decimal(sum(cleaned))


@service
def submission_save(
    *, judge: Judge, round: ContestUnit, key: str, points
) -> tuple[Submission, bool]:
    """Store a judge's score sheet for the unit being scored; return (sheet, stored now).

    The same key sent again returns the stored sheet and changes nothing (the phone resends
    after a lost answer); a new key before the reveal replaces the judge's sheet.
    """
    if not isinstance(judge, Judge):
        raise PermissionDenied("only a judge, by his link, submits a score sheet")
    round_ = _share_round(round, judge)
    existing = Submission.objects.filter(judge=judge, round=round_).first()
    if existing is not None and existing.key == key:
        return existing, False
    ROUND.check(judge, round_, "submit")
    if not isinstance(key, str) or not 8 <= len(key) <= 64:
        raise ValidationError({"key": _("The submission key is missing or malformed.")})
    if is_recused(judge, round_):
        raise ValidationError(_("You do not score this unit (recusal)."))
    values, total = check_points(round_.contest, points)
    sheet = existing or Submission(judge=judge, round=round_)
    sheet.key, sheet.points, sheet.total = key, values, total
    sheet.save()
    # Sealed: the audit row says that the judge scored, never the score, until the reveal.
    after = {"judge": judge.name, "unit": round_.unit.code, "submitted": True}
    action = "contest.resubmit" if existing else "contest.submit"
    _record(None, action, sheet, round_.contest, after=after)
    return sheet, True


# --- after the reveal -------------------------------------------------------------------------


@service
def submission_void(*, actor, submission: Submission, reason: str) -> Submission:
    """Void a judge's revealed score with a reason (shown on the result); the unit is rescored."""
    round_ = _lock_round(submission.round)
    ROUND.check(actor, round_, "void")
    sheet = Submission.objects.select_for_update().select_related("judge").get(pk=submission.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding the score.")})
    if sheet.voided_at is not None:
        raise ValidationError(_("This score is already void."))
    sheet.void_reason, sheet.voided_at, sheet.voided_by = reason[:255], timezone.now(), actor
    sheet.save(update_fields=["void_reason", "voided_at", "voided_by"])
    before = {"score": round_.score and str(round_.score)}
    score = _rescore(round_.contest, round_)
    after = {
        "judge": sheet.judge.name,
        "total": str(sheet.total),
        "reason": sheet.void_reason,
        "score": score,
    }
    _record(actor, "contest.void", sheet, round_.contest, before, after)
    return sheet


@service
def contest_finish(*, actor, contest: Contest) -> int:
    """Finish the contest and write every counted score into the quarter's judges' scores.

    The contest's units' rows of its panel indicator in the quarter are replaced by the
    contest's sheets (voided ones left out), each with its judge's rater class. Return how many.
    """
    contest = (
        Contest.objects.select_for_update()
        .select_related("year__jurisdiction", "period")
        .get(pk=contest.pk)
    )
    CONTEST.check(actor, contest, "finish")
    if not all_revealed(contest):
        raise ValidationError(_("Every unit must be revealed before the contest finishes."))
    period = check_not_locked(contest.period)
    check_collects_panel(period)
    units = list(contest.rounds.values_list("unit_id", flat=True))
    stored = PanelScore.objects.filter(
        period=period, indicator_code=contest.indicator_code, unit_id__in=units
    )
    removed = stored.count()
    stored.delete()
    sheets = Submission.objects.filter(round__contest=contest, voided_at=None).select_related(
        "judge", "round"
    )
    rows = [
        PanelScore(
            period=period,
            unit_id=s.round.unit_id,
            indicator_code=contest.indicator_code,
            judge_label=s.judge.name,
            judge=s.judge.person,
            rater_class=s.judge.rater_class,
            score=s.total,
            entered_by=actor,
        )
        for s in sheets
    ]
    PanelScore.objects.bulk_create(rows)
    CONTEST.move(actor, contest, "finish")
    contest.results_written = True
    contest.current = None
    contest.save(update_fields=["state", "results_written", "current"])
    after = {
        "state": contest.state,
        "panel_scores": len(rows),
        "replaced": removed,
        "period": period.code,
    }
    _record(actor, "contest.finish", contest, contest, {"state": Contest.State.RUNNING}, after)
    return len(rows)
