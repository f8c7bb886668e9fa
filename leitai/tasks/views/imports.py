"""Import and export of tasks and milestones by Excel (office)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.org.imports import ImportRejected, Problem
from leitai.tasks.imports import tasks_import_apply, tasks_workbook
from leitai.tasks.views.edit import _office_year
from leitai.tasks.views.exports import XLSX


@login_required
def import_upload(request):
    """Upload a workbook of tasks and milestones; save all of it or nothing."""
    year = _office_year(request)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        limit = settings.LEITAI_MAX_IMPORT_BYTES
        data = upload.read(limit + 1) if upload else b""
        if upload is None:
            problems = [Problem(_("Choose a file to upload."))]
        elif len(data) > limit:
            problems = [Problem(_("The file is too large."))]
        else:
            try:
                counts = tasks_import_apply(actor=request.user, year=year, data=data)
            except ImportRejected as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _(
                        "Imported: %(tasks_created)s tasks created, %(tasks_updated)s updated, "
                        "%(milestones)s milestones."
                    )
                    % counts,
                )
                return redirect("tasks:task_list")
    return render(request, "tasks/import.html", {"year": year, "problems": problems})


@login_required
def export_workbook(request):
    """Download the year's tasks and milestones in the import layout (office)."""
    year = _office_year(request)
    response = HttpResponse(tasks_workbook(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="key-tasks-{year.year}.xlsx"'
    return response
