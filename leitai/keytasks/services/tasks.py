"""Changes to the year's dispatch settings, task categories and key tasks (office)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.keytasks.models import (
    DispatchSettings,
    KeyTask,
    TaskCategory,
)
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
