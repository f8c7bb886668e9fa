"""The Excel round trip: template, a messy upload, every kind of problem, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from leitai.assessment.collection.exports import template_workbook
from leitai.assessment.collection.services.excel_values import (
    plan_upload,
    values_import,
)
from leitai.assessment.models import IndicatorValue, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection
from tests.org.test_import import problem_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


HEADER = [
    "期间",
    "单位代码",
    "单位名称",
    "指标代码",
    "指标名称",
    "计量单位",
    "目标",
    "上期值",
    "本期值",
    "备注",
]


@pytest.fixture
def col(world):
    return build_collection(world)


def book(rows, *, title_rows=True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报数据"
    if title_rows:
        sheet.append(["2022年2月 数据填报"])
        sheet.merge_cells("A1:J1")
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(unit, code, value, period="2022-02", note=None):
    return [period, unit, "", code, "", "", None, None, value, note]


def plan(col, who, data):
    return plan_upload(user=getattr(col.world, who), period=col.february, data=data)


def problems(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_template_for_a_unit_is_prefilled_protected_and_validated(col):
    w = col.world
    IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=Decimal("12.5")
    )
    data = template_workbook(w.reporter_a, col.february, w.unit_a, "2022-02 数据")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "填报数据"
    assert [c.value for c in sheet[3]] == HEADER
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert rows == [
        ["2022-02", "A01", "县发展和改革局", "P01", "新签约项目数", "个", 120, None, 12.5, None],
        ["2022-02", "A01", "县发展和改革局", "P02", "固定资产投资", "万元", None, None, None, None],
    ]
    assert sheet.protection.sheet is True
    assert sheet["I4"].protection.locked is False and sheet["B4"].protection.locked is True
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["I4:I5"]
    assert "A1:J1" in [str(r) for r in sheet.merged_cells.ranges]


def test_assessor_template_has_every_unit_for_its_supplied_indicator(col):
    w = col.world
    data = template_workbook(w.assessor, col.february, None, "x")
    sheet = load_workbook(io.BytesIO(data)).active
    pairs = [(r[1].value, r[3].value) for r in sheet.iter_rows(min_row=4)]
    assert pairs == [("A01", "R01"), ("B01", "R01"), ("C01", "R01"), ("S01", "R01")]


def test_messy_upload_is_read_and_imported_then_idempotent(col):
    w = col.world
    data = book(
        [
            [],
            row("A01", "P01", "１,２３４.５"),
            ["", "", "", "", "", "", "", "", "", ""],
            row("A01", "P02", "—", note="暂无"),
            [],
        ]
    )
    result = plan(col, "reporter_a", data)
    assert problems(result) == []
    assert [(c.indicator.code, c.after_text) for c in result.changes] == [
        ("P01", "1234.5"),
        ("P02", "—"),
    ]
    assert values_import(actor=w.reporter_a, period=col.february, plan=result) == 2
    stored = {
        v.indicator_code: (v.value, v.note, v.state, v.entered_by)
        for v in IndicatorValue.objects.all()
    }
    assert stored == {
        "P01": (Decimal("1234.5"), "", "draft", w.reporter_a),
        "P02": (None, "暂无", "draft", w.reporter_a),
    }
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.unit) == ("excel.import", w.unit_a)
    assert entry.after["values"] == {
        "2022-02/A01/P01": "1234.5",
        "2022-02/A01/P02": {"value": "—", "note": "暂无"},  # the note is recorded too
    }
    again = plan(col, "reporter_a", data)
    assert (again.changes, again.unchanged, again.problems) == ([], 2, [])


def test_full_width_header_and_no_title_rows(col):
    data = book([row("Ａ０１", "Ｐ０１", "１２")], title_rows=False)
    result = plan(col, "reporter_a", data)
    assert [(c.unit.code, c.after) for c in result.changes] == [("A01", Decimal("12"))]


@pytest.mark.parametrize(
    ("rows", "who", "expected"),
    [
        (
            [row("Z99", "P01", 1)],
            "reporter_a",
            "填报数据 row 4, column B (单位代码): Unknown unit Z99.",
        ),
        (
            [row("A01", "Q9", 1)],
            "reporter_a",
            "填报数据 row 4, column D (指标代码): Unknown indicator Q9.",
        ),
        (
            [row("A01", "P01", "十二")],
            "reporter_a",
            "填报数据 row 4, column I (本期值): 十二 is not a number.",
        ),
        (
            [row("A01", "P01", 1, period="2022-01")],
            "reporter_a",
            "填报数据 row 4, column A (期间): Period 2022-01 is locked.",
        ),
        (
            [row("B01", "P01", 1)],
            "reporter_a",
            "填报数据 row 4, column B (单位代码): You may not enter values for unit B01.",
        ),
        (
            [row("B01", "P02", 1)],
            "office",
            "填报数据 row 4, column D (指标代码): P02 does not apply to unit B01.",
        ),
        (
            [row("A01", "R01", 1)],
            "reporter_a",
            "填报数据 row 4, column B (单位代码): "
            "R01 is not entered by you (it comes from The assessor).",
        ),
        (
            [row("A01", "P01", 1), row("A01", "P01", 2)],
            "reporter_a",
            "填报数据 row 5, column D (指标代码): P01 appears twice for this unit.",
        ),
        (
            [row("A01", "P01", "1.23456")],
            "reporter_a",
            "填报数据 row 4, column I (本期值): Use at most 14 digits and 4 decimal places.",
        ),
    ],
)
def test_each_problem_is_named_by_sheet_row_and_column(col, rows, who, expected):
    result = plan(col, who, book(rows))
    assert problems(result) == [expected]
    assert result.changes == []


def test_one_bad_row_stops_the_whole_upload(col):
    data = book([row("A01", "P01", 5), row("A01", "P02", "abc")])
    result = plan(col, "reporter_a", data)
    assert len(result.problems) == 1 and result.changes == []
    assert not IndicatorValue.objects.exists()


def test_signed_off_data_cannot_be_uploaded(col):
    Submission.objects.create(period=col.february, unit=col.world.unit_a, state="submitted")
    result = plan(col, "reporter_a", book([row("A01", "P01", 5)]))
    assert problems(result) == [
        "填报数据 row 4, column I (本期值): The data of A01 were signed off already."
    ]


def test_unchanged_rows_of_signed_off_units_are_not_changes(col):
    """The office's county-wide template carries every unit: rows it did not touch pass."""
    w = col.world
    Submission.objects.create(period=col.february, unit=w.unit_a, state="submitted")
    IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=12, state="submitted"
    )
    data = book([row("A01", "P01", 12), row("A01", "P02", None), row("B01", "P01", 7)])
    result = plan(col, "office", data)
    assert problems(result) == []
    assert [(c.unit.code, c.indicator.code, c.after) for c in result.changes] == [
        ("B01", "P01", Decimal("7"))
    ]
    assert result.unchanged == 2
    changed = plan(col, "office", book([row("A01", "P01", 13)]))
    assert problems(changed) == [
        "填报数据 row 4, column I (本期值): The data of A01 were signed off already."
    ]


