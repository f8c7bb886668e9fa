"""Import and export of the whole ledger by Excel (office): upload → preview → confirm.

The uploaded file is kept under MEDIA_ROOT/imports/<random token>.xlsx between preview and
confirm, with the token in the session; on confirm the service reads the file again and applies
it only if its plan's fingerprint is the previewed one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
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
from leitai.projects.access import office_year
from leitai.projects.imports import ledger_workbook, read_ledger
from leitai.projects.services import ledger_import_apply
from leitai.projects.views.pages import XLSX

SESSION_KEY = "projects_import_token"


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
    plan = read_ledger(data, year)
    if plan.problems:
        return _form(request, year, plan.problems, upload.name)
    token = keep_upload(data)
    request.session[SESSION_KEY] = token
    return _preview(request, year, plan, token, upload.name)


@login_required
def export_workbook(request):
    """Download the year's ledger in the import layout (office)."""
    year = office_year(request.user, request.GET.get("year"))
    response = HttpResponse(ledger_workbook(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="projects-{year.year}.xlsx"'
    return response


def _confirm(request, year):
    token = request.POST.get("token", "")
    path = kept_upload(request, SESSION_KEY, token)
    if path is None:
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect("projects:import")
    if "cancel" in request.POST:
        forget_upload(request, SESSION_KEY, path)
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect("projects:import")
    filename = request.POST.get("filename", "")
    try:
        plan = ledger_import_apply(
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
        return redirect("projects:import")
    messages.success(
        request,
        _("Imported: %(create)s projects created, %(update)s changed.") % plan.counts(),
    )
    return redirect("projects:project_map")


def _form(request, year, problems=(), filename=""):
    context = {"year": year, "problems": problems, "filename": filename}
    return render(request, "projects/import.html", context)


def _preview(request, year, plan, token, filename):
    context = {
        "year": year,
        "plan": plan,
        "counts": plan.counts(),
        "token": token,
        "digest": plan.digest(),
        "filename": filename,
    }
    return render(request, "projects/import_preview.html", context)
