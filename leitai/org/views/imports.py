"""Excel import of units, groups and people: upload → preview → confirm (office only).

The uploaded file is kept under MEDIA_ROOT/imports/<random token>.xlsx between preview and
confirm, with the token in the session; on confirm the file is read and planned again, and the
plan's fingerprint must match the previewed one, so what is applied is what was shown.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.imports import XLSX, forget_upload, keep_upload, kept_upload
from leitai.org import imports
from leitai.org.views.common import office_jurisdiction

SESSION_KEY = "org_import_token"


@login_required
def import_upload(request):
    """Show the upload form, preview an uploaded workbook, or apply a previewed one."""
    jurisdiction = office_jurisdiction(request)
    if request.method != "POST":
        return render(request, "org/import.html", {"jurisdiction": jurisdiction})
    if "confirm" in request.POST or "cancel" in request.POST:
        return _confirm(request, jurisdiction)
    upload = request.FILES.get("file")
    if upload is None:
        return render(
            request,
            "org/import.html",
            {"jurisdiction": jurisdiction, "problems": [_("Choose a file to upload.")]},
        )
    limit = settings.LEITAI_MAX_IMPORT_BYTES
    data = upload.read(limit + 1)
    book, problems = imports.read_workbook(data, max_bytes=limit)
    plan = imports.plan_import(jurisdiction=jurisdiction, book=book)
    problems += plan.problems
    if problems:
        return render(
            request,
            "org/import.html",
            {"jurisdiction": jurisdiction, "problems": problems, "filename": upload.name},
        )
    token = keep_upload(data)
    request.session[SESSION_KEY] = token
    return _preview(request, jurisdiction, plan, token, upload.name)


@login_required
def import_template(request):
    """Download the import workbook filled with the jurisdiction's current organisation."""
    jurisdiction = office_jurisdiction(request)
    response = HttpResponse(imports.template_workbook(jurisdiction), content_type=XLSX)
    name = f"leitai-org-{jurisdiction.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _confirm(request, jurisdiction):
    token = request.POST.get("token", "")
    path = kept_upload(request, SESSION_KEY, token)
    if path is None:
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect("org:import")
    if "cancel" in request.POST:
        forget_upload(request, SESSION_KEY, path)
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect("org:import")
    book, problems = imports.read_workbook(path.read_bytes(), max_bytes=path.stat().st_size)
    plan = imports.plan_import(jurisdiction=jurisdiction, book=book)
    if problems or plan.problems:
        forget_upload(request, SESSION_KEY, path)
        return render(
            request,
            "org/import.html",
            {"jurisdiction": jurisdiction, "problems": problems + plan.problems},
        )
    if plan.digest() != request.POST.get("digest"):
        messages.warning(request, _("The data changed since the preview; please check again."))
        return _preview(request, jurisdiction, plan, token, request.POST.get("filename", ""))
    try:
        applied = imports.org_import_apply(actor=request.user, jurisdiction=jurisdiction, plan=plan)
    except imports.ImportRejected as exc:
        return render(
            request, "org/import.html", {"jurisdiction": jurisdiction, "problems": exc.problems}
        )
    forget_upload(request, SESSION_KEY, path)
    if applied.has_changes:
        messages.success(
            request,
            _("Import applied: %(created)s created, %(updated)s changed.") % _counts(applied),
        )
    else:
        messages.info(request, _("Nothing to change: the workbook matches the current data."))
    return redirect("org:import")


def _preview(request, jurisdiction, plan, token, filename):
    sections = [
        (_("Units"), plan.of("units")),
        (_("People"), plan.of("people")),
        (_("Groups"), plan.of("groups")),
        (_("Supervision groups"), plan.of("supervision_groups")),
    ]
    return render(
        request,
        "org/import_preview.html",
        {
            "jurisdiction": jurisdiction,
            "plan": plan,
            "token": token,
            "digest": plan.digest(),
            "filename": filename,
            "sections": [(title, rows) for title, rows in sections if rows],
            "counts": _counts(plan),
            "unchanged": sum(plan.unchanged.values()),
        },
    )


def _counts(plan) -> dict[str, int]:
    created = sum(1 for c in plan.changes if c.action == "create") + len(plan.new_years)
    return {"created": created, "updated": sum(1 for c in plan.changes if c.action == "update")}
