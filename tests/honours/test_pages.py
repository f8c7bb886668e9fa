"""Every honours page for every persona: the exact status, and what the office's steps do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitai.honours import services
from leitai.honours.models import HonoursDraft, Objection
from tests.conftest import PERSONAS
from tests.honours.conftest import publish_year

COUNTY = {"assessor", "reporter_a", "leader_a", "reporter_b", "supervisor", "judge", "leader"}


@pytest.fixture
def drafts(graded):
    publish_year(graded)
    work = services.honours_grade(actor=graded.office, year=graded.year)
    shown = services.honours_grade(actor=graded.office, year=graded.year)
    services.honours_publish(actor=graded.office, draft=shown)
    return graded, work, shown


def status(client, url):
    return client.get(url).status_code


def expected_for(persona, *, published):
    if persona == "office":
        return 200
    if persona in COUNTY and published:
        return 200
    return 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_pages_per_persona(drafts, persona):
    g, work, shown = drafts
    client = g.client_for(persona)
    for draft, published in ((work, False), (shown, True)):
        want = expected_for(persona, published=published)
        assert status(client, reverse("honours:draft", args=[draft.pk])) == want
        unit_url = reverse("honours:unit_year", args=[draft.pk, g.unit_a.pk])
        assert status(client, unit_url) == want
        for kind in ("grades-xlsx",):
            assert status(client, reverse("honours:download", args=[draft.pk, kind])) == want


@pytest.mark.parametrize("persona", PERSONAS)
def test_index_and_rules_per_persona(drafts, persona):
    g, work, shown = drafts
    client = g.client_for(persona)
    index = client.get(reverse("honours:index") + f"?year={g.year.pk}")
    assert index.status_code == (404 if persona == "other_office" else 200)
    if index.status_code == 200:
        listed = {d.pk for d in index.context["drafts"]}
        assert listed == ({work.pk, shown.pk} if persona == "office" else {shown.pk})
    rules = status(client, reverse("honours:rules", args=[g.scheme.pk]))
    assert rules == (200 if persona == "office" else 404)


def test_anonymous_is_sent_to_log_in(drafts, client):
    g, _work, shown = drafts
    for url in (
        reverse("honours:index"),
        reverse("honours:draft", args=[shown.pk]),
        reverse("honours:unit_history", args=[g.unit_a.pk]),
    ):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_steps_are_refused_to_everyone_but_the_office(drafts, persona):
    g, work, shown = drafts
    client = g.client_for(persona)
    response = client.post(reverse("honours:draft_step", args=[work.pk, "publish"]))
    assert response.status_code == 404
    response = client.post(reverse("honours:grade") + f"?year={g.year.pk}")
    assert response.status_code == 404
    response = client.post(reverse("honours:objection_create", args=[shown.pk]), {"text": "不服"})
    assert response.status_code == 404
    assert HonoursDraft.objects.get(pk=work.pk).state == "draft"
    assert HonoursDraft.objects.count() == 2 and Objection.objects.count() == 0


def test_office_walks_a_draft_to_the_final_list_through_the_pages(drafts):
    g, work, shown = drafts
    client = g.client_for("office")
    page = client.get(reverse("honours:draft", args=[work.pk]))
    assert "在优秀名额2个（6个单位×30%，四舍五入）中居第1位，评为优秀。" in page.content.decode()
    client.post(reverse("honours:draft_step", args=[work.pk, "discard"]), {"reason": "重新评定"})
    assert HonoursDraft.objects.get(pk=work.pk).state == "discarded"
    client.post(
        reverse("honours:objection_create", args=[shown.pk]),
        {"text": "D01 的数据有误", "unit": g.units["D01"].pk, "contact": "138"},
    )
    objection = Objection.objects.get()
    assert (objection.unit_id, objection.contact, objection.state) == (
        g.units["D01"].pk,
        "138",
        "pending",
    )
    client.post(
        reverse("honours:objection_decide", args=[objection.pk, "dismiss"]),
        {"handling": "经核实无误"},
    )
    objection.refresh_from_db()
    assert (objection.state, objection.handling) == ("dismissed", "经核实无误")


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_history_shows_final_lists_only(drafts, persona):
    g, _work, _shown = drafts
    client = g.client_for(persona)
    response = client.get(reverse("honours:unit_history", args=[g.unit_a.pk]))
    if persona == "other_office":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert list(response.context["entries"]) == []


def test_public_roll_and_screen_show_the_final_list_without_log_in(drafts, client):
    g, _work, shown = drafts
    url = reverse("honours:public_roll", args=[g.county.code])
    assert "县发展和改革局" not in client.get(url).content.decode()
    rules = {**shown.rules, "publicity_days": 0}
    HonoursDraft.objects.filter(pk=shown.pk).update(rules=rules)
    services.honours_finalise(actor=g.office, draft=HonoursDraft.objects.get(pk=shown.pk))
    page = client.get(url).content.decode()
    assert "先进单位" in page and "县发展和改革局" in page and "县体育事业发展中心" in page
    screen = client.get(reverse("honours:big_screen", args=[g.county.code]))
    assert screen.status_code == 200 and "单项奖（改革创新）" in screen.content.decode()
    assert client.get(reverse("honours:public_roll", args=["999999"])).status_code == 404


def test_the_public_results_page_links_to_the_honours_roll(graded, client):
    page = client.get(f"/public/{graded.county.code}/").content.decode()
    assert f'href="/honours/public/{graded.county.code}/"' in page
