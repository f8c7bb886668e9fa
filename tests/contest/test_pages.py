"""The contest's pages per persona, and the host's steps through them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitai.contest.models import Contest, ContestUnit, Judge
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.contest.conftest import start, to_scoring

# The contest is of group G1 (units A and C): A's people see it, B's do not.
SEES = {"office", "leader", "reporter_a", "leader_a"}


def _status(world, persona, url, method="get"):
    client = world.client_for(persona)
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_contest_page_per_persona(night, persona):
    url = reverse("contest:detail", args=[night.contest.pk])
    assert _status(night.world, persona, url) == (200 if persona in SEES else 404)


@pytest.mark.parametrize("name", ["screen", "screen_live"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_big_screen_per_persona(night, persona, name):
    url = reverse(f"contest:{name}", args=[night.contest.pk])
    assert _status(night.world, persona, url) == (200 if persona in SEES else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_console_fragment_is_the_offices(night, persona):
    url = reverse("contest:console_live", args=[night.contest.pk])
    assert _status(night.world, persona, url) == (200 if persona == "office" else 404)


def test_pages_ask_anonymous_to_log_in(night, client):
    for name in ("list", "create"):
        assert client.get(reverse(f"contest:{name}")).status_code == 302
    for name in ("detail", "screen", "screen_live", "console_live", "edit"):
        assert client.get(reverse(f"contest:{name}", args=[night.contest.pk])).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_only_visible_contests(night, persona):
    response = night.world.client_for(persona).get(reverse("contest:list"))
    assert response.status_code == 200
    assert (night.contest.name in response.content.decode()) == (persona in SEES)


OFFICE_POSTS = [
    ("contest:draw", lambda n: [n.contest.pk]),
    ("contest:step", lambda n: [n.contest.pk, "ready"]),
    ("contest:judge_add", lambda n: [n.contest.pk]),
    ("contest:recusal_add", lambda n: [n.contest.pk]),
    ("contest:finish", lambda n: [n.contest.pk]),
    ("contest:judge_link", lambda n: [n.judges[0].pk]),
    ("contest:judge_revoke", lambda n: [n.judges[0].pk]),
    ("contest:judge_presence", lambda n: [n.judges[0].pk]),
    ("contest:round_step", lambda n: [n.round_of(n.world.unit_a).pk, "present"]),
    ("contest:edit", lambda n: [n.contest.pk]),
]


@pytest.mark.parametrize(("name", "args"), OFFICE_POSTS, ids=[n for n, _ in OFFICE_POSTS])
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_office_steps_are_refused_to_everyone_else_changing_nothing(night, persona, name, args):
    audits = AuditEntry.objects.count()
    judges = list(Judge.objects.values_list("token_hash", "revoked_at", "present"))
    response = night.world.client_for(persona).post(
        reverse(name, args=args(night)), {"reason": "x"}
    )
    assert response.status_code == 404
    assert AuditEntry.objects.count() == audits
    assert list(Judge.objects.values_list("token_hash", "revoked_at", "present")) == judges
    assert Contest.objects.get(pk=night.contest.pk).state == "draft"


def test_the_office_runs_a_unit_through_the_console(night):
    start(night)
    office = night.world.client_for("office")
    first = night.contest.rounds.order_by("position").first()
    for action in ("present", "timer_start", "timer_stop", "open_scoring", "close", "reveal"):
        response = office.post(reverse("contest:round_step", args=[first.pk, action]))
        assert response.status_code == 302, action
    assert ContestUnit.objects.get(pk=first.pk).state == "revealed"
    page = office.get(reverse("contest:detail", args=[night.contest.pk])).content.decode()
    assert f'data-testid="result-{first.unit.code}"' in page


def test_adding_a_judge_shows_the_link_and_qr_once(night):
    office = night.world.client_for("office")
    url = reverse("contest:judge_add", args=[night.contest.pk])
    response = office.post(url, {"name": "周评委"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="link-qr"' in page and "data:image/svg+xml" in page
    judge = Judge.objects.get(name="周评委")
    link = page.split('data-testid="link-url">')[1].split("<")[0]
    assert "/contest/j/" in link
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in judge.token_hash and len(judge.token_hash) == 64
    assert night.world.client_for("office").get(link).status_code == 200


def test_the_judge_page_by_link_and_refused_when_revoked_or_unknown(night, client):
    token = night.tokens["王评委"]
    url = reverse("contest:judge_page", args=[token])
    assert client.get(url).status_code == 200
    assert client.get(reverse("contest:judge_page", args=["x" * 43])).status_code == 404
    office = night.world.client_for("office")
    office.post(reverse("contest:judge_revoke", args=[night.judges[0].pk]))
    assert client.get(url).status_code == 404


def test_a_second_draw_from_the_page_needs_a_reason(night):
    office = night.world.client_for("office")
    url = reverse("contest:draw", args=[night.contest.pk])
    seed = night.refresh().seed
    office.post(url, {"reason": ""})
    assert Contest.objects.get(pk=night.contest.pk).seed == seed
    office.post(url, {"reason": "单位调整"})
    assert night.contest.draws.count() == 2


def test_the_scoring_console_names_who_submitted(night):
    round_ = to_scoring(night)
    from leitai.contest.services import live

    live.submission_save(
        judge=night.judges[0], round=round_, key="console-1", points=[40, 30, 20, 10]
    )
    page = (
        night.world.client_for("office")
        .get(reverse("contest:console_live", args=[night.contest.pk]))
        .content.decode()
    )
    submitted = page.split('data-testid="console-submitted">')[1].split("<")[0]
    assert submitted == "王评委"
    assert "100.00" not in page and ">100<" not in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_new_contest_form_is_for_an_office(night, persona):
    # The office of another county sets up contests of its own county, never of this one.
    expected = 200 if persona in {"office", "other_office"} else 404
    assert _status(night.world, persona, reverse("contest:create")) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_edit_form_is_this_offices(night, persona):
    url = reverse("contest:edit", args=[night.contest.pk])
    assert _status(night.world, persona, url) == (200 if persona == "office" else 404)


def test_the_office_sets_up_a_contest_from_the_form(night):
    office = night.world.client_for("office")
    data = {
        "name": "2022年第二季度擂台比武",
        "held_on": "2022-06-28",
        "period": night.quarter.pk,
        "groups": [night.world.group_1.pk],
        "indicator_code": "J01",
        "minutes": "8",
        "criteria": "工作实绩 40\n创新亮点 30\n汇报质量 20\n答辩 10",
    }
    response = office.post(reverse("contest:create"), data)
    assert response.status_code == 302
    contest = Contest.objects.get(name="2022年第二季度擂台比武")
    assert contest.criteria[0] == {"name": "工作实绩", "max": 40}
    assert sorted(contest.rounds.values_list("unit__code", flat=True)) == ["A01", "C01"]


def test_a_bad_criteria_line_is_named_and_nothing_is_saved(night):
    office = night.world.client_for("office")
    data = {
        "name": "坏的评分项",
        "held_on": "2022-06-28",
        "period": night.quarter.pk,
        "groups": [night.world.group_1.pk],
        "indicator_code": "J01",
        "minutes": "8",
        "criteria": "工作实绩 40\n创新亮点\n汇报质量 60",
    }
    contests = Contest.objects.count()
    page = office.post(reverse("contest:create"), data).content.decode()
    assert "第2行：请写评分项名称和满分" in page
    assert Contest.objects.count() == contests


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_voiding_is_refused_to_everyone_but_the_office(night, persona):
    from leitai.contest.models import Submission
    from leitai.contest.services import live

    round_ = to_scoring(night)
    sheet, _ = live.submission_save(
        judge=night.judges[0], round=round_, key="void-refused", points=[40, 30, 20, 10]
    )
    live.round_close(actor=night.world.office, round=round_)
    live.round_reveal(actor=night.world.office, round=round_)
    audits = AuditEntry.objects.count()
    url = reverse("contest:void", args=[sheet.pk])
    response = night.world.client_for(persona).post(url, {"reason": "不该作废"})
    assert response.status_code == 404
    assert Submission.objects.get(pk=sheet.pk).voided_at is None
    assert AuditEntry.objects.count() == audits
