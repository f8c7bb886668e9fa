"""The office's pages: create and edit projects, choose what the ledger feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.projects import services
from leitai.projects.access import office_year, project_for_user
from leitai.projects.forms import FeedsForm, ProjectForm
from leitai.projects.models import ProjectFeed


def _form_page(request, form, title, back):
    return render(request, "projects/form.html", {"form": form, "title": title, "back": back})


@login_required
def project_create(request):
    """Add a project to the ledger (office)."""
    year = office_year(request.user, request.GET.get("year"))
    form = ProjectForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, year=year, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Project added."))
            return redirect("projects:project_detail", project.pk)
    return _form_page(request, form, _("New project"), "projects:project_map")


@login_required
def project_edit(request, project_id):
    """Change a project's master data, planned dates and monthly plan (office)."""
    project = project_for_user(request.user, project_id, for_change=True)
    form = ProjectForm(request.POST or None, instance=project, year=project.year)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        project.refresh_from_db()
        try:
            services.project_update(actor=request.user, project=project, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect("projects:project_detail", project.pk)
    return _form_page(request, form, _("Edit project"), "projects:project_map")


@login_required
def feeds(request):
    """Choose which indicator each ledger figure feeds (office)."""
    year = office_year(request.user, request.GET.get("year"))
    current = dict(ProjectFeed.objects.filter(year=year).values_list("metric", "indicator_code"))
    form = FeedsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.feeds_update(actor=request.user, year=year, choices=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Feeds saved."))
            return redirect("projects:feeds")
    return render(request, "projects/feeds.html", {"form": form, "year": year})
