"""The selection's pages per persona, the flow through the pages, and the sealed tally."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.selections import services
from leitai.selections.models import Nomination, Objection, Selection, Vote
from tests.conftest import PERSONAS
from tests.selections.conftest import cleared, nominate, open_vote, photo, publish

ANON = "anonymous"
COUNTY = set(PERSONAS) - {"other_office"}


def _status(world, persona, url, method="get", data=None):
    client = Client() if persona == ANON else world.client_for(persona)
    return getattr(client, method)(url, data or {}).status_code


def _expect(world, url, ok, *, others=404, anonymous=302, ok_status=200, method="get", data=None):
    got = {p: _status(world, p, url, method, data) for p in [*PERSONAS, ANON]}
    want = {p: (ok_status if p in ok else others) for p in PERSONAS}
    want[ANON] = anonymous
    assert got == want


@pytest.mark.django_db
def test_pages_of_a_selection_open_for_nominations(sel):
    world = sel.world
    s = sel.selection
    _expect(world, reverse("selections:list"), set(PERSONAS))
    _expect(world, reverse("selections:create"), {"office", "other_office"})
    _expect(world, reverse("selections:detail", args=[s.pk]), COUNTY)
    _expect(world, reverse("selections:office_add", args=[s.pk]), {"office"})
    _expect(
        world,
        reverse("selections:nominate", args=[s.pk, world.unit_a.pk]),
        {"reporter_a", "leader_a"},
    )
    _expect(world, reverse("selections:vote", args=[s.pk]), COUNTY)
    nomination = nominate(sel, "张三", files=[photo()])
    _expect(
        world,
        reverse("selections:nomination", args=[nomination.pk]),
        {"office", "reporter_a", "leader_a"},
    )
    file_url = reverse("selections:file", args=[nomination.files.get().pk])
    _expect(world, file_url, {"office", "reporter_a", "leader_a"})
    services.nomination_sign(actor=world.leader_a, nomination=nomination)
    # Signed: the clearance offices' signers (the county leader, the supervisor) see it too.
    _expect(
        world,
        reverse("selections:nomination", args=[nomination.pk]),
        {"office", "reporter_a", "leader_a", "leader", "supervisor"},
    )
    # Not on notice yet: no public page, no code ballot.
    assert Client().get(reverse("selections:public", args=[s.pk])).status_code == 404
    assert Client().get(reverse("selections:code_vote", args=[s.pk])).status_code == 404


@pytest.mark.django_db
def test_the_office_steps_refuse_everyone_else(sel):
    world = sel.world
    s = sel.selection
    rows = AuditEntry.objects.count()
    for name, data in [
        ("step", None),
        ("codes", {"count": 3}),
        ("scores", {}),
        ("publish", {"shortlisted": [1], "start": "2022-12-01"}),
    ]:
        args = [s.pk, "close_nominations"] if name == "step" else [s.pk]
        url = reverse(f"selections:{name}", args=args)
        for persona in [*sorted(COUNTY - {"office"}), "other_office"]:
            assert _status(world, persona, url, "post", data) == 404, (name, persona)
        assert _status(world, ANON, url, "post", data) == 302
    assert AuditEntry.objects.count() == rows
    assert sel.reload().status == Selection.Status.NOMINATING


@pytest.mark.django_db
def test_nominate_sign_and_clear_through_the_pages(sel):
    world = sel.world
    s = sel.selection
    reporter = world.client_for("reporter_a")
    url = reverse("selections:nominate", args=[s.pk, world.unit_a.pk])
    response = reporter.post(
        url,
        {
            "title": sel.pioneer.pk,
            "name": "张三",
            "position": "科长",
            "deeds": "扎根一线十年",
            "files": [photo()],
        },
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "selections:nomination", args=[nomination.pk]
    )
    assert (nomination.name, nomination.position, nomination.files.count()) == ("张三", "科长", 1)
    # A third nomination over the quota is refused with the title named.
    reporter.post(url, {"title": sel.pioneer.pk, "name": "王五", "deeds": "事迹"})
    response = reporter.post(url, {"title": sel.pioneer.pk, "name": "孙七", "deeds": "事迹"})
    assert response.status_code == 200
    assert "党员先锋" in response.content.decode()
    assert Nomination.objects.count() == 2
    step = lambda action: reverse("selections:nomination_step", args=[nomination.pk, action])  # noqa: E731
    world.client_for("leader_a").post(step("sign"))
    world.client_for("leader").post(step("clear"), {"office": sel.organisation.pk})
    response = world.client_for("supervisor").post(step("veto"), {"office": sel.discipline.pk})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SIGNED  # a veto without a reason is refused
    world.client_for("supervisor").post(step("clear"), {"office": sel.discipline.pk})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.CLEARED


@pytest.mark.django_db
def test_public_notice_and_objection_without_log_in(sel, monkeypatch):
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang], start=dt.date(2022, 12, 1))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2022, 12, 2))
    url = reverse("selections:public", args=[sel.selection.pk])
    anonymous = Client()
    page = anonymous.get(url)
    assert page.status_code == 200 and "张三同志的事迹" in page.content.decode()
    response = anonymous.post(url, {"nomination": zhang.pk, "reason": "", "contact": ""})
    assert response.status_code == 400 and Objection.objects.count() == 0
    response = anonymous.post(
        url, {"nomination": zhang.pk, "reason": "材料不实", "contact": "张先生"}
    )
    assert response.status_code == 200 and response.context["received"]
    objection = Objection.objects.get()
    assert (objection.reason, objection.contact, objection.nomination) == (
        "材料不实",
        "张先生",
        zhang,
    )
    handle = reverse("selections:objection_handle", args=[objection.pk])
    for persona in [*sorted(COUNTY - {"office"}), "other_office"]:
        assert (
            _status(world, persona, handle, "post", {"outcome": "dismiss", "handling": "x"}) == 404
        )
    world.client_for("office").post(handle, {"outcome": "dismiss", "handling": "经核实不成立"})
    objection.refresh_from_db()
    assert (objection.status, objection.handling) == (Objection.Status.DISMISSED, "经核实不成立")


@pytest.mark.django_db
def test_public_posts_are_throttled_per_address(sel, monkeypatch):
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang], start=dt.date(2022, 12, 1))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2022, 12, 2))
    url = reverse("selections:public", args=[sel.selection.pk])
    client = Client()
    codes = [
        client.post(url, {"nomination": zhang.pk, "reason": f"意见{i}"}).status_code
        for i in range(11)
    ]
    assert codes == [200] * 10 + [429]
    assert Objection.objects.count() == 10


def _voting(sel):
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三"))
    li = cleared(sel, nominate(sel, "李四", unit=world.unit_b))
    publish(sel, [zhang, li])
    open_vote(sel)
    return zhang, li


@pytest.mark.django_db
def test_the_tally_is_sealed_until_the_vote_closes(sel):
    world = sel.world
    zhang, li = _voting(sel)
    s = sel.selection
    (code,) = services.voter_codes_create(actor=world.office, selection=s, count=1)
    p = sel.pioneer.pk
    world.client_for("reporter_a").post(
        reverse("selections:vote", args=[s.pk]), {f"title-{p}": zhang.pk}
    )
    Client().post(
        reverse("selections:code_vote", args=[s.pk]), {"code": code, f"title-{p}": zhang.pk}
    )
    assert Vote.objects.count() == 2
    services.committee_scores_save(
        actor=world.office, selection=s, scores={zhang.pk: 80, li.pk: 90}
    )
    urls = [
        reverse("selections:detail", args=[s.pk]),
        reverse("selections:vote", args=[s.pk]),
        reverse("selections:nomination", args=[zhang.pk]),
        reverse("selections:public", args=[s.pk]),
    ]
    api = [
        reverse("api-selection-detail", args=[s.pk]),
        reverse("api-selection-results", args=[s.pk]),
        reverse("api-selection-nomination-list") + f"?selection={s.pk}",
        reverse("api-selection-nomination-detail", args=[zhang.pk]),
    ]
    for persona in ("office", "reporter_a", "leader_a", "reporter_b", "leader"):
        client = world.client_for(persona)
        for url in urls[:4]:
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            assert 'data-testid="tally"' not in response.content.decode(), (persona, url)
        assert client.get(reverse("selections:tally_xlsx", args=[s.pk])).status_code == 404
        assert client.get(reverse("selections:certificates_pdf", args=[s.pk])).status_code == 404
        for url in api:
            data = client.get(url).json()
            rows = data.get("results", [data]) if isinstance(data, dict) else data
            assert data.get("sealed", True) is True
            for row in rows:
                assert [row.get(k) for k in ("votes", "vote_score", "final_score", "rank")] == [
                    None
                ] * 4, (persona, url)
    assert Nomination.objects.filter(votes__isnull=False).count() == 0
    world.client_for("office").post(reverse("selections:step", args=[s.pk, "close_vote"]))
    body = (
        world.client_for("office").get(reverse("selections:detail", args=[s.pk])).content.decode()
    )
    assert 'data-testid="tally"' in body
    xlsx = world.client_for("reporter_b").get(reverse("selections:tally_xlsx", args=[s.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ["党员先锋", 1, "张三", "县发展和改革局", 80, 2, 100, 90, "当选"],
        ["党员先锋", 2, "李四", "县商务局", 90, 0, 0, 45, "未当选"],
    ]
    assert _status(world, "other_office", reverse("selections:tally_xlsx", args=[s.pk])) == 404
    results = (
        world.client_for("reporter_b").get(reverse("api-selection-results", args=[s.pk])).json()
    )
    assert results["sealed"] is False
    assert [(r["name"], r["votes"], r["final_score"]) for r in results["results"]] == [
        ("张三", 2, "90.00"),
        ("李四", 0, "45.00"),
    ]
    # 50/50, 2 voters: 张三 40 + 50 = 90.00; 李四 45 + 0 = 45.00.
    assert [
        (n.name, str(n.final_score), n.status) for n in Nomination.objects.order_by("rank")
    ] == [
        ("张三", "90.00", Nomination.Status.AWARDED),
        ("李四", "45.00", Nomination.Status.NOT_AWARDED),
    ]
    _certificates_after_the_close(world, s)


@pytest.mark.django_db
def test_a_code_ballot_and_a_second_vote_through_the_pages(sel):
    world = sel.world
    zhang, _li = _voting(sel)
    s = sel.selection
    p = sel.pioneer.pk
    url = reverse("selections:vote", args=[s.pk])
    client = world.client_for("reporter_b")
    assert client.post(url, {f"title-{p}": zhang.pk}).status_code == 302
    response = client.post(url, {f"title-{p}": zhang.pk})
    assert response.status_code == 400
    assert Vote.objects.count() == 1
    assert _status(world, "other_office", url, "post", {f"title-{p}": zhang.pk}) == 404
    ballot = reverse("selections:code_vote", args=[s.pk])
    assert Client().post(ballot, {"code": "NOPE234567", f"title-{p}": zhang.pk}).status_code == 400
    assert Vote.objects.count() == 1


def _certificates_after_the_close(world, s):
    """The office downloads one certificate per awarded nominee; everyone else gets a 404."""
    url = reverse("selections:certificates_pdf", args=[s.pk])
    got = {p: _status(world, p, url) for p in [*PERSONAS, ANON] if p != "office"}
    assert got == {**{p: 404 for p in PERSONAS if p != "office"}, ANON: 302}
    response = world.client_for("office").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = Path(tempfile.mkdtemp()) / "certificates.pdf"
    path.write_bytes(response.content)
    text = (
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        .stdout.replace(" ", "")
        .replace("\n", "")
    )
    assert text.count("荣誉证书") == 1  # 张三 only: 李四 was not elected
    assert "县发展和改革局张三同志：" in text and "党员先锋" in text and "李四" not in text
