"""The weekly dispatch notice: figures, storage per week, and the DOCX/XLSX opened back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from leitai.core.models import AuditEntry
from leitai.keytasks.models import CoordinationRequest, DispatchNotice, WeeklyReport
from leitai.keytasks.services import notice_generate

D = dt.date


@pytest.fixture
def week(tw):
    """Week of Monday 2022-04-04 (deadline Friday 04-08 17:00): A late, B missing."""
    at = timezone.make_aware(dt.datetime(2022, 4, 8, 18, 30))
    WeeklyReport.objects.create(
        task=tw.task_a, week_start=D(2022, 4, 4), progress=20, done_this_week="x", submitted_at=at
    )
    CoordinationRequest.objects.create(
        task=tw.task_a, question="用地", raised_by=tw.reporter_a, raised_at=at
    )
    return tw


def test_content_counts_overdue_late_and_requests(week):
    notice = notice_generate(actor=week.office, year=week.year, week=D(2022, 4, 6))
    c = notice.content
    assert (notice.week_start, notice.as_of) == (D(2022, 4, 4), D(2022, 4, 8))
    assert c["counts"] == {"red": 1, "yellow": 1, "blue": 0, "green": 0, "done": 0}
    assert c["overdue"] == [
        {
            "code": "T01",
            "title": "重大项目攻坚",
            "unit": "县发展和改革局",
            "milestone": "立项",
            "due": "2022-03-31",
            "days": 8,
        }
    ]
    assert c["late"] == [
        {
            "code": "T01",
            "title": "重大项目攻坚",
            "unit": "县发展和改革局",
            "submitted": "2022-04-08 18:30",
        },
        {"code": "T02", "title": "外贸稳增长", "unit": "县商务局", "submitted": ""},
    ]
    assert [(r["code"], r["leader"], r["question"]) for r in c["requests"]] == [
        ("T01", "县领导", "用地")
    ]


def test_regenerating_replaces_the_week_and_is_audited(week):
    notice_generate(actor=week.office, year=week.year, week=D(2022, 4, 6))
    notice_generate(actor=week.office, year=week.year, week=D(2022, 4, 4))
    assert DispatchNotice.objects.count() == 1
    assert AuditEntry.objects.filter(action="dispatch_notice.generate").count() == 2
    with pytest.raises(PermissionDenied):
        notice_generate(actor=week.leader, year=week.year, week=D(2022, 4, 4))


def test_docx_is_a4_with_official_fonts_and_the_lists(week):
    notice = notice_generate(actor=week.office, year=week.year, week=D(2022, 4, 6))
    response = week.world.client_for("leader").get(reverse("tasks:notice_docx", args=[notice.pk]))
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    title = doc.paragraphs[0]
    assert title.text == "2022年重点任务周调度通报（04月04日当周）"
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert doc.paragraphs[1].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert (
        doc.paragraphs[1].text
        == "截至2022-04-08，全县2项重点任务中：逾期1项，滞后1项，临近节点0项，正常0项，已完成0项。"
    )
    overdue, late, requests = doc.tables
    assert [c.text for c in overdue.rows[1].cells] == [
        "T01 重大项目攻坚",
        "县发展和改革局",
        "立项",
        "2022-03-31",
        "8",
    ]
    assert [c.text for c in late.rows[2].cells] == ["T02 外贸稳增长", "县商务局", "未报送"]
    assert requests.rows[1].cells[3].text == "用地"


def test_xlsx_has_summary_and_lists(week):
    notice = notice_generate(actor=week.office, year=week.year, week=D(2022, 4, 6))
    response = week.world.client_for("office").get(reverse("tasks:notice_xlsx", args=[notice.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["概况", "逾期节点", "未按时报送", "待协调问题"]
    assert [[c.value for c in r] for r in wb["概况"].iter_rows(min_row=2)] == [
        ["截至", "2022-04-08"],
        ["任务总数", 2],
        ["逾期", 1],
        ["滞后", 1],
        ["临近节点", 0],
        ["正常", 0],
        ["已完成", 0],
    ]
    assert wb["未按时报送"]["D3"].value == "未报送"


def test_office_generates_through_the_page(week):
    client = week.world.client_for("office")
    response = client.post(reverse("tasks:notice_create"), {"week": "2022-04-06"})
    notice = DispatchNotice.objects.get()
    assert response.url == reverse("tasks:notice_detail", args=[notice.pk])
    assert (
        week.world.client_for("leader")
        .post(reverse("tasks:notice_create"), {"week": "2022-04-06"})
        .status_code
        == 404
    )
    page = client.get(response.url)
    assert page.context["summary"].startswith("截至2022-04-08")
