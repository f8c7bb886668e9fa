"""Unit pages: list, detail, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org import selectors, services
from leitai.org.access import is_office_of, scope_for, unit_for_user
from leitai.org.forms import UnitForm
from leitai.org.views.common import chosen_year, office_jurisdiction


@login_required
def unit_list(request):
    """List the units the person may see, with their group this year; search by code or name."""
    year = chosen_year(request)
    units = selectors.unit_list(request.user, year=year)
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(code__icontains=query) | Q(name__icontains=query))
    page = Paginator(units, 120).get_page(request.GET.get("page"))
    return render(
        request,
        "org/unit_list.html",
        {
            "page": page,
            "year": year,
            "q": query,
            "can_edit": scope_for(request.user).is_office,
        },
    )


@login_required
def unit_detail(request, unit_id):
    """Show a unit: its people, its group each year and its supervision group."""
    unit = unit_for_user(request.user, unit_id)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "people": selectors.unit_people(unit),
            "memberships": selectors.unit_groups(unit),
            "supervision": selectors.unit_supervision(unit),
            "can_edit": is_office_of(request.user, unit.jurisdiction_id),
        },
    )


@login_required
def unit_create(request):
    """Create a unit (office only)."""
    jurisdiction = office_jurisdiction(request)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit created."))
            return redirect("org:unit_detail", unit.pk)
    return render(
        request, "org/form.html", {"form": form, "title": _("New unit"), "back": "org:unit_list"}
    )


@login_required
def unit_edit(request, unit_id):
    """Edit a unit (office only)."""
    unit = unit_for_user(request.user, unit_id, for_change=True)
    initial = {f: getattr(unit, f) for f in services.UNIT_FIELDS}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit saved."))
            return redirect("org:unit_detail", unit.pk)
    return render(
        request, "org/form.html", {"form": form, "title": unit.name, "back": "org:unit_list"}
    )
