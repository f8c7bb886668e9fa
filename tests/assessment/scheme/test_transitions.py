"""The scheme side's state tables, pair by pair: every step a table allows works for a person
its `who` accepts and is refused, with nothing changed, for one it rejects; every step it does
not allow is refused with nothing changed.

Steps with no service of their own (`Scheme.retire`, `Adjustment.supersede`) are taken inside
another service; for them the allowed pair is shown through that service and the refused pairs
through the table itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from leitai.assessment.models import Adjustment, Period, Scheme
from leitai.assessment.scheme.services import adjustments, periods
from leitai.assessment.scheme.services import scheme as schemes
from leitai.assessment.scheme.transitions import ADJUSTMENT, PERIOD, SCHEME
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import make_period, make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot(obj) -> tuple:
    """The object's stored fields (None once deleted) and the number of audit rows."""
    return type(obj).objects.filter(pk=obj.pk).values().first(), AuditEntry.objects.count()


def assert_refused(run, obj, error) -> None:
    before = snapshot(obj)
    with pytest.raises(error):
        run()
    assert snapshot(obj) == before


# --- schemes -----------------------------------------------------------------------------------


def scheme_in(world, state: str) -> Scheme:
    return make_scheme(world.year, state=state, version=7)


SCHEME_SERVICES = {
    "edit": lambda actor, s: schemes.scheme_update(actor=actor, scheme=s, name="新名称"),
    "activate": lambda actor, s: schemes.scheme_activate(actor=actor, scheme=s),
    "discard": lambda actor, s: schemes.scheme_discard(actor=actor, scheme=s),
}


@pytest.mark.parametrize(("state", "action", "step"), list(SCHEME.pairs()))
def test_scheme_table(world, state, action, step):
    scheme = scheme_in(world, state)
    service = SCHEME_SERVICES.get(action)
    if service is None:  # retire: taken when another version is put in force
        if step is None:
            with pytest.raises(ValidationError):
                SCHEME.check(world.office, scheme, action)
            return
        draft = make_scheme(world.year, state=Scheme.State.DRAFT, version=8)
        schemes.scheme_activate(actor=world.office, scheme=draft)
        scheme.refresh_from_db()
        assert scheme.state == step.target
        return
    if step is None:
        assert_refused(lambda: service(world.office, scheme), scheme, ValidationError)
        return
    assert_refused(lambda: service(world.other_office, scheme), scheme, PermissionDenied)
    count = AuditEntry.objects.count()
    service(world.office, scheme)
    assert AuditEntry.objects.count() == count + 1
    stored = Scheme.objects.filter(pk=scheme.pk).first()
    if step.target is not None:
        assert stored.state == step.target


# --- periods -----------------------------------------------------------------------------------

PERIOD_SERVICES = {
    "open": periods.period_open,
    "close": periods.period_close,
    "lock": periods.period_lock,
    "reopen": periods.period_reopen,
}


def run_period(action: str, actor, period: Period):
    if action == "update":
        later = period.deadline + dt.timedelta(minutes=1)
        return periods.period_update(actor=actor, period=period, deadline=later)
    return PERIOD_SERVICES[action](actor=actor, period=period)


@pytest.mark.parametrize(("state", "action", "step"), list(PERIOD.pairs()))
def test_period_table(world, state, action, step):
    make_scheme(world.year)
    period = make_period(world.year, "2022-03", state=state)
    if step is None:
        assert_refused(lambda: run_period(action, world.office, period), period, ValidationError)
        return
    rejected = world.other_office
    assert_refused(lambda: run_period(action, rejected, period), period, PermissionDenied)
    count = AuditEntry.objects.count()
    run_period(action, world.office, period)
    assert AuditEntry.objects.count() == count + 1
    period.refresh_from_db()
    assert period.state == (step.target or state)


def test_the_system_opens_and_locks_but_takes_no_other_step(world):
    period = make_period(world.year, "2022-03", state=Period.State.PENDING)
    assert PERIOD.allowed(None, period) == {"open"}
    period.state = Period.State.OPEN
    assert PERIOD.allowed(None, period) == {"lock"}


# --- adjustments -------------------------------------------------------------------------------


def propose(world, period, level="provincial") -> Adjustment:
    return adjustments.adjustment_propose(
        actor=world.office,
        period=period,
        unit=world.unit_a,
        arena_code="projects",
        kind="bonus",
        matter="全国文明单位",
        level=level,
    )


def adjustment_in(world, period, state: str) -> Adjustment:
    row = propose(world, period)
    if state == Adjustment.State.APPROVED:
        adjustments.adjustment_approve(actor=world.office, adjustment=row)
    elif state == Adjustment.State.REJECTED:
        adjustments.adjustment_reject(actor=world.office, adjustment=row, note="不符")
    elif state == Adjustment.State.SUPERSEDED:
        adjustments.adjustment_approve(actor=world.office, adjustment=row)
        higher = propose(world, period, level="national")
        adjustments.adjustment_approve(actor=world.office, adjustment=higher)
    row.refresh_from_db()
    assert row.state == state
    return row


ADJUSTMENT_SERVICES = {
    "approve": lambda actor, row: adjustments.adjustment_approve(actor=actor, adjustment=row),
    "reject": lambda actor, row: adjustments.adjustment_reject(
        actor=actor, adjustment=row, note="不符"
    ),
}


@pytest.mark.parametrize(("state", "action", "step"), list(ADJUSTMENT.pairs()))
def test_adjustment_table(world, state, action, step):
    make_scheme(world.year)
    period = make_period(world.year, "2022-03")
    row = adjustment_in(world, period, state)
    service = ADJUSTMENT_SERVICES.get(action)
    if service is None:  # supersede: taken when a higher bonus for the matter is approved
        if step is None:
            with pytest.raises(ValidationError):
                ADJUSTMENT.check(world.office, row, action)
            return
        higher = propose(world, period, level="national")
        adjustments.adjustment_approve(actor=world.office, adjustment=higher)
        row.refresh_from_db()
        assert row.state == step.target
        return
    if step is None:
        assert_refused(lambda: service(world.office, row), row, ValidationError)
        return
    assert_refused(lambda: service(world.other_office, row), row, PermissionDenied)
    count = AuditEntry.objects.count()
    service(world.office, row)
    assert AuditEntry.objects.count() == count + 1
    row.refresh_from_db()
    assert row.state == step.target
