"""Adjustment pages: bonuses, deductions and vetoes per unit; propose; the office decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.models import Adjustment
from leitai.assessment.scheme import selectors
from leitai.assessment.scheme.access import (
    adjustment_for_user,
    may_propose_adjustment,
    visible_adjustments,
    visible_periods,
)
from leitai.assessment.scheme.forms import AdjustmentForm, DecisionForm
from leitai.assessment.scheme.services import adjustments as services
from leitai.assessment.scheme.transitions import ADJUSTMENT, PERIOD
from leitai.core.forms import add_service_errors
from leitai.org.access import unit_for_user, visible_years
from leitai.org.views.common import chosen_year

PAGE_SIZE = 50


@login_required
def adjustment_list(request):
    """List the year's adjustments the person may see, by unit and state."""
    year = chosen_year(request)
    rows = selectors.adjustments_list(visible_adjustments(request.user), year=year)
    unit = None
    if request.GET.get("unit"):
        unit = unit_for_user(request.user, request.GET["unit"])
        rows = rows.filter(unit=unit)
    chosen_state = request.GET.get("state", "")
    if chosen_state in Adjustment.State.values:
        rows = rows.filter(state=chosen_state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _label_rows(page, selectors.latest_scheme(year))
    return render(
        request,
        "assessment/adjustment_list.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "page": page,
            "unit": unit,
            "chosen_state": chosen_state,
            "states": Adjustment.State.choices,
            "can_propose": may_propose_adjustment(request.user, year.jurisdiction_id),
        },
    )


def _label_rows(rows, scheme) -> None:
    """Name each row's arena and the points it counts (a level's points from the scheme)."""
    names = dict(scheme.arenas.values_list("code", "name")) if scheme else {}
    for row in rows:
        row.arena_name = names.get(row.arena_code, row.arena_code)
        if row.kind != Adjustment.Kind.VETO:
            row.points_shown = f"{services.effective_points(row, scheme).normalize():f}"


@login_required
def adjustment_create(request):
    """Propose a bonus, deduction or veto (office or assessor)."""
    year = chosen_year(request)
    if not may_propose_adjustment(request.user, year.jurisdiction_id):
        raise Http404("not found")
    scheme = selectors.latest_scheme(year)
    periods = (
        visible_periods(request.user)
        .filter(year=year)
        .filter(state__in=PERIOD.step("update").sources)
    )
    form = AdjustmentForm(
        request.POST or None,
        request.FILES or None,
        periods=periods.order_by("starts_on", "kind"),
        units=year.jurisdiction.units.filter(active=True).order_by("code"),
        arenas=scheme.arenas.order_by("order") if scheme else [],
        initial={"unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = services.adjustment_propose(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Adjustment proposed."))
            return redirect("assessment:adjustment_detail", row.pk)
    return render(
        request,
        "assessment/adjustment_form.html",
        {"form": form, "year": year, "title": _("Propose an adjustment")},
    )


@login_required
def adjustment_detail(request, adjustment_id):
    """Show an adjustment; the office approves or rejects a proposed one."""
    row = adjustment_for_user(request.user, adjustment_id)
    _label_rows([row], selectors.latest_scheme(row.period.year))
    can_decide = ADJUSTMENT.may(request.user, row, "approve")
    return render(
        request,
        "assessment/adjustment_detail.html",
        {"row": row, "can_decide": can_decide, "form": DecisionForm()},
    )


@login_required
@require_POST
def adjustment_decide(request, adjustment_id, decision):
    """Approve or reject a proposed adjustment (office only)."""
    services_by_name = {
        "approve": services.adjustment_approve,
        "reject": services.adjustment_reject,
    }
    if decision not in services_by_name:
        raise Http404("not found")
    row = adjustment_for_user(request.user, adjustment_id, for_change=True)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services_by_name[decision](actor=request.user, adjustment=row, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("assessment:adjustment_detail", row.pk)
