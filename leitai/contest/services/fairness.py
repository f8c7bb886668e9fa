"""Replacing a flagged judge's scores by the other judges' mean, with a reason (one service).

Only a judge the fairness check flags (leitai.contest.fairness) can be replaced, only while the
contest runs (before its results go into the quarter), and only with a reason. Each of his
counted scores becomes the mean of the other judges of the same unit (of his rater class when
it has others there); the score he gave is kept beside it and shown on the result sheet.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from leitai.contest.access import is_contest_office
from leitai.contest.fairness import judge_checks, others_mean
from leitai.contest.models import Contest, ContestUnit, Judge, Submission
from leitai.contest.selectors import contest_results, revealed_sheets, rounded
from leitai.core.audit import record
from leitai.core.transactions import service

REVEALED = ContestUnit.State.REVEALED


@service
def judge_replace(*, actor, judge: Judge, reason: str) -> int:
    """Replace the flagged judge's counted scores by the others' mean; return how many."""
    contest = (
        Contest.objects.select_for_update()
        .select_related("year__jurisdiction")
        .get(pk=judge.contest_id)
    )
    judge = Judge.objects.get(pk=judge.pk)
    sheets = list(
        Submission.objects.select_for_update()
        .filter(judge=judge, voided_at=None, original_total=None, round__state=REVEALED)
        .select_related("round__unit")
        .order_by("round__position")
    )
    if not is_contest_office(actor, contest):
        raise PermissionDenied("only the contest's office replaces a judge's scores")
    if contest.state != Contest.State.RUNNING:
        raise ValidationError(_("Scores can be replaced only while the contest is under way."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for replacing the scores.")})
    check = next((c for c in judge_checks(contest) if c.judge.pk == judge.pk), None)
    if check is None or not check.flagged:
        raise ValidationError(_("Only a judge the fairness check flags can be replaced."))
    changes = {}
    for sheet in sheets:
        mean = others_mean(sheet, revealed_sheets(sheet.round))
        if mean is None:
            continue
        changes[sheet.round.unit.code] = [str(sheet.total), str(mean)]
        sheet.original_total, sheet.total = sheet.total, mean
        sheet.replace_reason = reason[:255]
        sheet.save(update_fields=["original_total", "total", "replace_reason"])
    if not changes:
        raise ValidationError(_("No other judge scored these units: nothing to replace."))
    scores = {r.round.pk: rounded(r.score) for r in contest_results(contest)}
    for pk, value in scores.items():
        ContestUnit.objects.filter(pk=pk).update(score=value)
    record(
        actor=actor,
        action="contest.replace",
        obj=judge,
        before={"leniency": check.leniency},
        after={"judge": judge.name, "reason": reason[:255], "scores": changes},
        jurisdiction=contest.year.jurisdiction,
    )
    return len(changes)
