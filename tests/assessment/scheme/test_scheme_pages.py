"""Every scheme-side page against every persona, and the office's main flows through HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from leitai.assessment.models import Adjustment, Exemption, Period, Scheme, Target
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import SMALL_YAML, make_period, make_scheme
from tests.conftest import PERSONAS

COUNTY = set(PERSONAS) - {"other_office"}
OFFICES = {"office", "other_office"}


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
        unit=world.unit_a,
        arena_code="projects",
        kind="deduction",
        points=Decimal(1),
        matter="事故",
        reason="r",
        proposed_by=world.assessor,
    )
    Target.objects.create(year=world.year, unit=world.unit_a, indicator_code="P1", value=100)
    Exemption.objects.create(year=world.year, unit=world.unit_b, indicator_code="P2", reason="r")
    return {
        "active": active,
        "draft": draft,
        "period": period,
        "approved": approved,
        "proposed": proposed,
        "arena": active.arenas.get(code="projects"),
        "indicator": active.indicators.get(code="P1"),
    }


PAGES = [
    ("scheme_list", None, set(PERSONAS)),
    ("scheme_detail", "active", COUNTY),
    ("scheme_detail", "draft", {"office"}),
    ("scheme_yaml", "active", COUNTY),
    ("scheme_metadata", "active", COUNTY),
    ("scheme_import", None, OFFICES),
    ("scheme_edit", "active", {"office"}),
    ("arena_create", "active", {"office"}),
    ("arena_edit", "arena", {"office"}),
    ("indicator_create", "arena", {"office"}),
    ("indicator_edit", "indicator", {"office"}),
    ("period_list", None, set(PERSONAS)),
    ("period_edit", "period", {"office"}),
    ("target_grid", None, set(PERSONAS)),
    ("target_export", None, OFFICES),
    ("target_import", None, OFFICES),
    ("exemption_list", None, set(PERSONAS)),
    ("adjustment_list", None, set(PERSONAS)),
    ("adjustment_create", None, OFFICES | {"assessor"}),
    (
        "adjustment_detail",
        "approved",
        {"office", "assessor", "leader", "reporter_a", "leader_a", "supervisor"},
    ),
    ("adjustment_detail", "proposed", {"office", "assessor", "leader"}),
]


@pytest.mark.parametrize(("name", "obj", "allowed"), PAGES)
def test_page_permissions(world, rows, name, obj, allowed):
    url = reverse(f"assessment:{name}", args=[rows[obj].pk] if obj else [])
    for persona in PERSONAS:
        response = world.client_for(persona).get(url)
        assert response.status_code == (200 if persona in allowed else 404), (persona, url)


def test_anonymous_is_sent_to_login(client, world, rows):
    response = client.get(reverse("assessment:scheme_detail", args=[rows["active"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("scheme_activate", ["draft"]),
        ("scheme_discard", ["draft"]),
        ("arena_delete", ["arena"]),
        ("indicator_delete", ["indicator"]),
        ("period_action", ["period", "close"]),
        ("exemption_delete", []),
        ("adjustment_decide", ["proposed", "approve"]),
    ],
)
@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_posts_refused_for_others(world, rows, name, args, persona):
    values = [rows[a].pk if a in rows else a for a in args]
    if name == "exemption_delete":
        values = [Exemption.objects.get().pk]
    audits = AuditEntry.objects.count()
    response = world.client_for(persona).post(reverse(f"assessment:{name}", args=values))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == audits
    assert Scheme.objects.get(pk=rows["draft"].pk).state == "draft"
    assert Period.objects.get().state == "open"
    assert Adjustment.objects.get(pk=rows["proposed"].pk).state == "proposed"


def test_office_imports_activates_and_downloads(world):
    client = world.client_for("office")
    response = client.post(reverse("assessment:scheme_import"), {"yaml_text": SMALL_YAML})
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:scheme_detail", args=[scheme.pk]
    )
    client.post(reverse("assessment:scheme_activate", args=[scheme.pk]))
    scheme.refresh_from_db()
    assert scheme.state == "active"
    text = client.get(reverse("assessment:scheme_yaml", args=[scheme.pk])).content.decode()
    assert text.startswith("name: 2022年度擂台比武\n")


def test_import_page_shows_the_engines_errors(world):
    client = world.client_for("office")
    response = client.post(
        reverse("assessment:scheme_import"), {"yaml_text": SMALL_YAML.replace("peers: 13,", "")}
    )
    assert response.status_code == 200
    assert (
        "arena advance, indicator R1: missing parameter peers for rule rank"
        in response.content.decode()
    )
    assert Scheme.objects.count() == 0


def test_office_edits_an_indicator_through_the_page(world, rows):
    indicator = rows["indicator"]
    url = reverse("assessment:indicator_edit", args=[indicator.pk])
    form = world.client_for("office").get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(max_points="45", arena=indicator.arena_id, groups=[], cap="1.1", zero_below="0")
    response = world.client_for("office").post(url, data)
    # An approved adjustment exists, so the change went into a new version in force.
    new = Scheme.objects.get(state="active")
    assert (new.version, response["Location"]) == (
        3,
        reverse("assessment:scheme_detail", args=[new.pk]),
    )
    p1 = new.indicators.get(code="P1")
    assert (p1.max_points, p1.params) == (45.0, {"cap": 1.1, "zero_below": 0.0})
    indicator.refresh_from_db()
    assert indicator.max_points == 40.0


def test_office_generates_and_locks_periods(world):
    client = world.client_for("office")
    client.post(f"{reverse('assessment:period_generate')}?year={world.year.pk}")
    assert Period.objects.count() == 17
    jan = Period.objects.get(code="2022-01")
    client.post(reverse("assessment:period_action", args=[jan.pk, "open"]))
    client.post(reverse("assessment:period_action", args=[jan.pk, "lock"]))
    jan.refresh_from_db()
    assert jan.state == "locked"
    response = client.post(reverse("assessment:period_action", args=[jan.pk, "nonsense"]))
    assert response.status_code == 404


def test_target_grid_saves_and_scopes(world, rows):
    client = world.client_for("office")
    url = f"{reverse('assessment:target_grid')}?year={world.year.pk}"
    client.post(url, {f"t_{world.unit_a.pk}_P1": "1,500", f"t_{world.unit_b.pk}_P1": "２０"})
    assert sorted(Target.objects.values_list("unit__code", "value")) == [
        ("A01", Decimal("1500.0000")),
        ("B01", Decimal("20.0000")),
    ]
    grid = world.client_for("reporter_b").get(url).context["rows"]
    assert [r["unit"].code for r in grid] == ["B01"]
    assert grid[0]["cells"][0]["value"] == "20"
    assert world.client_for("reporter_b").post(url, {}).status_code == 404


def test_list_pages_query_counts(world, rows, django_assert_max_num_queries):
    client = world.client_for("office")
    for name in ["scheme_list", "period_list", "target_grid", "exemption_list", "adjustment_list"]:
        with django_assert_max_num_queries(16):
            assert client.get(reverse(f"assessment:{name}")).status_code == 200
    with django_assert_max_num_queries(16):
        client.get(reverse("assessment:scheme_detail", args=[rows["active"].pk]))


def test_adjustment_list_names_arenas_and_level_points(world, rows):
    page = world.client_for("leader").get(reverse("assessment:adjustment_list")).context["page"]
    shown = sorted((a.matter, a.arena_name, a.points_shown) for a in page)
    assert shown == [("事故", "项目建设", "1"), ("全国文明单位", "项目建设", "3")]
    unit_page = (
        world.client_for("reporter_a")
        .get(f"{reverse('assessment:adjustment_list')}?unit={world.unit_a.pk}")
        .context["page"]
    )
    assert [a.matter for a in unit_page] == ["全国文明单位"]


def test_office_adds_an_arena_and_an_indicator_on_a_draft(world):
    draft = make_scheme(world.year, state=Scheme.State.DRAFT)
    client = world.client_for("office")
    response = client.post(
        reverse("assessment:arena_create", args=[draft.pk]),
        {
            "code": "party",
            "name": "基层党建",
            "weight": "20",
            "first_code": "D1",
            "first_name": "党建考核",
            "first_rule": "rank",
            "first_max_points": "10",
        },
    )
    assert response.status_code == 302
    arena = draft.arenas.get(code="party")
    assert arena.indicators.get().params == {
        "peers": 13,
        "floor": 0.6,
        "advance": 0.0,
        "retreat": 0.0,
        "cap": 1.0,
    }
    response = client.post(
        reverse("assessment:indicator_create", args=[arena.pk]),
        {
            "code": "D2",
            "name": "三会一课",
            "arena": arena.pk,
            "rule": "bands",
            "max_points": "5",
            "direction": "higher",
            "bands": "0:0.5, 2:1",
            "groups": ["G1"],
            "supplier": "assessor",
            "assessor": world.stats.pk,
            "measure": "次",
        },
    )
    assert response.status_code == 302
    d2 = draft.indicators.get(code="D2")
    assert (d2.params, d2.groups, d2.assessor) == (
        {"bands": [[0.0, 0.5], [2.0, 1.0]]},
        ["G1"],
        world.stats,
    )
    response = client.post(
        reverse("assessment:indicator_create", args=[arena.pk]),
        {
            "code": "D3",
            "name": "x",
            "arena": arena.pk,
            "rule": "rank",
            "max_points": "5",
            "direction": "higher",
            "peers": "1",
            "supplier": "unit",
        },
    )
    assert response.status_code == 200
    assert "peers must be a whole number &gt;= 2, got 1" in response.content.decode()
    assert not draft.indicators.filter(code="D3").exists()


def test_copy_last_year_through_the_page(world):
    from leitai.org.models import AssessmentYear

    last = AssessmentYear.objects.create(jurisdiction=world.county, year=2021, name="2021年度")
    make_scheme(last)
    response = world.client_for("office").post(
        f"{reverse('assessment:scheme_copy')}?year={world.year.pk}"
    )
    copy = Scheme.objects.get(year=world.year)
    assert response["Location"] == reverse("assessment:scheme_detail", args=[copy.pk])
    assert world.client_for("reporter_a").post(reverse("assessment:scheme_copy")).status_code == 404


def test_share_indicator_in_percent_through_the_page(world):
    draft = make_scheme(world.year, state=Scheme.State.DRAFT)
    arena = draft.arenas.get(code="advance")
    client = world.client_for("office")
    url = reverse("assessment:indicator_create", args=[arena.pk])
    fields = {
        "code": "R9",
        "name": "改革任务完成情况",
        "arena": arena.pk,
        "rule": "share",
        "max_points": "12",
        "direction": "higher",
        "supplier": "unit",
        "measure": "%",
    }
    response = client.post(url, fields)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "percent": [
            "本指标计量单位为%，请勾选“按百分数填报”，否则 71.04 会按 7104% 计分（得满分）。"
        ]
    }
    assert not draft.indicators.filter(code="R9").exists()
    response = client.post(url, {**fields, "percent": "on"})
    assert response.status_code == 302
    r9 = draft.indicators.get(code="R9")
    assert r9.params == {"percent": True}
    page = client.get(reverse("assessment:scheme_detail", args=[draft.pk]))
    line = next(i for b in page.context["arenas"] for i in b["indicators"] if i.code == "R9")
    assert line.params_text == "按百分数填报"  # the switch by its label, in the page language
    edit = client.get(reverse("assessment:indicator_edit", args=[r9.pk]))
    assert edit.context["form"].initial["percent"] is True


def test_rank_indicator_with_a_step_and_position_tables_through_the_page(world):
    draft = make_scheme(world.year, state=Scheme.State.DRAFT)
    arena = draft.arenas.get(code="advance")
    client = world.client_for("office")
    url = reverse("assessment:indicator_create", args=[arena.pk])
    fields = {
        "code": "R8",
        "name": "GDP增速全市位次",
        "arena": arena.pk,
        "rule": "rank",
        "max_points": "10",
        "direction": "higher",
        "supplier": "unit",
        "peers": "8",
        "step": "0.05",
        "top_points": "5，4，3",
        "bottom_points": "-1, x",
    }
    response = client.post(url, fields)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "bottom_points": ["按位次的分值请用逗号分隔的数字填写，如 5, 4, 3。"]
    }
    response = client.post(url, {**fields, "bottom_points": "-2, -3", "average": "on"})
    assert response.status_code == 302
    r8 = draft.indicators.get(code="R8")
    assert r8.params == {
        "peers": 8,
        "advance": 0.0,
        "retreat": 0.0,
        "cap": 1.0,
        "step": 0.05,
        "top_points": [5.0, 4.0, 3.0],
        "bottom_points": [-2.0, -3.0],
        "average": True,
    }
    page = client.get(reverse("assessment:scheme_detail", args=[draft.pk]))
    line = next(i for b in page.context["arenas"] for i in b["indicators"] if i.code == "R8")
    assert line.params_text == (
        "参评地区数 8 · 每进一位加分 0 · 每退一位扣分 0 · 上限系数 1 · 每位递减 0.05 · "
        "前列位次加分 5, 4, 3 · 末位位次减分 -2, -3 · 全年平均位次"
    )
    edit = client.get(reverse("assessment:indicator_edit", args=[r8.pk]))
    assert (
        edit.context["form"].initial["top_points"],
        edit.context["form"].initial["average"],
    ) == (
        "5, 4, 3",
        True,
    )
    response = client.post(url, {**fields, "code": "R7", "bottom_points": "", "floor": "0.5"})
    assert response.status_code == 200
    assert "give floor or step, not both" in response.content.decode()
    assert not draft.indicators.filter(code="R7").exists()
