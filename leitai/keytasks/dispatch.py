"""The weekly dispatch notice (调度通报): figures computed once, stored per week, rendered to files.

`notice_content` computes the week's figures as of its deadline day; the one write,
`leitai.keytasks.services.dispatch.notice_generate`, stores them; the page, the DOCX and the
XLSX all render the stored figures, so a notice never changes after it was issued unless the
office generates it again (which is audited).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl.styles import Font

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.keytasks.exports import COLOUR_ZH
from leitai.keytasks.models import CoordinationRequest, DispatchNotice, KeyTask, Milestone
from leitai.keytasks.selectors import rules_for, settings_for, status_of, with_latest_report
from leitai.keytasks.status import SEVERITY, deadline_of
from leitai.org.models import AssessmentYear

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def notice_content(year: AssessmentYear, monday: dt.date) -> dict:
    """Return the week's figures: counts by colour, overdue, late and open coordination lists."""
    settings = settings_for(year)
    rules = rules_for(settings)
    as_of = deadline_of(monday, rules)
    tasks = with_latest_report(KeyTask.objects.filter(year=year), as_of, rules)
    tasks = tasks.select_related("lead_unit", "leader").prefetch_related(
        Prefetch("milestones", Milestone.objects.order_by("due_date", "order"))
    )
    tasks = list(tasks.order_by("code"))
    statuses = {t.pk: status_of(t, as_of, rules) for t in tasks}
    counts = Counter(s.colour for s in statuses.values())
    return {
        "year": year.year,
        "week_start": monday.isoformat(),
        "as_of": as_of.isoformat(),
        "total": len(tasks),
        "counts": {c.value: counts.get(c.value, 0) for c in SEVERITY},
        "overdue": _overdue(tasks, as_of),
        "late": _late(tasks, statuses, monday, as_of, rules),
        "requests": _open_requests(year, as_of),
    }


def _overdue(tasks, as_of) -> list[dict]:
    return [
        {
            "code": t.code,
            "title": t.title,
            "unit": t.lead_unit.name,
            "milestone": m.title,
            "due": m.due_date.isoformat(),
            "days": (as_of - m.due_date).days,
        }
        for t in tasks
        for m in t.milestones.all()
        if m.due_date < as_of and (m.done_on is None or m.done_on > as_of)
    ]


def _late(tasks, statuses, monday, as_of, rules) -> list[dict]:
    deadline = timezone.make_aware(dt.datetime.combine(as_of, rules.deadline_time))
    submitted = dict(
        KeyTask.objects.filter(
            pk__in=[t.pk for t in tasks], reports__week_start=monday
        ).values_list("pk", "reports__submitted_at")
    )
    rows = []
    for t in tasks:
        if statuses[t.pk].colour == "done" or not t.start_date <= as_of <= t.end_date:
            continue
        at = submitted.get(t.pk)
        if at is None or at > deadline:
            at_text = timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""
            rows.append(
                {"code": t.code, "title": t.title, "unit": t.lead_unit.name, "submitted": at_text}
            )
    return rows


def _open_requests(year, as_of) -> list[dict]:
    requests = CoordinationRequest.objects.filter(
        task__year=year, status=CoordinationRequest.Status.OPEN, raised_at__date__lte=as_of
    ).select_related("task", "task__lead_unit", "task__leader")
    return [
        {
            "code": r.task.code,
            "title": r.task.title,
            "unit": r.task.lead_unit.name,
            "leader": (r.task.leader.first_name or r.task.leader.username) if r.task.leader else "",
            "question": r.question,
            "raised": timezone.localtime(r.raised_at).date().isoformat(),
        }
        for r in requests.order_by("raised_at")
    ]


# --- files ---------------------------------------------------------------------------------


def notice_title(notice: DispatchNotice) -> str:
    return f"{notice.content['year']}年重点任务周调度通报（{notice.week_start:%m月%d日}当周）"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, bold=False, center=False):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 12)


def summary_line(content: dict) -> str:
    counts = content["counts"]
    # jsonb (PostgreSQL) does not keep key order: walk the colours in their own order.
    parts = "，".join(f"{COLOUR_ZH[c]}{counts[c]}项" for c in _ordered(counts))
    return f"截至{content['as_of']}，全县{content['total']}项重点任务中：{parts}。"


def notice_docx(notice: DispatchNotice) -> bytes:
    """Render the stored notice as an A4 DOCX in the official-document fonts."""
    c = notice.content
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _para(doc, notice_title(notice), font=TITLE_FONT, size=22, center=True)
    _para(doc, summary_line(c))
    _para(doc, "一、逾期节点", font=HEADING_FONT)
    _table(
        doc,
        ["任务", "牵头单位", "节点", "应完成", "逾期天数"],
        [
            [f"{r['code']} {r['title']}", r["unit"], r["milestone"], r["due"], r["days"]]
            for r in c["overdue"]
        ]
        or [["无", "", "", "", ""]],
    )
    _para(doc, "二、未按时报送周调度", font=HEADING_FONT)
    _table(
        doc,
        ["任务", "牵头单位", "报送时间"],
        [[f"{r['code']} {r['title']}", r["unit"], r["submitted"] or "未报送"] for r in c["late"]]
        or [["无", "", ""]],
    )
    _para(doc, "三、待协调解决的问题", font=HEADING_FONT)
    _table(
        doc,
        ["任务", "牵头单位", "分管县领导", "问题", "提出日期"],
        [
            [f"{r['code']} {r['title']}", r["unit"], r["leader"], r["question"], r["raised"]]
            for r in c["requests"]
        ]
        or [["无", "", "", "", ""]],
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def notice_xlsx(notice: DispatchNotice) -> bytes:
    """Render the stored notice as a workbook: a summary sheet and one sheet per list."""
    c = notice.content
    wb = new_workbook()
    ws = wb.active
    ws.title = "概况"
    ws.append([notice_title(notice)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["截至", c["as_of"]])
    ws.append(["任务总数", c["total"]])
    for colour in _ordered(c["counts"]):
        ws.append([COLOUR_ZH[colour], c["counts"][colour]])
    sheets = [
        (
            "逾期节点",
            ["编号", "任务", "牵头单位", "节点", "应完成", "逾期天数"],
            [
                [r["code"], r["title"], r["unit"], r["milestone"], r["due"], r["days"]]
                for r in c["overdue"]
            ],
        ),
        (
            "未按时报送",
            ["编号", "任务", "牵头单位", "报送时间"],
            [[r["code"], r["title"], r["unit"], r["submitted"] or "未报送"] for r in c["late"]],
        ),
        (
            "待协调问题",
            ["编号", "任务", "牵头单位", "分管县领导", "问题", "提出日期"],
            [
                [r["code"], r["title"], r["unit"], r["leader"], r["question"], r["raised"]]
                for r in c["requests"]
            ],
        ),
    ]
    for title, headers, rows in sheets:
        sheet = wb.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
    return workbook_bytes(wb)


def _ordered(counts: dict) -> list[str]:
    """Return the colours present in `counts` in severity order."""
    return [c.value for c in SEVERITY if c.value in counts]
