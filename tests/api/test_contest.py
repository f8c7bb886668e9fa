"""/api/contest/…: contests, live state and results scoped like the pages; the judges' phones
by their link token; sealed means sealed."""

# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from leitai.contest.models import ContestUnit, Judge, Submission
from leitai.contest.services import live
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.contest.conftest import night, to_scoring  # noqa: F401 (fixture)

SEES = {"office", "leader", "reporter_a", "leader_a", "auditor"}
STATE = "/api/contest/judge/state/"
SUBMIT = "/api/contest/judge/submissions/"
POINTS = [37, 26, 17, 8]  # 88: a total no other figure on these pages carries


@pytest.fixture
def api(world):
    def client_for(persona):
        client = APIClient()
        client.force_authenticate(getattr(world, persona))
        return client

    return client_for


def phone(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Judge {token}")
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_contests_live_and_results_per_persona(api, night, persona):
    client = api(persona)
    pk = night.contest.pk
    listed = [c["id"] for c in client.get("/api/contest/contests/").json()["results"]]
    assert listed == ([pk] if persona in SEES else [])
    for path in (f"{pk}/", f"{pk}/live/", f"{pk}/results/"):
        response = client.get(f"/api/contest/contests/{path}")
        assert response.status_code == (200 if persona in SEES else 404), path


def test_anonymous_gets_no_contest(night):
    assert APIClient().get("/api/contest/contests/").status_code in (401, 403)


def test_the_judges_phone_reads_the_unit_being_scored(night):
    round_ = to_scoring(night)
    state = phone(night.tokens["王评委"]).get(STATE).json()
    assert state["round"] == round_.pk
    assert state["unit_name"] == round_.unit.name
    assert (state["accepting"], state["submitted"], state["points"]) == (True, False, None)


def test_same_key_twice_is_one_score(night):
    round_ = to_scoring(night)
    client = phone(night.tokens["王评委"])
    body = {"round": round_.pk, "key": "phone-key-0001", "points": POINTS}
    first = client.post(SUBMIT, body, format="json")
    again = client.post(SUBMIT, body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {
        "round": round_.pk,
        "key": "phone-key-0001",
        "stored": False,
        "submitted": True,
    }
    assert Submission.objects.filter(round=round_).count() == 1
    assert AuditEntry.objects.filter(action="contest.submit").count() == 1


def test_bad_points_are_refused_naming_the_criterion(night):
    round_ = to_scoring(night)
    body = {"round": round_.pk, "key": "phone-key-0002", "points": [41, 0, 0, 0]}
    response = phone(night.tokens["王评委"]).post(SUBMIT, body, format="json")
    assert response.status_code == 400
    assert "工作实绩" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown", "finished", "none"])
def test_a_link_that_is_not_valid_is_refused(night, how):
    round_ = to_scoring(night)
    judge = night.judges[0]
    token = night.tokens[judge.name]
    if how == "revoked":
        Judge.objects.filter(pk=judge.pk).update(revoked_at=timezone.now())
    elif how == "expired":
        Judge.objects.filter(pk=judge.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif how == "unknown":
        token = "z" * 43
    elif how == "finished":
        night.contest.__class__.objects.filter(pk=night.contest.pk).update(state="finished")
    client = phone(token) if how != "none" else APIClient()
    audits = AuditEntry.objects.count()
    assert client.get(STATE).status_code in (401, 403)
    body = {"round": round_.pk, "key": "phone-key-0003", "points": POINTS}
    assert client.post(SUBMIT, body, format="json").status_code in (401, 403)
    assert not Submission.objects.exists()
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_logged_in_person_cannot_submit_as_a_judge(api, night, persona):
    round_ = to_scoring(night)
    body = {"round": round_.pk, "key": "phone-key-0004", "points": POINTS}
    assert api(persona).post(SUBMIT, body, format="json").status_code in (401, 403)
    assert not Submission.objects.exists()


def test_a_round_of_another_contest_is_a_404(night):
    to_scoring(night)
    body = {"round": 999999, "key": "phone-key-0005", "points": POINTS}
    assert phone(night.tokens["王评委"]).post(SUBMIT, body, format="json").status_code == 404


def test_a_score_after_the_reveal_is_refused_with_nothing_changed(night):
    round_ = to_scoring(night)
    for judge in night.judges:
        if judge.unit_id != round_.unit_id:
            live.submission_save(
                judge=judge, round=round_, key=f"sheet-key-{judge.pk}", points=POINTS
            )
    live.round_reveal(actor=night.world.office, round=round_)
    before = list(Submission.objects.values_list("pk", "key", "total"))
    audits = AuditEntry.objects.count()
    body = {"round": round_.pk, "key": "phone-key-late", "points": [0, 0, 0, 0]}
    response = phone(night.tokens["王评委"]).post(SUBMIT, body, format="json")
    assert response.status_code == 400
    assert list(Submission.objects.values_list("pk", "key", "total")) == before
    assert AuditEntry.objects.count() == audits


def _everything(api, night, persona) -> str:
    """Return every page, fragment and API answer of the contest the persona reaches, joined."""
    from django.urls import reverse

    pk = night.contest.pk
    client = api(persona)
    page_client = night.world.client_for(persona)
    parts = [
        client.get(f"/api/contest/contests/{pk}/").content,
        client.get(f"/api/contest/contests/{pk}/live/").content,
        client.get(f"/api/contest/contests/{pk}/results/").content,
        client.get("/api/audit/?page_size=200").content,
    ]
    for name in ("detail", "screen", "screen_live", "console_live"):
        parts.append(page_client.get(reverse(f"contest:{name}", args=[pk])).content)
    parts.append(
        page_client.get(reverse("core:audit_list")).content if persona == "auditor" else b""
    )
    return b"".join(parts).decode()


@pytest.mark.parametrize("persona", ["office", "leader", "reporter_a", "judge", "auditor"])
def test_sealed_means_sealed_until_the_reveal(api, night, persona):
    round_ = to_scoring(night)
    for judge in night.judges:
        if judge.unit_id != round_.unit_id:
            live.submission_save(
                judge=judge, round=round_, key=f"sheet-key-{judge.pk}", points=POINTS
            )
    before = _everything(api, night, persona)
    assert "88.00" not in before and '"88"' not in before and ">88<" not in before
    other = phone(night.tokens["李评委"]).get(STATE).json()
    assert other["points"] == POINTS  # a judge sees his own sheet only
    live.round_reveal(actor=night.world.office, round=round_)
    after = _everything(api, night, persona)
    if persona in SEES:
        assert "88.00" in after
    assert ContestUnit.objects.get(pk=round_.pk).score is not None


def test_a_judges_link_reaches_no_round_of_another_contest(night):
    from leitai.contest.services import setup

    to_scoring(night)
    other = setup.contest_create(
        actor=night.world.office,
        year=night.world.year,
        period=night.quarter,
        groups=[night.world.group_2],
        name="第二组擂台比武",
        held_on=night.contest.held_on,
        indicator_code="J01",
        criteria=[{"name": "总体评价", "max": 100}],
    )
    foreign = other.rounds.get()
    body = {"round": foreign.pk, "key": "phone-key-0006", "points": [50]}
    assert phone(night.tokens["王评委"]).post(SUBMIT, body, format="json").status_code == 404
    assert not Submission.objects.exists()


LIVE_KEYS = {"state", "order", "current", "timer_seconds", "timer_running", "submitted", "waiting"}


def test_the_live_state_of_a_score_contest_has_no_vote_progress(api, night):
    body = api("office").get(f"/api/contest/contests/{night.contest.pk}/live/").json()
    assert body["votes"] is None


def test_the_live_state_says_who_has_voted_in_a_rank_vote_never_the_order(api, world):
    from leitai.contest.services import votes
    from tests.contest.test_votes import build_rank_night, order_of, present_all

    night = build_rank_night(world)
    client = api("office")
    path = f"/api/contest/contests/{night.contest.pk}/live/"
    everyone = ["王评委", "李评委", "赵评委", "钱评委", "孙评委"]
    before = client.get(path).json()["votes"]
    assert before == {"open": False, "submitted": [], "waiting": everyone}
    present_all(night)
    assert client.get(path).json()["votes"] == {
        "open": True,
        "submitted": [],
        "waiting": everyone,
    }
    for judge in night.judges[:2]:  # 王评委 and 李评委 put C before A
        votes.ballot_save(
            judge=judge,
            contest=night.contest,
            key=f"ballot-{judge.pk:04d}",
            order=order_of(night, "CA"),
        )
    response = client.get(path)
    assert response.json()["votes"] == {
        "open": True,
        "submitted": ["王评委", "李评委"],
        "waiting": ["赵评委", "钱评委", "孙评委"],
    }
    assert set(response.json()) == {*LIVE_KEYS, "votes"}  # names only, never an order
    # The people of a unit taking part see the same names; another unit's reporter sees nothing.
    assert api("reporter_a").get(path).json()["votes"]["submitted"] == ["王评委", "李评委"]
    assert api("reporter_b").get(path).status_code == 404
