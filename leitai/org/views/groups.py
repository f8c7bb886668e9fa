"""Group pages: the year's groups, members, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org import selectors, services
from leitai.org.access import (
    group_for_user,
    is_office_of,
    visible_units,
    visible_years,
    year_for_user,
)
from leitai.org.forms import GroupForm
from leitai.org.views.common import chosen_year, office_jurisdiction


@login_required
def group_list(request):
    """List the groups of a year with their unit counts."""
    year = chosen_year(request)
    return render(
        request,
        "org/group_list.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "groups": selectors.group_list(request.user, year=year),
            "can_edit": is_office_of(request.user, year.jurisdiction_id),
        },
    )


@login_required
def group_detail(request, group_id):
    """Show a group and the member units the person may see."""
    group = group_for_user(request.user, group_id)
    return render(
        request,
        "org/group_detail.html",
        {
            "group": group,
            "units": selectors.group_members(request.user, group),
            "can_edit": is_office_of(request.user, group.year.jurisdiction_id),
        },
    )


@login_required
def group_create(request):
    """Create a group in the chosen year (office only)."""
    jurisdiction = office_jurisdiction(request)
    year = chosen_year(request)
    year = year_for_user(request.user, year.pk, for_change=True)
    units = visible_units(request.user).filter(jurisdiction=jurisdiction, active=True)
    form = GroupForm(request.POST or None, units=units.order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group created."))
            return redirect("org:group_detail", group.pk)
    return render(
        request, "org/form.html", {"form": form, "title": _("New group"), "back": "org:group_list"}
    )


@login_required
def group_edit(request, group_id):
    """Edit a group and its members (office only)."""
    group = group_for_user(request.user, group_id, for_change=True)
    units = visible_units(request.user).filter(jurisdiction_id=group.year.jurisdiction_id)
    initial = {f: getattr(group, f) for f in services.GROUP_FIELDS}
    initial["units"] = list(group.memberships.values_list("unit_id", flat=True))
    form = GroupForm(request.POST or None, initial=initial, units=units.order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group saved."))
            return redirect("org:group_detail", group.pk)
    return render(
        request, "org/form.html", {"form": form, "title": group.name, "back": "org:group_list"}
    )
