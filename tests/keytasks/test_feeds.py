"""The share of milestones met on time, fed to the indicator: hand-counted cases."""

from __future__ import annotations

import datetime as dt

from leitai.keytasks.feeds import SystemValue, share_values
from leitai.keytasks.models import KeyTask, Milestone

D = dt.date


def add(task, order, due, done=None):
    return Milestone.objects.create(
        task=task, order=order, title=f"节点{order}", due_date=due, done_on=done
    )


def test_hand_counted_share_for_one_task(tw):
    # task A: m1 due 3-31, m2 due 9-30 (fixture); add three more.
    Milestone.objects.filter(pk=tw.m1.pk).update(done_on=D(2022, 3, 31))  # on time (due day)
    add(tw.task_a, 3, D(2022, 2, 28), D(2022, 3, 2))  # late
    add(tw.task_a, 4, D(2022, 1, 31), D(2022, 1, 20))  # early
    add(tw.task_a, 5, D(2022, 3, 15))  # not done
    add(tw.task_a, 6, D(2022, 4, 1), D(2022, 3, 1))  # due after the period: excluded
    values = share_values(year=tw.year, period_code="2022Q1", period_end=D(2022, 3, 31))
    assert values == [
        SystemValue(
            unit_id=tw.unit_a.pk,
            indicator_code="XM01",
            value=50.0,
            note_zh="任务『重大项目攻坚』截至 2022-03-31 应完成节点 4 个，"
            "按时完成 2 个，完成率 50.0%",
            note_en='Task "重大项目攻坚": 4 milestones due by 2022-03-31, '
            "2 met on time, share 50.0%",
        )
    ]


def test_several_tasks_of_one_unit_on_one_indicator_are_combined(tw):
    second = KeyTask.objects.create(
        year=tw.year,
        code="T03",
        title="园区建设",
        category=tw.category,
        lead_unit=tw.unit_a,
        indicator_code="XM01",
        start_date=D(2022, 1, 1),
        end_date=D(2022, 12, 31),
    )
    Milestone.objects.filter(pk=tw.m1.pk).update(done_on=D(2022, 3, 1))
    add(second, 1, D(2022, 2, 1), D(2022, 2, 1))
    add(second, 2, D(2022, 3, 1))
    [value] = share_values(year=2022, period_code="2022Q1", period_end=D(2022, 3, 31))
    assert (value.unit_id, value.value) == (tw.unit_a.pk, 66.67)
    assert value.note_zh == (
        "任务『重大项目攻坚』『园区建设』截至 2022-03-31 应完成节点 3 个，"
        "按时完成 2 个，完成率 66.7%"
    )


def test_no_milestone_due_means_no_value_and_unlinked_tasks_feed_nothing(tw):
    add(tw.task_b, 1, D(2022, 1, 10), D(2022, 1, 10))  # task B has no indicator
    assert share_values(year=tw.year, period_code="2022M01", period_end=D(2022, 1, 31)) == []


def test_a_later_period_counts_every_milestone_due_by_then(tw):
    Milestone.objects.filter(pk=tw.m2.pk).update(done_on=D(2022, 9, 1))
    [value] = share_values(year=tw.year, period_code="2022Q3", period_end=D(2022, 9, 30))
    assert value.value == 50.0
