"""/api/selections/…: scoped like the pages, writes through the same services, tally sealed."""

# The selections fixtures are imported below, so pytest finds them; tests take them as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry
from leitai.selections.models import Nomination, Objection, Vote
from tests.conftest import PERSONAS
from tests.selections.conftest import cleared, media, nominate, open_vote, publish, sel  # noqa: F401

COUNTY = set(PERSONAS) - {"other_office"}


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_its_selections_and_nominations(api, sel, persona):
    draft = nominate(sel, "张三")
    other = nominate(sel, "李四", unit=sel.world.unit_b)
    client = api(persona)
    s = sel.selection.pk
    assert ids(client.get("/api/selections/selections/")) == ([s] if persona in COUNTY else [])
    status = client.get(f"/api/selections/selections/{s}/").status_code
    assert status == (200 if persona in COUNTY else 404)
    seen = {
        "office": [draft.pk, other.pk],
        "reporter_a": [draft.pk],
        "leader_a": [draft.pk],
        "reporter_b": [other.pk],
    }.get(persona, [])
    assert ids(client.get("/api/selections/nominations/")) == seen
    assert ids(client.get(f"/api/selections/nominations/?selection={s}")) == seen
    assert ids(client.get("/api/selections/objections/")) == []


@pytest.mark.django_db
def test_anonymous_reads_nothing(api, sel):
    client = api(None)
    for url in [
        "/api/selections/selections/",
        "/api/selections/nominations/",
        "/api/selections/objections/",
    ]:
        assert client.get(url).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_nominate_and_sign_through_the_api(api, sel, persona):
    world = sel.world
    body = {
        "selection": sel.selection.pk,
        "unit": world.unit_a.pk,
        "title": sel.pioneer.pk,
        "name": "张三",
        "deeds": "扎根一线",
    }
    response = api(persona).post("/api/selections/nominations/", body, format="json")
    expected = {"reporter_a": 201, "leader_a": 201, "other_office": 404}.get(persona, 403)
    assert response.status_code == expected, response.content
    assert Nomination.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        nomination = Nomination.objects.get()
        sign = f"/api/selections/nominations/{nomination.pk}/sign/"
        assert api(persona).post(sign).status_code == (200 if persona == "leader_a" else 403)


@pytest.mark.django_db
def test_objection_and_vote_through_the_api(api, sel, monkeypatch):
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2022, 12, 2))
    anonymous = APIClient()
    response = anonymous.post(
        "/api/selections/objections/", {"nomination": zhang.pk, "reason": "不实"}, format="json"
    )
    assert response.status_code == 201 and response.json() == {"received": True}
    objection = Objection.objects.get()
    assert ids(api("office").get("/api/selections/objections/")) == [objection.pk]
    for persona in ("reporter_a", "leader", "other_office"):
        assert ids(api(persona).get("/api/selections/objections/")) == []
        handle = api(persona).post(
            f"/api/selections/objections/{objection.pk}/handle/",
            {"outcome": "dismiss", "handling": "不成立"},
            format="json",
        )
        assert handle.status_code == 404
    response = api("office").post(
        f"/api/selections/objections/{objection.pk}/handle/",
        {"outcome": "dismiss", "handling": "经核实不成立"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    monkeypatch.undo()
    open_vote(sel)
    url = f"/api/selections/selections/{sel.selection.pk}/vote/"
    ballot = {"choices": {str(sel.pioneer.pk): [zhang.pk]}}
    assert api("judge").post(url, ballot, format="json").status_code == 201
    again = api("judge").post(url, ballot, format="json")
    assert again.status_code == 400
    assert api("other_office").post(url, ballot, format="json").status_code == 404
    assert api(None).post(url, ballot, format="json").status_code == 401
    assert Vote.objects.count() == 1
    rows = AuditEntry.objects.filter(action="selection.vote")
    assert [r.after for r in rows] == [{"voted": True, "titles": ["党员先锋"], "by_code": False}]
    results = api("office").get(f"/api/selections/selections/{sel.selection.pk}/results/").json()
    assert results == {"sealed": True, "results": []}
