"""Contest fixtures: the collection county's scheme (J01 is its panel indicator), the first
quarter, and a contest of group G1 (units A and C) with five judges, one of them from unit A."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from leitai.contest.models import Contest, ContestUnit, Judge
from leitai.contest.services import live, setup
from tests.assessment.collection_world import build_collection, make_quarter

CRITERIA = [
    {"name": "工作实绩", "max": 40},
    {"name": "创新亮点", "max": 30},
    {"name": "汇报质量", "max": 20},
    {"name": "答辩", "max": 10},
]
GUESTS = ["王评委", "李评委", "赵评委", "钱评委"]


@dataclass
class Night:
    world: object
    contest: Contest
    judges: list[Judge]
    tokens: dict[str, str]
    quarter: object

    def round_of(self, unit) -> ContestUnit:
        return ContestUnit.objects.get(contest=self.contest, unit=unit)

    def refresh(self) -> Contest:
        self.contest = Contest.objects.select_related("year__jurisdiction", "period").get(
            pk=self.contest.pk
        )
        return self.contest


def make_contest(world, quarter, **overrides) -> Contest:
    fields = {
        "name": "2022年第一季度擂台比武",
        "held_on": timezone.localdate(),
        "minutes": 8,
        "indicator_code": "J01",
        "criteria": CRITERIA,
    }
    fields.update(overrides)
    return setup.contest_create(
        actor=world.office, year=world.year, period=quarter, groups=[world.group_1], **fields
    )


@pytest.fixture
def night(world) -> Night:
    return build_night(world)


def build_night(world) -> Night:
    """Build the contest of group G1 with its five judges, drawn (seed 20220328)."""
    build_collection(world)
    quarter = make_quarter(world.year)
    contest = make_contest(world, quarter)
    judges, tokens = [], {}
    for name in GUESTS:
        judge, token = setup.judge_add(actor=world.office, contest=contest, name=name)
        judges.append(judge)
        tokens[name] = token
    judge, token = setup.judge_add(
        actor=world.office, contest=contest, name="孙评委", unit=world.unit_a
    )
    judges.append(judge)
    tokens["孙评委"] = token
    setup.contest_draw(actor=world.office, contest=contest, seed=20220328)
    return Night(world, contest, judges, tokens, quarter)


def start(night: Night) -> Contest:
    office = night.world.office
    setup.contest_ready(actor=office, contest=night.contest)
    setup.contest_start(actor=office, contest=night.refresh())
    return night.refresh()


def to_scoring(night: Night) -> ContestUnit:
    """Start the contest and bring its first unit to the scoring state; return its round."""
    start(night)
    first = night.contest.rounds.order_by("position").first()
    office = night.world.office
    live.round_present(actor=office, round=first)
    live.round_open_scoring(actor=office, round=first)
    first.refresh_from_db()
    return first
