"""Periods: generating the year, transitions and their refusals, the due-period command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from leitai.assessment.models import Period
from leitai.assessment.scheme.services.periods import (
    period_close,
    period_lock,
    period_open,
    period_reopen,
    period_update,
    periods_advance_due,
    periods_generate,
)
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import make_period

TZ = timezone.get_current_timezone


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


def test_generate_the_year(world):
    created = periods_generate(actor=world.office, year=world.year)
    codes = [p.code for p in created]
    assert codes[:2] == ["2022-01", "2022-02"] and codes[12:] == [
        "2022-Q1",
        "2022-Q2",
        "2022-Q3",
        "2022-Q4",
        "2022",
    ]
    feb = Period.objects.get(code="2022-02")
    assert (feb.starts_on, feb.ends_on) == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert feb.opens_at == dt.datetime(2022, 3, 1, tzinfo=TZ())
    assert feb.deadline == dt.datetime(2022, 3, 5, 17, tzinfo=TZ())
    assert feb.locks_at == dt.datetime(2022, 3, 10, 17, tzinfo=TZ())
    year = Period.objects.get(code="2022")
    assert (year.kind, year.starts_on, year.ends_on) == (
        "year",
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
    )
    assert year.deadline == dt.datetime(2023, 1, 5, 17, tzinfo=TZ())
    q2 = Period.objects.get(code="2022-Q2")
    assert (q2.starts_on, q2.ends_on) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    assert AuditEntry.objects.get(action="period.generate").after["codes"] == codes
    assert periods_generate(actor=world.office, year=world.year) == []
    assert Period.objects.count() == 17
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_generate_refused(world, persona):
    with pytest.raises(PermissionDenied):
        periods_generate(actor=getattr(world, persona), year=world.year)
    assert Period.objects.count() == 0


@pytest.mark.parametrize(
    ("service", "start", "end"),
    [
        (period_open, "pending", "open"),
        (period_close, "open", "closed"),
        (period_lock, "open", "locked"),
        (period_lock, "closed", "locked"),
        (period_reopen, "closed", "open"),
    ],
)
def test_transitions(world, service, start, end):
    period = make_period(world.year, state=start)
    service(actor=world.office, period=period)
    period.refresh_from_db()
    assert period.state == end
    audit = AuditEntry.objects.get()
    assert (audit.before, audit.after) == ({"state": start}, {"state": end})


@pytest.mark.parametrize(
    ("service", "start"),
    [
        (period_open, "open"),
        (period_open, "locked"),
        (period_close, "pending"),
        (period_close, "locked"),
        (period_lock, "pending"),
        (period_lock, "locked"),
        (period_reopen, "locked"),
        (period_reopen, "open"),
    ],
)
def test_refused_transitions(world, service, start):
    period = make_period(world.year, state=start)
    with pytest.raises(ValidationError):
        service(actor=world.office, period=period)
    period.refresh_from_db()
    assert period.state == start
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "judge", "other_office"])
def test_transition_refused_for_others(world, persona):
    period = make_period(world.year, state="open")
    with pytest.raises(PermissionDenied):
        period_close(actor=getattr(world, persona), period=period)
    period.refresh_from_db()
    assert period.state == "open"
    assert AuditEntry.objects.count() == 0


def test_update_dates_and_locked_refusal(world):
    period = make_period(world.year, state="open")
    later = period.locks_at + dt.timedelta(days=2)
    period_update(actor=world.office, period=period, locks_at=later)
    period.refresh_from_db()
    assert period.locks_at == later
    with pytest.raises(ValidationError):
        period_update(actor=world.office, period=period, deadline=later + dt.timedelta(days=1))
    period_lock(actor=world.office, period=period)
    with pytest.raises(ValidationError):
        period_update(actor=world.office, period=period, locks_at=later + dt.timedelta(days=1))
    period.refresh_from_db()
    assert period.locks_at == later


def test_advance_due_is_idempotent(world):
    periods_generate(actor=world.office, year=world.year)
    now = dt.datetime(2022, 3, 7, 12, tzinfo=TZ())
    Period.objects.filter(code="2022-01").update(state="open")
    done = periods_advance_due(now=now)
    assert done == {"opened": ["370724 2022-02"], "locked": ["370724 2022-01"]}
    states = dict(Period.objects.values_list("code", "state"))
    assert (states["2022-01"], states["2022-02"], states["2022-03"]) == (
        "locked",
        "open",
        "pending",
    )
    assert periods_advance_due(now=now) == {"opened": [], "locked": []}
    rows = AuditEntry.objects.filter(action__in=["period.open", "period.lock"])
    assert sorted(rows.values_list("action", "actor")) == [
        ("period.lock", None),
        ("period.open", None),
    ]


def test_command(world):
    make_period(world.year, "2022-01", state="open")
    out = StringIO()
    call_command("lock_due_periods", stdout=out)
    assert out.getvalue().splitlines() == ["locked 370724 2022-01", "0 opened, 1 locked"]
    assert Period.objects.get().state == "locked"
