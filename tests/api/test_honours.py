"""/api/honours/…: rules, drafts and steps, grades, awards, objections; scoped like the pages."""

# The honours fixtures are imported below, so pytest finds them; tests take them as arguments.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.honours import services
from leitai.honours.models import GradingRules, HonoursDraft, Objection
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS
from tests.honours.conftest import RULES, graded, publish_year  # noqa: F401 (fixtures)

COUNTY = {"assessor", "reporter_a", "leader_a", "reporter_b", "supervisor", "judge", "leader"}


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def drafts(graded):
    publish_year(graded)
    work = services.honours_grade(actor=graded.office, year=graded.year)
    shown = services.honours_grade(actor=graded.office, year=graded.year)
    services.honours_publish(actor=graded.office, draft=shown)
    objection = services.objection_record(actor=graded.office, draft=shown, text="有异议")
    return graded, work, shown, objection


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_exactly_what_it_may(api, drafts, persona):
    g, work, shown, objection = drafts
    client = api(persona)
    office = persona == "office"
    seen = [work.pk, shown.pk] if office else [shown.pk] if persona in COUNTY else []
    assert ids(client.get("/api/honours/drafts/")) == seen
    assert client.get(f"/api/honours/drafts/{work.pk}/").status_code == (200 if office else 404)
    grades = ids(client.get(f"/api/honours/grades/?draft={shown.pk}"))
    assert len(grades) == (7 if shown.pk in seen else 0)
    awards = client.get(f"/api/honours/awards/?draft={shown.pk}").json()["results"]
    expected = {"县发展和改革局": 2, "县体育事业发展中心": 1} if shown.pk in seen else {}
    assert {a["unit_name"]: len(a["awards"]) for a in awards} == expected
    assert ids(client.get("/api/honours/objections/")) == ([objection.pk] if office else [])
    assert ids(client.get("/api/honours/rules/")) == ([g.scheme.pk] if office else [])


def test_anonymous_gets_401(drafts):
    from rest_framework.test import APIClient

    for url in ("/api/honours/drafts/", "/api/honours/grades/", "/api/honours/rules/"):
        assert APIClient().get(url).status_code in (401, 403)


def test_grade_and_walk_a_draft_through_the_api(api, drafts):
    g, work, shown, objection = drafts
    client = api("office")
    made = client.post("/api/honours/drafts/", {"year": g.year.pk}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["number"] == 3 and made.json()["state"] == "draft"
    done = client.post(
        f"/api/honours/objections/{objection.pk}/dismiss/", {"handling": "核实无误"}, format="json"
    )
    assert done.status_code == 200 and done.json()["state"] == "dismissed"
    gone = client.post(f"/api/honours/drafts/{work.pk}/discard/", {"reason": "重评"}, format="json")
    assert gone.status_code == 200 and gone.json()["state"] == "discarded"
    added = client.post(
        "/api/honours/objections/", {"draft": shown.pk, "text": "再议"}, format="json"
    )
    assert added.status_code == 201 and added.json()["state"] == "pending"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_writes_are_refused_to_everyone_else_and_change_nothing(api, drafts, persona):
    g, work, shown, objection = drafts
    client = api(persona)
    before = AuditEntry.objects.count()
    assert (
        client.post("/api/honours/drafts/", {"year": g.year.pk}, format="json").status_code == 400
    )
    assert client.post(f"/api/honours/drafts/{work.pk}/publish/").status_code == 404
    assert client.post(f"/api/honours/drafts/{shown.pk}/finalise/").status_code == 404
    response = client.post(
        f"/api/honours/objections/{objection.pk}/uphold/", {"handling": "x"}, format="json"
    )
    assert response.status_code == 404
    response = client.post(
        f"/api/honours/rules/{g.scheme.pk}/set/", {"rules": RULES}, format="json"
    )
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before
    assert HonoursDraft.objects.count() == 2
    assert Objection.objects.get().state == "pending"


def test_rules_set_reports_each_problem_by_place(api, drafts):
    g = drafts[0]
    client = api("office")
    bad = {**RULES, "rounding": "banker"}
    response = client.post(f"/api/honours/rules/{g.scheme.pk}/set/", {"rules": bad}, format="json")
    assert_error(response, 400, "invalid", {"rules": "rounding"})
    assert GradingRules.objects.get().rules == RULES
    good = {**RULES, "rounding": "up"}
    response = client.post(f"/api/honours/rules/{g.scheme.pk}/set/", {"rules": good}, format="json")
    assert response.status_code == 200 and response.json()["rules"]["rounding"] == "up"


def test_finalise_during_the_publicity_is_refused(api, drafts):
    _g, _work, shown, _objection = drafts
    response = api("office").post(f"/api/honours/drafts/{shown.pk}/finalise/")
    assert response.status_code == 400
    assert HonoursDraft.objects.get(pk=shown.pk).state == "publicised"
