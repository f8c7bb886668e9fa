"""The collection side's state tables, pair by pair: every step a table allows works for a
person its `who` accepts and is refused, with nothing changed, for one it rejects; every step
it does not allow is refused with nothing changed.

Steps with no service of their own are taken inside another service: `Submission.verify`
(when the last value is verified), `Submission.lock` (the office's lock of a locked period's
submissions) and `IndicatorValue.submit` (with the sign-off). For them the allowed pairs are
shown through that service and the refused pairs through the table itself.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from leitai.assessment.collection.services import collection, review
from leitai.assessment.collection.services.collection import Entry
from leitai.assessment.collection.transitions import SUBMISSION, VALUE
from leitai.assessment.models import IndicatorValue, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection

pytestmark = pytest.mark.django_db

S, V = Submission.State, IndicatorValue.State


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    return build_collection(world)


def snapshot(*objects) -> tuple:
    """The objects' stored fields and the number of audit rows."""
    rows = tuple(type(o).objects.filter(pk=o.pk).values().first() for o in objects)
    return rows, AuditEntry.objects.count()


def assert_refused(run, objects, error) -> None:
    before = snapshot(*objects)
    with pytest.raises(error):
        run()
    assert snapshot(*objects) == before


def world_in(col, state: str, value_state: str = V.SUBMITTED):
    """Unit A's February submission in `state`, with both its values filled in."""
    w = col.world
    submission = Submission.objects.create(period=col.february, unit=w.unit_a, state=state)
    values = [
        IndicatorValue.objects.create(
            period=col.february,
            unit=w.unit_a,
            indicator_code=code,
            value=Decimal("12"),
            state=value_state,
            source=IndicatorValue.Source.UNIT,
            entered_by=w.reporter_a,
            entered_at=timezone.now(),
            revision=1,
        )
        for code in ("P01", "P02")
    ]
    return submission, values


# --- submissions --------------------------------------------------------------------------------


def _edit(actor, col):
    entry = Entry("P01", Decimal("13"), None, "")
    return collection.submission_save(
        actor=actor, period=col.february, unit=col.world.unit_a, entries=[entry]
    )


SUBMISSION_SERVICES = {
    "edit": ("reporter_a", "reporter_b", _edit),
    "request_signoff": (
        "reporter_a",
        "reporter_b",
        lambda actor, col: collection.submission_request_signoff(
            actor=actor, period=col.february, unit=col.world.unit_a
        ),
    ),
    "submit": (
        "leader_a",
        "reporter_a",
        lambda actor, col: collection.submission_submit(
            actor=actor, period=col.february, unit=col.world.unit_a
        ),
    ),
    "return": (
        "assessor",
        "reporter_a",
        lambda actor, col: review.value_return(
            actor=actor,
            value=IndicatorValue.objects.get(indicator_code="P01", unit=col.world.unit_a),
            comment="与年报不符",
        ),
    ),
}


@pytest.mark.parametrize(("state", "action", "step"), list(SUBMISSION.pairs()))
def test_submission_table(col, state, action, step):
    value_state = V.DRAFT if action in ("edit", "request_signoff", "submit") else V.SUBMITTED
    submission, values = world_in(col, state, value_state)
    objects = [submission, *values]
    if action not in SUBMISSION_SERVICES:
        _system_step(col, submission, action, step)
        return
    permitted, rejected, service = SUBMISSION_SERVICES[action]
    w = col.world
    if step is None:
        assert_refused(lambda: service(getattr(w, permitted), col), objects, ValidationError)
        return
    run_rejected = lambda: service(getattr(w, rejected), col)  # noqa: E731
    assert_refused(run_rejected, objects, PermissionDenied)
    count = AuditEntry.objects.count()
    service(getattr(w, permitted), col)
    assert AuditEntry.objects.count() == count + 1
    submission.refresh_from_db()
    assert submission.state == (step.target or state)


def _system_step(col, submission, action, step) -> None:
    if step is None:
        with pytest.raises(ValidationError):
            SUBMISSION.check(col.world.office, submission, action)
        return
    if action == "verify":
        for value in IndicatorValue.objects.filter(unit=col.world.unit_a):
            review.value_verify(actor=col.world.assessor, value=value)
    else:  # lock: the office locks the submissions of a locked period
        col.february.state = "locked"
        col.february.save(update_fields=["state"])
        assert review.submissions_lock(actor=col.world.office, period=col.february) == 1
    submission.refresh_from_db()
    assert submission.state == step.target


# --- values ------------------------------------------------------------------------------------

VALUE_SERVICES = {
    "verify": lambda actor, value: review.value_verify(actor=actor, value=value),
    "return": lambda actor, value: review.value_return(actor=actor, value=value, comment="不符"),
}


@pytest.mark.parametrize(("state", "action", "step"), list(VALUE.pairs()))
def test_value_table(col, state, action, step):
    submission, values = world_in(col, S.SUBMITTED, state)
    value, w = values[0], col.world
    objects = [submission, *values]
    if action == "submit":  # taken for every draft or returned value by the sign-off
        submission.state = S.RETURNED
        submission.save(update_fields=["state"])
        collection.submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
        value.refresh_from_db()
        assert value.state == (step.target if step else state)
        return
    service = VALUE_SERVICES[action]
    if step is None:
        assert_refused(lambda: service(w.assessor, value), objects, ValidationError)
        return
    assert_refused(lambda: service(w.reporter_a, value), objects, PermissionDenied)
    count = AuditEntry.objects.count()
    service(w.assessor, value)
    assert AuditEntry.objects.count() == count + 1
    value.refresh_from_db()
    assert value.state == step.target
