"""The ledger's reading pages: the project map (挂图作战), its XLSX, a project's page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from leitai.org.access import is_office_of
from leitai.projects.access import can_check, can_update, project_for_user
from leitai.projects.exports import map_workbook
from leitai.projects.models import ProjectStage
from leitai.projects.schedule import (
    COLOURS,
    GATED,
    STALLED_AFTER_DAYS,
    elapsed_share,
    gap_points,
    month_end,
)
from leitai.projects.selectors import project_row
from leitai.projects.transitions import STAGE
from leitai.projects.views.common import board, default_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def project_map(request):
    """Show every visible project as a row of stages, coloured, with the gap per unit."""
    b = board(request)
    context = {"b": b, "stages": ProjectStage.Stage.choices, "stalled_days": STALLED_AFTER_DAYS}
    return render(request, "projects/map.html", context)


@login_required
def project_map_xlsx(request):
    """Download the project map as filtered on the page."""
    b = board(request)
    response = HttpResponse(map_workbook(b), content_type=XLSX)
    name = f"project-map-{b.year.year}-{b.month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def project_detail(request, project_id):
    """Show a project: master data, stages with evidence and checks, months against 序时进度."""
    project = project_for_user(request.user, project_id)
    month = default_month(project.year)
    row = project_row(project, month_end(project.year.year, month))
    months, running, total = [], Decimal(0), row.planned_year
    for m in project.months.all():
        running += m.completed or 0
        rate = Decimal(100) * running / total if total else None
        gap = gap_points(rate, m.month) if rate is not None and m.completed is not None else None
        months.append({"m": m, "ytd": running, "rate": rate, "gap": gap})
    stages = [
        {
            "cell": cell,
            "gated": cell.stage.stage in GATED,
            "actions": STAGE.allowed(request.user, cell.stage),
            "files": list(cell.stage.evidence.all()),
        }
        for cell in row.cells
    ]
    context = {
        "project": project,
        "row": row,
        "stages": stages,
        "months": months,
        "elapsed": elapsed_share(month),
        "colour": COLOURS[row.colour],
        "may_update": can_update(request.user, project),
        "may_check": can_check(request.user, project),
        "may_edit": is_office_of(request.user, project.year.jurisdiction_id),
    }
    return render(request, "projects/detail.html", context)
