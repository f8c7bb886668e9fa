"""Rank-vote contests at the host's console: the office reveals the judges' orders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.contest.access import contest_for_user
from leitai.contest.services import votes
from leitai.contest.views.common import back_to, service_messages


@login_required
@require_POST
def votes_reveal(request, contest_id):
    """Reveal the rank vote: every unit's score and place on the big screen."""
    contest = contest_for_user(request.user, contest_id, for_change=True)
    try:
        count = votes.votes_reveal(actor=request.user, contest=contest)
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(
            request, _("The rank vote is revealed: %(count)s scores.") % {"count": count}
        )
    return back_to(contest, "console")
