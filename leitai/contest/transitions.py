"""The contest's state tables: which step of the evening may be taken from which state, by whom.

The contest:

    draft ──ready (office)──▶ ready ──start (office)──▶ running ──finish (office)──▶ finished
    ready ──reopen (office)──▶ draft
    draft / ready: edit, draw (the running order by lot); draft / ready / running: judges
    draft / ready: upload (a presenting unit's reporter or leader, its presentation file)

Each unit's round (one unit at a time; the running order says which comes next):

    waiting ──present──▶ presenting ──open_scoring──▶ scoring ──close──▶ closed
    scoring (every present judge submitted) / closed ──reveal──▶ revealed
    presenting: timer (start/stop); scoring: submit (a judge, by his link); revealed: void

A rank-vote contest (排序投票) instead ends each presentation without scoring it:

    presenting ──end_presentation──▶ presented ──reveal_votes (all units at once)──▶ revealed
    contest running, every unit presented: vote (a judge, by his link, orders the units)

All round steps but `submit` are the office's. The services check the rest of each rule
(the contest is running, no other unit is on stage, every present judge has submitted).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitai.contest import access
from leitai.contest.models import Contest, ContestUnit
from leitai.core.transitions import Step, Transitions, Who

C = Contest.State
R = ContestUnit.State

OFFICE = Who("office", access.is_contest_office)
UNIT_PEOPLE = Who("a reporter or leader of a presenting unit", access.is_contest_unit_person)
JUDGE = Who("judge of the contest, by his link", access.is_contest_judge)


class ContestTransitions(Transitions):
    """The contest's table; its refusal names the contest's state."""

    def refusal(self, obj) -> str:
        label = obj.get_state_display()
        return _("Not possible while the contest is “%(state)s”.") % {"state": label}


class RoundTransitions(Transitions):
    """A unit's round; its refusal names the round's state."""

    def refusal(self, obj) -> str:
        label = obj.get_state_display()
        return _("Not possible while the unit's round is “%(state)s”.") % {"state": label}


CONTEST = ContestTransitions(
    Contest,
    Step("edit", {C.DRAFT, C.READY}, None, OFFICE),
    Step("draw", {C.DRAFT, C.READY}, None, OFFICE),
    Step("ready", {C.DRAFT}, C.READY, OFFICE),
    Step("reopen", {C.READY}, C.DRAFT, OFFICE),
    Step("start", {C.READY}, C.RUNNING, OFFICE),
    Step("judges", {C.DRAFT, C.READY, C.RUNNING}, None, OFFICE),
    Step("finish", {C.RUNNING}, C.FINISHED, OFFICE),
    Step("vote", {C.RUNNING}, None, JUDGE),
    Step("upload", {C.DRAFT, C.READY}, None, UNIT_PEOPLE),
    field="state",
)

ROUND = RoundTransitions(
    ContestUnit,
    Step("present", {R.WAITING}, R.PRESENTING, OFFICE),
    Step("timer", {R.PRESENTING}, None, OFFICE),
    Step("open_scoring", {R.PRESENTING}, R.SCORING, OFFICE),
    Step("submit", {R.SCORING}, None, JUDGE),
    Step("close", {R.SCORING}, R.CLOSED, OFFICE),
    Step("reveal", {R.SCORING, R.CLOSED}, R.REVEALED, OFFICE),
    Step("void", {R.REVEALED}, None, OFFICE),
    Step("end_presentation", {R.PRESENTING}, R.PRESENTED, OFFICE),
    Step("reveal_votes", {R.PRESENTED}, R.REVEALED, OFFICE),
    field="state",
)
