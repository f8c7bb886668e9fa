"""The state tables, pair by pair: each step is allowed for the people it names, from the states
it names, and refused for everyone else and from every other state; a refused service changes
nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.models import AuditEntry
from leitai.selections import services
from leitai.selections.models import Nomination, Objection, Selection
from leitai.selections.transitions import NOMINATION, OBJECTION, SELECTION
from tests.conftest import PERSONAS
from tests.selections.conftest import nominate

S = Selection.Status
NOBODY = "anonymous"
EVERYONE = {*PERSONAS, NOBODY}

# Who may take each step, written out independently of the tables.
SELECTION_PERMITTED = {
    "edit": {"office"},
    "nominate": {"reporter_a", "leader_a", "reporter_b"},
    "codes": {"office"},
    "vote": {p for p in PERSONAS if p not in {"other_office", NOBODY}},
    "open": {"office"},
    "close_nominations": {"office"},
    "close_clearance": {"office"},
    "publish": {"office"},
    "open_vote": {"office"},
    "close_vote": {"office"},
}
NOMINATION_PERMITTED = {
    "edit": {"reporter_a", "leader_a"},
    "sign": {"leader_a"},
    "clear": {"leader", "supervisor"},
    "complete_clearance": {"leader", "supervisor"},
    "veto": {"leader", "supervisor"},
    "shortlist": {"office"},
    "pass_over": {"office"},
    "object": EVERYONE,
    "drop": {"office"},
    "score": {"office"},
    "award": {"office"},
    "not_award": {"office"},
    "revoke": {"office"},
}
# The stage of the selection a nomination's step is taken in.
STAGE = {
    "edit": S.NOMINATING,
    "sign": S.NOMINATING,
    "clear": S.CLEARANCE,
    "complete_clearance": S.CLEARANCE,
    "veto": S.CLEARANCE,
    "shortlist": S.SHORTLISTING,
    "pass_over": S.SHORTLISTING,
    "object": S.PUBLICITY,
    "drop": S.PUBLICITY,
    "score": S.VOTING,
    "award": S.VOTING,
    "not_award": S.VOTING,
    "revoke": S.FINAL,
}


def _people(world):
    people = {name: getattr(world, name) for name in PERSONAS if name != NOBODY}
    people[NOBODY] = AnonymousUser()
    return people


def test_the_tables_name_every_step():
    assert set(SELECTION.actions) == set(SELECTION_PERMITTED)
    assert set(NOMINATION.actions) == set(NOMINATION_PERMITTED) == set(STAGE)
    assert set(OBJECTION.actions) == {"dismiss", "uphold"}


@pytest.mark.django_db
def test_selection_table_pair_by_pair(sel):
    people = _people(sel.world)
    selection = sel.reload()
    for state, action, step in SELECTION.pairs():
        selection.status = state
        for name, user in people.items():
            expected = step is not None and name in SELECTION_PERMITTED[action]
            assert SELECTION.may(user, selection, action) is expected, (state, action, name)


@pytest.mark.django_db
def test_nomination_table_pair_by_pair(sel):
    people = _people(sel.world)
    nomination = nominate(sel, "张三")
    for state, action, step in NOMINATION.pairs():
        nomination.status = state
        for stage in S.values:
            nomination.selection.status = stage
            for name, user in people.items():
                expected = (
                    (step is not None and stage == STAGE[action])
                    or (
                        action in {"clear", "complete_clearance", "veto"}
                        and step is not None
                        and stage == S.NOMINATING
                    )
                ) and name in NOMINATION_PERMITTED[action]
                got = NOMINATION.may(user, nomination, action)
                assert got is bool(expected), (state, stage, action, name)


@pytest.mark.django_db
def test_objection_table_pair_by_pair(sel):
    people = _people(sel.world)
    nomination = nominate(sel, "张三")
    objection = Objection(nomination=nomination, reason="不实")
    for state, action, step in OBJECTION.pairs():
        objection.status = state
        for stage in S.values:
            nomination.selection.status = stage
            for name, user in people.items():
                expected = step is not None and stage == S.PUBLICITY and name == "office"
                assert OBJECTION.may(user, objection, action) is expected


@pytest.mark.django_db
def test_a_refused_step_changes_nothing(sel):
    world = sel.world
    nomination = nominate(sel, "张三")
    rows = AuditEntry.objects.count()
    for actor in (world.reporter_a, world.reporter_b, world.office, world.other_office):
        with pytest.raises(PermissionDenied):
            services.nomination_sign(actor=actor, nomination=nomination)
    with pytest.raises(ValidationError):
        services.selection_step(actor=world.office, selection=sel.reload(), action="open")
    with pytest.raises(PermissionDenied):
        services.selection_step(
            actor=world.other_office, selection=sel.reload(), action="close_nominations"
        )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.signed_by) == (Nomination.Status.DRAFT, None)
    assert sel.reload().status == S.NOMINATING
    assert AuditEntry.objects.count() == rows
