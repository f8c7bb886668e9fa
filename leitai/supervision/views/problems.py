"""Problems: raising one, its page (the whole story) and each rectification step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leitai.core.evidence import download_view
from leitai.core.forms import add_service_errors
from leitai.org.access import visible_units
from leitai.org.views.common import office_jurisdiction
from leitai.supervision import colours, selectors, services
from leitai.supervision.access import (
    evidence_for_user,
    may_record_at,
    problem_for_user,
    visit_for_user,
)
from leitai.supervision.forms import PlanForm, ProblemForm, ReasonForm, SignOffForm, TextForm
from leitai.supervision.transitions import PROBLEM
from leitai.supervision.views.common import as_of, supervision_year, uploaded


@login_required
def problem_from_visit(request, visit_id):
    """Record a problem found on a visit (the unit's supervisors or the office)."""
    visit = visit_for_user(request.user, visit_id)
    if not may_record_at(request.user, visit):
        raise Http404("not found")
    year = visit.round.year
    form = ProblemForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.problem_categories(year.jurisdiction_id),
        initial={"found_on": visit.visited_on, "severity": "general"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_raise(
                actor=request.user,
                year=year,
                unit=visit.unit,
                visit=visit,
                category=data["category"],
                severity=data["severity"],
                description=data["description"],
                found_on=data["found_on"],
                files=uploaded(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Problem recorded."))
            return redirect("supervision:problem_detail", problem.pk)
    title = _("New problem at %(unit)s") % {"unit": visit.unit.name}
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": title, "back": "supervision:ledger", "multipart": True},
    )


@login_required
def problem_raise(request):
    """Raise a problem outside a round, e.g. from a complaint or a contest (office)."""
    jurisdiction = office_jurisdiction(request)
    year = supervision_year(request)
    if year.jurisdiction_id != jurisdiction.pk:
        raise Http404("not found")
    units = visible_units(request.user).filter(jurisdiction=jurisdiction, active=True)
    form = ProblemForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.problem_categories(jurisdiction.pk),
        units=units.order_by("code"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_raise(
                actor=request.user,
                year=year,
                unit=data["unit"],
                source=data["source"],
                category=data["category"],
                severity=data["severity"],
                description=data["description"],
                found_on=data["found_on"],
                files=uploaded(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Problem recorded."))
            return redirect("supervision:problem_detail", problem.pk)
    return render(
        request,
        "supervision/form.html",
        {
            "form": form,
            "title": _("New problem outside a round"),
            "back": "supervision:ledger",
            "multipart": True,
        },
    )


def _plan_initial(problem):
    return {
        "measures": problem.measures,
        "responsible": problem.responsible,
        "target_date": problem.target_date,
    }


def _forms(problem, actions, bound=None):
    forms = {
        "plan_submit": PlanForm(initial=_plan_initial(problem), prefix="plan"),
        "progress": TextForm(prefix="progress"),
        "complete": TextForm(prefix="complete"),
        "sign_off": SignOffForm(prefix="sign_off"),
        "send_back": ReasonForm(prefix="send_back"),
        "withdraw": ReasonForm(prefix="withdraw"),
    }
    if bound:
        forms[bound[0]] = bound[1]
    return {name: form for name, form in forms.items() if name in actions or name == "plan_submit"}


def _detail(request, problem, bound=None, status=200):
    actions = PROBLEM.allowed(request.user, problem)
    rule = selectors.rule_of(problem.year)
    day = as_of(request, problem.year)
    present = day == selectors.default_as_of(problem.year)
    colour = colours.colour_of(problem, as_of=day, rule=rule, present=present)
    return render(
        request,
        "supervision/problem_detail.html",
        {
            "problem": problem,
            "group": selectors.problem_group(problem),
            "story": selectors.problem_story(problem),
            "actions": actions,
            "forms": _forms(problem, actions, bound),
            "colour": colour,
            "colour_label": colours.LABELS[colour],
            "colour_badge": colours.BADGES[colour],
            "as_of": day,
            "days_overdue": colours.days_overdue(problem, as_of=day, present=present),
        },
        status=status,
    )


@login_required
def problem_detail(request, problem_id):
    """Show a problem, its rectification story with evidence, and the steps the person may take."""
    return _detail(request, problem_for_user(request.user, problem_id))


STEPS = {
    # action: (bound form from POST data, service call)
    "plan_draft": (
        lambda data: PlanForm(data, prefix="plan", draft=True),
        lambda user, p, d, files: services.rectification_plan_draft(actor=user, problem=p, **d),
    ),
    "plan_submit": (
        lambda data: PlanForm(data, prefix="plan"),
        lambda user, p, d, files: services.rectification_plan_submit(actor=user, problem=p, **d),
    ),
    "progress": (
        lambda data: TextForm(data, prefix="progress"),
        lambda user, p, d, files: services.rectification_progress(
            actor=user, problem=p, text=d["text"], files=files, on=d["on"]
        ),
    ),
    "complete": (
        lambda data: TextForm(data, prefix="complete"),
        lambda user, p, d, files: services.rectification_complete(
            actor=user, problem=p, text=d["text"], files=files, on=d["on"]
        ),
    ),
    "sign_off": (
        lambda data: SignOffForm(data, prefix="sign_off"),
        lambda user, p, d, files: services.problem_sign_off(
            actor=user, problem=p, text=d["text"], on=d["on"]
        ),
    ),
    "send_back": (
        lambda data: ReasonForm(data, prefix="send_back"),
        lambda user, p, d, files: services.problem_send_back(
            actor=user, problem=p, reason=d["reason"], on=d["on"]
        ),
    ),
    "withdraw": (
        lambda data: ReasonForm(data, prefix="withdraw"),
        lambda user, p, d, files: services.problem_withdraw(
            actor=user, problem=p, reason=d["reason"], on=d["on"]
        ),
    ),
}
DONE = {
    "plan_draft": gettext_lazy("Draft saved."),
    "plan_submit": gettext_lazy("Plan submitted."),
    "progress": gettext_lazy("Progress reported."),
    "complete": gettext_lazy("Completion submitted for verification."),
    "sign_off": gettext_lazy("Signed off."),
    "send_back": gettext_lazy("Sent back to the unit."),
    "withdraw": gettext_lazy("Problem withdrawn."),
}


@require_POST
@login_required
def problem_step(request, problem_id, action):
    """Take one step on a problem; the service refuses a wrong person or state."""
    problem = problem_for_user(request.user, problem_id)
    if action not in STEPS:
        raise Http404("not found")
    make_form, call = STEPS[action]
    form = make_form(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "files"}
        try:
            call(request.user, problem, data, request.FILES.getlist(f"{form.prefix}-files"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("supervision:problem_detail", problem.pk)
    bound_name = "plan_submit" if action == "plan_draft" else action
    return _detail(request, problem_for_user(request.user, problem_id), (bound_name, form), 400)


evidence_download = download_view(
    evidence_for_user, doc="Send an evidence file to someone who may see its problem."
)
