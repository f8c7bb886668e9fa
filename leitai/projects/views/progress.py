"""The unit's updates (monthly figures on a phone, stage dates and evidence) and the checks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.evidence import download_view
from leitai.core.forms import add_service_errors
from leitai.projects import services
from leitai.projects.access import (
    can_update,
    month_photo_for_user,
    project_for_user,
    stage_evidence_for_user,
    stage_for_user,
)
from leitai.projects.forms import CheckForm, MonthForm, StageReportForm
from leitai.projects.schedule import GATED
from leitai.projects.transitions import STAGE
from leitai.projects.views.common import default_month

evidence_download = download_view(
    stage_evidence_for_user, doc="Send a stage's evidence file to whoever may see the project."
)
photo_download = download_view(
    month_photo_for_user, doc="Send a monthly update's photo to whoever may see the project."
)


def _updatable(request, project_id):
    project = project_for_user(request.user, project_id)
    if not can_update(request.user, project):
        raise Http404("not found")
    return project


@login_required
def month_update(request, project_id):
    """The monthly update on a phone: investment, workers, problems, dated photos."""
    project = _updatable(request, project_id)
    month = int(request.GET.get("month") or 0) if (request.GET.get("month") or "").isdigit() else 0
    month = month if 1 <= month <= 12 else default_month(project.year)
    row = project.months.filter(month=month).first()
    initial = {"month": month}
    if row and row.completed is not None:
        initial |= {"completed": row.completed, "workers": row.workers, "problems": row.problems}
    form = MonthForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.month_update(actor=request.user, project=project, **data)
        except PermissionDenied as exc:
            raise Http404("not found") from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Monthly update saved."))
            return redirect("projects:project_detail", project.pk)
    return render(request, "projects/month.html", {"form": form, "project": project})


@login_required
def stage_report(request, project_id, stage_id):
    """Report a stage reached, with its evidence (the responsible unit)."""
    project = _updatable(request, project_id)
    stage = stage_for_user(request.user, project, stage_id)
    if not STAGE.allowed(request.user, stage) & {"complete", "claim"}:
        raise Http404("not found")
    form = StageReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_report(
                actor=request.user,
                stage=stage,
                actual_on=form.cleaned_data["actual_on"],
                evidence=form.evidence(),
                taken_on=form.cleaned_data["taken_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Stage reported."))
            return redirect("projects:project_detail", project.pk)
    context = {"form": form, "project": project, "stage": stage, "needed": GATED.get(stage.stage)}
    return render(request, "projects/stage.html", context)


SERVICES = {
    "verify": services.stage_verify,
    "send_back": services.stage_send_back,
    "reopen": services.stage_reopen,
}


@login_required
@require_POST
def stage_check(request, project_id, stage_id):
    """Verify, send back or reopen a stage (the office or the statistics bureau)."""
    project = project_for_user(request.user, project_id)
    stage = stage_for_user(request.user, project, stage_id)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the stage."))
        return redirect("projects:project_detail", project.pk)
    action = form.cleaned_data["action"]
    try:
        SERVICES[action](actor=request.user, stage=stage, comment=form.cleaned_data["comment"])
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Stage checked."))
    return redirect("projects:project_detail", project.pk)
