"""The weekly report deadline moves past a holiday of the working-day calendar (遇节假日顺延)."""

from __future__ import annotations

import datetime as dt

from leitai.keytasks.selectors import rules_for, settings_for
from leitai.keytasks.status import Rules, deadline_of, required_week
from leitai.org.calendar.selectors import calendar_for

D = dt.date


def test_a_thursday_deadline_in_national_day_week_moves_to_the_make_up_saturday(world):
    rules = Rules(deadline_weekday=3, calendar=calendar_for(world.county))
    assert deadline_of(D(2022, 10, 3), rules) == D(2022, 10, 8)  # Thu 6 Oct off → Sat 8 Oct
    assert deadline_of(D(2022, 10, 10), rules) == D(2022, 10, 13)  # an ordinary week
    assert required_week(D(2022, 10, 7), rules) == D(2022, 9, 26)  # not due yet on 7 Oct
    assert required_week(D(2022, 10, 8), rules) == D(2022, 10, 3)


def test_a_deadline_in_the_spring_festival_moves_to_the_next_week(world):
    rules = Rules(deadline_weekday=3, calendar=calendar_for(world.county))
    assert deadline_of(D(2022, 1, 31), rules) == D(2022, 2, 7)  # Thu 3 Feb off → Mon 7 Feb
    assert required_week(D(2022, 2, 6), rules) == D(2022, 1, 24)
    assert required_week(D(2022, 2, 7), rules) == D(2022, 1, 31)
    assert required_week(D(2022, 2, 10), rules) == D(2022, 2, 7)


def test_without_a_calendar_and_on_a_chosen_weekend_the_day_stays(world):
    assert deadline_of(D(2022, 10, 3), Rules(deadline_weekday=3)) == D(2022, 10, 6)
    weekend = Rules(deadline_weekday=6, calendar=calendar_for(world.county))
    assert deadline_of(D(2022, 10, 10), weekend) == D(2022, 10, 16)  # a Sunday, no holiday


def test_the_offices_rules_carry_its_calendar(world):
    rules = rules_for(settings_for(world.year))
    assert rules.calendar == calendar_for(world.county)
    assert deadline_of(D(2022, 10, 3), rules) == D(2022, 10, 8)  # Friday 7 Oct → Sat 8 Oct
