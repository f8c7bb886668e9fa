"""The state table of the key-task area: coordination requests (需协调解决的问题).

A request is raised open; the task's leader in charge answers it (and may answer again while it
is not closed); the lead unit (or the office) records the follow-up, which closes it. Raising a
request creates it, so it is no step of the table.
"""

from __future__ import annotations

from leitai.core.transitions import Step, Transitions, Who
from leitai.keytasks.access import can_answer, can_report
from leitai.keytasks.models import CoordinationRequest

S = CoordinationRequest.Status

LEADER_IN_CHARGE = Who("the task's leader in charge", lambda user, req: can_answer(user, req.task))
LEAD_UNIT_OR_OFFICE = Who(
    "the lead unit or the office", lambda user, req: can_report(user, req.task)
)

COORDINATION = Transitions(
    CoordinationRequest,
    Step("answer", {S.OPEN, S.ANSWERED}, S.ANSWERED, LEADER_IN_CHARGE),
    Step("follow_up", {S.ANSWERED}, S.CLOSED, LEAD_UNIT_OR_OFFICE),
)
