"""Changes to the ledger's master data (office): projects, their plans, and the feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, Role, RoleGrant, Unit
from leitai.projects.models import Project, ProjectFeed, ProjectMonth, ProjectStage
from leitai.projects.schedule import STAGE_ORDER

PROJECT_FIELDS = (
    "code",
    "name",
    "unit",
    "leader",
    "task_force",
    "level",
    "kind",
    "location",
    "total_investment",
)
CENT = Decimal("0.01")


def _check_project(project: Project, co_units: Sequence[Unit] | None) -> None:
    jurisdiction_id = project.year.jurisdiction_id
    errors = {}
    if project.unit_id and project.unit.jurisdiction_id != jurisdiction_id:
        errors["unit"] = _("The unit belongs to another county.")
    if co_units is not None:
        if any(u.jurisdiction_id != jurisdiction_id for u in co_units):
            errors["co_units"] = _("A co-unit belongs to another county.")
        elif any(u.pk == project.unit_id for u in co_units):
            errors["co_units"] = _("The responsible unit cannot also be a co-unit.")
    if (
        project.leader_id
        and not RoleGrant.objects.filter(
            user_id=project.leader_id, role=Role.LEADER, jurisdiction_id=jurisdiction_id
        ).exists()
    ):
        errors["leader"] = _("This person is not a county leader here.")
    if errors:
        raise ValidationError(errors)


def _check_code(year_id: int, code, pk: int | None) -> None:
    """Name the field of a code clash (the model's full_clean would not)."""
    if Project.objects.filter(year_id=year_id, code=code).exclude(pk=pk).exists():
        raise ValidationError({"code": _("Another project has this code.")})


def _clean_plan(plan: Sequence | None) -> list[Decimal] | None:
    """Return the 12 monthly amounts as Decimals with 2 places, or raise naming the month."""
    if plan is None:
        return None
    if len(plan) != 12:
        raise ValidationError({"plan": _("Give the planned investment of all 12 months.")})
    amounts = []
    for month, amount in enumerate(plan, start=1):
        value = Decimal(str(amount or 0))
        if value < 0 or value != value.quantize(CENT):
            raise ValidationError(
                {
                    "plan": _(
                        "Month %(month)s: the planned investment must be a non-negative "
                        "amount with at most 2 decimals."
                    )
                    % {"month": month}
                }
            )
        amounts.append(value)
    return amounts


def _clean_dates(planned: Mapping[str, dt.date | None] | None) -> dict | None:
    if planned is None:
        return None
    unknown = set(planned) - set(STAGE_ORDER)
    if unknown:
        raise ValidationError({"planned": _("Unknown stage.")})
    return dict(planned)


def _write_plan(project: Project, plan, planned) -> dict:
    """Store the monthly plan and the stages' planned dates; return what changed."""
    changed = {}
    if plan is not None:
        months = {m.month: m for m in project.months.all()}
        for number, amount in enumerate(plan, start=1):
            month = months.get(number) or ProjectMonth(project=project, month=number)
            if month.pk is None or month.planned != amount:
                changed[f"plan_{number}"] = str(amount)
                month.planned = amount
                month.save()
    if planned is not None:
        stages = {s.stage: s for s in project.stages.all()}
        for code, order in STAGE_ORDER.items():
            stage = stages.get(code) or ProjectStage(project=project, stage=code, order=order)
            day = planned.get(code, stage.planned_on)
            if stage.pk is None or stage.planned_on != day:
                changed[f"planned_{code}"] = day.isoformat() if day else None
                stage.planned_on = day
                stage.save()
    return changed


@service
def project_create(
    *,
    actor,
    year: AssessmentYear,
    co_units: Iterable[Unit] = (),
    plan: Sequence | None = None,
    planned: Mapping | None = None,
    **fields,
) -> Project:
    """Add a project to the year's ledger with its 12 months' plan and its 7 stages."""
    require_office(actor, year.jurisdiction_id)
    project = Project(year=year)
    co_units = list(co_units)
    _check_code(year.pk, fields.get("code"), None)
    apply_changes(project, fields, PROJECT_FIELDS)
    _check_project(project, co_units)
    plan = _clean_plan(plan if plan is not None else [0] * 12)
    planned = _clean_dates(planned or {})
    project.save()
    project.co_units.set(co_units)
    after = state(project, (*PROJECT_FIELDS, "co_units"))
    after.update(_write_plan(project, plan, planned))
    record(
        actor=actor,
        action="project.create",
        obj=project,
        after=after,
        unit=project.unit,
        jurisdiction=year.jurisdiction,
    )
    return project


@service
def project_update(
    *,
    actor,
    project: Project,
    co_units: Iterable[Unit] | None = None,
    plan: Sequence | None = None,
    planned: Mapping | None = None,
    **changes,
) -> Project:
    """Change a project's master data and, when given, its co-units, plan and planned dates."""
    require_office(actor, project.year.jurisdiction_id)
    project = Project.objects.select_for_update().select_related("year").get(pk=project.pk)
    _check_code(project.year_id, changes.get("code", project.code), project.pk)
    before, after = apply_changes(project, changes, PROJECT_FIELDS)
    co_units = list(co_units) if co_units is not None else None
    _check_project(project, co_units)
    plan, planned = _clean_plan(plan), _clean_dates(planned)
    if co_units is not None:
        old = sorted(project.co_units.values_list("pk", flat=True))
        new = sorted(u.pk for u in co_units)
        if old != new:
            before["co_units"], after["co_units"] = old, new
            project.co_units.set(co_units)
    project.save()
    after.update(_write_plan(project, plan, planned))
    if after:
        record(
            actor=actor,
            action="project.update",
            obj=project,
            before=before,
            after=after,
            unit=project.unit,
            jurisdiction=project.year.jurisdiction,
        )
    return project


@service
def feeds_update(*, actor, year: AssessmentYear, choices: Mapping[str, str]) -> dict:
    """Set which indicator each ledger figure feeds (an empty code feeds none)."""
    require_office(actor, year.jurisdiction_id)
    unknown = set(choices) - set(ProjectFeed.Metric.values)
    if unknown:
        raise ValidationError({"metric": _("Unknown figure.")})
    stored = {f.metric: f for f in ProjectFeed.objects.select_for_update().filter(year=year)}
    before, after = {}, {}
    for metric, code in sorted(choices.items()):
        code = (code or "").strip()
        if len(code) > 32:
            raise ValidationError({metric: _("An indicator code has at most 32 characters.")})
        old = stored.get(metric)
        if (old.indicator_code if old else "") == code:
            continue
        before[metric], after[metric] = (old.indicator_code if old else ""), code
        if not code:
            old.delete()
        elif old:
            old.indicator_code = code
            old.save()
        else:
            ProjectFeed.objects.create(year=year, metric=metric, indicator_code=code)
    if after:
        record(
            actor=actor,
            action="project_feeds.update",
            obj=year,
            before=before,
            after=after,
            jurisdiction=year.jurisdiction,
        )
    return after
