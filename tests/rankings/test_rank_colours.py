"""Rank changes: a rise red ↑ and a fall green ↓ (Chinese convention), or the reverse by setting.

Every page that shows a change marks it rank-rise / rank-fall; the page's <html> carries the
convention and app.css colours the classes from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from leitai.rankings import services
from leitai.rankings.changes import change_class
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)

CSS = Path(__file__).resolve().parents[2] / "leitai/static/leitai/app.css"
RED, GREEN = "#c62828", "#2e7d32"


def change_cells(html: str) -> dict[str, str]:
    """The change cells of a page: arrow text → class."""
    doc = lxml.html.fromstring(html)
    cells = doc.xpath(
        "//td[starts-with(normalize-space(.), '↑') or starts-with(normalize-space(.), '↓')]"
    )
    return {c.text_content().strip(): c.get("class").split()[-1] for c in cells}


def convention_of(html: str) -> str:
    return lxml.html.fromstring(html).get("data-rank-colours")


def test_change_class():
    assert [change_class(c) for c in (3, -2, 0, None)] == [
        "rank-rise",
        "rank-fall",
        "text-muted",
        "",
    ]


def test_the_stylesheet_colours_a_rise_red_by_default_and_green_when_reversed():
    css = CSS.read_text()
    red_up = re.search(r':root, \[data-rank-colours="red-up"\] \{([^}]*)\}', css).group(1)
    green_up = re.search(r'\[data-rank-colours="green-up"\] \{([^}]*)\}', css).group(1)
    assert f"--lt-rise: {RED}" in red_up and f"--lt-fall: {GREEN}" in red_up
    assert f"--lt-rise: {GREEN}" in green_up and f"--lt-fall: {RED}" in green_up
    assert ".rank-rise { color: var(--lt-rise) !important; }" in css
    assert ".rank-fall { color: var(--lt-fall) !important; }" in css


def test_leaderboard_scorecard_and_public_page_mark_rises_and_falls(tiny, months):
    february = months[1]
    services.publication_update(
        actor=tiny.office, publication=february.publication, public=True, public_shows="ranks"
    )
    client = tiny.client_for("office")
    board = client.get(
        reverse("rankings:leaderboard", args=[february.pk]) + f"?group={tiny.group_1.pk}"
    ).content.decode()
    assert change_cells(board) == {"↑1": "rank-rise", "↓1": "rank-fall"}
    assert convention_of(board) == "red-up"
    card = client.get(reverse("rankings:scorecard", args=[february.pk, tiny.unit_a.pk]))
    assert 'class="fs-3 rank-rise">↑1<' in card.content.decode()
    public = client.get("/public/370724/2022-02/").content.decode()
    assert change_cells(public) == {"↑1": "rank-rise", "↓1": "rank-fall"}


def test_the_big_screen_sends_the_class(tiny, months):
    page = tiny.client_for("leader").get("/rankings/bigscreen/").content.decode()
    data = json.loads(
        re.search(r'id="screen-data" type="application/json">(.*?)</script>', page).group(1)
    )
    group = data["groups"][0]
    first = group["red"]["rows"] + group["black"]["rows"]
    assert [(r["change"], r["change_class"]) for r in first] == [
        ("↑1", "rank-rise"),
        ("↓1", "rank-fall"),
    ]
    assert convention_of(page) == "red-up"


@pytest.mark.parametrize("value", ["green-up", "red-up"])
def test_the_setting_chooses_the_convention(tiny, months, value):
    cache.clear()
    with override_settings(LEITAI_RANK_COLOURS=value):
        page = tiny.client_for("office").get(reverse("rankings:leaderboard", args=[months[1].pk]))
    assert convention_of(page.content.decode()) == value
