"""Import the ledger from a workbook into a year, all or nothing (office).

The workbook is read and compared by `leitai.projects.imports.read_ledger`; this service reads
it again inside its transaction, so what it saves is what the office previewed.
"""

from __future__ import annotations

from leitai.core.audit import record
from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear
from leitai.projects.imports import UNCHANGED, LedgerPlan, read_ledger
from leitai.projects.models import Project, ProjectMonth, ProjectStage
from leitai.projects.schedule import STAGE_ORDER

FIELDS = ("name", "unit", "leader", "task_force", "level", "kind", "location", "total_investment")


@service
def ledger_import_apply(
    *, actor, year: AssessmentYear, data: bytes, digest: str | None = None
) -> LedgerPlan:
    """Import the workbook into the year, all or nothing, with one `project.import` audit row.

    Raises ImportRejected when the file has problems and PlanChanged when `digest` is given
    and the plan is no longer the one previewed; writes nothing when nothing changes.
    """
    require_office(actor, year.jurisdiction_id)
    AssessmentYear.objects.select_for_update().get(pk=year.pk)  # one import of a year at a time
    plan = read_ledger(data, year)
    if plan.problems:
        raise ImportRejected(plan.problems)
    if digest is not None and plan.digest() != digest:
        raise PlanChanged(plan)
    if not plan.has_changes:
        return plan
    existing = {p.code: p for p in Project.objects.filter(year=year)}
    for planned in plan.projects:
        if planned.action != UNCHANGED:
            _save(year, existing.get(planned.key), planned.key, planned.data)
    record(
        actor=actor,
        action="project.import",
        obj=year,
        after=plan.summary(),
        jurisdiction=year.jurisdiction,
    )
    return plan


def _save(year: AssessmentYear, project: Project | None, code: str, data: dict) -> None:
    project = project or Project(year=year, code=code)
    for name in FIELDS:
        setattr(project, name, data[name])
    project.save()
    project.co_units.set(data["co_units"])
    for stage, order in STAGE_ORDER.items():
        ProjectStage.objects.update_or_create(
            project=project,
            stage=stage,
            defaults={"order": order, "planned_on": data["planned"][stage]},
        )
    for month, amount in enumerate(data["plan"], start=1):
        ProjectMonth.objects.update_or_create(
            project=project, month=month, defaults={"planned": amount}
        )
