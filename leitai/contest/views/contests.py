"""Preparing a contest (office): the list, the contest's form, the draw, judges and recusals."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.contest import selectors
from leitai.contest.access import contest_for_user, judge_for_user, visible_contests
from leitai.contest.forms import ContestForm, JudgeForm, ReasonForm, RecusalForm, criteria_lines
from leitai.contest.services import setup
from leitai.contest.transitions import CONTEST, ROUND
from leitai.contest.views import files
from leitai.contest.views.common import back_to, service_messages
from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of, scope_for, year_for_user
from leitai.org.views.common import chosen_year

CONTEST_STEPS = {
    "ready": setup.contest_ready,
    "reopen": setup.contest_reopen,
    "start": setup.contest_start,
}


@login_required
def contest_list(request):
    """List the contests the person may see, newest first."""
    contests = selectors.contests_list(visible_contests(request.user))
    may_create = bool(scope_for(request.user).office_jurisdiction_ids)
    return render(request, "contest/list.html", {"contests": contests, "may_create": may_create})


@login_required
def contest_create(request):
    """Set up a contest (office)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    form = ContestForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            contest = setup.contest_create(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contest set up."))
            return redirect("contest:detail", contest.pk)
    return render(request, "contest/form.html", {"form": form, "title": _("New contest")})


@login_required
def contest_edit(request, contest_id):
    """Change a contest being prepared (office)."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    initial = {
        "name": contest.name,
        "held_on": contest.held_on,
        "indicator_code": contest.indicator_code,
        "minutes": contest.minutes,
        "method": contest.method,
        "rank_step": contest.rank_step,
        "criteria": criteria_lines(contest.criteria),
    }
    form = ContestForm(request.POST or None, year=contest.year, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup.contest_update(actor=request.user, contest=contest, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contest saved."))
            return redirect("contest:detail", contest.pk)
    return render(
        request, "contest/form.html", {"form": form, "title": contest.name, "contest": contest}
    )


@login_required
def contest_detail(request, contest_id):
    """Show a contest: for the office its preparation and the host's console, else the order."""
    contest = contest_for_user(request.user, contest_id)
    office = is_office_of(request.user, contest.year.jurisdiction_id)
    order = selectors.running_order(contest)
    current = contest.current
    context = {
        "contest": contest,
        "office": office,
        "order": order,
        "current": current,
        "next_round": _next_round(request.user, contest),
        "steps": CONTEST.allowed(request.user, contest),
        "finishable": selectors.all_revealed(contest),
        "round_steps": ROUND.allowed(request.user, current) if current else frozenset(),
        "results": selectors.contest_results(contest),
        "draws": list(contest.draws.all()),
        "classes": selectors.rater_classes(contest),
        "trim_from": selectors.trim_from(contest),
        "vote_steps": _vote_steps(request.user, contest, order),
        **files.presentations(request.user, contest, order),
    }
    if office:
        context.update(
            judges=list(contest.judges.select_related("unit", "person")),
            recusals=selectors.recusals(contest),
            judge_form=JudgeForm(contest=contest, classes=context["classes"]),
            recusal_form=RecusalForm(contest=contest),
            reason_form=ReasonForm(),
        )
    return render(request, "contest/detail.html", context)


def _vote_steps(user, contest, order):
    """Return the rank vote's steps the user may take now (the reveal, once all presented)."""
    if not order or not selectors.voting_open(contest):
        return frozenset()
    return ROUND.allowed(user, order[0])


def _next_round(user, contest):
    following = selectors.next_on_stage(contest)
    return following if following and ROUND.may(user, following, "present") else None


@login_required
@require_POST
def contest_step(request, contest_id, action):
    """Take one step of the contest's table (ready, reopen, start)."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    if action not in CONTEST_STEPS:
        return back_to(contest)
    try:
        CONTEST_STEPS[action](actor=request.user, contest=contest)
    except ValidationError as exc:
        service_messages(request, exc)
    return back_to(contest)


@login_required
@require_POST
def contest_draw(request, contest_id):
    """Draw the running order by lot (again, with a reason)."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        draw = setup.contest_draw(
            actor=request.user, contest=contest, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(request, _("Running order drawn (seed %(seed)s).") % {"seed": draw.seed})
    return back_to(contest, "order")


def _link_page(request, judge, token):
    url = request.build_absolute_uri(reverse("contest:judge_page", args=[token]))
    qr = segno.make(url, error="m")
    return render(
        request,
        "contest/link.html",
        {"judge": judge, "contest": judge.contest, "url": url, "qr": qr.svg_data_uri(scale=6)},
    )


@login_required
@require_POST
def judge_add(request, contest_id):
    """Add a judge and show his personal link and QR code, once."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    form = JudgeForm(request.POST, contest=contest, classes=selectors.rater_classes(contest))
    if form.is_valid():
        try:
            judge, token = setup.judge_add(actor=request.user, contest=contest, **form.cleaned_data)
        except ValidationError as exc:
            service_messages(request, exc)
        else:
            return _link_page(request, judge, token)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return back_to(contest, "judges")


@login_required
@require_POST
def judge_link(request, judge_id):
    """Give a judge a new personal link (the old one stops working) and show it, once."""
    judge = judge_for_user(request.user, judge_id)
    try:
        token = setup.judge_link_issue(actor=request.user, judge=judge)
    except ValidationError as exc:
        service_messages(request, exc)
        return back_to(judge.contest, "judges")
    return _link_page(request, judge, token)


@login_required
@require_POST
def judge_revoke(request, judge_id):
    """Revoke a judge's personal link."""
    judge = judge_for_user(request.user, judge_id)
    try:
        setup.judge_link_revoke(actor=request.user, judge=judge)
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(request, _("The link of %(name)s is revoked.") % {"name": judge.name})
    return back_to(judge.contest, "judges")


@login_required
@require_POST
def judge_presence(request, judge_id):
    """Mark a judge present or absent (absent judges are not waited for)."""
    judge = judge_for_user(request.user, judge_id)
    try:
        setup.judge_update(actor=request.user, judge=judge, present=not judge.present)
    except ValidationError as exc:
        service_messages(request, exc)
    return back_to(judge.contest, "judges")


@login_required
@require_POST
def recusal_add(request, contest_id):
    """Mark that a judge does not score a unit, with the reason."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    form = RecusalForm(request.POST, contest=contest)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back_to(contest, "judges")
    judge = contest.judges.get(pk=form.cleaned_data["judge"])
    round_ = contest.rounds.select_related("unit").get(pk=form.cleaned_data["round"])
    try:
        setup.recusal_mark(
            actor=request.user, judge=judge, round=round_, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        service_messages(request, exc)
    return back_to(contest, "judges")
