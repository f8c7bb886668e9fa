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
    first, second = data["groups"]
    # Two ranked units: the better on the red list, the other on the black list.
    assert [(r["rank"], r["unit"], r["total"], r["change"]) for r in first["red"]["rows"]] == [
        (1, "县发展和改革局", "100.00", "↑1")
    ]
    assert [(r["rank"], r["unit"], r["total"], r["change"]) for r in first["black"]["rows"]] == [
        (2, "县体育事业发展中心", "56.00", "↓1")
    ]
    # One bar a list: its axis starts a quarter point below it.
    assert (first["red"]["min"], first["red"]["max"]) == (99, 100)
    assert (first["black"]["min"], first["black"]["max"]) == (55, 56)
    assert [r["unit"] for r in second["red"]["rows"]] == ["县商务局"]
    assert second["black"] == {"rows": [], "min": 0, "max": 1}


def _row(rank, total):
    return {"rank": rank, "unit": f"U{rank}", "total": f"{total:.2f}", "value": total}


@pytest.mark.parametrize(
    "ranked,size,red,black",
    [
        (0, 10, [], []),
        (1, 10, [1], []),
        (2, 10, [1], [2]),
        (3, 10, [1, 2], [3]),
        (15, 10, [1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15]),
        (20, 10, list(range(1, 11)), list(range(11, 21))),
        (49, 10, list(range(1, 11)), list(range(40, 50))),
        (49, 3, [1, 2, 3], [47, 48, 49]),
    ],
)
def test_screen_groups_red_and_black_lists_never_share_a_unit(
    monkeypatch, ranked, size, red, black
):
    from leitai.rankings.public import selectors

    rows = [_row(n, 100 - n / 2) for n in range(1, ranked + 1)] + [_row("—", 0)]
    monkeypatch.setattr(selectors, "board_groups", lambda snapshot: [{"name": "G", "rows": rows}])
    [group] = selectors.screen_groups(None, size=size)
    assert [r["rank"] for r in group["red"]["rows"]] == red
    assert [r["rank"] for r in group["black"]["rows"]] == black  # the unranked row on neither


@pytest.mark.parametrize(
    "values,bounds",
    [
        ([], (0, 1)),
        ([97.0], (96, 97)),  # a spread of at least one point
        ([101.5, 93.18], (91, 102)),  # 93.18 − 8.32 / 4 = 91.1
        ([70.3, 22.67], (10, 71)),  # 22.67 − 47.63 / 4 = 10.76
        ([3.0, 0.5], (0, 3)),  # never below zero
        ([-4.0, 2.0], (0, 2)),
        ([-4.0, -2.0], (0, 1)),
    ],
)
def test_bar_range_scales_to_the_lists_totals(values, bounds):
    from leitai.rankings.public.selectors import bar_range

    assert bar_range(values) == bounds


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
