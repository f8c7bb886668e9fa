"""The office's pages: create and edit tasks and milestones, the dispatch settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.keytasks import services
from leitai.keytasks.access import office_year, task_for_user
from leitai.keytasks.forms import CategoryForm, MilestoneForm, SettingsForm, TaskForm
from leitai.keytasks.models import TaskCategory
from leitai.keytasks.selectors import settings_for
from leitai.org.access import get_or_404


def _form_page(request, form, title, back):
    return render(request, "tasks/form.html", {"form": form, "title": title, "back": back})


@login_required
def task_create(request):
    """Create a key task (office)."""
    year = office_year(request.user, request.GET.get("year"))
    form = TaskForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co_units = data.pop("co_units")
        try:
            task = services.task_create(actor=request.user, year=year, co_units=co_units, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task created."))
            return redirect("tasks:task_detail", task.pk)
    return _form_page(request, form, _("New key task"), "tasks:task_list")


@login_required
def task_edit(request, task_id):
    """Edit a key task (office)."""
    task = task_for_user(request.user, task_id, for_change=True)
    initial = {f: getattr(task, f) for f in services.TASK_FIELDS}
    initial["co_units"] = list(task.co_units.all())
    form = TaskForm(request.POST or None, year=task.year, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co_units = data.pop("co_units")
        try:
            services.task_update(actor=request.user, task=task, co_units=co_units, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect("tasks:task_detail", task.pk)
    return _form_page(request, form, str(task), "tasks:task_list")


@login_required
def milestone_create(request, task_id):
    """Add a milestone to a task (office)."""
    task = task_for_user(request.user, task_id, for_change=True)
    next_order = task.milestones.count() + 1
    form = MilestoneForm(request.POST or None, initial={"order": next_order})
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("tasks:task_detail", task.pk)
    return _form_page(request, form, _("New milestone") + " · " + task.title, "tasks:task_list")


@login_required
def milestone_edit(request, task_id, milestone_id):
    """Edit a milestone's number, title, due date and definition of done (office)."""
    task = task_for_user(request.user, task_id, for_change=True)
    milestone = get_or_404(task.milestones.all(), milestone_id)
    initial = {f: getattr(milestone, f) for f in services.MILESTONE_FIELDS}
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("tasks:task_detail", task.pk)
    return _form_page(request, form, milestone.title, "tasks:task_list")


@login_required
def dispatch_settings(request):
    """Set the weekly deadline, the colour parameters, the dispatch date and categories."""
    year = office_year(request.user, request.GET.get("year"))
    current = settings_for(year)
    initial = {f: getattr(current, f) for f in services.SETTINGS_FIELDS}
    is_category = "category" in request.POST
    form = SettingsForm(None if is_category else request.POST or None, initial=initial)
    category_form = CategoryForm(request.POST if is_category else None)
    if request.method == "POST":
        target = category_form if is_category else form
        if target.is_valid():
            try:
                if is_category:
                    services.category_create(actor=request.user, year=year, **target.cleaned_data)
                else:
                    services.dispatch_settings_update(
                        actor=request.user, year=year, **target.cleaned_data
                    )
            except ValidationError as exc:
                add_service_errors(target, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("tasks:settings")
    return render(
        request,
        "tasks/settings.html",
        {
            "year": year,
            "form": form,
            "category_form": category_form,
            "categories": TaskCategory.objects.filter(year=year),
        },
    )
