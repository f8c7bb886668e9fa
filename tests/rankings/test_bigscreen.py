"""The big screen: office and county leaders, published rankings only, a bounded query count."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import PERSONAS
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import QUICK

ALLOWED = {"office", "leader", "other_office"}  # the other county's office sees its own (empty)


@pytest.mark.parametrize("persona", PERSONAS)
def test_bigscreen_permissions(tiny, months, persona):
    response = tiny.client_for(persona).get("/rankings/bigscreen/")
    assert response.status_code == (200 if persona in ALLOWED else 404)
    if persona == "other_office":
        assert "县发展和改革局" not in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get("/rankings/bigscreen/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_bigscreen_data(tiny, months):
    page = tiny.client_for("leader").get("/rankings/bigscreen/?seconds=5&top=1").content.decode()
    data = json.loads(
        re.search(r'id="screen-data" type="application/json">(.*?)</script>', page).group(1)
    )
    assert data["seconds"] == 5
    assert [g["name"] for g in data["groups"]] == ["第一组", "第二组"]
    assert [(r["rank"], r["unit"], r["total"], r["change"]) for r in data["groups"][0]["rows"]] == [
        (1, "县发展和改革局", "100.00", "↑1")
    ]


def test_bigscreen_refuses_drafts_and_other_counties(tiny, months):
    from leitai.rankings import services

    draft = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-Q1"], check=QUICK
    )
    office = tiny.client_for("office")
    assert office.get(f"/rankings/bigscreen/?snapshot={draft.pk}").status_code == 404
    other = tiny.client_for("other_office")
    assert other.get(f"/rankings/bigscreen/?snapshot={months[0].pk}").status_code == 404


def test_bigscreen_query_count(tiny, months, django_assert_max_num_queries):
    client = tiny.client_for("office")
    with django_assert_max_num_queries(12):
        assert client.get("/rankings/bigscreen/").status_code == 200
