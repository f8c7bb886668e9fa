"""The contest's lines of the to-do home page: the office, the judge and the presenting units."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

from leitai.contest.models import Contest
from leitai.contest.services import setup
from leitai.contest.todo import todo
from leitai.core.models import AuditEntry
from tests.contest.conftest import start


def lines(user, world):
    with translation.override("en"):
        return [
            (i.role, str(i.label), i.count, i.url, i.urgent) for i in todo(user, year=world.year)
        ]


def test_office_judge_and_presenting_units_each_see_the_contest(night):
    world = night.world
    setup.judge_add(actor=world.office, contest=night.contest, person=world.judge)
    url = reverse("contest:detail", args=[night.contest.pk])
    name = night.contest.name
    assert lines(world.office, world) == [
        ("office", f"Contest being prepared: {name}", None, url, False)
    ]
    assert lines(world.judge, world) == [("judge", f"Contest to judge: {name}", None, url, False)]
    assert lines(world.reporter_a, world) == [
        ("reporter", f"Your unit presents at: {name}", None, url, False)
    ]
    assert lines(world.leader_a, world) == [
        ("unit_leader", f"Your unit presents at: {name}", None, url, False)
    ]
    # Unit B does not present; the other county's office sees nothing of this county.
    assert lines(world.reporter_b, world) == []
    assert lines(world.other_office, world) == []


def test_the_office_line_follows_the_state_and_turns_red_past_the_date(night):
    world = night.world
    start(night)
    name = night.contest.name
    assert lines(world.office, world)[0][1:2] == (f"Contest under way: {name}",)
    Contest.objects.filter(pk=night.contest.pk).update(held_on=dt.date(2022, 3, 1))
    assert lines(world.office, world)[0][4] is True


def test_a_finished_contest_or_a_revoked_judge_leaves_the_list(night):
    world = night.world
    judge, _ = setup.judge_add(actor=world.office, contest=night.contest, person=world.judge)
    setup.judge_link_revoke(actor=world.office, judge=judge)
    assert lines(world.judge, world) == []
    Contest.objects.filter(pk=night.contest.pk).update(state=Contest.State.FINISHED)
    assert lines(world.office, world) == []
    assert lines(world.reporter_a, world) == []


def test_the_home_page_shows_the_judges_contest(night, client):
    world = night.world
    setup.judge_add(actor=world.office, contest=night.contest, person=world.judge)
    audit = AuditEntry.objects.count()
    client.force_login(world.judge)
    page = client.get(reverse("home")).content.decode()
    assert night.contest.name in page
    assert reverse("contest:detail", args=[night.contest.pk]) in page
    assert AuditEntry.objects.count() == audit
