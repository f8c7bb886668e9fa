"""Inspection rounds and visits: lists, details, the office's and supervisors' forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org.access import get_or_404, is_office_of, year_for_user
from leitai.supervision import selectors, services
from leitai.supervision.access import may_record_at, round_for_user, visit_for_user
from leitai.supervision.forms import RoundForm, VisitForm
from leitai.supervision.views.common import supervision_year


@login_required
def round_list(request):
    """List the year's inspection rounds with the visits and problems the person may see."""
    year = supervision_year(request)
    return render(
        request,
        "supervision/round_list.html",
        {
            "year": year,
            "rounds": selectors.round_list(request.user, year=year),
            "is_office": is_office_of(request.user, year.jurisdiction_id),
        },
    )


@login_required
def round_create(request):
    """Open a round (office)."""
    year = year_for_user(request.user, supervision_year(request).pk, for_change=True)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Round created."))
            return redirect("supervision:round_detail", rnd.pk)
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": _("New inspection round"), "back": "supervision:round_list"},
    )


@login_required
def round_edit(request, round_id):
    """Rename a round or move its dates (office)."""
    rnd = round_for_user(request.user, round_id, for_change=True)
    initial = {"name": rnd.name, "starts_on": rnd.starts_on, "ends_on": rnd.ends_on}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=request.user, round=rnd, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Round saved."))
            return redirect("supervision:round_detail", rnd.pk)
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": rnd.name, "back": "supervision:round_list"},
    )


@login_required
def round_detail(request, round_id):
    """Show a round's visits and, for supervisors and the office, the units still to visit."""
    rnd = round_for_user(request.user, round_id)
    office = is_office_of(request.user, rnd.year.jurisdiction_id)
    return render(
        request,
        "supervision/round_detail.html",
        {
            "round": rnd,
            "visits": selectors.round_visits(request.user, rnd),
            "to_visit": selectors.units_to_visit(request.user, rnd, office=office),
            "is_office": office,
        },
    )


@login_required
def visit_create(request, round_id, unit_id):
    """Record a visit to a unit of the person's group (or any unit, for the office)."""
    rnd = round_for_user(request.user, round_id)
    office = is_office_of(request.user, rnd.year.jurisdiction_id)
    unit = get_or_404(selectors.units_to_visit(request.user, rnd, office=office), unit_id)
    form = VisitForm(
        request.POST or None, categories=selectors.checklist_categories(rnd.year.jurisdiction_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(
                actor=request.user,
                round=rnd,
                unit=unit,
                visited_on=form.cleaned_data["visited_on"],
                summary=form.cleaned_data["summary"],
                findings=form.findings(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("supervision:visit_detail", visit.pk)
    title = _("Visit to %(unit)s") % {"unit": unit.name}
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": title, "back": "supervision:round_list", "subtitle": rnd.name},
    )


@login_required
def visit_detail(request, visit_id):
    """Show a visit: its findings by category, summary and the problems it raised."""
    visit = visit_for_user(request.user, visit_id)
    return render(
        request,
        "supervision/visit_detail.html",
        {
            "visit": visit,
            "findings": visit.findings.select_related("category").order_by("category__order"),
            "problems": selectors.visit_problems(request.user, visit),
            "may_record": may_record_at(request.user, visit),
        },
    )


@login_required
def visit_edit(request, visit_id):
    """Correct a visit's date, summary and findings (its supervisors or the office)."""
    visit = visit_for_user(request.user, visit_id)
    if not may_record_at(request.user, visit):
        raise Http404("not found")
    categories = selectors.checklist_categories(visit.round.year.jurisdiction_id)
    initial = {"visited_on": visit.visited_on, "summary": visit.summary}
    initial |= {f"finding_{f.category_id}": f.text for f in visit.findings.all()}
    form = VisitForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(
                actor=request.user,
                visit=visit,
                visited_on=form.cleaned_data["visited_on"],
                summary=form.cleaned_data["summary"],
                findings=form.findings(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("supervision:visit_detail", visit.pk)
    title = _("Visit to %(unit)s") % {"unit": visit.unit.name}
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": title, "back": "supervision:round_list"},
    )
