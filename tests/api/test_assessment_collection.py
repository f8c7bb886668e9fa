"""API of data collection: scoping per persona, writes through the services, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leitai.assessment.models import Evidence, IndicatorValue, PanelScore, Submission
from leitai.core.models import AuditEntry
from tests.api.conftest import assert_error
from tests.assessment.collection_world import build_collection, make_quarter
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def col(world):
    return build_collection(world)


@pytest.fixture
def data(col):
    w = col.world
    a = IndicatorValue.objects.create(
        period=col.february,
        unit=w.unit_a,
        indicator_code="P01",
        value=Decimal("12"),
        state="submitted",
        revision=2,
    )
    b = IndicatorValue.objects.create(
        period=col.february,
        unit=w.unit_b,
        indicator_code="P01",
        value=Decimal("7"),
        state="submitted",
        revision=1,
    )
    sub = Submission.objects.create(period=col.february, unit=w.unit_a, state="submitted")
    ev = Evidence.objects.create(
        period=col.february,
        unit=w.unit_a,
        file="evidence/x.pdf",
        original_name="x.pdf",
        size=3,
        content_type="application/pdf",
        uploaded_by=w.reporter_a,
    )
    PanelScore.objects.create(
        period=col.february,
        unit=w.unit_a,
        indicator_code="J01",
        judge_label="评委1",
        score=Decimal("90"),
    )
    return {"a": a, "b": b, "sub": sub, "ev": ev}


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


SEES_A = {"office", "reporter_a", "leader_a"}


def test_values_are_scoped_per_persona(api, col, data):
    a, b = data["a"].pk, data["b"].pk
    expected = {
        "office": [a, b],
        "assessor": [a, b],
        "reporter_a": [a],
        "leader_a": [a],
        "reporter_b": [b],
    }
    for persona in PERSONAS:
        assert ids(api(persona).get("/api/values/")) == sorted(expected.get(persona, [])), persona


def test_submissions_evidence_and_panel_scores_are_scoped(api, col, data):
    for persona in PERSONAS:
        client = api(persona)
        sees_a = persona in SEES_A
        assert ids(client.get("/api/submissions/")) == ([data["sub"].pk] if sees_a else []), persona
        # The assessor also opens the files backing the values it reviews (here: unit A's
        # whole submission), not the submission itself.
        sees_file = sees_a or persona == "assessor"
        assert ids(client.get("/api/evidence/")) == ([data["ev"].pk] if sees_file else []), persona
        panel = client.get("/api/panel-scores/").json()["results"]
        assert len(panel) == (1 if persona == "office" else 0), persona
        status = client.get(f"/api/submissions/{data['sub'].pk}/").status_code
        assert status == (200 if sees_a else 404), persona


def test_anonymous_gets_401(api, col):
    assert_error(api(None).get("/api/values/"), 401, "not_authenticated")


def test_value_create_and_stale_revision(api, col):
    w = col.world
    body = {
        "period": col.february.pk,
        "unit": w.unit_a.pk,
        "indicator_code": "P01",
        "value": "12.5",
        "revision": 0,
    }
    response = api("reporter_a").post("/api/values/", body, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["revision"]) == ("12.5000", 1)
    stale = api("leader_a").post("/api/values/", {**body, "value": "13"}, format="json")
    assert_error(stale, 400, "invalid", {"P01": "12.5"})
    assert IndicatorValue.objects.get().value == Decimal("12.5")


def test_value_create_refusals(api, col):
    w = col.world
    body = {
        "period": col.february.pk,
        "unit": w.unit_a.pk,
        "indicator_code": "P01",
        "value": "1",
        "revision": 0,
    }
    assert_error(api("reporter_b").post("/api/values/", body, format="json"), 404, "not_found")
    assert_error(api("other_office").post("/api/values/", body, format="json"), 404, "not_found")
    locked = {**body, "period": col.january.pk}
    assert_error(api("reporter_a").post("/api/values/", locked, format="json"), 400, "invalid")
    system = {**body, "indicator_code": "T01"}
    assert_error(
        api("reporter_a").post("/api/values/", system, format="json"), 403, "permission_denied"
    )
    assert_error(
        api("reporter_a").post("/api/values/", {**body, "x": 1}, format="json"),
        400,
        "invalid",
        {"x": "Unknown field"},
    )
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def _bulk(col, **extra):
    return {
        "period": col.february.pk,
        "unit": col.world.unit_a.pk,
        "values": [
            {"indicator_code": "P01", "value": "12.5", "revision": 0, "note": "含续建"},
            {"indicator_code": "P02", "value": "3", "revision": 0},
        ],
        **extra,
    }


def test_bulk_save_stores_every_value_with_one_audit_row(api, col):
    response = api("reporter_a").post(
        "/api/values/bulk/", _bulk(col, highlight="亮点", highlight_revision=0), format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [
        (v["indicator_code"], v["value"], v["note"], v["revision"]) for v in body["values"]
    ] == [
        ("P01", "12.5000", "含续建", 1),
        ("P02", "3.0000", "", 1),
    ]
    assert (body["submission"]["highlight"], body["submission"]["state"]) == ("亮点", "draft")
    stored = dict(IndicatorValue.objects.values_list("indicator_code", "value"))
    assert stored == {"P01": Decimal("12.5"), "P02": Decimal("3")}
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.after["values"]) == (
        "submission.save",
        {"P01": {"value": "12.5", "note": "含续建"}, "P02": "3"},  # a new note is recorded
    )


def test_bulk_save_names_each_stale_value_and_saves_nothing(api, col):
    first = api("reporter_a").post("/api/values/bulk/", _bulk(col), format="json")
    assert first.status_code == 200, first.content
    again = _bulk(col)
    again["values"] = [
        {"indicator_code": "P01", "value": "99", "revision": 0},
        {"indicator_code": "P02", "value": "98", "revision": 0},
    ]
    assert_error(
        api("leader_a").post("/api/values/bulk/", again, format="json"),
        400,
        "invalid",
        {"P01": "12.5", "P02": "3"},
    )
    stored = dict(IndicatorValue.objects.values_list("indicator_code", "value"))
    assert stored == {"P01": Decimal("12.5"), "P02": Decimal("3")}
    assert AuditEntry.objects.count() == 1


def test_bulk_save_refusals_change_nothing(api, col):
    w = col.world
    body = _bulk(col)
    for persona in ("reporter_b", "other_office", "supervisor", "judge", "leader"):
        assert_error(api(persona).post("/api/values/bulk/", body, format="json"), 404, "not_found")
    assert_error(api("assessor").post("/api/values/bulk/", body, format="json"), 404, "not_found")
    twice = {**body, "values": [body["values"][0], body["values"][0]]}
    assert_error(
        api("reporter_a").post("/api/values/bulk/", twice, format="json"),
        400,
        "invalid",
        {"values": "P01"},
    )
    system = {
        **body,
        "values": [*body["values"], {"indicator_code": "T01", "value": "1", "revision": 0}],
    }
    assert_error(
        api("reporter_a").post("/api/values/bulk/", system, format="json"),
        403,
        "permission_denied",
    )
    locked = {**body, "period": col.january.pk}
    assert_error(api("reporter_a").post("/api/values/bulk/", locked, format="json"), 400, "invalid")
    other = {**body, "unit": w.other_unit.pk}
    assert_error(
        api("reporter_a").post("/api/values/bulk/", other, format="json"), 404, "not_found"
    )
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_verify_and_return(api, col, data):
    a = data["a"]
    assert_error(
        api("reporter_a").post(f"/api/values/{a.pk}/verify/", {}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(
        api("reporter_b").post(f"/api/values/{a.pk}/verify/", {}, format="json"), 404, "not_found"
    )
    response = api("assessor").post(
        f"/api/values/{a.pk}/return/", {"comment": "偏高"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["return_comment"]) == ("returned", "偏高")
    assert_error(
        api("assessor").post(f"/api/values/{a.pk}/verify/", {}, format="json"), 400, "invalid"
    )
    b = data["b"]
    response = api("office").post(f"/api/values/{b.pk}/verify/", {"revision": 1}, format="json")
    assert response.json()["state"] == "verified"


def test_highlight_and_sign_off(api, col):
    w = col.world
    sub = Submission.objects.create(period=col.february, unit=w.unit_a)
    url = f"/api/submissions/{sub.pk}/"
    response = api("reporter_a").patch(url, {"highlight": "亮点", "revision": 0}, format="json")
    assert response.json()["highlight"] == "亮点"
    assert_error(api("reporter_a").post(url + "submit/"), 403, "permission_denied")
    assert_error(api("leader_a").post(url + "submit/"), 400, "invalid")  # values missing
    for code, value in (("P01", "1"), ("P02", "2")):
        api("reporter_a").post(
            "/api/values/",
            {
                "period": col.february.pk,
                "unit": w.unit_a.pk,
                "indicator_code": code,
                "value": value,
                "revision": 0,
            },
            format="json",
        )
    assert api("reporter_a").post(url + "request-signoff/").json()["state"] == "ready"
    assert api("leader_a").post(url + "submit/").json()["state"] == "submitted"


def test_panel_scores_write(api, col):
    w = col.world
    body = {
        "period": make_quarter(w.year).pk,
        "indicator_code": "J01",
        "scores": [{"unit": w.unit_a.pk, "judge_label": "评委1", "score": "88.5"}],
    }
    assert api("office").post("/api/panel-scores/", body, format="json").json() == {"changed": 1}
    assert_error(api("judge").post("/api/panel-scores/", body, format="json"), 404, "not_found")
    other = {**body, "scores": [{"unit": w.other_unit.pk, "judge_label": "x", "score": "1"}]}
    assert_error(api("office").post("/api/panel-scores/", other, format="json"), 400, "invalid")
    assert list(PanelScore.objects.values_list("score", flat=True)) == [Decimal("88.5")]
    month = {**body, "period": col.february.pk}  # judges' scores: quarters only
    assert_error(api("office").post("/api/panel-scores/", month, format="json"), 400, "invalid")
    assert list(PanelScore.objects.values_list("score", flat=True)) == [Decimal("88.5")]


def test_chasing(api, col, data):
    response = api("office").get(f"/api/chasing/{col.february.pk}/")
    assert response.status_code == 200
    rows = {r["unit_code"]: r for r in response.json()}
    assert rows["A01"]["state"] == "submitted" and rows["A01"]["submitted"] == 1
    assert rows["A01"]["expected"] == 2 and rows["B01"]["expected"] == 1
    for persona in set(PERSONAS) - {"office"}:
        assert_error(api(persona).get(f"/api/chasing/{col.february.pk}/"), 404, "not_found")
