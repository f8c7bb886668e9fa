"""Changes to milestones (their definition, done date and evidence files) and weekly reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.evidence import CheckedFile, check_files, removes_files_on_error, store
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.keytasks.access import require_report
from leitai.keytasks.models import (
    CoordinationRequest,
    KeyTask,
    Milestone,
    MilestoneEvidence,
    WeeklyReport,
)
from leitai.keytasks.status import week_start
from leitai.org.access import require_office

MILESTONE_FIELDS = ("order", "title", "due_date", "done_means")
REPORT_FIELDS = ("week_start", "progress", "done_this_week", "plan_next_week")


# --- milestones ----------------------------------------------------------------------------


@service
def milestone_create(*, actor, task: KeyTask, **fields) -> Milestone:
    """Add a milestone to a task (office)."""
    require_office(actor, task.year.jurisdiction_id)
    if "order" not in fields:
        last = task.milestones.order_by("-order").values_list("order", flat=True).first()
        fields["order"] = (last or 0) + 1
    milestone = Milestone(task=task)
    apply_changes(milestone, fields, MILESTONE_FIELDS)
    if Milestone.objects.filter(task=task, order=milestone.order).exists():
        raise ValidationError({"order": _("Another milestone has this number.")})
    milestone.save()
    record(
        actor=actor,
        action="milestone.create",
        obj=milestone,
        after=state(milestone, MILESTONE_FIELDS),
        unit=task.lead_unit,
        jurisdiction=task.year.jurisdiction,
    )
    return milestone


@service
def milestone_update(*, actor, milestone: Milestone, **changes) -> Milestone:
    """Change a milestone's number, title, due date or definition of done (office)."""
    task = milestone.task
    require_office(actor, task.year.jurisdiction_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before, after = _define(milestone, changes)
    if after:
        milestone.save()
        _record_milestone(actor, "milestone.update", milestone, task, before, after)
    return milestone


@service
def milestone_change(*, actor, milestone: Milestone, done: dict | None = None, **changes):
    """Change a milestone's definition (office) and its done date and note (lead unit) at once.

    `done` holds `done_on` and/or `evidence`; what it leaves out stays. One audit row lists
    both changes.
    """
    task = milestone.task
    if changes:
        require_office(actor, task.year.jurisdiction_id)
    if done:
        require_report(actor, task)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before, after = _define(milestone, changes)
    if done:
        done_on = done.get("done_on", milestone.done_on)
        evidence = done.get("evidence", milestone.evidence)
        marked = _prepare_done(milestone, done_on, evidence, (), files_field="files")
        before, after = {**before, **marked[0]}, {**after, **marked[1]}
    if after:
        milestone.save()
        action = _CHANGE_ACTIONS[bool(changes), bool(done)]
        _record_milestone(actor, action, milestone, task, before, after)
    return milestone


# The audit action of a change of the definition (office), of the done date (lead unit), of both.
_CHANGE_ACTIONS = {
    (True, False): "milestone.update",
    (False, True): "milestone.complete",
    (True, True): "milestone.change",
    (False, False): "milestone.change",
}


def _define(milestone: Milestone, changes: dict) -> tuple[dict, dict]:
    """Apply a change of the milestone's definition; its number must stay unique in the task."""
    before, after = apply_changes(milestone, changes, MILESTONE_FIELDS)
    clash = Milestone.objects.filter(task_id=milestone.task_id, order=milestone.order)
    if clash.exclude(pk=milestone.pk).exists():
        raise ValidationError({"order": _("Another milestone has this number.")})
    return before, after


def _record_milestone(actor, action: str, milestone: Milestone, task: KeyTask, before, after):
    record(
        actor=actor,
        action=action,
        obj=milestone,
        before=before,
        after=after,
        unit=task.lead_unit,
        jurisdiction=task.year.jurisdiction,
    )


def _set_done(milestone: Milestone, done_on: dt.date | None, evidence: str) -> tuple[dict, dict]:
    if done_on is not None and not evidence.strip():
        raise ValidationError({"evidence": _("Describe the evidence that the milestone is done.")})
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The done date cannot be in the future.")})
    return apply_changes(
        milestone, {"done_on": done_on, "evidence": evidence.strip()}, ("done_on", "evidence")
    )


def _check_files(milestone: Milestone, files: Iterable, *, done: bool, field: str):
    """Check the evidence files for a milestone, which must be done once the change applies."""
    label = _("Evidence files of “%(milestone)s”") % {"milestone": milestone.title}
    checked = check_files(files, field=field, label=label)
    if checked and not done:
        message = _("%(field)s: mark the milestone done to attach evidence files.")
        raise ValidationError({field: [message % {"field": label}]})
    return checked


def _prepare_done(milestone, done_on, evidence, files, *, files_field, note_field=None):
    """Apply the done date and note and check the files, raising every problem at once.

    Return (before, after, checked files). Problems of the date or note are named by
    `note_field` when given (the weekly report names the milestone), else by their own field.
    """
    errors: dict[str, list[str]] = {}
    before, after, checked = {}, {}, []
    try:
        before, after = _set_done(milestone, done_on, evidence)
    except ValidationError as exc:
        errors = {note_field: exc.messages} if note_field else exc.message_dict
    try:
        checked = _check_files(milestone, files, done=done_on is not None, field=files_field)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return before, after, checked


def _attach(milestone: Milestone, actor, checked: Sequence[CheckedFile]) -> list[dict]:
    """Store the checked files with the milestone; return what the audit row should say."""
    stored = []
    for item in checked:
        evidence = MilestoneEvidence(
            milestone=milestone, original_name=item.name, size=item.size, uploaded_by=actor
        )
        store(evidence.file, item)
        evidence.save()
        stored.append({"id": evidence.pk, "name": item.name, "size": item.size})
    return stored


@removes_files_on_error
@service
def milestone_complete(
    *,
    actor,
    milestone: Milestone,
    done_on: dt.date | None,
    evidence: str = "",
    files: Iterable = (),
) -> Milestone:
    """Mark a milestone done on a date with evidence (or undo it with done_on=None).

    `files` are evidence files kept with the milestone (checked by leitai.core.evidence); the
    milestone must be done once the change is applied. Files stay if the milestone is undone.
    """
    task = milestone.task
    require_report(actor, task)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before, after, checked = _prepare_done(milestone, done_on, evidence, files, files_field="files")
    if after:
        milestone.save()
    stored = _attach(milestone, actor, checked)
    if stored:
        after["files"] = stored
    if after:
        _record_milestone(actor, "milestone.complete", milestone, task, before, after)
    return milestone


# --- weekly reports ------------------------------------------------------------------------


@removes_files_on_error
@service
def report_submit(
    *,
    actor,
    task: KeyTask,
    week: dt.date,
    progress: int,
    done_this_week: str,
    plan_next_week: str = "",
    milestones_done: Sequence[tuple] = (),
    problem: str = "",
) -> WeeklyReport:
    """File (or correct) the week's report, mark milestones done and maybe raise a problem.

    Each item of `milestones_done` is (milestone, done date, evidence note) or
    (milestone, done date, evidence note, evidence files).
    """
    require_report(actor, task)
    monday = week_start(week)
    if not task.start_date - dt.timedelta(days=6) <= monday <= task.end_date:
        raise ValidationError({"week_start": _("This week is outside the task's dates.")})
    report = WeeklyReport.objects.select_for_update().filter(
        task=task, week_start=monday
    ).first() or WeeklyReport(task=task)
    fields = {
        "week_start": monday,
        "progress": progress,
        "done_this_week": done_this_week.strip(),
        "plan_next_week": plan_next_week.strip(),
    }
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give a whole percentage from 0 to 100.")})
    creating = report.pk is None
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    before, after = apply_changes(report, fields, REPORT_FIELDS)
    prepared = _prepare_milestones(task, milestones_done)
    report.save()
    done = _mark_done(actor, prepared)
    if done:
        after["milestones_done"] = done
    if problem.strip():
        coordination = CoordinationRequest.objects.create(
            task=task,
            report=report,
            question=problem.strip(),
            raised_by=actor,
            raised_at=report.submitted_at,
        )
        after["coordination_request"] = coordination.pk
    record(
        actor=actor,
        action="weekly_report.submit" if creating else "weekly_report.update",
        obj=report,
        before=None if creating else before,
        after=after,
        unit=task.lead_unit,
        jurisdiction=task.year.jurisdiction,
    )
    return report


def _prepare_milestones(task: KeyTask, items: Sequence[tuple]) -> list[tuple]:
    """Lock, change and check every milestone of the report before anything is written."""
    prepared, errors = [], {}
    for item in items:
        milestone, done_on, evidence, files = (*item, ())[:4]
        if milestone.task_id != task.pk:
            raise ValidationError({"milestones": _("A milestone belongs to another task.")})
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        try:
            _before, after, checked = _prepare_done(
                milestone,
                done_on,
                evidence,
                files,
                files_field=f"files_{milestone.pk}",
                note_field=f"milestone_{milestone.pk}",
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            prepared.append((milestone, after, checked))
    if errors:
        raise ValidationError(errors)
    return prepared


def _mark_done(actor, prepared: Sequence[tuple]) -> list[dict]:
    done = []
    for milestone, after, checked in prepared:
        if after:
            milestone.save()
        stored = _attach(milestone, actor, checked)
        if stored:
            after["files"] = stored
        if after:
            done.append({"milestone": milestone.pk, **after})
    return done