def test_a_note_only_change_is_shown_and_audited_as_such(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    IndicatorValue.objects.create(
        period=col.february,
        unit=w.unit_a,
        indicator_code="P01",
        value=12,
        note="旧备注",
    )
    client = w.client_for("reporter_a")
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    preview = client.post(url, {"file": io.BytesIO(book([row("A01", "P01", 12, note="新备注")]))})
    text = preview.content.decode()
    assert 'data-testid="value-unchanged"' in text and 'data-testid="note-change"' in text
    assert "旧备注" in text and "新备注" in text
    token, digest = preview.context["token"], preview.context["digest"]
    assert client.post(url, {"confirm": "1", "token": token, "digest": digest}).status_code == 302
    assert IndicatorValue.objects.get().note == "新备注"
    entry = AuditEntry.objects.get(action="excel.import")
    assert entry.after["values"] == {"2022-02/A01/P01": {"value": "12", "note": "新备注"}}
    assert entry.before["values"] == {"2022-02/A01/P01": {"value": "12", "note": "旧备注"}}


def test_not_a_workbook_and_no_header(col):
    assert "not an Excel workbook" in problems(plan(col, "reporter_a", b"hello"))[0]
    workbook = Workbook()
    workbook.active.append(["x", "y"])
    out = io.BytesIO()
    workbook.save(out)
    assert "No sheet has the header row" in problems(plan(col, "reporter_a", out.getvalue()))[0]


def test_assessor_uploads_its_values_verified(col):
    w = col.world
    data = book([row("A01", "R01", 3), row("B01", "R01", 5)])
    result = plan(col, "assessor", data)
    values_import(actor=w.assessor, period=col.february, plan=result)
    stored = set(IndicatorValue.objects.values_list("unit__code", "value", "source", "state"))
    assert stored == {
        ("A01", Decimal("3"), "assessor", "verified"),
        ("B01", Decimal("5"), "assessor", "verified"),
    }


def test_import_refuses_a_plan_overtaken_by_another_save(col):
    w = col.world
    result = plan(col, "reporter_a", book([row("A01", "P01", 5)]))
    IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=1, revision=1
    )
    with pytest.raises(Exception, match="since the preview"):
        values_import(actor=w.reporter_a, period=col.february, plan=result)
    assert IndicatorValue.objects.get().value == 1
    assert not AuditEntry.objects.exists()


# --- through the pages ---------------------------------------------------------------------------


def test_upload_preview_then_import_through_the_page(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = col.world.client_for("reporter_a")
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    data = book([row("A01", "P01", "１２")])
    preview = client.post(url, {"file": io.BytesIO(data)})
    assert preview.status_code == 200
    assert 'data-testid="upload-changes"' in preview.content.decode()
    assert not IndicatorValue.objects.exists()
    token, digest = preview.context["token"], preview.context["digest"]
    done = client.post(url, {"confirm": "1", "token": token, "digest": digest})
    assert done.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("12")


def test_upload_with_problems_lists_them(col):
    client = col.world.client_for("reporter_a")
    client.cookies["django_language"] = "en"
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    response = client.post(url, {"file": io.BytesIO(book([row("Z99", "P01", 1)]))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The workbook has 1 error; nothing was changed." in page
    assert problem_rows(page) == [["填报数据", "4", "B (单位代码)", "Unknown unit Z99."]]


def test_upload_without_a_file_says_so_in_the_problem_table(col):
    client = col.world.client_for("reporter_a")
    client.cookies["django_language"] = "en"
    url = reverse("assessment:excel_upload", args=[col.february.pk])
    page = client.post(url, {}).content.decode()
    assert problem_rows(page) == [["", "", "", "Choose a file to upload."]]


def test_template_download(col):
    client = col.world.client_for("reporter_a")
    url = reverse("assessment:excel_template", args=[col.february.pk])
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [r[3].value for r in sheet.iter_rows(min_row=4)] == ["P01", "P02"]
