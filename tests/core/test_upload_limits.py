"""Every Excel upload stops at its row limit while streaming, and shows at most 200 problems.

The junk workbook: a header and 200,000 rows of junk, as any reporter can upload it. Each
upload refuses it with one short message naming the sheet and the limit, and changes nothing.
Models are looked up by app label, so the test does not depend on where the areas' modules live.
"""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from leitai.core.imports import MAX_ROWS, ProblemList, upload_limits
from leitai.core.models import AuditEntry
from leitai.org.models import Unit
from tests.assessment.collection_world import build_collection, make_quarter
from tests.org.test_import import problem_rows

pytestmark = pytest.mark.django_db

JUNK_ROWS = 200_000
LIMIT = "More than 20000 rows: the file was not read further and nothing was changed."
IndicatorValue, PanelScore, Target = (
    apps.get_model("assessment", name) for name in ("IndicatorValue", "PanelScore", "Target")
)
KeyTask = apps.get_model("tasks", "KeyTask")
VALUES_HEADER = ["期间", "单位代码", "单位名称", "指标代码", "本期值", "备注"]


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


def junk(title: str, header: list, rows: int = JUNK_ROWS) -> bytes:
    """Return a workbook of one sheet: the header, then `rows` rows of junk."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(header)
    for _n in range(rows):
        sheet.append(["junk"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post(client, url: str, data: bytes, **fields):
    client.cookies["django_language"] = "en"
    return client.post(url, {"file": SimpleUploadedFile("junk.xlsx", data), **fields})


def test_the_limit_is_20000_rows_or_twice_a_full_template():
    assert (upload_limits().rows, upload_limits(5000).rows, upload_limits(15000).rows) == (
        MAX_ROWS,
        MAX_ROWS,
        30000,
    )
    assert upload_limits(15000).cells == 30000 * 50


def test_problem_lists_keep_two_hundred_and_count_the_rest():
    problems = ProblemList()
    problems.extend(str(n) for n in range(205))
    assert (len(problems), problems[-1], problems.more, problems.total) == (200, "199", 5, 205)


@pytest.mark.slow
def test_the_junk_workbook_is_refused_by_the_value_upload(world, settings):
    col = build_collection(world)
    data = junk("填报数据", VALUES_HEADER)
    assert len(data) < 2_000_000
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    response = post(world.client_for("reporter_a"), url, data)
    assert response.status_code == 400
    rows = problem_rows(response.content.decode())
    assert len(rows) == 1 and rows[0][:3] == ["填报数据", "", ""]
    assert rows[0][3].startswith(LIMIT)
    assert not IndicatorValue.objects.exists() and not AuditEntry.objects.exists()
    assert not (settings.MEDIA_ROOT / "imports").exists()  # nothing kept for a confirm


@pytest.mark.slow
def test_the_junk_workbook_is_refused_by_the_target_import(world):
    data = junk("目标", ["单位代码", "单位名称", "P1 投资"])
    url = reverse("assessment:target_import") + f"?year={world.year.pk}"
    response = post(world.client_for("office"), url, data)
    assert response.status_code == 200
    assert f"目标: {LIMIT}" in response.content.decode()
    assert not Target.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.slow
def test_the_junk_workbook_is_refused_by_the_judges_score_upload(world):
    col = build_collection(world)
    quarter = make_quarter(world.year)
    data = junk("评委打分", ["单位代码", "单位名称", "评委1"])
    url = reverse("assessment:panel_upload", args=[quarter.pk])
    response = post(world.client_for("office"), url, data, indicator="J01")
    assert response.status_code == 302
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith(f"Nothing was imported: 评委打分: {LIMIT}")
    assert not PanelScore.objects.exists() and col


@pytest.mark.slow
@pytest.mark.parametrize(
    ("url_name", "title", "header"),
    [
        ("org:import", "单位", ["代码", "名称", "简称", "类型", "启用"]),
        ("tasks:import", "任务", ["编号", "类别", "任务名称", "牵头单位代码"]),
    ],
)
def test_the_junk_workbook_is_refused_by_the_office_imports(world, url_name, title, header):
    units = set(Unit.objects.values_list("code", flat=True))
    response = post(world.client_for("office"), reverse(url_name), junk(title, header))
    rows = problem_rows(response.content.decode())
    assert [title, "", "", LIMIT] in [[*r[:3], r[3][: len(LIMIT)]] for r in rows]
    assert set(Unit.objects.values_list("code", flat=True)) == units
    assert not KeyTask.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.slow
def test_twenty_thousand_problem_rows_give_a_short_page(world):
    col = build_collection(world)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("填报数据")
    sheet.append(VALUES_HEADER)
    for _n in range(MAX_ROWS):
        sheet.append(["2022-02", "Z99", "", "P01", 1, ""])
    out = io.BytesIO()
    book.save(out)
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    response = post(world.client_for("reporter_a"), url, out.getvalue())
    page = response.content.decode()
    assert response.status_code == 400 and len(response.content) < 200_000
    assert "The workbook has 20000 errors; nothing was changed." in page
    assert len(problem_rows(page)) == 200
    assert "… and 19800 more problems, not shown." in page
    assert not IndicatorValue.objects.exists()
