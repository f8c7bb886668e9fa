"""Three-colour alerts at their boundaries (no database needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from leitai.supervision.colours import BLUE, DONE, NONE, RED, YELLOW, colour_of, days_overdue
from leitai.supervision.models import DeductionRule, Problem

D = dt.date
RULE = DeductionRule(plan_days=7, alert_days=7)


FOUND, DEADLINE = D(2022, 5, 10), D(2022, 6, 9)


def problem(status="open", target=None, signed=None):
    return Problem(
        status=status,
        found_on=FOUND,
        deadline=DEADLINE,
        target_date=target,
        signed_off_on=signed,
    )


@pytest.mark.parametrize(
    ("p", "as_of", "colour"),
    [
        # an open problem without plan: fine up to plan_days, then yellow
        (problem(), D(2022, 5, 17), NONE),
        (problem(), D(2022, 5, 18), YELLOW),
        # planned: blue from alert_days before the deadline, red the day after
        (problem("in_progress", D(2022, 6, 9)), D(2022, 6, 1), NONE),
        (problem("in_progress", D(2022, 6, 9)), D(2022, 6, 2), BLUE),
        (problem("in_progress", D(2022, 6, 9)), D(2022, 6, 9), BLUE),
        (problem("in_progress", D(2022, 6, 9)), D(2022, 6, 10), RED),
        # behind its own target date: yellow; then red after the deadline
        (problem("in_progress", D(2022, 5, 20)), D(2022, 5, 20), NONE),
        (problem("in_progress", D(2022, 5, 20)), D(2022, 5, 21), YELLOW),
        # submitted: the unit has acted, so only blue/red apply
        (problem("submitted", D(2022, 5, 20)), D(2022, 5, 25), NONE),
        (problem("submitted", D(2022, 5, 20)), D(2022, 6, 3), BLUE),
        (problem("submitted", D(2022, 5, 20)), D(2022, 6, 10), RED),
        # sent back: yellow at once
        (problem("reopened", D(2022, 6, 1)), D(2022, 5, 12), YELLOW),
        (problem("reopened", D(2022, 6, 1)), D(2022, 6, 10), RED),
        # signed off: done from that day; before it, as it was
        (problem("signed_off", D(2022, 6, 1), D(2022, 6, 20)), D(2022, 6, 20), DONE),
        (problem("signed_off", D(2022, 6, 1), D(2022, 6, 20)), D(2022, 6, 19), RED),
        (problem("signed_off", D(2022, 6, 1), D(2022, 6, 5)), D(2022, 6, 4), BLUE),
        (problem("withdrawn"), D(2022, 7, 1), NONE),
    ],
)
def test_colour(p, as_of, colour):
    assert colour_of(p, as_of=as_of, rule=RULE) == colour


def test_days_overdue():
    assert days_overdue(problem(), as_of=D(2022, 6, 9)) == 0
    assert days_overdue(problem(), as_of=D(2022, 6, 12)) == 3
    signed = problem("signed_off", signed=D(2022, 6, 20))
    assert days_overdue(signed, as_of=D(2022, 6, 19)) == 10
    assert days_overdue(signed, as_of=D(2022, 6, 25)) == 0
    assert days_overdue(problem("withdrawn"), as_of=D(2022, 7, 1)) == 0
