"""The selection's and the nomination's state tables.

Selection (the office moves it along its calendar):

    draft ──open──▶ nominating ──close_nominations──▶ clearance ──close_clearance──▶
    shortlisting ──publish──▶ publicity ──open_vote──▶ voting ──close_vote──▶ final

Nomination:

    draft ──sign (unit leader)──▶ signed ──clear (each office; the last one)──▶ cleared
    signed ──veto (a clearance office, with a reason)──▶ vetoed
    cleared ──shortlist / pass_over (office)──▶ shortlisted / not_shortlisted
    shortlisted ──drop (office, an objection upheld)──▶ not_shortlisted
    shortlisted ──object (anyone, during the public notice): records an objection
    shortlisted ──award / not_award (the close of the vote)──▶ awarded / not_awarded
    awarded ──revoke (office, false 事迹)──▶ revoked

Objection: open ──dismiss / uphold (office, during the public notice)──▶ dismissed / upheld.

`edit` (draft) records without moving. A nomination's steps also need its selection at the
right stage: the unit works while nominating, the clearance offices during clearance, the
committee while shortlisting.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitai.core.transitions import Step, Transitions, Who
from leitai.selections import access
from leitai.selections.models import Nomination, Objection, Selection

S = Selection.Status
N = Nomination.Status

OFFICE = Who("office", access.is_selection_office)


def _stage(*states):
    return lambda user, nomination: nomination.selection.status in states


NOMINATING = Who("selection open for nominations", _stage(S.NOMINATING))
CLEARING = Who("selection in clearance", _stage(S.NOMINATING, S.CLEARANCE))
SHORTLISTING = Who("selection being shortlisted", _stage(S.SHORTLISTING))
PUBLICITY = Who("selection on public notice", _stage(S.PUBLICITY))
VOTING = Who("selection voting", _stage(S.VOTING))
FINAL = Who("selection final", _stage(S.FINAL))

LEADER = Who("leader of the unit", access.is_leader_of) & NOMINATING
UNIT = (
    Who("reporter of the unit", access.is_reporter_of)
    | Who("leader of the unit", access.is_leader_of)
) & NOMINATING
CLEARANCE = Who("clearance office", access.is_clearance_signer) & CLEARING
COMMITTEE = Who("office", access.is_office_of_nomination) & SHORTLISTING
NOTICE = Who("office", access.is_office_of_nomination) & PUBLICITY
TALLY = Who("office", access.is_office_of_nomination) & VOTING
REVOKER = Who("office", access.is_office_of_nomination) & FINAL

VOTER = Who(
    "voter of the jurisdiction or holder of a voting code",
    lambda user, selection: access.is_code_of(user, selection) or access.is_voter(user, selection),
)
UNIT_PERSON = Who("reporter or leader of a unit", access.is_unit_person)
ANYONE_DURING_NOTICE = Who("anyone during the public notice", _stage(S.PUBLICITY))

SELECTION = Transitions(
    Selection,
    Step("edit", {S.DRAFT, S.NOMINATING}, None, OFFICE),
    Step("nominate", {S.NOMINATING}, None, UNIT_PERSON),
    Step("codes", {S.SHORTLISTING, S.PUBLICITY, S.VOTING}, None, OFFICE),
    Step("vote", {S.VOTING}, None, VOTER),
    Step("open", {S.DRAFT}, S.NOMINATING, OFFICE),
    Step("close_nominations", {S.NOMINATING}, S.CLEARANCE, OFFICE),
    Step("close_clearance", {S.CLEARANCE}, S.SHORTLISTING, OFFICE),
    Step("publish", {S.SHORTLISTING}, S.PUBLICITY, OFFICE),
    Step("open_vote", {S.PUBLICITY}, S.VOTING, OFFICE),
    Step("close_vote", {S.VOTING}, S.FINAL, OFFICE),
    field="status",
)


class NominationTransitions(Transitions):
    """The nomination's table; its refusal names the nomination's state."""

    def refusal(self, obj) -> str:
        label = obj.get_status_display()
        return _("Not possible while the nomination is “%(status)s”.") % {"status": label}


NOMINATION = NominationTransitions(
    Nomination,
    Step("edit", {N.DRAFT}, None, UNIT),
    Step("sign", {N.DRAFT}, N.SIGNED, LEADER),
    Step("clear", {N.SIGNED}, None, CLEARANCE),
    Step("complete_clearance", {N.SIGNED}, N.CLEARED, CLEARANCE),
    Step("veto", {N.SIGNED}, N.VETOED, CLEARANCE),
    Step("shortlist", {N.CLEARED}, N.SHORTLISTED, COMMITTEE),
    Step("pass_over", {N.CLEARED}, N.NOT_SHORTLISTED, COMMITTEE),
    Step("object", {N.SHORTLISTED}, None, ANYONE_DURING_NOTICE),
    Step("drop", {N.SHORTLISTED}, N.NOT_SHORTLISTED, NOTICE),
    Step("score", {N.SHORTLISTED}, None, TALLY),
    Step("award", {N.SHORTLISTED}, N.AWARDED, TALLY),
    Step("not_award", {N.SHORTLISTED}, N.NOT_AWARDED, TALLY),
    Step("revoke", {N.AWARDED}, N.REVOKED, REVOKER),
    field="status",
)

OS = Objection.Status
OBJECTION_OFFICE = Who(
    "office during the public notice",
    lambda user, objection: (
        access.is_office_of_nomination(user, objection.nomination)
        and objection.nomination.selection.status == S.PUBLICITY
    ),
)

OBJECTION = Transitions(
    Objection,
    Step("dismiss", {OS.OPEN}, OS.DISMISSED, OBJECTION_OFFICE),
    Step("uphold", {OS.OPEN}, OS.UPHELD, OBJECTION_OFFICE),
    field="status",
)
