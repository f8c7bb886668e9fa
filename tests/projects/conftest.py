"""Projects on top of the shared small county: project A (unit A, leader), B (unit B), other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from leitai.projects.models import Project, ProjectMonth, ProjectStage, StageEvidence
from leitai.projects.schedule import STAGE_ORDER
from tests.conftest import World

D = dt.date


@dataclass
class ProjectWorld:
    world: World
    project_a: Project  # unit A, co-unit C, leader `leader`
    project_b: Project  # unit B, no leader
    other_project: Project  # the other county

    def __getattr__(self, name):
        return getattr(self.world, name)


def make_project(year, unit, code, *, leader=None, total="80000", plan=None, planned=None):
    """Create a project with its 12 months and 7 stages directly (fixtures bypass services)."""
    project = Project.objects.create(
        year=year,
        code=code,
        name=f"项目{code}",
        unit=unit,
        leader=leader,
        level=Project.Level.COUNTY,
        kind=Project.Kind.INDUSTRY,
        total_investment=Decimal(total),
    )
    plan = plan or [Decimal(0)] * 12
    ProjectMonth.objects.bulk_create(
        ProjectMonth(project=project, month=m, planned=Decimal(plan[m - 1])) for m in range(1, 13)
    )
    planned = planned or {}
    ProjectStage.objects.bulk_create(
        ProjectStage(project=project, stage=s, order=o, planned_on=planned.get(s))
        for s, o in STAGE_ORDER.items()
    )
    return project


def stage_of(project, code) -> ProjectStage:
    return ProjectStage.objects.get(project=project, stage=code)


def set_stage(project, code, status, actual=None) -> ProjectStage:
    stage = stage_of(project, code)
    stage.status, stage.actual_on = status, actual
    stage.save()
    return stage


def add_evidence(stage, *kinds) -> None:
    for kind in kinds:
        StageEvidence.objects.create(
            stage=stage,
            kind=kind,
            taken_on=D(2022, 3, 1) if kind == "photo" else None,
            original_name=f"{kind}.pdf",
            size=10,
            file=f"projects/2022/03/{kind}.pdf",
        )


def build_project_world(world: World) -> ProjectWorld:
    planned = {"signing": D(2022, 2, 1), "start": D(2022, 3, 15), "entry": D(2022, 5, 1)}
    project_a = make_project(
        world.year, world.unit_a, "P01", leader=world.leader, plan=[100] * 12, planned=planned
    )
    project_a.co_units.add(world.unit_c)
    project_b = make_project(world.year, world.unit_b, "P02", plan=[50] * 12)
    other = make_project(world.other_year, world.other_unit, "P01")
    return ProjectWorld(world, project_a, project_b, other)


@pytest.fixture
def pw(world) -> ProjectWorld:
    return build_project_world(world)
