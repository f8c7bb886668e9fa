"""Excel round trip of values: download a pre-filled template, upload → preview → import.

Between preview and import the upload waits under MEDIA_ROOT/imports/ with a random token in
the session (as the organisation import does); the import re-reads and re-plans the file and
applies it only if the plan's fingerprint matches the one previewed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.assessment.collection import access, exports
from leitai.assessment.collection.services import excel_values
from leitai.core.imports import XLSX, keep_upload, upload_path

SESSION_KEY = "values_import_token"


def _period(request, period_id):
    if not (access.is_office(request.user) or access.unit_roles(request.user).members):
        raise Http404("not found")
    return access.period_for_collection(request.user, period_id)


@login_required
def template(request, period_id):
    """Download the period's template: one unit's rows (?unit=) or all the person may enter."""
    period = _period(request, period_id)
    unit = None
    if request.GET.get("unit"):
        unit = access.submission_unit_for_user(request.user, period, request.GET["unit"])
    title = f"{period.code} " + _("data") + (f" — {unit.name}" if unit else "")
    data = exports.template_workbook(request.user, period, unit, title)
    response = HttpResponse(data, content_type=XLSX)
    name = f"leitai-{period.code}" + (f"-{unit.code}" if unit else "") + ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def upload(request, period_id):
    """Show the upload form, preview an uploaded workbook, or import a previewed one."""
    period = _period(request, period_id)
    context = {"period": period, "locked": access.period_is_locked(period)}
    if request.method != "POST":
        return render(request, "assessment/upload.html", context)
    if "confirm" in request.POST or "cancel" in request.POST:
        return _confirm(request, period, context)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return render(
            request,
            "assessment/upload.html",
            {**context, "problems": [_("Choose a file to upload.")]},
        )
    limit = _limit()
    data = upload_file.read(limit + 1)
    if len(data) > limit:
        return render(
            request,
            "assessment/upload.html",
            {**context, "problems": [_("The file is too large.")]},
        )
    plan = excel_values.plan_upload(user=request.user, period=period, data=data)
    if plan.problems:
        return render(
            request,
            "assessment/upload.html",
            {**context, "problems": plan.problems, "filename": upload_file.name},
            status=400,
        )
    token = keep_upload(data)
    request.session[SESSION_KEY] = token
    return _preview(request, context, plan, token, upload_file.name)


def _limit() -> int:
    from django.conf import settings

    return settings.LEITAI_MAX_IMPORT_BYTES


def _preview(request, context, plan, token, filename):
    return render(
        request,
        "assessment/upload_preview.html",
        {**context, "plan": plan, "token": token, "digest": plan.digest(), "filename": filename},
    )


def _confirm(request, period, context):
    token = request.POST.get("token", "")
    path = upload_path(token)
    if not token or token != request.session.get(SESSION_KEY) or not path.exists():
        messages.error(request, _("The uploaded file has expired; please upload it again."))
        return redirect("assessment:excel_upload", period_id=period.pk)
    if "cancel" in request.POST:
        _forget(request, path)
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect("assessment:excel_upload", period_id=period.pk)
    plan = excel_values.plan_upload(user=request.user, period=period, data=path.read_bytes())
    if plan.problems:
        _forget(request, path)
        return render(request, "assessment/upload.html", {**context, "problems": plan.problems})
    if plan.digest() != request.POST.get("digest"):
        messages.warning(request, _("The data changed since the preview; please check again."))
        return _preview(request, context, plan, token, request.POST.get("filename", ""))
    try:
        count = excel_values.values_import(actor=request.user, period=period, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessment:excel_upload", period_id=period.pk)
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    _forget(request, path)
    if count:
        messages.success(request, _("%(count)s values imported.") % {"count": count})
    else:
        messages.info(request, _("Nothing to change: the workbook matches the current data."))
    return redirect("assessment:excel_upload", period_id=period.pk)


def _forget(request, path) -> None:
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
