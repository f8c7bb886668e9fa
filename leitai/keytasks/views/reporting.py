"""The lead unit's weekly report and the coordination requests (raise, answer, follow up)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.forms import add_service_errors
from leitai.keytasks import services
from leitai.keytasks.access import (
    can_report,
    request_for_user,
    task_for_user,
    visible_requests,
)
from leitai.keytasks.forms import AnswerForm, FollowUpForm, ReportForm
from leitai.keytasks.selectors import default_as_of, settings_for
from leitai.keytasks.transitions import COORDINATION
from leitai.keytasks.views.common import redirect_page, require_task_role


@login_required
def report(request, task_id):
    """File the week's report: progress, what was done, the plan, milestones done, a problem.

    Milestones marked done may carry evidence files; the page sends the form with htmx so it
    can show the upload's progress, and works as a plain form without JavaScript.
    """
    task = task_for_user(request.user, task_id)
    if not can_report(request.user, task):
        raise Http404("not found")
    open_milestones = task.milestones.filter(done_on__isnull=True).order_by("due_date", "order")
    week = default_as_of(task.year, settings_for(task.year))
    last = task.reports.order_by("-week_start").first()
    initial = {"week": week, "progress": last.progress if last else 0}
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        milestones=open_milestones,
        initial=initial,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(
                actor=request.user,
                task=task,
                week=data["week"],
                progress=data["progress"],
                done_this_week=data["done_this_week"],
                plan_next_week=data["plan_next_week"],
                milestones_done=form.milestones_done(),
                problem=data["problem"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Weekly report filed."))
            return redirect_page(request, reverse("tasks:task_detail", args=[task.pk]))
    return render(request, "tasks/report.html", {"task": task, "form": form})


@login_required
def request_list(request):
    """List coordination requests; a leader's own open requests come first."""
    require_task_role(request)
    status = request.GET.get("status", "")
    requests = visible_requests(request.user).select_related(
        "task", "task__lead_unit", "task__leader", "raised_by"
    )
    if status:
        requests = requests.filter(status=status)
    mine = Case(
        When(task__leader=request.user, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    order = Case(When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField())
    requests = requests.annotate(mine=mine, open_first=order).order_by(
        "mine", "open_first", "-raised_at"
    )
    return render(
        request,
        "tasks/request_list.html",
        {"requests": requests[:300], "status": status, "me": request.user.pk},
    )


@login_required
@require_POST
def request_answer(request, request_id):
    """Answer a request of a task in the leader's charge."""
    obj = request_for_user(request.user, request_id)
    if not COORDINATION.step("answer").who(request.user, obj):
        raise Http404("not found")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user, request=obj, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("tasks:task_detail", obj.task_id)


@login_required
@require_POST
def request_follow_up(request, request_id):
    """Record the lead unit's follow-up to an answer; this closes the request."""
    obj = request_for_user(request.user, request_id)
    if not COORDINATION.step("follow_up").who(request.user, obj):
        raise Http404("not found")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.request_follow_up(
                actor=request.user, request=obj, follow_up=form.cleaned_data["follow_up"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Follow-up recorded."))
    else:
        messages.error(request, _("Describe the follow-up."))
    return redirect("tasks:task_detail", obj.task_id)
