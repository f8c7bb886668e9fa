"""The problem's state table: which rectification step may be taken from which status, by whom.

    open ──plan_submit (unit leader)──▶ in_progress ──complete (unit leader)──▶ submitted
    submitted ──sign_off (supervisor/office)──▶ signed_off
    submitted ──send_back (supervisor/office)──▶ reopened ──complete──▶ submitted
    open / in_progress / submitted / reopened ──withdraw (office)──▶ withdrawn

`plan_draft` (open) and `progress` (in_progress, reopened) record something without moving the
problem. The services check every step here; the problem's page asks `PROBLEM.allowed` for its
buttons. Inspection rounds and visits have no states.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitai.core.transitions import Step, Transitions, Who
from leitai.supervision import access
from leitai.supervision.models import Problem

S = Problem.Status
OPEN_STATES = (S.OPEN, S.IN_PROGRESS, S.SUBMITTED, S.REOPENED)

UNIT_PERSON = Who("reporter or leader of the unit", access.is_unit_person)
UNIT_LEADER = Who("leader of the unit", access.is_unit_leader)
VERIFIER = Who("supervisor of the unit's group or office", access.is_verifier)
OFFICE = Who("office", access.is_problem_office)


class ProblemTransitions(Transitions):
    """The problem's table; its refusal names the problem."""

    def refusal(self, obj) -> str:
        label = obj.get_status_display()
        return _("Not possible while the problem is “%(status)s”.") % {"status": label}


PROBLEM = ProblemTransitions(
    Problem,
    Step("plan_draft", {S.OPEN}, None, UNIT_PERSON),
    Step("plan_submit", {S.OPEN}, S.IN_PROGRESS, UNIT_LEADER),
    Step("progress", {S.IN_PROGRESS, S.REOPENED}, None, UNIT_PERSON),
    Step("complete", {S.IN_PROGRESS, S.REOPENED}, S.SUBMITTED, UNIT_LEADER),
    Step("sign_off", {S.SUBMITTED}, S.SIGNED_OFF, VERIFIER),
    Step("send_back", {S.SUBMITTED}, S.REOPENED, VERIFIER),
    Step("withdraw", OPEN_STATES, S.WITHDRAWN, OFFICE),
    field="status",
)
