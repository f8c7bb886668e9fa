"""Tasks on top of the shared small county: two tasks, a second county leader, settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from leitai.keytasks.models import DispatchSettings, KeyTask, Milestone, TaskCategory
from leitai.org.models import Role, RoleGrant
from tests.conftest import PASSWORD, World

D = dt.date


@dataclass
class TaskWorld:
    world: World
    category: TaskCategory
    task_a: KeyTask  # led by unit A, co-unit C, leader `leader`
    task_b: KeyTask  # led by unit B, leader `leader2`
    other_task: KeyTask  # in the other county
    leader2: object
    m1: Milestone
    m2: Milestone

    def __getattr__(self, name):
        return getattr(self.world, name)


def build_task_world(world: World) -> TaskWorld:
    leader2 = get_user_model().objects.create_user(
        "leader2", password=PASSWORD, first_name="副县长"
    )
    RoleGrant.objects.create(user=leader2, role=Role.LEADER, jurisdiction=world.county)
    DispatchSettings.objects.create(year=world.year, as_of=D(2022, 6, 30))
    category = TaskCategory.objects.create(year=world.year, name="十大攻坚", order=1)
    other_category = TaskCategory.objects.create(year=world.other_year, name="攻坚")
    whole = {"start_date": D(2022, 1, 1), "end_date": D(2022, 12, 31)}
    task_a = KeyTask.objects.create(
        year=world.year,
        code="T01",
        title="重大项目攻坚",
        category=category,
        lead_unit=world.unit_a,
        leader=world.leader,
        indicator_code="XM01",
        **whole,
    )
    task_a.co_units.add(world.unit_c)
    task_b = KeyTask.objects.create(
        year=world.year,
        code="T02",
        title="外贸稳增长",
        category=category,
        lead_unit=world.unit_b,
        leader=leader2,
        **whole,
    )
    other = KeyTask.objects.create(
        year=world.other_year,
        code="T01",
        title="别县任务",
        category=other_category,
        lead_unit=world.other_unit,
        **whole,
    )
    m1 = Milestone.objects.create(task=task_a, order=1, title="立项", due_date=D(2022, 3, 31))
    m2 = Milestone.objects.create(task=task_a, order=2, title="开工", due_date=D(2022, 9, 30))
    return TaskWorld(world, category, task_a, task_b, other, leader2, m1, m2)


@pytest.fixture
def tw(world) -> TaskWorld:
    return build_task_world(world)
