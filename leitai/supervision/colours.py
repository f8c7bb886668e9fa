"""The three-colour alerts (三色督办) of a problem on a given day ("as of").

- red (红): the deadline has passed and the problem is not signed off;
- yellow (黄): not red, and the unit is behind: sent back, past its own target date, or no
  plan `plan_days` after the problem was found;
- blue (蓝): none of those, and the deadline is within `alert_days` days;

The year's rule counts its days (the limits, `plan_days`, `alert_days`) as calendar days, or
as working days of the jurisdiction's working-day calendar when `working_days` is set.
- done (销号): signed off on or before the day, shown without an alert colour and counted
  as closed; none: nothing to chase (or withdrawn).

A past "as of" day uses the sign-off date (signed off later = still open that day); the other
states are the problem's current ones. The default day (`present=True`: today, or the last
day of a past year) shows the problem as it is now: signed off is done, however late.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from leitai.org.calendar.selectors import WorkingCalendar, calendar_for
from leitai.supervision.models import DeductionRule, Problem

RED, YELLOW, BLUE, DONE, NONE = "red", "yellow", "blue", "done", "none"
COLOURS = [RED, YELLOW, BLUE, NONE, DONE]
LABELS = {
    RED: _("Red: overdue"),
    YELLOW: _("Yellow: behind"),
    BLUE: _("Blue: deadline near"),
    NONE: _("On schedule"),
    DONE: _("Signed off"),
}
# Bootstrap classes of each colour's badge.
BADGES = {
    RED: "text-bg-danger",
    YELLOW: "text-bg-warning",
    BLUE: "text-bg-primary",
    NONE: "text-bg-light border",
    DONE: "text-bg-secondary",  # closed: no alert colour
}
UNIT_TO_ACT = (Problem.Status.OPEN, Problem.Status.IN_PROGRESS, Problem.Status.REOPENED)


def colour_of(
    problem: Problem, *, as_of: dt.date, rule: DeductionRule, present: bool = False
) -> str:
    """Return the problem's colour on `as_of` under the year's rule (see the module's note)."""
    if problem.status == Problem.Status.WITHDRAWN:
        return NONE
    if _signed_off(problem, as_of, present):
        return DONE
    if as_of > problem.deadline:
        return RED
    if _behind(problem, as_of, rule):
        return YELLOW
    if days_between(rule, as_of, problem.deadline) <= rule.alert_days:
        return BLUE
    return NONE


def _signed_off(problem: Problem, as_of: dt.date, present: bool) -> bool:
    if present and problem.status == Problem.Status.SIGNED_OFF:
        return True
    return problem.signed_off_on is not None and problem.signed_off_on <= as_of


def _behind(problem: Problem, as_of: dt.date, rule: DeductionRule) -> bool:
    if problem.status == Problem.Status.REOPENED:
        return True
    if problem.status not in UNIT_TO_ACT:
        return False
    if problem.target_date is not None and as_of > problem.target_date:
        return True
    no_plan = problem.status == Problem.Status.OPEN
    return no_plan and days_between(rule, problem.found_on, as_of) > rule.plan_days


def days_overdue(problem: Problem, *, as_of: dt.date, present: bool = False) -> int:
    """Return how many days past its deadline an open problem is on `as_of` (0 if not)."""
    if problem.is_closed and problem.signed_off_on is None:
        return 0
    if _signed_off(problem, as_of, present):
        return 0
    return max((as_of - problem.deadline).days, 0)


def days_between(rule: DeductionRule, after: dt.date, until: dt.date) -> int:
    """Return the days after `after` up to `until`, counted as the rule counts them."""
    if rule.working_days:
        return working_calendar(rule).between(after, until)
    return (until - after).days


def deadline_for(rule: DeductionRule, found_on: dt.date, severity: str) -> dt.date:
    """Return the deadline of a problem found on `found_on`: the rule's limit after it."""
    days = rule.days_for(severity)
    if rule.working_days:
        return working_calendar(rule).add(found_on, days)
    return found_on + dt.timedelta(days=days)


def working_calendar(rule: DeductionRule) -> WorkingCalendar:
    """Return the working-day calendar of the rule's jurisdiction, read once per rule object."""
    if getattr(rule, "calendar", None) is None:
        rule.calendar = calendar_for(rule.year.jurisdiction_id)
    return rule.calendar
