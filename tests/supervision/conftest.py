"""Supervision fixtures: categories, the year's rule, a round, a visit to unit A, a problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leitai.supervision import services
from leitai.supervision.models import (
    DeductionRule,
    InspectionRound,
    Problem,
    ProblemCategory,
    Visit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TODAY = dt.date(2022, 5, 10)


def pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class Sv:
    tasks: ProblemCategory
    style: ProblemCategory
    rule: DeductionRule
    round: InspectionRound
    visit: Visit
    problem: Problem
    clock: object

    def set_today(self, day: dt.date) -> None:
        self.clock.day = day


class Clock:
    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Keep uploaded evidence in a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(services, "today", c)
    return c


def make_problem(world, visit, category, *, severity="general", found_on=TODAY, text="台账不全"):
    """Create a problem directly (bypassing the service) for read-side tests."""
    rule = services.rule_for(world.year)
    return Problem.objects.create(
        year=world.year,
        unit=visit.unit,
        round=visit.round,
        visit=visit,
        source=Problem.Source.VISIT,
        category=category,
        severity=severity,
        description=text,
        found_on=found_on,
        deadline=found_on + dt.timedelta(days=rule.days_for(severity)),
    )


@pytest.fixture
def sv(world, clock) -> Sv:
    return build_sv(world, clock)


def build_sv(world, clock) -> Sv:
    """Build the categories, the year's rule, a round, a visit to unit A and a problem."""
    tasks = ProblemCategory.objects.create(
        jurisdiction=world.county, code="tasks", name="重点任务进展", order=1
    )
    style = ProblemCategory.objects.create(
        jurisdiction=world.county, code="style", name="纪律作风", order=6
    )
    rule = DeductionRule.objects.create(year=world.year, arena_code="party")
    rnd = InspectionRound.objects.create(
        year=world.year,
        name="2022年上半年督导",
        starts_on=dt.date(2022, 5, 1),
        ends_on=dt.date(2022, 6, 30),
    )
    visit = Visit.objects.create(
        round=rnd,
        supervision_group=world.supervision,
        unit=world.unit_a,
        visited_on=TODAY,
        summary="总体较好",
    )
    problem = make_problem(world, visit, tasks)
    return Sv(tasks, style, rule, rnd, visit, problem, clock)
