"""The responsible unit's updates (monthly figures, stage dates and evidence) and the checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record
from leitai.core.evidence import check_files, removes_files_on_error, store
from leitai.core.transactions import service
from leitai.projects.access import require_update
from leitai.projects.models import MonthPhoto, Project, ProjectMonth, ProjectStage, StageEvidence
from leitai.projects.schedule import GATED, missing_evidence
from leitai.projects.transitions import STAGE

CENT = Decimal("0.01")


def _amount(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(-1)
    if amount < 0 or amount != amount.quantize(CENT):
        raise ValidationError(
            {field: _("Enter a non-negative amount in 10k yuan with at most 2 decimals.")}
        )
    return amount


def _check_day(day: dt.date | None, field: str, year: int | None = None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day is not None and year is not None and day.year != year:
        raise ValidationError({field: _("The date must fall in the ledger's year.")})


def _record(actor, action, obj, project: Project, before, after) -> None:
    record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        unit=project.unit,
        jurisdiction=project.year.jurisdiction,
    )


@removes_files_on_error
@service
def month_update(
    *,
    actor,
    project: Project,
    month: int,
    completed,
    workers: int | None = None,
    problems: str = "",
    photos: Iterable = (),
    taken_on: dt.date | None = None,
) -> ProjectMonth:
    """Record a month's completed investment, workers, problems and dated site photos."""
    require_update(actor, project)
    if not 1 <= int(month) <= 12:
        raise ValidationError({"month": _("Choose a month from 1 to 12.")})
    row = ProjectMonth.objects.select_for_update().filter(project=project, month=month).first()
    row = row or ProjectMonth(project=project, month=month)
    amount = _amount(completed, "completed")
    if amount is None:
        raise ValidationError({"completed": _("Enter the investment completed this month.")})
    if workers is not None and int(workers) < 0:
        raise ValidationError({"workers": _("The number of workers cannot be negative.")})
    label = _("Site photos")
    checked = check_files(photos, field="photos", label=label)
    if checked and taken_on is None:
        raise ValidationError({"taken_on": _("Give the day the photos were taken.")})
    _check_day(taken_on, "taken_on")
    before = {"completed": _text(row.completed), "workers": row.workers, "problems": row.problems}
    row.completed, row.workers, row.problems = amount, workers, problems.strip()
    row.reported_by, row.reported_at = actor, timezone.now()
    row.save()
    stored = []
    for item in checked:
        photo = MonthPhoto(
            month=row, taken_on=taken_on, original_name=item.name, size=item.size, uploaded_by=actor
        )
        store(photo.file, item)
        photo.save()
        stored.append(item.name)
    after = {"completed": _text(amount), "workers": workers, "problems": row.problems}
    after["month"], after["photos"] = int(month), stored
    _record(actor, "project_month.update", row, project, before, after)
    return row


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _lock(stage: ProjectStage) -> ProjectStage:
    return (
        ProjectStage.objects.select_for_update()
        .select_related("project", "project__year", "project__unit")
        .get(pk=stage.pk)
    )


@removes_files_on_error
@service
def stage_report(
    *,
    actor,
    stage: ProjectStage,
    actual_on: dt.date | None,
    evidence: Mapping[str, Iterable] | None = None,
    taken_on: dt.date | None = None,
) -> ProjectStage:
    """Report a stage reached on a day with its evidence; 开工/入库 then wait for a check.

    `evidence` maps a kind of evidence to its files. A checked stage needs every listed kind
    (those stored before and those sent now); a site photo needs the day it was taken.
    """
    stage = _lock(stage)
    project = stage.project
    action = "claim" if stage.stage in GATED else "complete"
    STAGE.check(actor, stage, action)
    if actual_on is None:
        raise ValidationError({"actual_on": _("Give the day the stage was reached.")})
    _check_day(actual_on, "actual_on", project.year.year)
    checked = _check_evidence(evidence or {}, taken_on)
    kinds = list(stage.evidence.values_list("kind", flat=True)) + [k for k, _i in checked]
    missing = missing_evidence(stage.stage, kinds)
    if missing:
        names = "、".join(str(StageEvidence.Kind(k).label) for k in missing)
        raise ValidationError({"files": _("Evidence still missing: %(kinds)s.") % {"kinds": names}})
    before = {"status": stage.status, "actual_on": _day(stage.actual_on)}
    STAGE.move(actor, stage, action)
    stage.actual_on = actual_on
    stage.save()
    stored = []
    for kind, item in checked:
        file = StageEvidence(stage=stage, kind=kind, original_name=item.name, size=item.size)
        file.uploaded_by = actor
        file.taken_on = taken_on if kind == StageEvidence.Kind.PHOTO else None
        store(file.file, item)
        file.save()
        stored.append({"name": item.name, "kind": kind})
    after = {"status": stage.status, "actual_on": _day(actual_on), "files": stored}
    _record(actor, f"project_stage.{action}", stage, project, before, after)
    return stage


def _check_evidence(evidence: Mapping[str, Iterable], taken_on) -> list[tuple[str, object]]:
    """Return (kind, checked file) pairs, or raise naming the kind's field."""
    checked = []
    for kind, files in evidence.items():
        if kind not in StageEvidence.Kind.values:
            raise ValidationError({"files": _("Choose the kind of evidence.")})
        label = StageEvidence.Kind(kind).label
        checked += [(kind, item) for item in check_files(files, field=f"{kind}_files", label=label)]
    if any(k == StageEvidence.Kind.PHOTO for k, _i in checked) and taken_on is None:
        raise ValidationError({"taken_on": _("Give the day the photo was taken.")})
    _check_day(taken_on, "taken_on")
    return checked


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _check_step(*, actor, stage: ProjectStage, action: str, comment: str) -> ProjectStage:
    stage = _lock(stage)
    STAGE.check(actor, stage, action)
    if action != "verify" and not comment.strip():
        raise ValidationError({"comment": _("Say why, so the unit knows what to correct.")})
    before = {"status": stage.status, "comment": stage.comment}
    STAGE.move(actor, stage, action)
    stage.comment = comment.strip()
    stage.checked_by, stage.checked_at = actor, timezone.now()
    if action == "reopen":
        stage.actual_on = None
    stage.save()
    after = {"status": stage.status, "comment": stage.comment}
    _record(actor, f"project_stage.{action}", stage, stage.project, before, after)
    return stage


@service
def stage_verify(*, actor, stage: ProjectStage, comment: str = "") -> ProjectStage:
    """Accept a reported 开工/入库 after checking its evidence: from now on it counts."""
    return _check_step(actor=actor, stage=stage, action="verify", comment=comment)


@service
def stage_send_back(*, actor, stage: ProjectStage, comment: str) -> ProjectStage:
    """Return a reported stage to the unit with a comment saying what is wrong."""
    return _check_step(actor=actor, stage=stage, action="send_back", comment=comment)


@service
def stage_reopen(*, actor, stage: ProjectStage, comment: str) -> ProjectStage:
    """Take back a counted stage (reached by mistake): it no longer counts."""
    return _check_step(actor=actor, stage=stage, action="reopen", comment=comment)
