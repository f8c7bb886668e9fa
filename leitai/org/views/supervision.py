"""Supervision group pages: list, detail, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org import selectors, services
from leitai.org.access import (
    is_office_of,
    supervision_group_for_user,
    visible_units,
    year_for_user,
)
from leitai.org.forms import SupervisionGroupForm
from leitai.org.views.common import chosen_year, office_jurisdiction


@login_required
def supervision_group_list(request):
    """List the year's supervision groups the person may see."""
    year = chosen_year(request)
    return render(
        request,
        "org/supervision_group_list.html",
        {
            "year": year,
            "groups": selectors.supervision_group_list(request.user, year=year),
            "can_edit": is_office_of(request.user, year.jurisdiction_id),
        },
    )


@login_required
def supervision_group_detail(request, group_id):
    """Show a supervision group, its members and the units it covers that the person may see."""
    group = supervision_group_for_user(request.user, group_id)
    return render(
        request,
        "org/supervision_group_detail.html",
        {
            "group": group,
            "members": group.members.order_by("username"),
            "units": selectors.supervision_units(request.user, group),
            "can_edit": is_office_of(request.user, group.year.jurisdiction_id),
        },
    )


@login_required
def supervision_group_create(request):
    """Create a supervision group (office only)."""
    jurisdiction = office_jurisdiction(request)
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    form = SupervisionGroupForm(
        request.POST or None,
        units=visible_units(request.user).filter(jurisdiction=jurisdiction).order_by("code"),
        members=selectors.supervisors(jurisdiction.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.supervision_group_create(
                actor=request.user, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Supervision group created."))
            return redirect("org:supervision_group_detail", group.pk)
    return render(
        request,
        "org/form.html",
        {"form": form, "title": _("New supervision group"), "back": "org:supervision_group_list"},
    )


@login_required
def supervision_group_edit(request, group_id):
    """Edit a supervision group (office only)."""
    group = supervision_group_for_user(request.user, group_id, for_change=True)
    jurisdiction_id = group.year.jurisdiction_id
    initial = {
        "name": group.name,
        "order": group.order,
        "members": list(group.members.values_list("pk", flat=True)),
        "units": list(group.assignments.values_list("unit_id", flat=True)),
    }
    form = SupervisionGroupForm(
        request.POST or None,
        initial=initial,
        units=visible_units(request.user).filter(jurisdiction_id=jurisdiction_id).order_by("code"),
        members=selectors.supervisors(jurisdiction_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_group_update(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Supervision group saved."))
            return redirect("org:supervision_group_detail", group.pk)
    return render(
        request,
        "org/form.html",
        {"form": form, "title": group.name, "back": "org:supervision_group_list"},
    )
