"""The trends page: one group, a unit picker (default: own units, else the top five)."""

from __future__ import annotations

import json
import re

import pytest

from leitai.rankings import selectors
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)


def chart(client, query=""):
    response = client.get("/rankings/trends/" + query)
    assert response.status_code == 200
    page = response.content.decode()
    data = json.loads(re.search(r'id="trend-data" type="application/json">(.*?)</script>', page)[1])
    picked = [(name, on) for _id, name, on in response.context["options"]]
    return data, picked


def test_office_sees_the_groups_best_units_by_default(tiny, months):
    data, picked = chart(tiny.client_for("office"))
    assert data["months"] == ["2022-01", "2022-02"]
    assert data["size"] == 2
    # February's order: A01 first (100.00), C01 second (56.00).
    assert [(s["name"], s["rank"], s["total"]) for s in data["series"]] == [
        ("县发展和改革局", [2, 1], [75.2, 100.0]),
        ("县体育事业发展中心", [1, 2], [104.8, 56.0]),
    ]
    assert picked == [("县发展和改革局", True), ("县体育事业发展中心", True)]


def test_a_units_person_sees_its_own_unit_by_default(tiny, months):
    data, picked = chart(tiny.client_for("reporter_a"))
    assert [s["name"] for s in data["series"]] == ["县发展和改革局"]
    assert picked == [("县发展和改革局", True), ("县体育事业发展中心", False)]


def test_the_picker_chooses_the_units_drawn(tiny, months):
    data, picked = chart(
        tiny.client_for("reporter_a"), f"?group={tiny.group_1.pk}&unit={tiny.unit_c.pk}"
    )
    assert [s["name"] for s in data["series"]] == ["县体育事业发展中心"]
    assert picked == [("县发展和改革局", False), ("县体育事业发展中心", True)]


def test_a_unit_of_another_group_or_county_is_ignored(tiny, months):
    query = (
        f"?group={tiny.group_1.pk}&unit={tiny.unit_b.pk}&unit={tiny.other_unit.pk}&unit=99999999999"
    )
    data, _picked = chart(tiny.client_for("office"), query)
    assert [s["name"] for s in data["series"]] == ["县发展和改革局", "县体育事业发展中心"]


def test_another_countys_group_is_a_404(tiny, months):
    from leitai.org.models import Group

    other = Group.objects.create(year=tiny.other_year, code="G1", name="第一组")
    assert tiny.client_for("office").get(f"/rankings/trends/?group={other.pk}").status_code == 404


def _series(n):
    return {"id": n, "name": f"U{n}", "rank": [None, n], "total": [None, 1.0]}


@pytest.mark.parametrize(
    "chosen,own,shown",
    [
        ([], frozenset(), [1, 2, 3, 4, 5]),
        ([], frozenset({7, 99}), [7]),
        ([8, 2, 99], frozenset({7}), [2, 8]),
        ([99], frozenset(), [1, 2, 3, 4, 5]),
    ],
)
def test_trend_units(chosen, own, shown):
    data = {"series": [_series(n) for n in range(1, 10)]}
    assert selectors.trend_units(data, chosen=chosen, own=own) == shown
