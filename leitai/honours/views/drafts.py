"""The office's honours pages: the year's drafts, grading, rules, a draft's review and steps."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.models import Scheme
from leitai.core.forms import add_service_errors
from leitai.honours import access, selectors, services
from leitai.honours.forms import HandlingForm, ObjectionForm, ReasonForm, RulesForm
from leitai.honours.rules import DEFAULT_RULES
from leitai.honours.transitions import DRAFT, OBJECTION
from leitai.org.access import is_office_of
from leitai.org.models import Unit
from leitai.rankings.access import requested_year


@login_required
def index(request):
    """The year's honours: the office's drafts and the grade button, or the published lists."""
    year = requested_year(request)
    drafts = access.visible_drafts(request.user).filter(year=year).order_by("-number")
    office = is_office_of(request.user, year.jurisdiction_id)
    return render(
        request,
        "honours/index.html",
        {
            "year": year,
            "drafts": drafts,
            "office": office,
            "published": selectors.year_publication(year) is not None,
            "scheme": _scheme_in_force(year) if office else None,
        },
    )


def _scheme_in_force(year):
    return Scheme.objects.filter(year=year, state=Scheme.State.ACTIVE).first()


@login_required
@require_POST
def grade(request):
    """Grade the year into a new draft (office)."""
    year = requested_year(request)
    if not is_office_of(request.user, year.jurisdiction_id):
        raise Http404("not found")
    try:
        draft = services.honours_grade(actor=request.user, year=year)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(f"{_index_url()}?year={year.pk}")
    messages.success(request, _("The year is graded: review the draft."))
    return redirect("honours:draft", draft.pk)


def _index_url():
    return reverse("honours:index")


@login_required
def rules_edit(request, scheme_id):
    """Set the grading rules of a scheme version (office)."""
    scheme = access.scheme_for_user(request.user, scheme_id)
    stored = selectors.rules_for(scheme)
    current = stored.rules if stored else DEFAULT_RULES
    initial = {"rules": json.dumps(current, ensure_ascii=False, indent=2)}
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.grading_rules_set(
                actor=request.user, scheme=scheme, rules=form.cleaned_data["rules"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Grading rules saved."))
            return redirect(f"{_index_url()}?year={scheme.year_id}")
    return render(
        request,
        "honours/rules.html",
        {
            "form": form,
            "scheme": scheme,
            "inherited": stored is not None and stored.scheme_id != scheme.pk,
        },
    )


@login_required
def draft_detail(request, draft_id):
    """A draft: every unit's grade, awards and reason; the steps; objections (office)."""
    draft = access.draft_for_user(request.user, draft_id)
    office = access.is_draft_office(request.user, draft)
    objections = draft.objections.select_related("unit") if office else []
    units = Unit.objects.filter(honours__draft=draft).order_by("code")
    return render(
        request,
        "honours/draft.html",
        {
            "draft": draft,
            "entries": selectors.draft_entries(draft),
            "awards": selectors.awards_of(draft),
            "allowed": DRAFT.allowed(request.user, draft),
            "office": office,
            "objections": [(o, OBJECTION.allowed(request.user, o)) for o in objections],
            "objection_form": ObjectionForm(units=units) if office else None,
            "reason_form": ReasonForm(),
            "handling_form": HandlingForm(),
        },
    )


STEPS = {"publish": services.honours_publish, "finalise": services.honours_finalise}


@login_required
@require_POST
def draft_step(request, draft_id, action):
    """Publish, finalise or discard a draft (office)."""
    draft = access.draft_for_user(request.user, draft_id, for_change=True)
    try:
        if action == "discard":
            form = ReasonForm(request.POST)
            reason = form.data.get("reason", "")
            services.honours_discard(actor=request.user, draft=draft, reason=reason)
        elif action in STEPS:
            STEPS[action](actor=request.user, draft=draft)
        else:
            raise Http404("not found")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("honours:draft", draft.pk)


@login_required
@require_POST
def objection_create(request, draft_id):
    """Record an objection received during the publicity (office)."""
    draft = access.draft_for_user(request.user, draft_id, for_change=True)
    form = ObjectionForm(request.POST, units=Unit.objects.filter(honours__draft=draft))
    if form.is_valid():
        try:
            services.objection_record(actor=request.user, draft=draft, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Objection recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("honours:draft", draft.pk)


@login_required
@require_POST
def objection_decide(request, objection_id, action):
    """Uphold or dismiss an objection, saying how it was handled (office)."""
    objection = access.objection_for_user(request.user, objection_id)
    if action not in ("uphold", "dismiss"):
        raise Http404("not found")
    try:
        services.objection_handle(
            actor=request.user,
            objection=objection,
            action=action,
            handling=request.POST.get("handling", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("honours:draft", objection.draft_id)
