"""The evening: the host's console steps (office) and the big screen (16:9).

The console's list of who has submitted and the big screen are small fragments that htmx polls
every second, so a judge's submission shows within two seconds without a reload.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.contest import selectors
from leitai.contest.access import contest_for_user, round_for_user, submission_for_user
from leitai.contest.forms import ReasonForm
from leitai.contest.services import live, votes
from leitai.contest.views.common import back_to, service_messages
from leitai.org.access import is_office_of

ROUND_STEPS = {
    "present": lambda user, r: live.round_present(actor=user, round=r),
    "timer_start": lambda user, r: live.round_timer(actor=user, round=r, run=True),
    "timer_stop": lambda user, r: live.round_timer(actor=user, round=r, run=False),
    "open_scoring": lambda user, r: live.round_open_scoring(actor=user, round=r),
    "close": lambda user, r: live.round_close(actor=user, round=r),
    "reveal": lambda user, r: live.round_reveal(actor=user, round=r),
    "end_presentation": lambda user, r: votes.round_end_presentation(actor=user, round=r),
}


@login_required
@require_POST
def round_step(request, round_id, action):
    """Take one step of a unit's round from the console."""
    round_ = round_for_user(request.user, round_id, for_change=True)
    if action in ROUND_STEPS:
        try:
            ROUND_STEPS[action](request.user, round_)
        except ValidationError as exc:
            service_messages(request, exc)
    return back_to(round_.contest, "console")


@login_required
@require_POST
def submission_void(request, submission_id):
    """Void a revealed score with a reason."""
    sheet = submission_for_user(request.user, submission_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        live.submission_void(
            actor=request.user, submission=sheet, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(request, _("The score is void; the unit is rescored."))
    return back_to(sheet.round.contest, "results")


@login_required
@require_POST
def contest_finish(request, contest_id):
    """Finish the contest and write its scores into the quarter."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    try:
        count = live.contest_finish(actor=request.user, contest=contest)
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(
            request,
            _("The contest is finished; %(count)s judges' scores are in the quarter.")
            % {"count": count},
        )
    return back_to(contest)


def _live(contest):
    current = contest.current
    return {
        "contest": contest,
        "current": current,
        "progress": selectors.progress(current) if current else None,
        "order": selectors.running_order(contest),
        "results": selectors.contest_results(contest),
        "votes": selectors.vote_stage(contest),
    }


@login_required
def console_live(request, contest_id):
    """Return the console's fragment: the unit on stage and who has submitted (no scores)."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    return render(request, "contest/_console_live.html", _live(contest))


@login_required
def screen(request, contest_id):
    """Show the big screen (16:9) of the hall."""
    contest = contest_for_user(request.user, contest_id)
    office = is_office_of(request.user, contest.year.jurisdiction_id)
    return render(request, "contest/screen.html", {**_live(contest), "office": office})


@login_required
def screen_live(request, contest_id):
    """Return the big screen's fragment, polled every second."""
    contest = contest_for_user(request.user, contest_id)
    return render(request, "contest/_screen_live.html", _live(contest))
