"""The city pages and API against every persona, and the office's upload through HTTP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from leitai.city.models import CityIndicator, CityRelease
from leitai.core.models import AuditEntry
from tests.city.helpers import city_setup, notice_csv, notice_xlsx, positions
from tests.city.test_services import confirm
from tests.conftest import PERSONAS

OFFICE_ONLY = {"office"}


@pytest.fixture
def city(world):
    gdp, _tax = city_setup(world)
    confirm(world, notice_xlsx(positions(3, 6)))
    return world, gdp, CityRelease.objects.get()


def _pages(city):
    world, gdp, release = city
    year = f"?year={world.year.pk}"
    return [
        reverse("city:overview") + year,
        reverse("city:indicator_create") + year,
        reverse("city:indicator_edit", args=[gdp.pk]),
        reverse("city:upload") + year,
        reverse("city:release", args=[release.pk]),
    ]


@pytest.mark.django_db
def test_only_the_countys_office_reaches_the_city_pages(city):
    world = city[0]
    for url in _pages(city):
        for persona in PERSONAS:
            status = world.client_for(persona).get(url).status_code
            assert status == (200 if persona in OFFICE_ONLY else 404), (persona, url)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, city):
    for url in _pages(city):
        assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_the_api_shows_the_office_its_own_city_data_only(city):
    world, _gdp, release = city
    for persona in PERSONAS:
        api = APIClient()
        api.force_authenticate(getattr(world, persona))
        indicators = api.get("/api/city/indicators/")
        results = api.get(f"/api/city/results/{release.pk}/")
        if persona == "office":
            assert [i["code"] for i in indicators.json()["results"]] == ["S01", "S02"]
            assert indicators.json()["results"][0]["carriers"] == [
                {"unit": world.unit_a.pk, "unit_code": "A01", "share": "0.6000"},
                {"unit": world.unit_b.pk, "unit_code": "B01", "share": "0.4000"},
            ]
            ours = [r for r in results.json()["rows"] if r["is_us"]]
            assert [(r["indicator"], r["position"]) for r in ours] == [("S01", 3), ("S02", 6)]
        else:
            assert indicators.json()["results"] == [], persona
            assert results.status_code == 404, persona
    assert APIClient().get("/api/city/indicators/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_office_uploads_previews_and_confirms_a_gbk_csv(world):
    city_setup(world)
    client = world.client_for("office")
    url = reverse("city:upload") + f"?year={world.year.pk}"
    upload = SimpleUploadedFile("10月通报.csv", notice_csv(positions(3, 6)), "text/csv")
    preview = client.post(url, {"period": "2022-10", "file": upload})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "本县在表中识别为“临朐”；表格共 16 行。" in page
    assert [(ln.indicator.code, ln.position) for ln in preview.context["plan"].lines] == [
        ("S01", 3), ("S02", 6),
    ]  # fmt: skip
    assert not CityRelease.objects.exists()
    form = {k: preview.context[k] for k in ("token", "digest", "filename")}
    done = client.post(url, {**form, "period": "2022-10", "confirm": "1"})
    assert done.status_code == 302
    release = CityRelease.objects.get()
    assert (release.period_code, release.rows.count(), release.file_name) == (
        "2022-10", 16, "10月通报.csv",
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="city.results_import").count() == 1


@pytest.mark.django_db
def test_a_bad_table_lists_its_problems_and_stores_nothing(world):
    city_setup(world)
    rows = positions(3, None)
    rows[0][2] = "第一"
    client = world.client_for("office")
    url = reverse("city:upload") + f"?year={world.year.pk}"
    upload = SimpleUploadedFile("通报.xlsx", notice_xlsx(rows))
    response = client.post(url, {"period": "2022-10", "file": upload})
    assert response.status_code == 200
    assert [str(p) for p in response.context["problems"]] == [
        "10月通报 第 3 行第 C 列（位次）：位次须为 1 至 8 的整数，现为 第一。"
    ]
    assert not CityRelease.objects.exists()


@pytest.mark.django_db
def test_the_office_adds_a_city_indicator_with_carriers(world):
    client = world.client_for("office")
    url = reverse("city:indicator_create") + f"?year={world.year.pk}"
    fields = {"code": "S09", "name": "工业投资增速", "peers": "13", "period_kind": "quarter",
              "lag_days": "25", "indicator_code": "A09", "max_points": "8", "step": "0.05",
              "carriers": "A01：70，B01：20"}  # fmt: skip
    response = client.post(url, fields)
    assert response.status_code == 200
    assert response.context["form"].errors == {"carriers": ["各单位份额合计为 90%，不是 100%。"]}
    assert not CityIndicator.objects.exists()
    response = client.post(url, {**fields, "carriers": "A01：70，B01：30"})
    assert response.status_code == 302
    ind = CityIndicator.objects.get()
    assert (ind.peers, ind.period_kind, ind.lag_days, ind.indicator_code) == (
        13,
        "quarter",
        25,
        "A09",
    )
    assert [(c.unit.code, str(c.share)) for c in ind.carriers.order_by("unit__code")] == [
        ("A01", "0.7000"), ("B01", "0.3000"),
    ]  # fmt: skip
