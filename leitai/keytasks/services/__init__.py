"""Every change to key tasks: one function, one transaction, one audit row each."""

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
    DispatchSettings,
    KeyTask,
    Milestone,
    MilestoneEvidence,
    TaskCategory,
    WeeklyReport,
)
from leitai.keytasks.status import week_start
from leitai.keytasks.transitions import COORDINATION
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, Role, RoleGrant, Unit

SETTINGS_FIELDS = ("deadline_weekday", "deadline_time", "due_soon_days", "lag_margin", "as_of")
TASK_FIELDS = (
    "code",
    "title",
    "category",
    "lead_unit",
    "leader",
    "goal",
    "indicator_code",
    "start_date",
    "end_date",
)
MILESTONE_FIELDS = ("order", "title", "due_date", "done_means")
REPORT_FIELDS = ("week_start", "progress", "done_this_week", "plan_next_week")


def settings_for(year: AssessmentYear) -> DispatchSettings:
    """Return the year's dispatch settings (unsaved defaults when the office set none)."""
    found = DispatchSettings.objects.filter(year=year).first()
    return found or DispatchSettings(year=year)


# --- settings and categories ---------------------------------------------------------------


@service
def dispatch_settings_update(*, actor, year: AssessmentYear, **changes) -> DispatchSettings:
    """Set the year's deadline, warning window, margin and dispatch date."""
    require_office(actor, year.jurisdiction_id)
    obj = DispatchSettings.objects.select_for_update().filter(year=year).first()
    obj = obj or DispatchSettings(year=year)
    before, after = apply_changes(obj, changes, SETTINGS_FIELDS)
    if after or obj.pk is None:
        obj.save()
        record(
            actor=actor,
            action="dispatch_settings.update",
            obj=obj,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return obj


@service
def category_create(*, actor, year: AssessmentYear, name: str, order: int = 0) -> TaskCategory:
    """Add a task category to the year's list."""
    require_office(actor, year.jurisdiction_id)
    category = TaskCategory(year=year)
    apply_changes(category, {"name": name, "order": order}, ("name", "order"))
    if TaskCategory.objects.filter(year=year, name=category.name).exists():
        raise ValidationError({"name": _("This category already exists.")})
    category.save()
    record(
        actor=actor,
        action="task_category.create",
        obj=category,
        after=state(category, ("name", "order")),
        jurisdiction=year.jurisdiction,
    )
    return category


# --- tasks ---------------------------------------------------------------------------------


def _check_code(year_id: int, code, pk: int | None) -> None:
    """Name the field of a code clash (the model's full_clean would not)."""
    if KeyTask.objects.filter(year_id=year_id, code=code).exclude(pk=pk).exists():
        raise ValidationError({"code": _("Another task has this code.")})


def _check_task(task: KeyTask, co_units: Sequence[Unit] | None) -> None:
    jurisdiction_id = task.year.jurisdiction_id
    errors = {}
    if task.category_id and task.category.year_id != task.year_id:
        errors["category"] = _("The category belongs to another year.")
    if task.lead_unit_id and task.lead_unit.jurisdiction_id != jurisdiction_id:
        errors["lead_unit"] = _("The unit belongs to another county.")
    if co_units is not None:
        if any(u.jurisdiction_id != jurisdiction_id for u in co_units):
            errors["co_units"] = _("A co-unit belongs to another county.")
        elif any(u.pk == task.lead_unit_id for u in co_units):
            errors["co_units"] = _("The lead unit cannot also be a co-unit.")
    if (
        task.leader_id
        and not RoleGrant.objects.filter(
            user_id=task.leader_id, role=Role.LEADER, jurisdiction_id=jurisdiction_id
        ).exists()
    ):
        errors["leader"] = _("This person is not a county leader here.")
    if errors:
        raise ValidationError(errors)


@service
def task_create(*, actor, year: AssessmentYear, co_units: Iterable[Unit] = (), **fields) -> KeyTask:
    """Create a key task in the year (dates default to the whole year)."""
    require_office(actor, year.jurisdiction_id)
    fields.setdefault("start_date", dt.date(year.year, 1, 1))
    fields.setdefault("end_date", dt.date(year.year, 12, 31))
    task = KeyTask(year=year)
    co_units = list(co_units)
    _check_code(year.pk, fields.get("code"), None)
    apply_changes(task, fields, TASK_FIELDS)
    _check_task(task, co_units)
    task.save()
    task.co_units.set(co_units)
    after = state(task, (*TASK_FIELDS, "co_units"))
    record(
        actor=actor,
        action="key_task.create",
        obj=task,
        after=after,
        unit=task.lead_unit,
        jurisdiction=year.jurisdiction,
    )
    return task


@service
def task_update(
    *, actor, task: KeyTask, co_units: Iterable[Unit] | None = None, **changes
) -> KeyTask:
    """Change a task's fields and, when given, its exact co-units."""
    require_office(actor, task.year.jurisdiction_id)
    task = KeyTask.objects.select_for_update().select_related("year").get(pk=task.pk)
    _check_code(task.year_id, changes.get("code", task.code), task.pk)
    before, after = apply_changes(task, changes, TASK_FIELDS)
    co_units = list(co_units) if co_units is not None else None
    _check_task(task, co_units)
    if co_units is not None:
        old = sorted(task.co_units.values_list("pk", flat=True))
        new = sorted(u.pk for u in co_units)
        if old != new:
            before["co_units"], after["co_units"] = old, new
            task.co_units.set(co_units)
    if after:
        task.save()
        record(
            actor=actor,
            action="key_task.update",
            obj=task,
            before=before,
            after=after,
            unit=task.lead_unit,
            jurisdiction=task.year.jurisdiction,
        )
    return task


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


# --- coordination requests -----------------------------------------------------------------


@service
def request_raise(*, actor, task: KeyTask, question: str) -> CoordinationRequest:
    """Raise a problem needing the leader's coordination, outside a weekly report."""
    require_report(actor, task)
    if not question.strip():
        raise ValidationError({"question": _("Describe the problem.")})
    obj = CoordinationRequest.objects.create(
        task=task, question=question.strip(), raised_by=actor, raised_at=timezone.now()
    )
    record(
        actor=actor,
        action="coordination.raise",
        obj=obj,
        after={"task": task.pk, "question": obj.question},
        unit=task.lead_unit,
        jurisdiction=task.year.jurisdiction,
    )
    return obj


@service
def request_answer(*, actor, request: CoordinationRequest, answer: str) -> CoordinationRequest:
    """Answer (or re-answer) a request of a task in the actor's charge."""
    obj = _locked_request(request)
    before = {"status": obj.status, "answer": obj.answer}
    _move(actor, obj, "answer", "answer", _("This request is closed."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    obj.answer = answer.strip()
    obj.answered_by, obj.answered_at = actor, timezone.now()
    obj.save()
    record(
        actor=actor,
        action="coordination.answer",
        obj=obj,
        before=before,
        after={"status": obj.status, "answer": obj.answer},
        unit=obj.task.lead_unit,
        jurisdiction=obj.task.year.jurisdiction,
    )
    return obj


@service
def request_follow_up(
    *, actor, request: CoordinationRequest, follow_up: str
) -> CoordinationRequest:
    """Record what the lead unit did after the answer, and close the request."""
    obj = _locked_request(request)
    message = _("Only an answered request can be followed up.")
    _move(actor, obj, "follow_up", "follow_up", message)
    if not follow_up.strip():
        raise ValidationError({"follow_up": _("Describe the follow-up.")})
    obj.follow_up = follow_up.strip()
    obj.followed_up_at = timezone.now()
    obj.save()
    record(
        actor=actor,
        action="coordination.follow_up",
        obj=obj,
        before={"status": CoordinationRequest.Status.ANSWERED.value, "follow_up": ""},
        after={"status": obj.status, "follow_up": obj.follow_up},
        unit=obj.task.lead_unit,
        jurisdiction=obj.task.year.jurisdiction,
    )
    return obj


def _locked_request(request: CoordinationRequest) -> CoordinationRequest:
    requests = CoordinationRequest.objects.select_for_update(of=("self",))
    return requests.select_related("task", "task__year", "task__lead_unit").get(pk=request.pk)


def _move(actor, obj: CoordinationRequest, action: str, field: str, message: str) -> None:
    """Take the table's step; a state that does not allow it is an error on the form's field."""
    try:
        COORDINATION.move(actor, obj, action)
    except ValidationError as exc:
        raise ValidationError({field: message}) from exc
