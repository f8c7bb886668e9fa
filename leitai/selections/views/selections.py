"""The selection's pages: the list, a new selection, and its page with the office's steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leitai.core.forms import add_service_errors
from leitai.org.access import current_year_for
from leitai.org.views.common import office_jurisdiction
from leitai.selections import access, exports, selectors, services
from leitai.selections.access import selection_for_user
from leitai.selections.forms import (
    ClearanceOfficeForm,
    CodesForm,
    HandlingForm,
    PublishForm,
    SelectionForm,
)
from leitai.selections.models import Nomination, Objection
from leitai.selections.transitions import NOMINATION, OBJECTION, SELECTION


@login_required
def selection_list(request):
    """List the selections of the person's county."""
    selections = access.visible_selections(request.user).select_related("year")
    may_create = bool(access.scope_for(request.user).office_jurisdiction_ids)
    return render(
        request, "selections/list.html", {"selections": selections, "may_create": may_create}
    )


@login_required
def selection_create(request):
    """Set up a new selection of the current year (office)."""
    jurisdiction = office_jurisdiction(request)
    year = current_year_for(request.user)
    if year is None or year.jurisdiction_id != jurisdiction.pk:
        raise Http404("not found")
    form = SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            selection = services.selection_create(
                actor=request.user,
                year=year,
                name=data["name"],
                series=data["series"],
                titles=form.title_rows(),
                publicity_days=data["publicity_days"],
                committee_weight=data["committee_weight"],
                vote_weight=data["vote_weight"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("selections:detail", selection.pk)
    title = _("New selection of %(year)s") % {"year": year.name}
    return render(
        request, "selections/form.html", {"form": form, "title": title, "back": "selections:list"}
    )


def _people(selection):
    return (
        get_user_model()
        .objects.filter(role_grants__jurisdiction_id=selection.year.jurisdiction_id)
        .distinct()
        .order_by("username")
    )


def _to_score(user, selection) -> list[Nomination]:
    nominees = list(selectors.shortlist(selection))
    for nominee in nominees:
        nominee.selection = selection
    return [n for n in nominees if NOMINATION.may(user, n, "score")]


def _office_context(request, selection) -> dict:
    cleared = selection.nominations.filter(status=Nomination.Status.CLEARED).select_related(
        "title", "unit"
    )
    objections = (
        Objection.objects.filter(nomination__selection=selection)
        .select_related("nomination__title", "nomination__unit", "handled_by")
        .order_by("created_at")
    )
    return {
        "office_form": ClearanceOfficeForm(people=_people(selection)),
        "publish_form": PublishForm(cleared=cleared) if cleared else None,
        "objections": [(o, OBJECTION.allowed(request.user, o)) for o in objections],
        "handling_form": HandlingForm(),
        "codes_form": CodesForm(),
        "scoring": _to_score(request.user, selection),
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STEPS = {
    "open": gettext_lazy("Open nominations"),
    "close_nominations": gettext_lazy("Close nominations"),
    "close_clearance": gettext_lazy("Close clearance"),
    "open_vote": gettext_lazy("Open the vote"),
    "close_vote": gettext_lazy("Close the vote and count"),
}


def _page(request, selection, **extra):
    user = request.user
    actions = SELECTION.allowed(user, selection)
    turnout = selectors.turnout(selection) if "codes" in actions else {}
    context = {
        "selection": selection,
        "titles": [
            (t, turnout.get(t.pk, 0) if turnout else None) for t in selectors.titles_of(selection)
        ],
        "steps": [(step, label) for step, label in STEPS.items() if step in actions],
        "public": selectors.public_selections_all().filter(pk=selection.pk).exists(),
        "offices": selection.clearance_offices.prefetch_related("members"),
        "actions": actions,
        "nominations": selectors.nominations_for(user, selection),
        "units": [
            (unit_id, selectors.quota_rows(selection, unit_id))
            for unit_id in access.nominating_units(user, selection)
        ],
        "results": selectors.results(selection),
        "final": selectors.final_list(selection),
        "may_vote": "vote" in actions,
        "is_office": access.is_selection_office(user, selection),
    }
    if context["is_office"]:
        context.update(_office_context(request, selection))
    context.update(extra)
    return render(request, "selections/detail.html", context)


@login_required
def selection_detail(request, selection_id):
    """The selection's page: its titles and offices, the nominations one may see, the steps."""
    return _page(request, selection_for_user(request.user, selection_id))


@login_required
@require_POST
def selection_step(request, selection_id, action):
    """Take one of the office's calendar steps (open, close nominations, open or close the vote)."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    try:
        if action == "open_vote":
            services.selection_open_vote(actor=request.user, selection=selection)
        elif action == "close_vote":
            services.vote_close(actor=request.user, selection=selection)
        else:
            services.selection_step(actor=request.user, selection=selection, action=action)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("selections:detail", selection.pk)


@login_required
def clearance_office_add(request, selection_id):
    """Add a clearance office and the people who sign for it (office)."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    form = ClearanceOfficeForm(request.POST or None, people=_people(selection))
    if request.method == "POST" and form.is_valid():
        try:
            services.clearance_office_save(
                actor=request.user,
                selection=selection,
                name=form.cleaned_data["name"],
                members=list(form.cleaned_data["members"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("selections:detail", selection.pk)
    title = _("Add a clearance office")
    return render(
        request,
        "selections/form.html",
        {"form": form, "title": title, "back_url": selection_url(selection)},
    )


def selection_url(selection) -> str:
    from django.urls import reverse

    return reverse("selections:detail", args=[selection.pk])


@login_required
@require_POST
def selection_publish(request, selection_id):
    """Put the committee's shortlist on public notice (office)."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    cleared = selection.nominations.filter(status=Nomination.Status.CLEARED).select_related(
        "title", "unit"
    )
    form = PublishForm(request.POST, cleared=cleared)
    if form.is_valid():
        try:
            services.selection_publish(
                actor=request.user,
                selection=selection,
                shortlisted=[int(pk) for pk in form.cleaned_data["shortlisted"]],
                start=form.cleaned_data["start"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The shortlist is on public notice."))
            return redirect("selections:detail", selection.pk)
    return _page(request, selection, publish_form=form)


@login_required
@require_POST
def objection_handle(request, objection_id):
    """Record how an objection was handled (office)."""
    objection = access.objection_for_user(request.user, objection_id)
    form = HandlingForm(request.POST)
    if form.is_valid():
        try:
            services.objection_handle(
                actor=request.user,
                objection=objection,
                uphold=form.cleaned_data["outcome"] == "uphold",
                handling=form.cleaned_data["handling"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Choose the outcome and say how the objection was handled."))
    return redirect("selections:detail", objection.nomination.selection_id)


@login_required
@require_POST
def voter_codes(request, selection_id):
    """Make one-time voting codes and show them once, to print and hand out (office)."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    form = CodesForm(request.POST)
    codes = []
    if form.is_valid():
        try:
            codes = services.voter_codes_create(
                actor=request.user, selection=selection, count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "selections/codes.html",
        {"selection": selection, "codes": codes, "form": form},
        status=200 if codes else 400,
    )


@login_required
@require_POST
def committee_scores(request, selection_id):
    """Save the committee's scores of the shortlisted nominees (office)."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    scores = {}
    for nomination in selectors.shortlist(selection):
        value = request.POST.get(f"score-{nomination.pk}", "").strip()
        if value:
            scores[nomination.pk] = value
    try:
        services.committee_scores_save(actor=request.user, selection=selection, scores=scores)
    except (ValidationError, ArithmeticError) as exc:
        text = exc.messages if isinstance(exc, ValidationError) else [_("Give numbers.")]
        for message in text:
            messages.error(request, message)
    else:
        messages.success(request, _("Scores saved."))
    return redirect("selections:detail", selection.pk)


@login_required
def tally_xlsx(request, selection_id):
    """Download the tally (people of the county), once the vote closed; a 404 before."""
    selection = selection_for_user(request.user, selection_id)
    data = exports.tally_xlsx(selection)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tally-{selection.pk}.xlsx"'
    return response


@login_required
def certificates_pdf(request, selection_id):
    """Download the certificates (荣誉证书) of the awarded nominees: the office, once final."""
    selection = selection_for_user(request.user, selection_id, for_change=True)
    data = exports.certificates_pdf(selection)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificates-{selection.pk}.pdf"'
    return response
