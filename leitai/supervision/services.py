"""Every change to supervision: one function, one transaction, one audit row each.

A problem's steps are checked against its state table (leitai/supervision/transitions.py), which
says who may take each step from which status; each step also writes a ProblemEvent, the story
on the problem's page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.evidence import removes_files_on_error, store
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, Jurisdiction, SupervisionAssignment, Unit
from leitai.supervision.access import may_record
from leitai.supervision.colours import deadline_for
from leitai.supervision.evidence import check_files
from leitai.supervision.models import (
    DeductionRule,
    Evidence,
    InspectionRound,
    Problem,
    ProblemCategory,
    ProblemEvent,
    Visit,
    VisitFinding,
)
from leitai.supervision.transitions import PROBLEM

K = ProblemEvent.Kind

CATEGORY_FIELDS = ("code", "name", "order", "active", "for_problems")
RULE_FIELDS = (
    "arena_code",
    "general_points",
    "serious_points",
    "overdue_points",
    "reopened_points",
    "general_days",
    "serious_days",
    "plan_days",
    "alert_days",
    "working_days",
)
ROUND_FIELDS = ("name", "starts_on", "ends_on")
VISIT_FIELDS = ("visited_on", "summary")
PROBLEM_FIELDS = (
    "status",
    "measures",
    "responsible",
    "target_date",
    "plan_submitted_on",
    "last_progress_on",
    "signed_off_on",
    "reopen_count",
)


def today() -> dt.date:
    """Return the local date of a change (tests replace this)."""
    return timezone.localdate()


def rule_for(year: AssessmentYear) -> DeductionRule:
    """Return the year's rule, or an unsaved one with the defaults."""
    return DeductionRule.objects.filter(year=year).first() or DeductionRule(year=year)


# --- configuration (office) ---------------------------------------------------------------


@service
def category_create(*, actor, jurisdiction: Jurisdiction, **fields) -> ProblemCategory:
    """Add a checklist category to the office's list."""
    require_office(actor, jurisdiction.pk)
    category = ProblemCategory(jurisdiction=jurisdiction)
    apply_changes(category, fields, CATEGORY_FIELDS)
    category.save()
    after = state(category, CATEGORY_FIELDS)
    record(
        actor=actor,
        action="problem_category.create",
        obj=category,
        after=after,
        jurisdiction=jurisdiction,
    )
    return category


@service
def category_update(*, actor, category: ProblemCategory, **changes) -> ProblemCategory:
    """Rename, reorder or deactivate a checklist category."""
    require_office(actor, category.jurisdiction_id)
    category = ProblemCategory.objects.select_for_update().get(pk=category.pk)
    before, after = apply_changes(category, changes, CATEGORY_FIELDS)
    if after:
        category.save()
        record(
            actor=actor,
            action="problem_category.update",
            obj=category,
            before=before,
            after=after,
            jurisdiction=category.jurisdiction,
        )
    return category


