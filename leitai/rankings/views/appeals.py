"""Appeals (申诉): a unit leader files one; the office accepts or rejects it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of
from leitai.rankings import selectors, services
from leitai.rankings.access import (
    appeal_for_user,
    is_unit_leader,
    snapshot_for_user,
    visible_appeals,
)
from leitai.rankings.forms import AppealForm, DecideForm
from leitai.rankings.models import Publication
from leitai.rankings.transitions import APPEAL


@login_required
def appeal_list(request):
    """List the appeals the person may see, newest first."""
    appeals = visible_appeals(request.user).select_related(
        "unit", "publication__period", "filed_by"
    )
    return render(request, "rankings/appeal_list.html", {"appeals": appeals[:200]})


@login_required
def appeal_new(request, snapshot_id, unit_id):
    """File the unit's appeal against a published result (the unit's leader only)."""
    snapshot = snapshot_for_user(request.user, snapshot_id)
    row = snapshot.rows.select_related("unit").filter(unit_id=unit_id).first()
    try:
        publication = snapshot.publication
    except Publication.DoesNotExist as exc:
        raise Http404("not found") from exc
    if row is None or not is_unit_leader(request.user, row.unit):
        raise Http404("not found")
    own = selectors.appealable_indicators(snapshot, row.unit_id)
    form = AppealForm(request.POST or None, request.FILES or None, indicators=own)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_file(
                actor=request.user, publication=publication, unit=row.unit, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Appeal filed."))
            return redirect("rankings:appeal_detail", appeal.pk)
    return render(
        request, "rankings/appeal_new.html", {"form": form, "snapshot": snapshot, "row": row}
    )


@login_required
def appeal_detail(request, appeal_id):
    """Show an appeal; the office decides it here."""
    appeal = appeal_for_user(request.user, appeal_id)
    office = is_office_of(request.user, appeal.unit.jurisdiction_id)
    actions = APPEAL.allowed(request.user, appeal)
    form = DecideForm(request.POST or None) if actions & {"accept", "reject"} else None
    if request.method == "POST":
        if form is None:
            raise Http404("not found")
        if form.is_valid():
            try:
                services.appeal_decide(actor=request.user, appeal=appeal, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("rankings:appeal_detail", appeal.pk)
    return render(
        request,
        "rankings/appeal_detail.html",
        {
            "appeal": appeal,
            "form": form,
            "is_office": office,
            "actions": actions,
            "corrections": list(appeal.corrections.all()),
            "disputed": selectors.disputed_indicators(appeal),
        },
    )


@login_required
def appeal_reissue(request, appeal_id):
    """Compute the corrected re-issue an accepted appeal calls for (the office, by POST)."""
    appeal = appeal_for_user(request.user, appeal_id, for_change=True)
    if request.method != "POST" or not APPEAL.may(request.user, appeal, "reissue"):
        raise Http404("not found")
    try:
        snapshot = services.snapshot_compute(
            actor=request.user, period=appeal.publication.period, appeal=appeal
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors[:10]:
                messages.error(request, error)
        return redirect("rankings:appeal_detail", appeal.pk)
    messages.success(request, _("Corrected re-issue computed; check and publish it."))
    return redirect("rankings:check", snapshot.pk)
