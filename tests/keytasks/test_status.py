"""The colour rule at its boundaries, by hand-worked dates (a 100-day task, margin 10, N = 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from leitai.keytasks.status import (
    MilestoneState,
    Rules,
    elapsed_share,
    milestone_colour,
    needs_report,
    required_week,
    task_status,
)

D = dt.date
START, END = D(2022, 1, 1), D(2022, 4, 10)  # 100 days
AS_OF = D(2022, 2, 19)  # Saturday, day 50 → 50.0% elapsed
RULES = Rules(due_soon_days=7, lag_margin=10, deadline_weekday=4)


def status(milestones=(), progress=50, reported=True, as_of=AS_OF, start=START, rules=RULES):
    return task_status(
        start=start,
        end=END,
        milestones=[MilestoneState(*m) for m in milestones],
        progress=progress,
        has_required_report=reported,
        as_of=as_of,
        rules=rules,
    )


def test_elapsed_share_counts_whole_days_inclusive():
    assert elapsed_share(START, END, AS_OF) == 50.0
    assert elapsed_share(START, END, START) == 1.0
    assert elapsed_share(START, END, END) == 100.0
    assert elapsed_share(START, END, D(2021, 12, 1)) == 0.0
    assert elapsed_share(START, END, D(2023, 1, 1)) == 100.0


def test_on_track_is_green():
    s = status([(D(2022, 3, 31), None)])
    assert (s.colour, s.expected, s.progress, s.report_missing) == ("green", 50.0, 50, False)


@pytest.mark.parametrize(
    ("progress", "colour"), [(40, "green"), (39, "yellow"), (100, "green"), (0, "yellow")]
)
def test_progress_exactly_at_the_margin_is_not_behind(progress, colour):
    assert status(progress=progress).colour == colour


def test_no_report_ever_counts_as_zero_progress():
    s = status(progress=None)
    assert (s.colour, s.progress) == ("yellow", 0)


def test_milestone_due_today_is_blue_not_red():
    s = status([(AS_OF, None)])
    assert (s.colour, s.overdue, s.due_soon) == ("blue", 0, 1)


def test_milestone_due_yesterday_is_red():
    s = status([(D(2022, 2, 18), None), (AS_OF, None)])
    assert (s.colour, s.overdue, s.due_soon) == ("red", 1, 1)


@pytest.mark.parametrize(("days", "colour"), [(7, "blue"), (8, "green")])
def test_due_in_n_days_is_blue_and_one_more_is_green(days, colour):
    assert status([(AS_OF + dt.timedelta(days=days), None)]).colour == colour


def test_red_wins_over_yellow_and_yellow_over_blue():
    assert status([(D(2022, 2, 1), None)], progress=0).colour == "red"
    assert status([(AS_OF, None)], progress=0).colour == "yellow"
    assert status([(AS_OF, None)], reported=False).colour == "yellow"


def test_milestone_done_on_the_as_of_day_counts_done_a_later_done_date_does_not():
    assert status([(D(2022, 2, 1), AS_OF)]).colour == "done"
    assert status([(D(2022, 2, 1), AS_OF + dt.timedelta(days=1))]).colour == "red"


def test_done_late_is_still_done_and_needs_no_report():
    s = status([(D(2022, 2, 1), D(2022, 2, 10))], progress=0, reported=False)
    assert (s.colour, s.report_missing) == ("done", False)


def test_a_task_without_milestones_is_never_done():
    assert status([], progress=100).colour == "green"


def test_missing_report_is_yellow():
    s = status(reported=False)
    assert (s.colour, s.report_missing) == ("yellow", True)


def test_the_week_becomes_due_on_its_deadline_day():
    friday, thursday = D(2022, 2, 18), D(2022, 2, 17)
    assert required_week(friday, RULES) == D(2022, 2, 14)
    assert required_week(thursday, RULES) == D(2022, 2, 7)
    assert required_week(D(2022, 2, 14), Rules(deadline_weekday=0)) == D(2022, 2, 14)


def test_no_report_is_due_before_the_first_deadline_of_the_task():
    # Task starts Monday 14 Feb; as of Thursday 17 Feb the required week (7 Feb) ended before.
    assert needs_report(D(2022, 2, 14), END, D(2022, 2, 17), RULES) is None
    assert needs_report(D(2022, 2, 14), END, D(2022, 2, 18), RULES) == D(2022, 2, 14)
    s = status(start=D(2022, 2, 14), as_of=D(2022, 2, 17), progress=0, reported=False)
    assert (s.colour, s.report_missing) == ("green", False)


def test_milestone_colours():
    assert milestone_colour(MilestoneState(AS_OF, AS_OF), AS_OF, RULES) == "done"
    assert milestone_colour(MilestoneState(D(2022, 2, 18), None), AS_OF, RULES) == "red"
    assert milestone_colour(MilestoneState(AS_OF, None), AS_OF, RULES) == "blue"
    assert milestone_colour(MilestoneState(D(2022, 2, 26), None), AS_OF, RULES) == "blue"
    assert milestone_colour(MilestoneState(D(2022, 2, 27), None), AS_OF, RULES) == "green"
