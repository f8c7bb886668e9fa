"""Selections fixtures: a 2022 selection with two titles and two clearance offices, and helpers
that carry it from stage to stage the way the office, the units and the offices do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from leitai.selections import services
from leitai.selections.models import ClearanceOffice, Nomination, Selection, Title

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Thursday 2022-12-01: five working days of notice end on Wednesday 2022-12-07.
NOTICE_START = dt.date(2022, 12, 1)
NOTICE_END = dt.date(2022, 12, 7)


def photo(name: str = "事迹照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class Sel:
    world: object
    selection: Selection
    pioneer: Title  # 党员先锋: one place, two nominations per unit
    expert: Title  # 业务能手: one place, one nomination per unit
    organisation: ClearanceOffice  # 组织部, signed for by the county leader
    discipline: ClearanceOffice  # 纪委, signed for by the supervisor

    def reload(self) -> Selection:
        self.selection = Selection.objects.get(pk=self.selection.pk)
        return self.selection


def build_selection(world, *, open_=True) -> Sel:
    selection = services.selection_create(
        actor=world.office,
        year=world.year,
        name="2022年度“六比六树”评选",
        series="六比六树",
        titles=[("党员先锋", 1, 2), ("业务能手", 1, 1)],
    )
    organisation = services.clearance_office_save(
        actor=world.office, selection=selection, name="组织部", members=[world.leader]
    )
    discipline = services.clearance_office_save(
        actor=world.office, selection=selection, name="纪委", members=[world.supervisor]
    )
    if open_:
        selection = services.selection_step(actor=world.office, selection=selection, action="open")
    pioneer, expert = selection.titles.order_by("order")
    return Sel(world, selection, pioneer, expert, organisation, discipline)


@pytest.fixture(autouse=True)
def english():
    """Run each test in English, so the services' messages match whatever ran before."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Keep uploaded 事迹 files in a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sel(world) -> Sel:
    return build_selection(world)


def nominate(sel: Sel, name: str, *, title=None, unit=None, actor=None, **extra) -> Nomination:
    world = sel.world
    unit = unit or world.unit_a
    actor = actor or (world.reporter_a if unit == world.unit_a else world.reporter_b)
    return services.nomination_save(
        actor=actor,
        selection=sel.reload(),
        unit_id=unit.pk,
        title=title or sel.pioneer,
        name=name,
        deeds=f"{name}同志的事迹",
        **extra,
    )


def cleared(sel: Sel, nomination: Nomination) -> Nomination:
    """Sign the nomination off and clear it by both offices."""
    world = sel.world
    leader = world.leader_a if nomination.unit_id == world.unit_a.pk else _leader_b(world)
    services.nomination_sign(actor=leader, nomination=nomination)
    services.nomination_clear(actor=world.leader, nomination=nomination, office=sel.organisation)
    services.nomination_clear(actor=world.supervisor, nomination=nomination, office=sel.discipline)
    return Nomination.objects.get(pk=nomination.pk)


def _leader_b(world):
    from django.contrib.auth import get_user_model

    from leitai.org.models import Role, RoleGrant

    user, created = get_user_model().objects.get_or_create(
        username="leader_b", defaults={"first_name": "负责人乙"}
    )
    if created:
        RoleGrant.objects.create(
            user=user, role=Role.UNIT_LEADER, jurisdiction=world.county, unit=world.unit_b
        )
    return user


def to_shortlisting(sel: Sel) -> None:
    office = sel.world.office
    for action in ("close_nominations", "close_clearance"):
        services.selection_step(actor=office, selection=sel.reload(), action=action)


def publish(sel: Sel, nominations, start=NOTICE_START) -> Selection:
    to_shortlisting(sel)
    return services.selection_publish(
        actor=sel.world.office,
        selection=sel.reload(),
        shortlisted=[n.pk for n in nominations],
        start=start,
    )


def open_vote(sel: Sel) -> Selection:
    return services.selection_open_vote(actor=sel.world.office, selection=sel.reload())