@service
def deduction_rule_save(*, actor, year: AssessmentYear, **changes) -> DeductionRule:
    """Set the year's limits, alert window, deduction points and arena."""
    require_office(actor, year.jurisdiction_id)
    rule = DeductionRule.objects.select_for_update().filter(year=year).first()
    created = rule is None
    rule = rule or DeductionRule(year=year)
    before, after = apply_changes(rule, changes, RULE_FIELDS)
    if created:
        before, after = None, state(rule, RULE_FIELDS)
    if after:
        rule.save()
        record(
            actor=actor,
            action="deduction_rule.save",
            obj=rule,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return rule


# --- rounds and visits --------------------------------------------------------------------


@service
def round_create(*, actor, year: AssessmentYear, **fields) -> InspectionRound:
    """Open an inspection round in a year."""
    require_office(actor, year.jurisdiction_id)
    obj = InspectionRound(year=year)
    apply_changes(obj, fields, ROUND_FIELDS)
    _check_round_dates(obj)
    obj.save()
    after = state(obj, ROUND_FIELDS)
    record(actor=actor, action="round.create", obj=obj, after=after, jurisdiction=year.jurisdiction)
    return obj


@service
def round_update(*, actor, round: InspectionRound, **changes) -> InspectionRound:
    """Rename a round or move its dates."""
    require_office(actor, round.year.jurisdiction_id)
    obj = InspectionRound.objects.select_for_update().select_related("year").get(pk=round.pk)
    before, after = apply_changes(obj, changes, ROUND_FIELDS)
    _check_round_dates(obj)
    if after:
        obj.save()
        record(
            actor=actor,
            action="round.update",
            obj=obj,
            before=before,
            after=after,
            jurisdiction=obj.year.jurisdiction,
        )
    return obj


def _check_round_dates(obj: InspectionRound) -> None:
    if obj.ends_on < obj.starts_on:
        raise ValidationError({"ends_on": _("The round cannot end before it starts.")})
    if obj.starts_on.year != obj.year.year:
        raise ValidationError({"starts_on": _("The round must start in its year.")})


@service
def visit_record(
    *,
    actor,
    round: InspectionRound,
    unit: Unit,
    visited_on: dt.date,
    summary: str = "",
    findings: Mapping[int, str] | None = None,
) -> Visit:
    """Record a supervision group's visit to a unit, with findings by checklist category."""
    year = round.year
    _require_supervisor_or_office(actor, year, unit)
    assignment = (
        SupervisionAssignment.objects.filter(year=year, unit=unit)
        .select_related("supervision_group")
        .first()
    )
    if assignment is None:
        raise ValidationError({"unit": _("No supervision group covers this unit this year.")})
    if Visit.objects.filter(round=round, unit=unit).exists():
        raise ValidationError({"unit": _("This unit already has a visit in this round.")})
    visit = Visit(round=round, unit=unit, supervision_group=assignment.supervision_group)
    visit.recorded_by = actor
    apply_changes(visit, {"visited_on": visited_on, "summary": summary}, VISIT_FIELDS)
    _check_visit_date(visit)
    visit.save()
    after = state(visit, ("round", "unit", "supervision_group", *VISIT_FIELDS))
    after["findings"] = _set_findings(visit, findings or {})
    record(
        actor=actor,
        action="visit.record",
        obj=visit,
        after=after,
        unit=unit,
        jurisdiction=year.jurisdiction,
    )
    return visit


@service
def visit_update(
    *, actor, visit: Visit, findings: Mapping[int, str] | None = None, **changes
) -> Visit:
    """Correct a visit's date, summary or findings."""
    visit = Visit.objects.select_for_update().select_related("round__year", "unit").get(pk=visit.pk)
    _require_supervisor_or_office(actor, visit.round.year, visit.unit)
    before, after = apply_changes(visit, changes, VISIT_FIELDS)
    _check_visit_date(visit)
    if findings is not None:
        old = _findings_state(visit)
        new = _set_findings(visit, findings)
        if old != new:
            before["findings"], after["findings"] = old, new
    if after:
        visit.save()
        record(
            actor=actor,
            action="visit.update",
            obj=visit,
            before=before,
            after=after,
            unit=visit.unit,
            jurisdiction=visit.round.year.jurisdiction,
        )
    return visit


def _check_visit_date(visit: Visit) -> None:
    if not visit.round.starts_on <= visit.visited_on <= visit.round.ends_on:
        raise ValidationError({"visited_on": _("The visit must fall within the round's dates.")})


def _findings_state(visit: Visit) -> dict[str, str]:
    return {str(f.category_id): f.text for f in visit.findings.all()}


def _set_findings(visit: Visit, findings: Mapping[int, str]) -> dict[str, str]:
    wanted = {int(k): v.strip() for k, v in findings.items() if v and v.strip()}
    allowed = set(
        ProblemCategory.objects.filter(
            jurisdiction_id=visit.round.year.jurisdiction_id, pk__in=wanted
        ).values_list("pk", flat=True)
    )
    if set(wanted) - allowed:
        raise ValidationError({"findings": _("Unknown checklist category.")})
    if {f.category_id: f.text for f in visit.findings.all()} == wanted:
        return {str(k): v for k, v in sorted(wanted.items())}  # unchanged: keep the rows
    visit.findings.all().delete()
    VisitFinding.objects.bulk_create(
        VisitFinding(visit=visit, category_id=k, text=v) for k, v in wanted.items()
    )
    return {str(k): v for k, v in sorted(wanted.items())}


def _require_supervisor_or_office(actor, year: AssessmentYear, unit: Unit) -> None:
    if not may_record(actor, year, unit.pk):
        raise PermissionDenied("supervisor of the unit's group required")


# --- problems -----------------------------------------------------------------------------


@removes_files_on_error
@service
def problem_raise(
    *,
    actor,
    year: AssessmentYear,
    unit: Unit,
    category: ProblemCategory,
    severity: str,
    description: str,
    found_on: dt.date,
    source: str = Problem.Source.VISIT,
    visit: Visit | None = None,
    files: Iterable = (),
) -> Problem:
    """Put a problem on the list: from a visit (its supervisors), or from elsewhere (office)."""
    if source == Problem.Source.VISIT:
        if visit is None:
            raise ValidationError({"visit": _("A problem from a visit needs the visit.")})
        if visit.unit_id != unit.pk or visit.round.year_id != year.pk:
            raise ValidationError({"visit": _("The visit is not of this unit and year.")})
        _require_supervisor_or_office(actor, year, unit)
    else:
        require_office(actor, year.jurisdiction_id)
        visit = None
    if (
        unit.jurisdiction_id != year.jurisdiction_id
        or category.jurisdiction_id != unit.jurisdiction_id
    ):
        raise ValidationError({"unit": _("The unit is not of this jurisdiction.")})
    if not category.for_problems:
        raise ValidationError(
            {"category": _("%(name)s records no problems.") % {"name": category.name}}
        )
    files = check_files(files)
    rule = rule_for(year)
    problem = Problem(
        year=year,
        unit=unit,
        visit=visit,
        round=visit.round if visit else None,
        source=source,
        category=category,
        severity=severity,
        description=(description or "").strip(),
        found_on=found_on,
        found_by=actor,
        deadline=deadline_for(rule, found_on, severity) if found_on else None,
    )
    problem.full_clean()
    problem.save()
    _event(problem, actor, ProblemEvent.Kind.RAISED, problem.description, files, on=found_on)
    fields = ("unit", "round", "visit", "source", "category", "severity", "description")
    after = state(problem, (*fields, "found_on", "deadline", "status"))
    _audit(actor, "problem.raise", problem, None, after)
    return problem


@service
def problem_withdraw(*, actor, problem: Problem, reason: str, on: dt.date | None = None) -> Problem:
    """Take a problem raised in error off the list (office); it then costs nothing."""
    problem = _lock(problem)
    moves = _step(problem, actor, "withdraw")
    _require_text(reason, "reason")
    day = _step_date(problem, on)
    return _move(problem, actor, "problem.withdraw", K.WITHDRAWN, reason, on=day, **moves)


# --- rectification (the unit) -------------------------------------------------------------


@service
def rectification_plan_draft(
    *, actor, problem: Problem, measures: str, responsible: str, target_date: dt.date | None
) -> Problem:
    """Save the unit's draft plan (reporter or unit leader); the unit leader submits it."""
    problem = _lock(problem)
    _step(problem, actor, "plan_draft")
    _check_target(problem, target_date)
    return _move(
        problem,
        actor,
        "rectification.plan_draft",
        K.PLAN_DRAFTED,
        measures,
        measures=(measures or "").strip(),
        responsible=(responsible or "").strip(),
        target_date=target_date,
    )


@service
def rectification_plan_submit(
    *,
    actor,
    problem: Problem,
    measures: str,
    responsible: str,
    target_date: dt.date | None,
    on: dt.date | None = None,
) -> Problem:
    """Submit the plan: measures, responsible person, target date within the deadline."""
    problem = _lock(problem)
    moves = _step(problem, actor, "plan_submit")
    _require_text(measures, "measures")
    _require_text(responsible, "responsible")
    if target_date is None:
        raise ValidationError({"target_date": _("Give the target date.")})
    _check_target(problem, target_date)
    day = _step_date(problem, on)
    return _move(
        problem,
        actor,
        "rectification.plan_submit",
        K.PLAN_SUBMITTED,
        measures,
        on=day,
        **moves,
        measures=measures.strip(),
        responsible=responsible.strip(),
        target_date=target_date,
        plan_submitted_on=day,
    )


@removes_files_on_error
@service
def rectification_progress(
    *, actor, problem: Problem, text: str, files: Iterable = (), on: dt.date | None = None
) -> Problem:
    """Report progress (reporter or unit leader), optionally with evidence."""
    problem = _lock(problem)
    _step(problem, actor, "progress")
    _require_text(text, "text")
    day = _step_date(problem, on)
    files = check_files(files)
    return _move(
        problem, actor, "rectification.progress", K.PROGRESS, text, files, day, last_progress_on=day
    )


@removes_files_on_error
@service
def rectification_complete(
    *, actor, problem: Problem, text: str, files: Iterable, on: dt.date | None = None
) -> Problem:
    """Submit completion with evidence (unit leader); the supervisor then verifies."""
    problem = _lock(problem)
    moves = _step(problem, actor, "complete")
    _require_text(text, "text")
    day = _step_date(problem, on)
    files = check_files(files)
    if not files:
        raise ValidationError({"files": _("Attach the evidence of the rectification.")})
    return _move(problem, actor, "rectification.complete", K.COMPLETED, text, files, day, **moves)


# --- verification (supervisor or office) --------------------------------------------------


@service
def problem_sign_off(
    *, actor, problem: Problem, text: str = "", on: dt.date | None = None
) -> Problem:
    """Sign the rectification off (销号) on `on` (default today; see `_step_date`)."""
    problem = _lock(problem)
    moves = _step(problem, actor, "sign_off")
    day = _step_date(problem, on)
    return _move(
        problem, actor, "problem.sign_off", K.SIGNED_OFF, text, on=day, **moves, signed_off_on=day
    )


@service
def problem_send_back(
    *, actor, problem: Problem, reason: str, on: dt.date | None = None
) -> Problem:
    """Send the rectification back with a reason; the unit must submit it again."""
    problem = _lock(problem)
    moves = _step(problem, actor, "send_back")
    _require_text(reason, "reason")
    day = _step_date(problem, on)
    count = problem.reopen_count + 1
    return _move(
        problem,
        actor,
        "problem.send_back",
        K.SENT_BACK,
        reason,
        on=day,
        **moves,
        reopen_count=count,
    )


# --- helpers ------------------------------------------------------------------------------


def _lock(problem: Problem) -> Problem:
    return (
        Problem.objects.select_for_update()
        .select_related("year__jurisdiction", "unit")
        .get(pk=problem.pk)
    )


def _step(problem: Problem, actor, action: str) -> dict[str, str]:
    """Check the step in the state table; return the status change it makes (if any)."""
    step = PROBLEM.check(actor, problem, action)
    return {} if step.target is None else {"status": step.target}


def _require_text(value: str, field: str) -> None:
    if not (value or "").strip():
        raise ValidationError({field: _("This field is required.")})


def _check_target(problem: Problem, target_date: dt.date | None) -> None:
    if target_date is not None and not problem.found_on <= target_date <= problem.deadline:
        raise ValidationError(
            {
                "target_date": _("The target date must be on or before the deadline %(date)s.")
                % {"date": problem.deadline.isoformat()}
            }
        )


def _step_date(problem: Problem, on: dt.date | None) -> dt.date:
    """Return the day a step happened: today unless given, never in the future, never before
    the problem's previous step (the latest dated event other than a draft plan, or the day
    the problem was found)."""
    day = today() if on is None else on
    if day > today():
        raise ValidationError(
            {"on": _("The date %(date)s is in the future.") % {"date": day.isoformat()}}
        )
    steps = problem.events.exclude(kind=ProblemEvent.Kind.PLAN_DRAFTED)
    previous = max(steps.aggregate(last=Max("on"))["last"] or problem.found_on, problem.found_on)
    if day < previous:
        message = _("The date %(date)s is before the problem's previous step (%(previous)s).")
        raise ValidationError(
            {"on": message % {"date": day.isoformat(), "previous": previous.isoformat()}}
        )
    return day


def _move(problem, actor, action, kind, text, files=(), on=None, **changes) -> Problem:
    before, after = apply_changes(problem, changes, PROBLEM_FIELDS)
    problem.save()
    event = _event(problem, actor, kind, text, files, on=on)
    if on is not None:
        after["on"] = on.isoformat()
    if event.evidence_ids:
        after["evidence"] = event.evidence_ids
    if text and text.strip():
        after["text"] = text.strip()
    _audit(actor, action, problem, before, after)
    return problem


def _event(problem, actor, kind, text, files, on=None) -> ProblemEvent:
    name = (actor.get_full_name() or actor.get_username())[:150]
    event = ProblemEvent.objects.create(
        problem=problem,
        kind=kind,
        actor=actor,
        actor_name=name,
        on=on or today(),
        text=(text or "").strip(),
    )
    event.evidence_ids = []
    for checked in files:
        evidence = Evidence(
            problem=problem,
            event=event,
            original_name=checked.name,
            size=checked.size,
            uploaded_by=actor,
        )
        store(evidence.file, checked)
        evidence.save()
        event.evidence_ids.append(evidence.pk)
    return event


def _audit(actor, action, problem, before, after) -> None:
    record(
        actor=actor,
        action=action,
        obj=problem,
        before=before,
        after=after,
        unit=problem.unit,
        jurisdiction=problem.year.jurisdiction,
    )
