"""The supervision demo step: its contents, idempotency and reset."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from leitai.demo import DemoRun, org
from leitai.demo import supervision as step
from leitai.supervision.colours import colour_of
from leitai.supervision.deductions import deductions_for_period
from leitai.supervision.models import Evidence, Problem, Visit
from leitai.supervision.selectors import rule_of


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_supervision(db):
    org.build(DemoRun())
    run = DemoRun()
    step.build(run)
    problems = Problem.objects.select_related("unit", "year")
    assert Visit.objects.count() == 81
    assert 110 <= problems.count() <= 130
    assert Evidence.objects.count() == run.created["evidence"]
    statuses = Counter(problems.values_list("status", flat=True))
    assert statuses["signed_off"] > problems.count() * 0.7
    assert statuses["reopened"] >= 1 and statuses["in_progress"] >= 1 and statuses["open"] >= 1
    rule = rule_of(problems.first().year)
    colours = Counter(colour_of(p, as_of=dt.date(2022, 12, 31), rule=rule) for p in problems)
    assert set(colours) == {"red", "yellow", "blue", "none", "done"}
    fgj = problems.filter(unit__name="县发展和改革局")
    assert sorted(fgj.values_list("status", flat=True)) == [
        "open",
        "signed_off",
        "signed_off",
        "submitted",
    ]
    year = problems.first().year
    june = deductions_for_period(
        year=year, period_start=dt.date(2022, 6, 1), period_end=dt.date(2022, 6, 30)
    )
    assert june and all(r.arena_code == "party" for r in june)
    again = DemoRun()
    step.build(again)
    assert sum(again.created.values()) == 0
    step.reset()
    assert Problem.objects.count() == Visit.objects.count() == 0
