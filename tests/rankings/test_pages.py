"""The rankings pages: every persona's status, the flow through the pages, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitai.assessment.models import IndicatorValue
from leitai.core import cache
from leitai.core.models import AuditEntry
from leitai.org.services import person_update
from leitai.rankings import services
from leitai.rankings.compute import Sensitivity
from leitai.rankings.models import Appeal, Publication, RankingSnapshot
from tests.conftest import PERSONAS

QUICK = Sensitivity(runs=20)
EVERYONE = set(PERSONAS) - {"other_office"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def board(tiny):
    """January published (with appeals open), February computed as a draft."""
    january = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=tiny.office, snapshot=january)
    february = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-02"], check=QUICK
    )
    tiny.january, tiny.february = january, february
    return tiny


def _pages(t):
    jan, feb = t.january, t.february
    a, b = t.unit_a.pk, t.unit_b.pk
    return [
        (reverse("rankings:leaderboard", args=[jan.pk]), EVERYONE),
        (reverse("rankings:leaderboard", args=[feb.pk]), {"office"}),
        (reverse("rankings:scorecard", args=[jan.pk, a]), EVERYONE),
        (reverse("rankings:scorecard", args=[jan.pk, b]), EVERYONE),
        (reverse("rankings:scorecard", args=[feb.pk, a]), {"office"}),
        (reverse("rankings:trends") + f"?year={t.year.pk}", EVERYONE),
        (reverse("rankings:history", args=[jan.period_id]), EVERYONE),
        (reverse("rankings:desk"), {"office", "other_office"}),
        (reverse("rankings:check", args=[jan.pk]), {"office"}),
        (reverse("rankings:check", args=[feb.pk]), {"office"}),
        (reverse("rankings:appeal_new", args=[jan.pk, a]), {"leader_a"}),
        (reverse("rankings:appeal_new", args=[jan.pk, b]), set()),
        (reverse("rankings:appeal_list"), set(PERSONAS)),
    ]


def test_pages_answer_each_persona(board):
    for url, allowed in _pages(board):
        for persona in PERSONAS:
            expected = 200 if persona in allowed else 404
            status = board.client_for(persona).get(url).status_code
            assert status == expected, f"{persona} got {status} on {url}"


def test_anonymous_is_sent_to_login(client, board):
    for url, _allowed in _pages(board):
        assert client.get(url).status_code == 302


def test_index_opens_the_newest_published_month(board):
    response = board.client_for("reporter_b").get(reverse("rankings:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("rankings:leaderboard", args=[board.january.pk])
    assert board.client_for("other_office").get(reverse("rankings:index")).status_code == 200


def test_leaderboard_shows_ranks_totals_and_arenas(board):
    url = reverse("rankings:leaderboard", args=[board.january.pk])
    html = board.client_for("reporter_b").get(url + f"?group={board.group_1.pk}").content.decode()
    assert html.index("县体育事业发展中心") < html.index("县发展和改革局")
    # January: C01 104.8 (projects 108, reform 100), A01 75.2 (72, 80); see test_compute.py.
    for text in ("104.80", "75.20", "108.00", "72.00", "100.00", "80.00"):
        assert text in html
    assert "draft-banner" not in html
    # Only the office sees the robustness column.
    assert "within the noise" not in html and "Rank range" not in html


def test_draft_banner_and_rank_change(board):
    services.snapshot_publish(actor=board.office, snapshot=board.february)
    url = reverse("rankings:leaderboard", args=[board.february.pk])
    html = board.client_for("reporter_a").get(url + f"?group={board.group_1.pk}").content.decode()
    assert "↑1" in html and "↓1" in html


def test_scorecard_explains_and_closes_the_gap(board):
    url = reverse("rankings:scorecard", args=[board.january.pk, board.unit_a.pk])
    response = board.client_for("leader_a").get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    # Gap to C01: 104.8 − 75.2 = 29.6. One point of projects is worth 60/100 × 100/100 = 0.6
    # of the total; A01 lost 24 on P2 (14.4), 4 on P1 (2.4). A month leaves R2 out, so reform's
    # maximum is R1's 50 and one point of it is worth 40/100 × 100/50 = 0.8: 10 lost on R1, 8.
    assert "29.60" in html
    assert "appeal-link" in html
    assert "36.00 / 40.00" in html


def test_scorecard_closers(board):
    from leitai.rankings.selectors import scorecard

    row = board.january.rows.get(unit=board.unit_a)
    card = scorecard(board.january, row)
    assert card.gap == "29.60"
    # Largest first: 14.4 + 8 + 2.4 = 24.8 does not cover the 29.6 gap.
    assert [(line.code, line.worth_text) for line in card.closers] == [
        ("P2", "14.40"),
        ("R1", "8.00"),
        ("P1", "2.40"),
    ]
    assert card.closes is False


def test_compute_and_publish_through_the_pages(tiny):
    january = tiny.periods["2022-01"]
    IndicatorValue.objects.filter(period=january, unit=tiny.unit_b, indicator_code="P2").update(
        state="submitted"
    )
    client = tiny.client_for("office")
    response = client.post(reverse("rankings:compute", args=[january.pk]))
    snapshot = RankingSnapshot.objects.get()
    assert response["Location"] == reverse("rankings:check", args=[snapshot.pk])
    html = client.get(response["Location"]).content.decode()
    # The unverified value is listed; judges' scores are not (a month does not collect them).
    assert "<strong>县商务局</strong> · 未核实：P2</li>" in html and "R2" not in html
    # One of the draft's values is missing: above the default 10% limit, publishing needs a reason.
    publish = {"appeal_days": 3, "public_shows": "totals", "list_size": 2, "public": "on"}
    response = client.post(reverse("rankings:check", args=[snapshot.pk]), publish)
    assert response.status_code == 200 and not Publication.objects.exists()
    publish["override_reason"] = "县商务局 P2 待核实，先行发布"
    response = client.post(reverse("rankings:check", args=[snapshot.pk]), publish)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.list_size, publication.public) == (2, True)


def test_compute_refused_to_others(tiny):
    url = reverse("rankings:compute", args=[tiny.periods["2022-01"].pk])
    for persona in ("leader", "leader_a", "reporter_a", "other_office", "judge"):
        assert tiny.client_for(persona).post(url).status_code == 404
    assert RankingSnapshot.objects.count() == 0


def test_appeal_through_the_pages(board):
    url = reverse("rankings:appeal_new", args=[board.january.pk, board.unit_a.pk])
    response = board.client_for("leader_a").post(url, {"reason": "P2 少报"})
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("rankings:appeal_detail", args=[appeal.pk])
    detail = reverse("rankings:appeal_detail", args=[appeal.pk])
    assert board.client_for("reporter_b").get(detail).status_code == 404
    assert board.client_for("reporter_a").get(detail).status_code == 200
    # Only the office decides.
    assert (
        board.client_for("leader_a").post(detail, {"accept": "1", "decision": "x"}).status_code
        == 404
    )
    response = board.client_for("office").post(detail, {"accept": "1", "decision": "更正 P2"})
    appeal.refresh_from_db()
    assert appeal.state == "accepted"
    response = board.client_for("office").post(reverse("rankings:appeal_reissue", args=[appeal.pk]))
    reissue = RankingSnapshot.objects.get(appeal=appeal)
    assert reissue.supersedes == board.january and reissue.reason == "更正 P2"
    assert response["Location"] == reverse("rankings:check", args=[reissue.pk])


def test_published_snapshot_cannot_be_published_again_through_the_page(board):
    url = reverse("rankings:check", args=[board.january.pk])
    board.client_for("office").post(
        url, {"appeal_days": 3, "public_shows": "totals", "list_size": 3}
    )
    assert Publication.objects.count() == 1
    assert AuditEntry.objects.filter(action="ranking_snapshot.publish").count() == 1


def test_leaderboard_query_count(board, django_assert_num_queries):
    client = board.client_for("reporter_a")
    url = reverse("rankings:leaderboard", args=[board.january.pk])
    # User, snapshot summary, stamp, then the body's own reads (the session was put in the
    # cache when it was made, the role grants when the person logged in: the session's idle
    # timeout follows the person's roles).
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    # Cached: session, user, scope and page all come from the cache (the access check runs).
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    cache.clear()
    # With an empty cache the session is read from the database again.
    with django_assert_num_queries(11):
        assert client.get(url + f"?group={board.group_2.pk}").status_code == 200


def test_scorecard_query_count(board, django_assert_num_queries):
    client = board.client_for("reporter_a")
    url = reverse("rankings:scorecard", args=[board.january.pk, board.unit_a.pk])
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_a_cached_page_shows_the_person_as_they_are_now(board):
    client = board.client_for("reporter_a")
    url = reverse("rankings:leaderboard", args=[board.january.pk])
    client.get(url)
    assert "填报员改名" not in client.get(url).content.decode()  # served from the cache
    person_update(
        actor=board.office,
        person=board.reporter_a,
        jurisdiction=board.county,
        first_name="填报员改名",
    )
    assert "填报员改名" in client.get(url).content.decode()


def test_check_page_lists_the_groups_in_their_order(board):
    board.group_2.order = 0  # the office put 第二组 first
    board.group_2.save(update_fields=["order"])
    url = reverse("rankings:check", args=[board.february.pk])
    rows = board.client_for("office").get(url).context["rows"]
    assert [row.group.code for row, _total in rows] == ["G2", "G1", "G1"]


def test_missing_values_are_grouped_by_unit_and_reason():
    from leitai.rankings.selectors import missing_by_unit

    missing = [
        {"name": "县审计局", "indicator": "P04", "reason": "not_verified"},
        {"name": "县审计局", "indicator": "P05", "reason": "not_verified"},
        {"name": "县商务局", "indicator": "P02", "reason": "not_verified"},
        {"name": "县审计局", "indicator": "A11", "reason": "blank"},
    ]
    assert missing_by_unit(missing) == [
        {"name": "县审计局", "reason": "not_verified", "indicators": ["P04", "P05"]},
        {"name": "县商务局", "reason": "not_verified", "indicators": ["P02"]},
        {"name": "县审计局", "reason": "blank", "indicators": ["A11"]},
    ]


def test_desk_asks_for_a_reason_only_where_a_result_was_published(board):
    html = board.client_for("office").get(reverse("rankings:desk")).content.decode()
    rows = {
        code: html.split(f'data-testid="compute-{code}"')[0].rsplit("<tr>", 1)[1]
        for code in ("2022-01", "2022-02")
    }
    assert 'name="reason"' in rows["2022-01"]  # published: a new computation is a re-issue
    assert 'name="reason"' not in rows["2022-02"]  # only a draft


def test_check_page_lists_values_far_from_their_last_period(board):
    from leitai.assessment.models import IndicatorValue

    feb = board.february.period
    jan = board.periods["2022-01"]
    IndicatorValue.objects.update_or_create(
        period=jan, unit=board.unit_a, indicator_code="P9", defaults={"value": 20}
    )
    IndicatorValue.objects.update_or_create(
        period=feb,
        unit=board.unit_a,
        indicator_code="P9",
        defaults={"value": 1024, "note": "集中签约"},
    )
    url = reverse("rankings:check", args=[board.february.pk])
    response = board.client_for("office").get(url)
    assert [(v.indicator_code, f.reference) for v, f in response.context["implausible"]] == [
        ("P9", 20)
    ]
    html = response.content.decode()
    assert 'data-testid="implausible"' in html and "集中签约" in html
