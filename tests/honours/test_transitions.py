"""Every (state, action) pair of the draft's and the objection's tables, through the services.

An allowed pair works for the office and is refused to another county's office with nothing
changed; a pair the table does not allow is refused with nothing changed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.models import AuditEntry
from leitai.honours import services
from leitai.honours.models import HonoursDraft, Objection
from leitai.honours.transitions import DRAFT, OBJECTION
from tests.honours.conftest import publish_year

LATER = dt.date(2099, 1, 1)


def _pairs(table):
    return [pytest.param(s, a, id=f"{s}-{a}") for s, a, _ in table.pairs()]


def _draft_in(g, state):
    draft = services.honours_grade(actor=g.office, year=g.year)
    if state in ("publicised", "final"):
        draft = services.honours_publish(actor=g.office, draft=draft)
    if state == "final":
        draft = services.honours_finalise(actor=g.office, draft=draft, today=LATER)
    if state == "discarded":
        draft = services.honours_discard(actor=g.office, draft=draft, reason="重评")
    return HonoursDraft.objects.get(pk=draft.pk)


def _draft_act(action, actor, draft):
    calls = {
        "publish": lambda: services.honours_publish(actor=actor, draft=draft),
        "finalise": lambda: services.honours_finalise(actor=actor, draft=draft, today=LATER),
        "discard": lambda: services.honours_discard(actor=actor, draft=draft, reason="重评"),
        "object": lambda: services.objection_record(actor=actor, draft=draft, text="异议"),
    }
    return calls[action]


def _snapshot(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    fields = {f.attname: str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}
    objections = list(Objection.objects.values_list("pk", "state"))
    return fields, AuditEntry.objects.count(), objections, HonoursDraft.objects.count()


def _refused(call, obj):
    before = _snapshot(obj)
    with pytest.raises((ValidationError, PermissionDenied)):
        call()
    assert _snapshot(obj) == before


@pytest.mark.parametrize(("state", "action"), _pairs(DRAFT))
def test_draft_pairs(graded, state, action):
    publish_year(graded)
    draft = _draft_in(graded, state)
    _refused(_draft_act(action, graded.other_office, draft), draft)
    _refused(_draft_act(action, graded.leader, draft), draft)
    if DRAFT.step(action).sources and state in DRAFT.step(action).sources:
        before = AuditEntry.objects.count()
        _draft_act(action, graded.office, draft)()
        assert AuditEntry.objects.count() == before + 1
        target = DRAFT.step(action).target
        assert HonoursDraft.objects.get(pk=draft.pk).state == (target or state)
    else:
        _refused(_draft_act(action, graded.office, draft), draft)


@pytest.mark.parametrize(("state", "action"), _pairs(OBJECTION))
def test_objection_pairs(graded, state, action):
    publish_year(graded)
    draft = _draft_in(graded, "publicised")
    objection = services.objection_record(actor=graded.office, draft=draft, text="异议")
    if state != "pending":
        verb = "uphold" if state == "upheld" else "dismiss"
        services.objection_handle(
            actor=graded.office, objection=objection, action=verb, handling="已处理"
        )
    objection = Objection.objects.get(pk=objection.pk)

    def act(actor):
        return lambda: services.objection_handle(
            actor=actor, objection=objection, action=action, handling="处理意见"
        )

    _refused(act(graded.other_office), objection)
    if state == "pending":
        act(graded.office)()
        assert Objection.objects.get(pk=objection.pk).state == OBJECTION.step(action).target
    else:
        _refused(act(graded.office), objection)
