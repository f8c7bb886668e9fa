"""Home pages per role and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from leitai.core.models import AuditEntry
from leitai.org import selectors
from leitai.org.access import current_year_for, scope_for, unit_for_user, visible_units


@login_required
def home(request):
    """Show the person's home page: the office's overview, or the unit's own page."""
    scope = scope_for(request.user)
    year = current_year_for(request.user)
    context = {"year": year, "scope": scope}
    if scope.wide_jurisdiction_ids:
        context["groups"] = list(selectors.group_list(request.user, year=year)) if year else []
        context["chart_data"] = [{"name": g.name, "count": g.unit_count} for g in context["groups"]]
        context["unit_count"] = visible_units(request.user).filter(active=True).count()
        context["grouped_count"] = (
            visible_units(request.user).filter(memberships__year=year).count() if year else 0
        )
        return render(request, "core/home_office.html", context)
    context["own_units"] = _own_units_context(request.user, year)
    context["supervised"] = visible_units(request.user).filter(pk__in=scope.supervised_unit_ids)
    return render(request, "core/home_unit.html", context)


def _own_units_context(user, year):
    units = selectors.unit_list(user, year=year).filter(pk__in=scope_for(user).own_unit_ids)
    return [
        {
            "unit": unit,
            "people": selectors.unit_people(unit),
            "groups": getattr(unit, "year_groups", []),
        }
        for unit in units
    ]


@login_required
def audit_list(request):
    """List audit entries of the office's jurisdictions, filtered by unit and object type."""
    scope = scope_for(request.user)
    if not scope.office_jurisdiction_ids:
        raise Http404("not found")
    entries = AuditEntry.objects.filter(jurisdiction_id__in=scope.office_jurisdiction_ids)
    unit = None
    if request.GET.get("unit"):
        unit = unit_for_user(request.user, request.GET["unit"])
        entries = entries.filter(unit=unit)
    object_type = request.GET.get("object_type", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    object_types = (
        AuditEntry.objects.filter(jurisdiction_id__in=scope.office_jurisdiction_ids)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    page = Paginator(entries.select_related("unit"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "unit": unit,
            "object_type": object_type,
            "object_types": object_types,
            "units": visible_units(request.user).order_by("code"),
        },
    )


def healthz(request):
    """Answer a fixed string: the bare baseline that served pages are benchmarked against."""
    return HttpResponse("ok", content_type="text/plain")
