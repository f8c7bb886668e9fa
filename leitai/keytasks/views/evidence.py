"""Milestone evidence files: sent only to people who may see the task (others get a 404), and
added to a milestone already done by the lead unit's reporter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.evidence import download_view
from leitai.keytasks import services
from leitai.keytasks.access import milestone_evidence_for_user, task_for_user
from leitai.keytasks.views.common import redirect_page
from leitai.org.access import get_or_404

evidence_download = download_view(
    milestone_evidence_for_user, doc="Send a milestone's evidence file to whoever may see the task."
)


@login_required
@require_POST
def evidence_add(request, task_id, milestone_id):
    """Add evidence files to a milestone already done (the lead unit's reporter)."""
    task = task_for_user(request.user, task_id)
    milestone = get_or_404(task.milestones.all(), milestone_id)
    url = reverse("tasks:task_detail", args=[task.pk])
    if milestone.done_on is None:
        messages.error(request, _("Mark the milestone done in the weekly report first."))
        return redirect_page(request, url)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose the files to add."))
        return redirect_page(request, url)
    try:
        services.milestone_complete(
            actor=request.user,
            milestone=milestone,
            done_on=milestone.done_on,
            evidence=milestone.evidence,
            files=files,
        )
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect_page(request, url)
    messages.success(request, _("Evidence files added."))
    return redirect_page(request, url)
