"""Selections' items of the home page's to-do list (declared as `todo` on the AppConfig).

- reporter and unit leader: each selection open for nominations (the unit's quota page);
- unit leader: nominations of the units it leads waiting for its signature;
- a clearance office's signer: nominations waiting for its office's decision;
- every voter: the titles of an open vote it has not voted on.

A clearance signer or a voter holds no role of its own for it: the item goes to the section of
the first role the person holds (`ROLE_ORDER`), so it shows once. One query finds the year's
selections under way; with none, that is all.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from leitai.core.areas import Todo
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant
from leitai.selections.models import Nomination, Selection, VoteReceipt

S = Selection.Status
ROLE_ORDER = (
    Role.OFFICE,
    Role.LEADER,
    Role.UNIT_LEADER,
    Role.REPORTER,
    Role.SUPERVISOR,
    Role.ASSESSOR,
    Role.JUDGE,
)


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return the selections' to-do items of the person."""
    scope = scope_for(user)
    roles = [r for r in ROLE_ORDER if r in scope.roles]
    if not roles or year.jurisdiction_id not in scope.jurisdiction_ids:
        return []
    under_way = list(
        Selection.objects.filter(year=year, status__in=(S.NOMINATING, S.CLEARANCE, S.VOTING))
    )
    items: list[Todo] = []
    for selection in under_way:
        url = reverse("selections:detail", args=[selection.pk])
        if selection.status == S.NOMINATING:
            items += _nominating(user, scope, selection, url)
        if selection.status in (S.NOMINATING, S.CLEARANCE):
            items += _clearance(user, roles[0], selection, url)
        if selection.status == S.VOTING:
            items += _voting(user, roles[0], selection)
    return items


def _nominating(user, scope, selection: Selection, url: str) -> list[Todo]:
    items = []
    for role in (Role.REPORTER, Role.UNIT_LEADER):
        if role in scope.roles:
            label = _("Nominate for %(name)s") % {"name": selection.name}
            items.append(Todo(role, label, None, url))
    if Role.UNIT_LEADER in scope.roles:
        led = RoleGrant.objects.filter(user=user, role=Role.UNIT_LEADER).values("unit_id")
        drafts = Nomination.objects.filter(
            selection=selection, unit_id__in=led, status=Nomination.Status.DRAFT
        ).count()
        if drafts:
            label = _("Nominations to sign off: %(name)s") % {"name": selection.name}
            items.append(Todo(Role.UNIT_LEADER, label, drafts, url))
    return items


def _clearance(user, role: str, selection: Selection, url: str) -> list[Todo]:
    mine = list(selection.clearance_offices.filter(members=user).values_list("pk", flat=True))
    signed = Nomination.objects.filter(selection=selection, status=Nomination.Status.SIGNED)
    # Per office the person signs for (one, nearly always): the nominations it has not decided.
    waiting = sum(signed.exclude(clearances__office_id=office).count() for office in mine)
    if not waiting:
        return []
    label = _("Nominations waiting for your clearance: %(name)s") % {"name": selection.name}
    return [Todo(role, label, waiting, url)]


def _voting(user, role: str, selection: Selection) -> list[Todo]:
    titles = selection.titles.count()
    voted = VoteReceipt.objects.filter(title__selection=selection, voter=user).count()
    if voted >= titles:
        return []
    label = _("Titles to vote on: %(name)s") % {"name": selection.name}
    return [Todo(role, label, titles - voted, reverse("selections:vote", args=[selection.pk]))]
