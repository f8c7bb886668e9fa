"""Rank-vote contests through the pages and the API: the console's steps per persona, the judges'
phones by their link token (same key twice, after the reveal, the own unit), sealed until the
reveal on every page, API answer and the big screen."""

# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from leitai.contest.models import ContestUnit, RankBallot, Submission
from leitai.contest.services import live, setup, votes
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.contest.test_votes import ORDERS, order_of, present_all, rank_night  # noqa: F401

BALLOT = "/api/contest/judge/ballot/"


def phone(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Judge {token}")
    return client


def vote(night, name, key=None, letters=None):
    judge = next(j for j in night.judges if j.name == name)
    body = {"key": key or f"ballot-{judge.pk}", "order": order_of(night, letters or ORDERS[name])}
    return phone(night.tokens[name]).post(BALLOT, body, format="json")


def frozen():
    return (
        list(RankBallot.objects.order_by("pk").values_list("judge_id", "key", "order")),
        Submission.objects.count(),
        AuditEntry.objects.count(),
        list(ContestUnit.objects.order_by("pk").values_list("pk", "state", "score")),
    )


def test_the_judges_page_is_the_ordered_list(rank_night, client):
    url = reverse("contest:judge_page", args=[rank_night.tokens["王评委"]])
    page = client.get(url).content.decode()
    assert 'id="rank-list"' in page
    assert "contest-rank.js" in page


def test_the_phone_lists_the_units_to_order_without_the_own_unit(rank_night):
    present_all(rank_night)
    state = phone(rank_night.tokens["孙评委"]).get(BALLOT).json()
    assert state["open"] is True
    assert [u["unit_name"] for u in state["units"]] == [rank_night.world.unit_c.name]
    assert (state["voted"], state["order"], state["revealed"]) == (False, None, False)


def test_the_phone_waits_until_every_unit_presented(rank_night):
    state = phone(rank_night.tokens["王评委"]).get(BALLOT).json()
    assert state["open"] is False
    before = frozen()
    answer = vote(rank_night, "王评委")
    assert answer.status_code == 400
    assert frozen() == before


def test_the_same_key_twice_stores_one_vote(rank_night):
    present_all(rank_night)
    first = vote(rank_night, "王评委", key="same-key-0001")
    audits = AuditEntry.objects.count()
    again = vote(rank_night, "王评委", key="same-key-0001", letters="CA")
    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["stored"], again.json()["stored"]) == (True, False)
    assert RankBallot.objects.get().order == order_of(rank_night, "AC")
    assert AuditEntry.objects.count() == audits
    assert phone(rank_night.tokens["王评委"]).get(BALLOT).json()["order"] == order_of(
        rank_night, "AC"
    )


def test_a_vote_after_the_reveal_is_refused_with_nothing_changed(rank_night):
    present_all(rank_night)
    for name in ORDERS:
        assert vote(rank_night, name).status_code == 201
    votes.votes_reveal(actor=rank_night.world.office, contest=rank_night.contest)
    before = frozen()
    answer = vote(rank_night, "王评委", key="after-reveal-1", letters="CA")
    assert answer.status_code == 400
    assert frozen() == before
    assert phone(rank_night.tokens["王评委"]).get(BALLOT).json()["revealed"] is True


def test_a_revoked_or_unknown_link_is_refused(rank_night):
    present_all(rank_night)
    wang = rank_night.judges[0]
    setup.judge_link_revoke(actor=rank_night.world.office, judge=wang)
    before = frozen()
    assert vote(rank_night, "王评委").status_code == 401
    assert phone("x" * 43).get(BALLOT).status_code == 401
    assert APIClient().get(BALLOT).status_code in (401, 403)
    assert frozen() == before


def test_the_own_unit_in_the_order_is_refused_naming_the_count(rank_night):
    present_all(rank_night)
    before = frozen()
    answer = vote(rank_night, "孙评委", letters="AC")
    assert answer.status_code == 400
    assert "共1个单位" in answer.content.decode()
    assert frozen() == before


