"""Target pages: the grid of units × completion indicators, Excel import/export, exemptions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.scheme import selectors
from leitai.assessment.scheme.access import (
    exemption_for_user,
    period_for_user,
    reads_every_unit,
    visible_exemptions,
    visible_targets,
)
from leitai.assessment.scheme.forms import ExemptionForm, TargetImportForm
from leitai.assessment.scheme.services import targets as services
from leitai.core.excel import cell_decimal
from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of, scope_for, visible_years, year_for_user
from leitai.org.views.common import chosen_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _units_for(request, year):
    """Return the target units the person may see: every unit, or their own units only."""
    units = services.target_units(year)
    if reads_every_unit(request.user, year.jurisdiction_id):
        return units
    scope = scope_for(request.user)
    mine = scope.own_unit_ids | scope.supervised_unit_ids
    return [(unit, group) for unit, group in units if unit.pk in mine]


def _grid(units, indicators, targets):
    rows = []
    for unit, group in units:
        cells = []
        for indicator in indicators:
            target = targets.get((unit.pk, indicator.code))
            value = target.value.normalize() if target else None
            cells.append(
                {
                    "name": f"t_{unit.pk}_{indicator.code}",
                    "applies": services.applies(indicator, group),
                    "value": "" if value is None else f"{value:f}",
                }
            )
        rows.append({"unit": unit, "group": group, "cells": cells})
    return rows


def _posted_values(request, units, indicators):
    values, bad = {}, []
    for unit, group in units:
        for indicator in indicators:
            name = f"t_{unit.pk}_{indicator.code}"
            if name not in request.POST or not services.applies(indicator, group):
                continue
            try:
                values[(unit.pk, indicator.code)] = cell_decimal(request.POST[name])
            except ValueError:
                bad.append(f"{unit.label} {indicator.code}")
    return values, bad


@login_required
def target_grid(request):
    """Show (and, for the office, edit) the targets of the year or of one period."""
    year = chosen_year(request)
    period = None
    if request.GET.get("period"):
        period = period_for_user(request.user, request.GET["period"])
        if period.year_id != year.pk:
            raise Http404("not found")
    can_edit = is_office_of(request.user, year.jurisdiction_id)
    units = _units_for(request, year)
    indicators = services.target_indicators(year)
    if request.method == "POST":
        if not can_edit:
            raise Http404("not found")
        values, bad = _posted_values(request, units, indicators)
        if bad:
            messages.error(request, _("Not a number: %(cells)s") % {"cells": ", ".join(bad)})
        else:
            try:
                changed = services.targets_save(
                    actor=request.user, year=year, values=values, period=period
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(count)s targets saved.") % {"count": changed})
                return redirect(request.get_full_path())
    targets = selectors.target_map(year, visible_targets(request.user), period=period)
    return render(
        request,
        "assessment/target_grid.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "period": period,
            "periods": [
                p for p in selectors.periods_of_year(year, year.periods.all()) if p.kind != "year"
            ],
            "indicators": indicators,
            "rows": _grid(units, indicators, targets),
            "can_edit": can_edit,
        },
    )


@login_required
def target_export(request):
    """Download the year's targets as the workbook the import reads (office only)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    response = HttpResponse(services.targets_workbook(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="targets-{year.year}.xlsx"'
    return response


@login_required
def target_import(request):
    """Import the targets workbook: everything or nothing (office only)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    form = TargetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.targets_import(
                actor=request.user, year=year, data=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s targets changed.") % {"count": changed})
            return redirect(f"{reverse('assessment:target_grid')}?year={year.pk}")
    return render(request, "assessment/target_import.html", {"form": form, "year": year})


@login_required
def exemption_list(request):
    """List the year's exemptions; the office adds and withdraws them."""
    year = chosen_year(request)
    can_edit = is_office_of(request.user, year.jurisdiction_id)
    form = None
    if can_edit:
        scheme = selectors.latest_scheme(year, include_drafts=True)
        form = ExemptionForm(
            request.POST or None,
            units=year.jurisdiction.units.filter(active=True).order_by("code"),
            indicators=scheme.indicators.order_by("arena__order", "order") if scheme else [],
        )
    if request.method == "POST":
        if form is None:
            raise Http404("not found")
        if form.is_valid():
            try:
                services.exemption_create(actor=request.user, year=year, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Exemption added."))
                return redirect(request.get_full_path())
    return render(
        request,
        "assessment/target_exemptions.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "exemptions": selectors.exemptions_of_year(year, visible_exemptions(request.user)),
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def exemption_delete(request, exemption_id):
    """Withdraw an exemption (office only)."""
    exemption = exemption_for_user(request.user, exemption_id, for_change=True)
    try:
        services.exemption_delete(actor=request.user, exemption=exemption)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Exemption withdrawn."))
    return redirect(f"{reverse('assessment:exemption_list')}?year={exemption.year_id}")
