"""Every task page against every persona: who gets the page, who gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitai.keytasks.models import DispatchNotice
from tests.conftest import PERSONAS

OK, NOT_FOUND = 200, 404
READERS = {"office", "assessor", "reporter_a", "leader_a", "reporter_b", "supervisor", "leader"}
ALL_READERS = READERS | {"other_office"}
# Task A (lead unit A, co-unit C): office, leader, unit A's people, A's supervisor.
SEES_A = {"office", "reporter_a", "leader_a", "supervisor", "leader"}
SEES_B = {"office", "reporter_b", "leader"}

PAGES = [
    ("tasks:task_list", None, ALL_READERS),
    ("tasks:battle_map", None, ALL_READERS),
    ("tasks:battle_map_xlsx", None, ALL_READERS),
    ("tasks:request_list", None, ALL_READERS),
    ("tasks:task_detail", "task_a", SEES_A),
    ("tasks:task_detail", "task_b", SEES_B),
    ("tasks:task_detail", "other_task", {"other_office"}),
    ("tasks:report", "task_a", {"office", "reporter_a", "leader_a"}),
    ("tasks:report", "task_b", {"office", "reporter_b"}),
    ("tasks:task_edit", "task_a", {"office"}),
    ("tasks:milestone_create", "task_a", {"office"}),
    ("tasks:task_create", None, {"office", "other_office"}),
    ("tasks:settings", None, {"office", "other_office"}),
    ("tasks:import", None, {"office", "other_office"}),
    ("tasks:export", None, {"office", "other_office"}),
    ("tasks:notice_list", None, {"office", "leader", "other_office"}),
    ("tasks:notice_detail", "notice", {"office", "leader"}),
    ("tasks:notice_docx", "notice", {"office", "leader"}),
    ("tasks:notice_xlsx", "notice", {"office", "leader"}),
]


def _url(tw, name, obj):
    if obj is None:
        return reverse(name)
    if obj == "notice":
        return reverse(name, kwargs={"notice_id": tw.notice.pk})
    return reverse(name, kwargs={"task_id": getattr(tw, obj).pk})


@pytest.fixture
def tw_notice(tw):
    from leitai.keytasks.services import notice_generate

    tw.notice = notice_generate(actor=tw.office, year=tw.year, week=tw.m1.due_date)
    return tw


@pytest.mark.parametrize(("name", "obj", "allowed"), PAGES, ids=[f"{n}-{o}" for n, o, _ in PAGES])
def test_page_answers_each_persona(tw_notice, name, obj, allowed):
    url = _url(tw_notice, name, obj)
    for persona in [*PERSONAS, "leader2"]:
        expected = (
            OK
            if persona in allowed or (persona == "leader2" and "leader" in allowed)
            else NOT_FOUND
        )
        status = (
            tw_notice.world.client_for(persona).get(url).status_code
            if persona != "leader2"
            else _leader2(tw_notice).get(url).status_code
        )
        assert status == expected, f"{persona} got {status} on {url}"


def _leader2(tw):
    from django.test import Client

    client = Client()
    client.force_login(tw.leader2)
    return client


@pytest.mark.parametrize(("name", "obj", "allowed"), PAGES, ids=[f"{n}-{o}" for n, o, _ in PAGES])
def test_anonymous_is_sent_to_login(client, tw_notice, name, obj, allowed):
    assert client.get(_url(tw_notice, name, obj)).status_code == 302


def test_notice_rows_stay_in_place(tw_notice):
    assert DispatchNotice.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/tasks/99999999999999999999/",
        "/tasks/requests/99999999999999999999/answer/",
        "/tasks/notices/99999999999999999999/",
        "/tasks/evidence/99999999999999999999/",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404(tw, path):
    client = tw.world.client_for("office")
    response = client.post(path) if "answer" in path else client.get(path)
    assert response.status_code == 404