def test_votes_are_sealed_on_every_page_and_answer_until_the_reveal(rank_night):
    present_all(rank_night)
    for name in ORDERS:
        vote(rank_night, name)
    world, pk = rank_night.world, rank_night.contest.pk
    for persona in ("office", "leader", "reporter_a", "leader_a"):
        client = world.client_for(persona)
        for name in ("detail", "screen", "screen_live"):
            page = client.get(reverse(f"contest:{name}", args=[pk])).content.decode()
            assert "99.25" not in page and "98.00" not in page, (persona, name)
        api = APIClient()
        api.force_authenticate(getattr(world, persona))
        assert api.get(f"/api/contest/contests/{pk}/results/").json() == []
    screen = world.client_for("office").get(reverse("contest:screen_live", args=[pk]))
    assert "已投票 5 / 5" in screen.content.decode()
    console = world.client_for("office").get(reverse("contest:console_live", args=[pk]))
    assert "5 位评委中已有 5 位投票" in console.content.decode()
    detail = world.client_for("office").get(reverse("contest:detail", args=[pk]))
    assert 'data-testid="step-reveal-votes"' in detail.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_reveal_is_the_offices_only(rank_night, persona):
    present_all(rank_night)
    for name in ORDERS:
        vote(rank_night, name)
    client = rank_night.world.client_for(persona)
    before = frozen()
    response = client.post(reverse("contest:votes_reveal", args=[rank_night.contest.pk]))
    if persona != "office":
        assert response.status_code == 404
        assert frozen() == before
        return
    assert response.status_code == 302
    stored = dict(rank_night.contest.rounds.values_list("unit__code", "score"))
    assert {k: str(v) for k, v in stored.items()} == {"A01": "99.25", "C01": "98.00"}
    screen = client.get(reverse("contest:screen_live", args=[rank_night.contest.pk]))
    text = screen.content.decode()
    table = text[text.index('data-testid="screen-vote-result"') :]
    assert table.index("99.25") < table.index("98.00")


@pytest.mark.parametrize("persona", PERSONAS)
def test_ending_a_presentation_is_the_offices_only(rank_night, persona):
    office = rank_night.world.office
    setup.contest_ready(actor=office, contest=rank_night.contest)
    setup.contest_start(actor=office, contest=rank_night.refresh())
    first = rank_night.contest.rounds.order_by("position").first()
    live.round_present(actor=office, round=first)
    before = frozen()
    client = rank_night.world.client_for(persona)
    response = client.post(reverse("contest:round_step", args=[first.pk, "end_presentation"]))
    if persona != "office":
        assert response.status_code == 404
        assert frozen() == before
        return
    assert response.status_code == 302
    assert ContestUnit.objects.get(pk=first.pk).state == "presented"


def test_between_two_presentations_the_screen_awaits_the_next_unit(rank_night):
    office = rank_night.world.office
    setup.contest_ready(actor=office, contest=rank_night.contest)
    setup.contest_start(actor=office, contest=rank_night.refresh())
    first = rank_night.contest.rounds.order_by("position").first()
    live.round_present(actor=office, round=first)
    votes.round_end_presentation(actor=office, round=first)
    client = rank_night.world.client_for("office")
    screen = client.get(reverse("contest:screen_live", args=[rank_night.contest.pk]))
    text = screen.content.decode()
    assert "下一个单位即将上台" in text
    assert "screen-vote-count" not in text and "screen-vote-result" not in text
    state = phone(rank_night.tokens["王评委"]).get(BALLOT).json()
    assert state["open"] is False


def test_a_rank_contest_does_not_open_scoring(rank_night):
    office = rank_night.world.office
    setup.contest_ready(actor=office, contest=rank_night.contest)
    setup.contest_start(actor=office, contest=rank_night.refresh())
    first = rank_night.contest.rounds.order_by("position").first()
    live.round_present(actor=office, round=first)
    before = frozen()
    response = rank_night.world.client_for("office").post(
        reverse("contest:round_step", args=[first.pk, "open_scoring"]), follow=True
    )
    assert "不逐个打分" in response.content.decode()
    assert frozen() == before


def test_the_office_sets_up_a_rank_vote_from_the_form(rank_night):
    office = rank_night.world.client_for("office")
    data = {
        "name": "2022年第二季度排序投票",
        "held_on": "2022-06-28",
        "period": rank_night.quarter.pk,
        "groups": [rank_night.world.group_1.pk],
        "indicator_code": "J01",
        "minutes": "8",
        "method": "rank",
        "rank_step": "5",
        "criteria": "工作实绩 40\n创新亮点 30\n汇报质量 20\n答辩 10",
    }
    assert office.post(reverse("contest:create"), data).status_code == 302
    contest = rank_night.contest.__class__.objects.get(name="2022年第二季度排序投票")
    assert (contest.method, contest.rank_step) == ("rank", 5)


def test_a_rank_step_of_0_is_refused_and_nothing_is_saved(rank_night):
    office = rank_night.world.client_for("office")
    data = {
        "name": "步长为零",
        "held_on": "2022-06-28",
        "period": rank_night.quarter.pk,
        "groups": [rank_night.world.group_1.pk],
        "indicator_code": "J01",
        "minutes": "8",
        "method": "rank",
        "rank_step": "0",
        "criteria": "工作实绩 40\n创新亮点 30\n汇报质量 20\n答辩 10",
    }
    count = rank_night.contest.__class__.objects.count()
    response = office.post(reverse("contest:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["rank_step"]
    assert errors["rank_step"] == ["确保该值大于或等于1。"]
    assert rank_night.contest.__class__.objects.count() == count
