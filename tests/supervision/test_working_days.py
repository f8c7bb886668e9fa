"""Supervision limits counted in working days, across 国庆 2022 (1–7 Oct off, 8–9 Oct worked)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.supervision import services
from leitai.supervision.colours import BLUE, NONE, YELLOW, colour_of
from leitai.supervision.models import DeductionRule, Problem

D = dt.date


@pytest.fixture
def rule(world, sv):
    DeductionRule.objects.filter(pk=sv.rule.pk).update(
        general_days=5, plan_days=2, alert_days=3, working_days=True
    )
    return DeductionRule.objects.get(pk=sv.rule.pk)


def raise_on(world, sv, day):
    sv.set_today(day)
    return services.problem_raise(
        actor=world.supervisor,
        year=world.year,
        unit=world.unit_a,
        category=sv.tasks,
        severity="general",
        description="节前台账未更新",
        found_on=day,
        visit=sv.visit,
    )


def test_the_deadline_is_five_working_days_after_across_national_day(world, sv, rule):
    problem = raise_on(world, sv, D(2022, 9, 29))
    # Fri 30 Sep (1), Sat 8 Oct (2), Sun 9 Oct (3), Mon 10 (4), Tue 11 (5).
    assert problem.deadline == D(2022, 10, 11)


def test_calendar_days_stay_the_default(world, sv):
    problem = raise_on(world, sv, D(2022, 9, 29))
    assert problem.deadline == D(2022, 10, 29)  # 30 calendar days


def test_the_colours_count_working_days(world, sv, rule):
    problem = raise_on(world, sv, D(2022, 9, 29))
    problem = Problem.objects.get(pk=problem.pk)
    colours = {
        day: colour_of(problem, as_of=day, rule=rule)
        for day in (D(2022, 9, 30), D(2022, 10, 7), D(2022, 10, 8), D(2022, 10, 9))
    }
    # No plan: yellow once more than 2 working days passed (30 Sep and 8 Oct are two).
    # Blue: at most 3 working days to the deadline (8 Oct: 9, 10, 11 Oct).
    assert colours == {
        D(2022, 9, 30): NONE,  # 4 working days left, 1 passed
        D(2022, 10, 7): NONE,  # a holiday: still 1 passed, 4 left
        D(2022, 10, 8): BLUE,  # 2 passed, 3 left
        D(2022, 10, 9): YELLOW,  # 3 passed without a plan
    }


def test_the_office_sets_working_days_on_the_settings_page(world, sv):
    data = {
        "arena_code": "party",
        "general_points": "0.5",
        "serious_points": "1",
        "overdue_points": "1",
        "reopened_points": "0.5",
        "general_days": "20",
        "serious_days": "10",
        "plan_days": "5",
        "alert_days": "3",
        "working_days": "on",
    }
    url = reverse("supervision:settings")
    assert world.client_for("supervisor").post(url, data).status_code == 404
    world.client_for("other_office").post(url, data)  # saves its own county's year
    sv.rule.refresh_from_db()
    assert sv.rule.working_days is False
    assert world.client_for("office").post(url, data).status_code == 302
    sv.rule.refresh_from_db()
    assert (sv.rule.working_days, sv.rule.general_days) == (True, 20)
    entry = AuditEntry.objects.get(jurisdiction=world.county)
    assert entry.after["working_days"] is True
