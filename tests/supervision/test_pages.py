"""Every supervision page against every persona, and the steps through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from leitai.core.models import AuditEntry
from leitai.supervision import services
from leitai.supervision.models import Evidence, InspectionRound, Problem
from tests.conftest import PERSONAS
from tests.supervision.conftest import pdf

OK, NOT_FOUND = 200, 404
COUNTY_PEOPLE = {"office", "leader", "supervisor", "reporter_a", "leader_a", "reporter_b"}
A_SIDE = {"office", "leader", "supervisor", "reporter_a", "leader_a"}
OFFICES = {"office", "other_office"}


@pytest.fixture
def pages(world, sv):
    sv.round_2 = InspectionRound.objects.create(
        year=world.year,
        name="2022年下半年督导",
        starts_on=dt.date(2022, 10, 1),
        ends_on=dt.date(2022, 11, 30),
    )
    sv.evidence = services.rectification_progress  # placeholder replaced below
    problem = services.rectification_plan_submit(
        actor=world.leader_a,
        problem=sv.problem,
        measures="补齐",
        responsible="张三",
        target_date=dt.date(2022, 6, 1),
    )
    services.rectification_progress(
        actor=world.reporter_a, problem=problem, text="进展", files=[pdf()]
    )
    sv.evidence = Evidence.objects.get()
    return sv


def urls(world, sv):
    r = reverse
    return [
        (r("supervision:ledger"), COUNTY_PEOPLE | {"other_office"}),
        (r("supervision:ledger_xlsx"), COUNTY_PEOPLE | {"other_office"}),
        (r("supervision:round_list"), COUNTY_PEOPLE | {"other_office"}),
        (r("supervision:round_create"), OFFICES),
        (r("supervision:round_detail", args=[sv.round.pk]), COUNTY_PEOPLE),
        (r("supervision:round_edit", args=[sv.round.pk]), {"office"}),
        (
            r("supervision:visit_create", args=[sv.round_2.pk, world.unit_a.pk]),
            {"office", "supervisor"},
        ),
        (r("supervision:visit_create", args=[sv.round.pk, world.unit_a.pk]), set()),
        (r("supervision:visit_detail", args=[sv.visit.pk]), A_SIDE),
        (r("supervision:visit_edit", args=[sv.visit.pk]), {"office", "supervisor"}),
        (r("supervision:problem_from_visit", args=[sv.visit.pk]), {"office", "supervisor"}),
        (r("supervision:problem_raise"), OFFICES),
        (r("supervision:problem_detail", args=[sv.problem.pk]), A_SIDE),
        (r("supervision:evidence_download", args=[sv.evidence.pk]), A_SIDE),
        (r("supervision:settings"), OFFICES),
        (r("supervision:category_create"), OFFICES),
        (r("supervision:category_edit", args=[sv.tasks.pk]), {"office"}),
    ]


def test_every_page_answers_each_persona(world, pages, client):
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    for url, allowed in urls(world, pages):
        for persona in PERSONAS:
            expected = OK if persona in allowed else NOT_FOUND
            status = clients[persona].get(url).status_code
            assert status == expected, f"{persona} got {status} on {url}"
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_ledger_lists_exactly_the_visible_problems(world, sv):
    services.problem_raise(
        actor=world.office,
        year=world.year,
        unit=world.unit_b,
        category=sv.tasks,
        severity="serious",
        description="商务局投诉",
        found_on=dt.date(2022, 5, 10),
        source="complaint",
    )
    url = reverse("supervision:ledger") + "?as_of=2022-05-11"
    expected = {
        "office": ["台账不全", "商务局投诉"],
        "leader": ["台账不全", "商务局投诉"],
        "supervisor": ["台账不全"],
        "reporter_a": ["台账不全"],
        "leader_a": ["台账不全"],
        "reporter_b": ["商务局投诉"],
        "other_office": [],
    }
    for persona, wanted in expected.items():
        rows = world.client_for(persona).get(url).context["rows"]
        assert [r.problem.description for r in rows] == wanted, persona
    body = world.client_for("reporter_a").get(url).content.decode()
    assert "商务局投诉" not in body


def test_ledger_filters_and_colours(world, sv):
    client = world.client_for("office")
    base = reverse("supervision:ledger")
    rows = client.get(base + "?as_of=2022-06-10").context["rows"]
    assert [(r.colour, r.days_overdue) for r in rows] == [("red", 1)]
    assert client.get(base + "?as_of=2022-06-10&colour=blue").context["rows"] == []
    rows = client.get(base + "?as_of=2022-06-05&colour=yellow").context["rows"]
    assert [r.problem.pk for r in rows] == [sv.problem.pk]
    assert (
        client.get(base + f"?status=signed_off&group={world.supervision.pk}").context["rows"] == []
    )
    rows = client.get(base + f"?group={world.supervision.pk}&round={sv.round.pk}").context["rows"]
    assert [r.group_name for r in rows] == ["第一督导组"]


def test_ledger_query_count_does_not_grow(world, sv, django_assert_max_num_queries):
    from tests.supervision.conftest import make_problem

    for i in range(30):
        make_problem(world, sv.visit, sv.style, text=f"问题{i}")
    client = world.client_for("supervisor")
    client.get(reverse("supervision:ledger"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:ledger") + "?as_of=2022-06-01")
    assert len(response.context["rows"]) == 31


def test_xlsx_export_holds_the_rows(world, sv):
    from io import BytesIO

    from openpyxl import load_workbook

    response = world.client_for("reporter_a").get(
        reverse("supervision:ledger_xlsx") + "?as_of=2022-06-12"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    with translation.override("zh-hans"):
        assert rows[0][:3] == (gettext("Unit"), gettext("Supervision group"), gettext("Round"))
    assert rows[0][0] == "单位"
    assert rows[1][0] == "县发展和改革局"
    assert rows[1][5] == "台账不全"
    assert rows[1][10] == 3
    assert len(rows) == 2


def test_steps_through_the_pages(world, sv):
    url = lambda action: reverse("supervision:problem_step", args=[sv.problem.pk, action])  # noqa: E731
    plan = {"plan-measures": "补齐", "plan-responsible": "张三", "plan-target_date": "2022-06-01"}
    # the reporter may draft but not submit
    assert world.client_for("reporter_a").post(url("plan_draft"), plan).status_code == 302
    assert world.client_for("reporter_a").post(url("plan_submit"), plan).status_code == 403
    assert world.client_for("reporter_b").post(url("plan_submit"), plan).status_code == 404
    response = world.client_for("leader_a").post(url("plan_submit"), plan)
    assert response.status_code == 302
    # completion without a file is refused on the form, and changes nothing
    count = AuditEntry.objects.count()
    response = world.client_for("leader_a").post(url("complete"), {"complete-text": "完成"})
    assert response.status_code == 400
    assert "complete" in response.context["forms"]
    assert response.context["forms"]["complete"].errors
    assert AuditEntry.objects.count() == count
    response = world.client_for("leader_a").post(
        url("complete"), {"complete-text": "完成", "complete-files": [pdf()]}
    )
    assert response.status_code == 302
    assert world.client_for("leader_a").post(url("sign_off"), {}).status_code == 403
    assert world.client_for("supervisor").post(url("sign_off"), {}).status_code == 302
    assert Problem.objects.get().status == "signed_off"
    page = world.client_for("leader_a").get(
        reverse("supervision:problem_detail", args=[sv.problem.pk])
    )
    kinds = [e.kind for e in page.context["story"]]
    assert kinds == ["plan_drafted", "plan_submitted", "completed", "signed_off"]
    assert page.context["actions"] == frozenset()


def test_office_records_a_round_visit_and_problem(world, sv):
    client = world.client_for("office")
    response = client.post(
        reverse("supervision:round_create") + f"?year={world.year.pk}",
        {"name": "2022年下半年督导", "starts_on": "2022-10-01", "ends_on": "2022-11-30"},
    )
    rnd = InspectionRound.objects.get(name="2022年下半年督导")
    assert response.url == reverse("supervision:round_detail", args=[rnd.pk])
    response = world.client_for("supervisor").post(
        reverse("supervision:visit_create", args=[rnd.pk, world.unit_a.pk]),
        {"visited_on": "2022-10-12", "summary": "总体平稳", f"finding_{sv.tasks.pk}": "进度正常"},
    )
    visit = rnd.visits.get()
    assert [f.text for f in visit.findings.all()] == ["进度正常"]
    response = world.client_for("supervisor").post(
        reverse("supervision:problem_from_visit", args=[visit.pk]),
        {
            "category": sv.style.pk,
            "severity": "serious",
            "description": "考勤记录缺失",
            "found_on": "2022-10-12",
            "files": [pdf("照片.pdf")],
        },
    )
    problem = Problem.objects.get(description="考勤记录缺失")
    assert response.url == reverse("supervision:problem_detail", args=[problem.pk])
    assert (problem.deadline, problem.evidence.count()) == (dt.date(2022, 10, 27), 1)


def test_office_saves_rules(world, sv):
    response = world.client_for("office").post(
        reverse("supervision:settings"),
        {
            "arena_code": "party",
            "general_points": "0.3",
            "serious_points": "1",
            "overdue_points": "1",
            "reopened_points": "0.5",
            "general_days": "20",
            "serious_days": "10",
            "plan_days": "5",
            "alert_days": "3",
        },
    )
    assert response.status_code == 302
    sv.rule.refresh_from_db()
    assert (str(sv.rule.general_points), sv.rule.general_days, sv.rule.alert_days) == (
        "0.30",
        20,
        3,
    )


def test_a_category_id_too_large_for_the_database_is_not_found(world, sv):
    url = reverse("supervision:category_edit", args=[2**70])
    assert world.client_for("office").get(url).status_code == 404


def test_a_unit_id_too_large_for_the_database_is_not_found(world, sv):
    url = reverse("supervision:visit_create", args=[sv.round.pk, 2**70])
    assert world.client_for("office").get(url).status_code == 404
