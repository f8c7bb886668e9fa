"""The judges' scores page: the grid, saving, refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from leitai.assessment.models import PanelScore
from tests.assessment.collection_world import build_collection, make_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    col = build_collection(world)
    col.quarter = make_quarter(world.year)
    return col


def _url(col):
    return reverse("assessment:panel", args=[col.quarter.pk]) + "?indicator=J01"


def test_grid_has_every_unit_and_seven_judges(col):
    response = col.world.client_for("office").get(_url(col))
    assert response.status_code == 200
    assert len(response.context["labels"]) == 7
    assert [r["unit"].code for r in response.context["rows"]] == ["A01", "B01", "C01", "S01"]


def test_save_scores_and_trimmed_mean(col):
    w = col.world
    data = {"indicator": "J01", "label_0": "评委1", "label_1": "评委2", "label_2": "评委3"}
    data |= {f"s_{w.unit_a.pk}_0": "９０", f"s_{w.unit_a.pk}_1": "80", f"s_{w.unit_a.pk}_2": "70"}
    response = w.client_for("office").post(_url(col), data)
    assert response.status_code == 302
    scores = sorted(PanelScore.objects.values_list("judge_label", "score"))
    assert scores == [("评委1", Decimal("90")), ("评委2", Decimal("80")), ("评委3", Decimal("70"))]
    page = w.client_for("office").get(_url(col))
    row = next(r for r in page.context["rows"] if r["unit"] == w.unit_a)
    assert row["mean"] == "80.00"


def test_bad_score_saves_nothing(col):
    w = col.world
    data = {"indicator": "J01", "label_0": "评委1", f"s_{w.unit_a.pk}_0": "120",
            f"s_{w.unit_b.pk}_0": "80"}  # fmt: skip
    w.client_for("office").post(_url(col), data)
    assert not PanelScore.objects.exists()


@pytest.mark.parametrize("persona", ["assessor", "judge", "reporter_a", "leader", "other_office"])
def test_others_cannot_save(col, persona):
    w = col.world
    data = {"indicator": "J01", "label_0": "评委1", f"s_{w.unit_a.pk}_0": "90"}
    assert w.client_for(persona).post(_url(col), data).status_code == 404
    assert not PanelScore.objects.exists()


def _upload(client, col, rows):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2022-02 打擂评分"])
    sheet.append(["单位代码", "单位名称", "评委1", "评委2"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "scores.xlsx"
    url = reverse("assessment:panel_upload", args=[col.quarter.pk])
    return client.post(url, {"indicator": "J01", "file": out})


def test_download_then_upload_scores(col):
    client = col.world.client_for("office")
    download = client.get(
        reverse("assessment:panel_workbook", args=[col.quarter.pk]) + "?indicator=J01"
    )
    assert download.status_code == 200
    response = _upload(client, col, [["A01", "", "８８", 90.5], ["B01", "", "—", 70]])
    assert response.status_code == 302
    scores = sorted(PanelScore.objects.values_list("unit__code", "judge_label", "score"))
    assert scores == [
        ("A01", "评委1", Decimal("88")),
        ("A01", "评委2", Decimal("90.5")),
        ("B01", "评委2", Decimal("70")),
    ]


def test_upload_with_a_bad_cell_imports_nothing(col):
    client = col.world.client_for("office")
    client.cookies["django_language"] = "en"
    response = _upload(client, col, [["A01", "", 88, "好"], ["Z99", "", 1, 2]])
    assert response.status_code == 302
    assert not PanelScore.objects.exists()
    text = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "Row 3, column D: 好 is not a number." in text
    assert "Row 4: unknown unit Z99." in text
    assert (
        col.world.client_for("judge")
        .post(reverse("assessment:panel_upload", args=[col.quarter.pk]), {"indicator": "J01"})
        .status_code
        == 404
    )


def test_a_month_collects_no_judges_scores(col):
    """Judges' scores come from the quarterly contest: a month's page offers no grid."""
    w = col.world
    client = w.client_for("office")
    page = client.get(reverse("assessment:panel", args=[col.february.pk]) + "?indicator=J01")
    assert page.status_code == 200
    assert page.context["indicator"] is None and page.context["rows"] == []
    assert "评委打分仅在季度采集。" in page.content.decode()
    data = {"indicator": "J01", "label_0": "评委1", f"s_{w.unit_a.pk}_0": "90"}
    assert client.post(reverse("assessment:panel", args=[col.february.pk]), data).status_code == 200
    workbook = reverse("assessment:panel_workbook", args=[col.february.pk]) + "?indicator=J01"
    assert client.get(workbook).status_code == 404
    assert not PanelScore.objects.exists()


def test_home_opens_the_latest_quarter(col):
    response = col.world.client_for("office").get(reverse("assessment:panel_home"))
    assert response.url == reverse("assessment:panel", args=[col.quarter.pk])
