"""Selections' to-do items: the unit to nominate, the leader to sign, clearance, voters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from leitai.selections import services
from leitai.selections.todo import todo
from tests.selections.conftest import cleared, nominate, open_vote, publish


def _items(user, world):
    with translation.override("en"):
        items = todo(user, year=world.year)
        return sorted((str(t.role), str(t.label), t.count, t.url) for t in items)


@pytest.mark.django_db
def test_todo_through_the_flow(sel):
    world = sel.world
    name = sel.selection.name
    detail = reverse("selections:detail", args=[sel.selection.pk])
    assert _items(world.reporter_a, world) == [("reporter", f"Nominate for {name}", None, detail)]
    assert _items(world.leader_a, world) == [("unit_leader", f"Nominate for {name}", None, detail)]
    assert _items(world.other_office, world) == []
    nomination = nominate(sel, "张三")
    nominate(sel, "王五")
    assert _items(world.leader_a, world) == [
        ("unit_leader", f"Nominate for {name}", None, detail),
        ("unit_leader", f"Nominations to sign off: {name}", 2, detail),
    ]
    services.nomination_sign(actor=world.leader_a, nomination=nomination)
    waiting = f"Nominations waiting for your clearance: {name}"
    assert _items(world.leader, world) == [("leader", waiting, 1, detail)]
    assert _items(world.supervisor, world) == [("supervisor", waiting, 1, detail)]
    services.nomination_clear(actor=world.leader, nomination=nomination, office=sel.organisation)
    assert _items(world.leader, world) == []
    assert _items(world.supervisor, world) == [("supervisor", waiting, 1, detail)]


@pytest.mark.django_db
def test_voters_see_the_titles_left_to_vote_on(sel):
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    open_vote(sel)
    vote = reverse("selections:vote", args=[sel.selection.pk])
    label = f"Titles to vote on: {sel.selection.name}"
    assert _items(world.judge, world) == [("judge", label, 2, vote)]
    services.vote_cast(
        selection=sel.selection, choices={sel.pioneer.pk: [zhang.pk]}, voter=world.judge
    )
    assert _items(world.judge, world) == [("judge", label, 1, vote)]
    response = world.client_for("judge").get(vote)
    assert response.status_code == 200
