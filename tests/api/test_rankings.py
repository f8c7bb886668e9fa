"""/api/ranking-snapshots/ and /api/appeals/: scoped like the pages; snapshots never change."""

from __future__ import annotations

import pytest

from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.models import Appeal, Publication, RankingSnapshot
from tests.api.conftest import assert_error
from tests.conftest import PERSONAS
from tests.rankings.conftest import tiny  # noqa: F401  (the tiny scheme fixture)

QUICK = Sensitivity(runs=20)
EVERYONE = set(PERSONAS) - {"other_office"}


@pytest.fixture
def board(tiny):  # noqa: F811
    january = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=tiny.office, snapshot=january)
    february = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-02"], check=QUICK
    )
    tiny.january, tiny.february = january, february
    return tiny


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_scoped(api, board, persona):
    response = api(persona).get("/api/ranking-snapshots/")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    if persona == "office":
        assert ids == {board.january.pk, board.february.pk}
    elif persona == "other_office":
        assert ids == set()
    else:
        assert ids == {board.january.pk}


def test_snapshot_fields(api, board):
    body = api("reporter_b").get(f"/api/ranking-snapshots/{board.january.pk}/").json()
    assert body["state"] == "published" and body["period_code"] == "2022-01"
    assert body["fingerprint"] == board.january.fingerprint
    assert body["publication"]["list_size"] == 3


@pytest.mark.parametrize("persona", PERSONAS)
def test_rows_and_scorecard_per_persona(api, board, persona):
    client = api(persona)
    for snapshot, allowed in ((board.january, EVERYONE), (board.february, {"office"})):
        rows = client.get(f"/api/ranking-snapshots/{snapshot.pk}/rows/")
        card = client.get(f"/api/ranking-snapshots/{snapshot.pk}/units/{board.unit_b.pk}/")
        expected = 200 if persona in allowed else 404
        assert (rows.status_code, card.status_code) == (expected, expected)


def test_rows_exact(api, board):
    response = api("reporter_a").get(
        f"/api/ranking-snapshots/{board.january.pk}/rows/?group={board.group_1.pk}"
    )
    assert [(r["unit_code"], r["rank"], round(r["total"], 6)) for r in response.json()] == [
        ("C01", 1, 104.8),  # January leaves the judges' scores out (tests/rankings/test_compute)
        ("A01", 2, 75.2),
    ]
    card = api("reporter_b").get(
        f"/api/ranking-snapshots/{board.january.pk}/units/{board.unit_a.pk}/"
    )
    assert card.json()["detail"]["indicators"]["P1"]["points"] == 36.0


def test_compute_and_publish(api, board):
    client = api("office")
    response = client.post(
        "/api/ranking-snapshots/", {"period": board.periods["2022-02"].pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "draft" and response.json()["number"] == 2
    snapshot_id = response.json()["id"]
    response = client.post(
        f"/api/ranking-snapshots/{snapshot_id}/publish/", {"list_size": 5}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["publication"]["list_size"] == 5


@pytest.mark.parametrize("persona", sorted(EVERYONE - {"office"}))
def test_compute_refused(api, board, persona):
    before = RankingSnapshot.objects.count()
    response = api(persona).post(
        "/api/ranking-snapshots/", {"period": board.periods["2022-02"].pk}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert RankingSnapshot.objects.count() == before


def test_compute_other_county_is_404(api, board):
    response = api("other_office").post(
        "/api/ranking-snapshots/", {"period": board.periods["2022-02"].pk}, format="json"
    )
    assert_error(response, 404, "not_found")


def test_publish_refused_to_others_and_twice(api, board):
    url = f"/api/ranking-snapshots/{board.january.pk}/publish/"
    assert_error(api("leader").post(url, {}, format="json"), 403, "permission_denied")
    assert_error(api("office").post(url, {}, format="json"), 400, "invalid", {"snapshot": ""})
    draft = f"/api/ranking-snapshots/{board.february.pk}/publish/"
    assert_error(api("leader").post(draft, {}, format="json"), 404, "not_found")
    assert Publication.objects.count() == 1


def test_snapshots_cannot_be_changed_or_deleted(api, board):
    url = f"/api/ranking-snapshots/{board.january.pk}/"
    for method in ("patch", "put", "delete"):
        response = getattr(api("office"), method)(url, {"reason": "x"}, format="json")
        assert response.status_code == 405
    board.january.refresh_from_db()
    assert board.january.reason == ""


def test_appeal_flow(api, board):
    publication = board.january.publication
    body = {"publication": publication.pk, "unit": board.unit_a.pk, "reason": "P2 少报"}
    assert_error(
        api("reporter_a").post("/api/appeals/", body, format="json"), 403, "permission_denied"
    )
    assert_error(api("other_office").post("/api/appeals/", body, format="json"), 404, "not_found")
    response = api("leader_a").post("/api/appeals/", body, format="json")
    assert response.status_code == 201, response.content
    appeal_id = response.json()["id"]
    assert {a["id"] for a in api("reporter_a").get("/api/appeals/").json()["results"]} == {
        appeal_id
    }
    assert api("reporter_b").get("/api/appeals/").json()["results"] == []
    decide = f"/api/appeals/{appeal_id}/decide/"
    assert_error(
        api("leader_a").post(decide, {"accept": False, "decision": "x"}, format="json"),
        403,
        "permission_denied",
    )
    response = api("office").post(decide, {"accept": False, "decision": "数据无误"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert Appeal.objects.get().decision == "数据无误"
    assert AuditEntry.objects.filter(action__startswith="appeal.").count() == 2
