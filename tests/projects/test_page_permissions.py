"""Every ledger page for every persona: the exact status each must get."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.projects.conftest import set_stage, stage_of

ALL_404 = dict.fromkeys(PERSONAS, 404)
# Expected status per page for each persona; project A is unit A's, led by `leader`.
PAGES = {
    "map": dict.fromkeys(PERSONAS, 200) | {"judge": 404},
    "detail": dict.fromkeys(PERSONAS, 200) | {"reporter_b": 404, "judge": 404, "other_office": 404},
    "month": ALL_404 | {"office": 200, "reporter_a": 200, "leader_a": 200},
    "report": ALL_404 | {"office": 200, "reporter_a": 200, "leader_a": 200},
    "edit": ALL_404 | {"office": 200},
    "create": ALL_404 | {"office": 200, "other_office": 200},
    "feeds": ALL_404 | {"office": 200, "other_office": 200},
    "xlsx": dict.fromkeys(PERSONAS, 200) | {"judge": 404},
    "import": ALL_404 | {"office": 200, "other_office": 200},
    "export": ALL_404 | {"office": 200, "other_office": 200},
}


def url(pw, page):
    a = pw.project_a.pk
    signing = stage_of(pw.project_a, "signing").pk
    return {
        "map": reverse("projects:project_map"),
        "detail": reverse("projects:project_detail", args=[a]),
        "month": reverse("projects:month_update", args=[a]),
        "report": reverse("projects:stage_report", args=[a, signing]),
        "edit": reverse("projects:project_edit", args=[a]),
        "create": reverse("projects:project_create"),
        "feeds": reverse("projects:feeds"),
        "xlsx": reverse("projects:project_map_xlsx"),
        "import": reverse("projects:import"),
        "export": reverse("projects:export"),
    }[page]


@pytest.mark.parametrize("page", PAGES)
def test_each_persona_gets_its_status(pw, client, page):
    target = url(pw, page)
    got = {persona: pw.client_for(persona).get(target).status_code for persona in PERSONAS}
    assert got == PAGES[page]
    assert client.get(target).status_code == 302  # anonymous: to the login page


def test_the_map_shows_only_visible_projects(pw):
    def codes(persona):
        body = pw.client_for(persona).get(reverse("projects:project_map")).content.decode()
        return [c for c in ("P01", "P02") if f'data-project="{c}"' in body]

    assert codes("reporter_b") == ["P02"]
    assert codes("leader") == ["P01"]
    assert codes("office") == ["P01", "P02"]
    # The other county's office sees its own P01 only.
    body = pw.client_for("other_office").get(reverse("projects:project_map")).content.decode()
    assert reverse("projects:project_detail", args=[pw.other_project.pk]) in body
    assert reverse("projects:project_detail", args=[pw.project_a.pk]) not in body


def test_the_map_colours_and_gap(pw):
    # As of 2022-10-31 project A's 签约 (planned 02-01) has not counted: 272 days → stalled.
    body = pw.client_for("office").get(reverse("projects:project_map") + "?month=10")
    text = body.content.decode()
    assert 'data-project="P01" data-colour="stalled"' in text
    assert 'data-project="P02" data-colour="on_time"' in text
    assert "83.3%" in text


def test_check_is_refused_to_a_unit(pw):
    stage = set_stage(pw.project_a, "start", "reported", dt.date(2022, 3, 20))
    target = reverse("projects:stage_check", args=[pw.project_a.pk, stage.pk])
    assert pw.client_for("reporter_a").post(target, {"action": "verify"}).status_code == 404
    stage.refresh_from_db()
    assert stage.status == "reported"
    assert pw.client_for("assessor").post(target, {"action": "verify"}).status_code == 302
    stage.refresh_from_db()
    assert stage.status == "done"
