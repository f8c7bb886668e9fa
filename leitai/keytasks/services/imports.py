"""Import key tasks and milestones from a workbook into a year, all or nothing (office).

The workbook is read and compared by `leitai.keytasks.imports.read_tasks`; this service reads
it again inside its transaction, so what it saves is what the office previewed.
"""

from __future__ import annotations

from leitai.core.audit import record
from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.transactions import service
from leitai.keytasks.imports import UNCHANGED, TaskPlan, read_tasks
from leitai.keytasks.models import KeyTask, Milestone
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear


@service
def tasks_import_apply(
    *, actor, year: AssessmentYear, data: bytes, digest: str | None = None
) -> TaskPlan:
    """Import the workbook into the year, all or nothing, with one `key_task.import` audit row.

    The file is read and compared again here. Raises ImportRejected when it has problems and
    PlanChanged when `digest` is given and the plan is no longer the one previewed; writes
    nothing (and no audit row) when there is nothing to change. Returns the applied plan.
    """
    require_office(actor, year.jurisdiction_id)
    AssessmentYear.objects.select_for_update().get(pk=year.pk)  # one import of a year at a time
    plan = read_tasks(data, year)
    if plan.problems:
        raise ImportRejected(plan.problems)
    if digest is not None and plan.digest() != digest:
        raise PlanChanged(plan)
    if not plan.has_changes:
        return plan
    tasks = {t.code: t for t in KeyTask.objects.filter(year=year)}
    for planned in plan.tasks:
        if planned.action != UNCHANGED:
            tasks[planned.key] = _save_task(year, tasks.get(planned.key), planned.data)
    for planned in plan.milestones:
        if planned.action != UNCHANGED:
            row = dict(planned.data)
            task = tasks[row.pop("task")]
            Milestone.objects.update_or_create(task=task, order=row.pop("order"), defaults=row)
    record(
        actor=actor,
        action="key_task.import",
        obj=year,
        after=plan.summary(),
        jurisdiction=year.jurisdiction,
    )
    return plan


def _save_task(year: AssessmentYear, task: KeyTask | None, data: dict) -> KeyTask:
    task = task or KeyTask(year=year)
    for name, value in data.items():
        if name != "co_units":
            setattr(task, name, value)
    task.save()
    task.co_units.set(data["co_units"])
    return task
