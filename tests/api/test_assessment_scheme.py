"""The scheme side's API: every endpoint per persona, writes through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leitai.assessment.models import Adjustment, Exemption, Period, Scheme, Target
from leitai.core.models import AuditEntry
from tests.api.conftest import assert_error
from tests.assessment.scheme_factory import SMALL_YAML, make_period, make_scheme
from tests.conftest import PERSONAS

COUNTY = set(PERSONAS) - {"other_office"}


@pytest.fixture
def rows(world):
    active = make_scheme(world.year)
    draft = make_scheme(world.year, state=Scheme.State.DRAFT, version=2)
    period = make_period(world.year)
    approved = Adjustment.objects.create(
        period=period,
        unit=world.unit_a,
        arena_code="projects",
        kind="bonus",
        level="national",
        matter="全国文明单位",
        state="approved",
        proposed_by=world.office,
    )
    proposed = Adjustment.objects.create(
        period=period,
        unit=world.unit_b,
        arena_code="projects",
        kind="deduction",
        points=Decimal(1),
        matter="事故",
        reason="r",
        proposed_by=world.assessor,
    )
    target_a = Target.objects.create(
        year=world.year, unit=world.unit_a, indicator_code="P1", value=100
    )
    target_b = Target.objects.create(
        year=world.year, unit=world.unit_b, indicator_code="P1", value=80
    )
    exemption = Exemption.objects.create(
        year=world.year, unit=world.unit_b, indicator_code="P2", reason="r"
    )
    return {
        "active": active,
        "draft": draft,
        "period": period,
        "approved": approved,
        "proposed": proposed,
        "target_a": target_a,
        "target_b": target_b,
        "exemption": exemption,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_scheme_lists(api, world, rows, persona):
    client = api(persona)
    schemes = _ids(client.get("/api/schemes/"))
    expected = {"office": {rows["active"].pk, rows["draft"].pk}, "other_office": set()}
    assert schemes == expected.get(persona, {rows["active"].pk})
    periods = _ids(client.get("/api/periods/"))
    assert periods == (set() if persona == "other_office" else {rows["period"].pk})
    targets = _ids(client.get("/api/targets/"))
    expected_targets = {
        "office": {"target_a", "target_b"},
        "assessor": {"target_a", "target_b"},
        "leader": {"target_a", "target_b"},
        "reporter_a": {"target_a"},
        "leader_a": {"target_a"},
        "supervisor": {"target_a"},
        "reporter_b": {"target_b"},
    }.get(persona, set())
    assert targets == {rows[k].pk for k in expected_targets}
    adjustments = _ids(client.get("/api/adjustments/"))
    expected_adjustments = {
        "office": {"approved", "proposed"},
        "assessor": {"approved", "proposed"},
        "leader": {"approved", "proposed"},
        "reporter_a": {"approved"},
        "leader_a": {"approved"},
        "supervisor": {"approved"},
    }.get(persona, set())
    assert adjustments == {rows[k].pk for k in expected_adjustments}
    exemptions = _ids(client.get("/api/exemptions/"))
    sees_b = persona in {"office", "assessor", "leader", "reporter_b"}
    assert exemptions == ({rows["exemption"].pk} if sees_b else set())


def test_scheme_detail_has_arenas_and_indicators(api, rows):
    body = api("reporter_a").get(f"/api/schemes/{rows['active'].pk}/").json()
    assert [a["code"] for a in body["arenas"]] == ["projects", "advance"]
    r1 = next(i for i in body["indicators"] if i["code"] == "R1")
    assert (r1["arena"], r1["rule"], r1["params"]["peers"]) == ("advance", "rank", 13)
    files = api("reporter_a").get(f"/api/schemes/{rows['active'].pk}/files/").json()
    assert files["yaml"].startswith("name: 2022年度擂台比武\n")
    assert api("reporter_a").get(f"/api/schemes/{rows['draft'].pk}/").status_code == 404
    assert api("other_office").get(f"/api/schemes/{rows['active'].pk}/").status_code == 404


def test_import_and_activate(api, world):
    response = api("office").post(
        "/api/schemes/import/", {"year": world.year.pk, "yaml": SMALL_YAML}, format="json"
    )
    assert response.status_code == 201, response.content
    scheme_id = response.json()["id"]
    assert response.json()["state"] == "draft"
    response = api("office").post(f"/api/schemes/{scheme_id}/activate/")
    assert response.json()["state"] == "active"


def test_import_errors_name_arena_and_indicator(api, world):
    response = api("office").post(
        "/api/schemes/import/",
        {"year": world.year.pk, "yaml": SMALL_YAML.replace("peers: 13,", "")},
        format="json",
    )
    assert_error(response, 400, "invalid", {"yaml": "indicator R1: missing parameter peers"})
    assert Scheme.objects.count() == 0


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "judge"])
def test_import_refused(api, world, persona):
    response = api(persona).post(
        "/api/schemes/import/", {"year": world.year.pk, "yaml": SMALL_YAML}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert Scheme.objects.count() == 0


def test_import_into_another_county_is_404(api, world):
    response = api("other_office").post(
        "/api/schemes/import/", {"year": world.year.pk, "yaml": SMALL_YAML}, format="json"
    )
    assert response.status_code == 404


def test_indicator_patch_copies_on_write(api, rows):
    p1 = rows["active"].indicators.get(code="P1")
    response = api("office").patch(f"/api/indicators/{p1.pk}/", {"max_points": 45}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    new = Scheme.objects.get(state="active")
    assert (body["max_points"], body["scheme"], new.version) == (45.0, new.pk, 3)
    assert_error(
        api("reporter_a").patch(f"/api/indicators/{p1.pk}/", {"max_points": 1}, format="json"),
        403,
        "permission_denied",
    )
    response = api("office").patch(f"/api/indicators/{p1.pk}/", {"colour": "red"}, format="json")
    assert_error(response, 400, "invalid", {"colour": "Unknown field"})


def test_period_transitions(api, world, rows):
    period = rows["period"]
    assert_error(api("assessor").post(f"/api/periods/{period.pk}/close/"), 403, "permission_denied")
    assert api("other_office").post(f"/api/periods/{period.pk}/close/").status_code == 404
    assert api("office").post(f"/api/periods/{period.pk}/close/").json()["state"] == "closed"
    assert api("office").post(f"/api/periods/{period.pk}/lock/").json()["state"] == "locked"
    assert_error(api("office").post(f"/api/periods/{period.pk}/reopen/"), 400, "invalid")
    response = api("office").post("/api/periods/generate/", {"year": world.year.pk}, format="json")
    assert len(response.json()) == 16
    assert Period.objects.count() == 17


def test_target_set_and_scope(api, world, rows):
    response = api("office").post(
        "/api/targets/",
        {"year": world.year.pk, "unit": world.unit_c.pk, "indicator_code": "P1", "value": "12.5"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "12.5000"
    response = api("reporter_a").post(
        "/api/targets/",
        {"year": world.year.pk, "unit": world.unit_a.pk, "indicator_code": "P1", "value": "1"},
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    assert Target.objects.get(unit=world.unit_a).value == Decimal("100")
    assert api("reporter_a").get(f"/api/targets/{rows['target_b'].pk}/").status_code == 404


def test_exemption_create_and_delete(api, world, rows):
    response = api("office").post(
        "/api/exemptions/",
        {"year": world.year.pk, "unit": world.unit_a.pk, "indicator_code": "R1", "reason": "无"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert api("assessor").delete(f"/api/exemptions/{response.json()['id']}/").status_code == 403
    assert api("office").delete(f"/api/exemptions/{response.json()['id']}/").status_code == 204
    assert Exemption.objects.count() == 1


def test_adjustment_propose_and_decide(api, world, rows):
    body = {
        "period": rows["period"].pk,
        "unit": world.unit_a.pk,
        "arena_code": "advance",
        "kind": "bonus",
        "level": "provincial",
        "matter": "全省先进",
    }
    response = api("assessor").post("/api/adjustments/", body, format="json")
    assert response.status_code == 201, response.content
    row_id = response.json()["id"]
    assert_error(
        api("reporter_a").post("/api/adjustments/", body, format="json"), 403, "permission_denied"
    )
    assert_error(
        api("assessor").post(f"/api/adjustments/{row_id}/approve/"), 403, "permission_denied"
    )
    response = api("office").post(
        f"/api/adjustments/{row_id}/approve/", {"note": "ok"}, format="json"
    )
    assert (response.json()["state"], response.json()["decision_note"]) == ("approved", "ok")
    assert_error(
        api("office").post(f"/api/adjustments/{rows['proposed'].pk}/reject/"), 400, "invalid"
    )
    assert AuditEntry.objects.filter(action="adjustment.reject").count() == 0


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/schemes/",
        "/api/indicators/",
        "/api/periods/",
        "/api/targets/",
        "/api/exemptions/",
        "/api/adjustments/",
    ],
)
def test_list_query_count_does_not_grow(api, world, rows, url):
    client = api("office")
    _queries(client, url)
    few = _queries(client, url)
    make_scheme(world.year, state=Scheme.State.RETIRED, version=3)
    for code in ["2022-04", "2022-05", "2022-06"]:
        period = make_period(world.year, code)
        Adjustment.objects.create(
            period=period,
            unit=world.unit_c,
            arena_code="projects",
            kind="bonus",
            level="county",
            matter=code,
            proposed_by=world.office,
        )
        Target.objects.create(
            year=world.year, unit=world.unit_c, indicator_code=code, period=period, value=1
        )
        Exemption.objects.create(
            year=world.year, unit=world.unit_c, indicator_code=code, reason="r"
        )
    assert _queries(client, url) == few


def test_indicator_patch_sets_share_percent(api, rows):
    r3 = rows["draft"].indicators.get(code="R3")
    url = f"/api/indicators/{r3.pk}/"
    response = api("office").patch(url, {"params": {"percent": "yes"}}, format="json")
    assert response.status_code == 400
    assert "R3: percent must be true or false, got 'yes'" in response.content.decode()
    r3.refresh_from_db()
    assert r3.params == {}
    response = api("office").patch(url, {"params": {"percent": True}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["params"] == {"percent": True}
    r3.refresh_from_db()
    assert r3.params == {"percent": True}


def test_indicator_patch_sets_rater_classes(api, rows):
    r4 = rows["draft"].indicators.get(code="R4")
    url = f"/api/indicators/{r4.pk}/"
    audits = AuditEntry.objects.count()
    # The factory's R4 is supplied by the unit; a panel indicator must be the office's.
    bad = {"supplier": "office", "params": {"trim_from": 4, "classes": {"A": 60, "B": 0}}}
    response = api("office").patch(url, bad, format="json")
    assert response.status_code == 400
    assert "R4: classes weight of B must be a number > 0, got 0" in response.content.decode()
    r4.refresh_from_db()
    assert (r4.params, AuditEntry.objects.count()) == ({"trim_from": 5}, audits)
    # A draft is the office's alone: others do not even see it.
    for persona, status in (("assessor", 404), ("reporter_a", 404), ("other_office", 404)):
        response = api(persona).patch(url, {"params": {"classes": {"A": 1}}}, format="json")
        assert response.status_code == status
    r4.refresh_from_db()
    assert r4.params == {"trim_from": 5}
    good = {"supplier": "office", "params": {"trim_from": 4, "classes": {"县领导": 60, "群众": 40}}}
    response = api("office").patch(url, good, format="json")
    assert response.status_code == 200, response.content
    classes = [["县领导", 60.0], ["群众", 40.0]]
    assert response.json()["params"] == {"trim_from": 4, "classes": classes}
    r4.refresh_from_db()
    assert r4.params == {"trim_from": 4, "classes": classes}
