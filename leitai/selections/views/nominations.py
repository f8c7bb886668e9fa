"""Nominations: the unit's 事迹 form (phone-friendly), its page, and each step taken on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.evidence import download_view
from leitai.core.forms import add_service_errors
from leitai.org.models import Unit
from leitai.selections import access, services
from leitai.selections.access import nomination_for_user, selection_for_user
from leitai.selections.forms import NominationForm, ReasonForm
from leitai.selections.transitions import NOMINATION


def _form(request, selection, unit_id, **kwargs):
    people = get_user_model().objects.filter(role_grants__unit_id=unit_id).distinct()
    return NominationForm(
        request.POST or None,
        request.FILES or None,
        titles=selection.titles.order_by("order"),
        people=people.order_by("username"),
        **kwargs,
    )


@login_required
def nomination_create(request, selection_id, unit_id):
    """Nominate a person of the unit with the 事迹 (the unit's reporter or leader)."""
    selection = selection_for_user(request.user, selection_id)
    if unit_id not in access.nominating_units(request.user, selection):
        raise Http404("not found")
    unit = Unit.objects.get(pk=unit_id)
    form = _form(request, selection, unit_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_save(
                actor=request.user,
                selection=selection,
                unit_id=unit_id,
                title=data["title"],
                person=data["person"],
                name=data["name"],
                position=data["position"],
                deeds=data["deeds"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Nominations are not open."))
        else:
            messages.success(request, _("Nomination saved; the unit leader signs it off."))
            return redirect("selections:nomination", nomination.pk)
    title = _("Nominate for %(selection)s") % {"selection": selection.name}
    return render(
        request,
        "selections/form.html",
        {
            "form": form,
            "title": title,
            "subtitle": unit.name,
            "multipart": True,
            "back_url": f"/selections/{selection.pk}/",
        },
    )


@login_required
def nomination_detail(request, nomination_id):
    """A nomination: the 事迹, its files, the clearances, and the steps the person may take."""
    nomination = nomination_for_user(request.user, nomination_id)
    actions = NOMINATION.allowed(request.user, nomination)
    decided = set(nomination.clearances.values_list("office_id", flat=True))
    my_offices = [
        o
        for o in access.clearance_offices_of(request.user, nomination.selection)
        if o.pk not in decided
    ]
    return render(
        request,
        "selections/nomination.html",
        {
            "nomination": nomination,
            "actions": actions,
            "clearances": nomination.clearances.select_related("office", "by"),
            "files": nomination.files.all(),
            "my_offices": my_offices if {"clear", "veto"} & actions else [],
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def nomination_step(request, nomination_id, action):
    """Take a step on a nomination: sign, clear, veto (with a reason) or revoke (with a reason)."""
    nomination = nomination_for_user(request.user, nomination_id)
    reason = request.POST.get("reason", "")
    try:
        if action == "sign":
            services.nomination_sign(actor=request.user, nomination=nomination)
        elif action in ("clear", "veto"):
            office = access.clearance_offices_of(request.user, nomination.selection).filter(
                pk=request.POST.get("office") or 0
            )
            if not office:
                raise Http404("not found")
            services.nomination_clear(
                actor=request.user,
                nomination=nomination,
                office=office.get(),
                veto=action == "veto",
                reason=reason,
            )
        elif action == "revoke":
            services.nomination_revoke(actor=request.user, nomination=nomination, reason=reason)
        else:
            raise Http404("not found")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("selections:nomination", nomination.pk)


file_download = download_view(
    access.deeds_file_for_user, doc="Send a 事迹 file to a person who may see its nomination."
)
