"""Import and export of tasks and milestones by Excel (office): upload → preview → confirm.

As in the organisation import, the uploaded file is kept under MEDIA_ROOT/imports/<random
token>.xlsx between preview and confirm, with the token in the session; on confirm the service
reads the file again and applies it only if its plan's fingerprint is the previewed one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from leitai.core.imports import (
    ImportRejected,
    PlanChanged,
    Problem,
    forget_upload,
    keep_upload,
    kept_upload,
)
from leitai.keytasks.access import office_year
from leitai.keytasks.imports import read_tasks, tasks_workbook
from leitai.keytasks.services import tasks_import_apply
from leitai.keytasks.views.exports import XLSX

SESSION_KEY = "tasks_import_token"


@login_required
def import_upload(request):
    """Show the upload form, preview an uploaded workbook, or apply a previewed one."""
    year = office_year(request.user, request.GET.get("year"))
    if request.method != "POST":
        return _form(request, year)
    if "confirm" in request.POST or "cancel" in request.POST:
        return _confirm(request, year)
    upload = request.FILES.get("file")
    if upload is None:
        return _form(request, year, [Problem(N_("Choose a file to upload."))])
    data = upload.read(settings.LEITAI_MAX_IMPORT_BYTES + 1)
    plan = read_tasks(data, year)
    if plan.problems:
        return _form(request, year, plan.problems, upload.name)
    token = keep_upload(data)
    request.session[SESSION_KEY] = token
    return _preview(request, year, plan, token, upload.name)


@login_required
def export_workbook(request):
    """Download the year's tasks and milestones in the import layout (office)."""
    year = office_year(request.user, request.GET.get("year"))
    response = HttpResponse(tasks_workbook(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="key-tasks-{year.year}.xlsx"'
    return response


def _confirm(request, year):
    token = request.POST.get("token", "")
    path = kept_upload(request, SESSION_KEY, token)
    if path is None:
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect(_here(request))
    if "cancel" in request.POST:
        forget_upload(request, SESSION_KEY, path)
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect(_here(request))
    filename = request.POST.get("filename", "")
    try:
        plan = tasks_import_apply(
            actor=request.user,
            year=year,
            data=path.read_bytes(),
            digest=request.POST.get("digest", ""),
        )
    except PlanChanged as exc:
        messages.warning(request, _("The data changed since the preview; please check again."))
        return _preview(request, year, exc.plan, token, filename)
    except ImportRejected as exc:
        forget_upload(request, SESSION_KEY, path)
        return _form(request, year, exc.problems, filename)
    forget_upload(request, SESSION_KEY, path)
    if not plan.has_changes:
        messages.info(request, _("Nothing to change: the workbook matches the current data."))
        return redirect(_here(request))
    messages.success(
        request,
        _(
            "Imported: %(create)s tasks created, %(update)s changed; "
            "%(milestones_new)s milestones added, %(milestones_changed)s changed."
        )
        % plan.counts(),
    )
    return redirect("tasks:task_list")


def _here(request) -> str:
    """Return the import page's address, keeping the year chosen with ?year=."""
    url = reverse("tasks:import")
    return f"{url}?year={request.GET['year']}" if request.GET.get("year", "").isdigit() else url


def _form(request, year, problems=(), filename=""):
    context = {"year": year, "problems": problems, "filename": filename}
    return render(request, "tasks/import.html", context)


def _preview(request, year, plan, token, filename):
    context = {
        "year": year,
        "plan": plan,
        "counts": plan.counts(),
        "token": token,
        "digest": plan.digest(),
        "filename": filename,
    }
    return render(request, "tasks/import_preview.html", context)
