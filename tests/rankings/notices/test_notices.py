"""Ranking notices: the request service, the three files read back, refusals."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from leitai.core.models import AuditEntry, BackgroundJob
from leitai.rankings import services
from leitai.rankings.models import Notice
from leitai.rankings.notices.content import document_date, period_label
from leitai.rankings.notices.services import (
    _next_number,
    notice_defaults,
    notice_release,
    notice_request,
)
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING, QUICK


def test_document_date_in_arabic_numerals():
    import datetime as dt

    assert document_date(dt.date(2022, 12, 3)) == "2022年12月3日"
    assert document_date(dt.date(2020, 10, 31)) == "2020年10月31日"
    assert document_date(dt.date(2023, 1, 20)) == "2023年1月20日"


def test_next_number():
    assert _next_number("临擂办〔2022〕10号", 2022) == "临擂办〔2022〕11号"
    assert _next_number("临擂办〔2021〕10号", 2022) == "临擂办〔2022〕1号"


def test_notice_is_generated_inline(notice, tiny):
    assert notice.state == "ready"
    assert notice.job.status == "done" and notice.job.progress == 100
    assert notice.docx.name.endswith(f"370724-2022-02-{notice.pk}.docx")
    assert [a.action for a in AuditEntry.objects.filter(object_type="rankings.notice")] == [
        "notice.render",
        "notice.request",
    ]
    texts = [b["text"] for b in notice.body]
    assert (
        texts[2] == "第一组共2个单位参加排名。县发展和改革局位列第一，县体育事业发展中心位列末位。"
    )
    assert texts[3] == "第二组共1个单位参加排名。县商务局得分100.00分。"
    assert texts[5] == (
        "第一组中，县发展和改革局进步最大，较上期上升1位；县体育事业发展中心退步最大，较上期下降1位。"
    )
    # A month does not collect judges' scores: B01's missing R2 is no longer named.
    assert texts[7] == "本期各单位指标数据均已按时报送并核实。"
    assert texts[9] == "截至2022年3月5日，督导发现的问题均在整改期限内。"


def test_docx_layout_and_tables(notice):
    doc = Document(io.BytesIO(notice.docx.read()))
    section = doc.sections[0]
    sizes = [
        section.page_width, section.page_height, section.top_margin, section.bottom_margin,
        section.left_margin, section.right_margin,
    ]  # fmt: skip
    assert [round(s.mm) for s in sizes] == [210, 297, 37, 35, 28, 26]
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["临朐县重点任务擂台比武活动办公室", "临擂办〔2022〕10号", ""]
    assert texts[3] == HEADING["title"]
    assert "2022年3月5日" in texts
    title = doc.paragraphs[3].runs[0]
    assert title.font.size.pt == 22
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = doc.paragraphs[6].runs[0]
    assert body.font.size.pt == 16
    assert body._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    styles_xml = doc.styles.element.xml
    assert "asciiTheme" not in styles_xml and "eastAsiaTheme" not in styles_xml
    first, second, _closing = doc.tables
    assert [[c.text for c in r.cells] for r in first.rows] == [
        ["名次", "单位", "总分", "项目建设", "改革创新", "名次变化"],
        ["1", "县发展和改革局", "100.00", "100.00", "100.00", "↑1"],
        ["2", "县体育事业发展中心", "56.00", "60.00", "50.00", "↓1"],
    ]
    assert [c.text for c in second.rows[1].cells] == [
        "1",
        "县商务局",
        "100.00",
        "100.00",
        "100.00",
        "持平",
    ]


def test_xlsx_sheets(notice):
    wb = load_workbook(io.BytesIO(notice.xlsx.read()))
    assert wb.sheetnames == ["第一组", "第二组", "指标得分"]
    ws = wb["第一组"]
    assert ws.freeze_panes == "A2"
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["名次", "单位", "总分", "项目建设", "改革创新", "名次变化", "一票否决"],
        [1, "县发展和改革局", 100.0, 100.0, 100.0, "↑1", None],
        [2, "县体育事业发展中心", 56.0, 60.0, 50.0, "↓1", None],
    ]
    ind = wb["指标得分"]
    header, first = list(ind.iter_rows(min_row=1, max_row=2, values_only=True))
    assert header == ("组别", "名次", "单位", "擂台", "指标", "得分", "满分", "缺报", "计分说明")
    assert first[:8] == ("第一组", 1, "县发展和改革局", "项目建设", "投资完成率", 40.0, 40, None)
    assert first[8]
    # 3 units × 3 indicators: a month leaves the panel indicator R2 (评委打分) out.
    rows = list(ind.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9 and all(r[0] in ("第一组", "第二组") for r in rows)
    assert "评委打分" not in [r[4] for r in rows]


def test_pdf_text(notice):
    text = subprocess.run(
        ["pdftotext", "-layout", notice.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    for expected in (
        "临擂办〔2022〕10号",
        "县发展和改革局",
        "县体育事业发展中心",
        "县商务局",
        "—1—",
        "2022年3月5日",
    ):
        assert expected in text


def test_defaults_follow_the_last_notice(notice, months):
    defaults = notice_defaults(months[0])
    assert defaults["doc_number"].endswith("号")
    assert defaults["issuer"] == HEADING["issuer"]
    assert defaults["title"] == "关于2022年1月份重点任务擂台比武活动排名情况的通报"
    assert period_label(months[0].period) == "2022年1月份"


@pytest.mark.parametrize(
    "persona", ["leader", "leader_a", "reporter_a", "assessor", "other_office"]
)
def test_request_refused_to_others(tiny, months, media, persona):
    with pytest.raises(PermissionDenied):
        notice_request(actor=getattr(tiny, persona), snapshot=months[1], **HEADING)
    assert Notice.objects.count() == 0
    assert BackgroundJob.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="notice.").exists()


def test_draft_has_no_notice(tiny, months, media):
    draft = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-02"], check=QUICK
    )
    with pytest.raises(ValidationError) as info:
        notice_request(actor=tiny.office, snapshot=draft, **HEADING)
    assert "snapshot" in info.value.message_dict
    assert Notice.objects.count() == 0


def test_heading_required(tiny, months, media):
    with pytest.raises(ValidationError) as info:
        notice_request(actor=tiny.office, snapshot=months[1], **{**HEADING, "doc_number": " "})
    assert set(info.value.message_dict) == {"doc_number"}
    assert Notice.objects.count() == 0


def test_worker_mode_leaves_it_pending(tiny, months, media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pending = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    assert (pending.state, pending.job.status, pending.docx.name) == ("pending", "queued", "")
    from django.core.management import call_command

    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    pending.refresh_from_db()
    assert pending.state == "ready" and pending.pdf.name


def test_release(notice, tiny):
    notice_release(actor=tiny.office, notice=notice, public=True)
    notice.refresh_from_db()
    assert notice.public is True
    with pytest.raises(PermissionDenied):
        notice_release(actor=tiny.leader, notice=notice, public=False)
    notice.refresh_from_db()
    assert notice.public is True
    assert AuditEntry.objects.filter(action="notice.release").count() == 1
