"""The honours' documents: the commendation decision (表彰决定), certificates, the grades table.

The decision is an official document in the layout of the ranking notices (GB/T 9704-2012):
it is rendered by the notices' own DOCX and PDF writers (`notice_docx`, `notice_pdf`) from a
`Decision` that carries the same heading fields (issuer, document number, title, date, 版记)
and body blocks. `certificates_pdf(items)` renders one certificate (荣誉证书) per item on an A4
landscape page; it takes plain items, so any selection can print its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.honours.models import HonoursDraft
from leitai.rankings.models import NoticeSettings
from leitai.rankings.notices.docx import notice_docx
from leitai.rankings.notices.pdf import notice_pdf

AWARD_ORDER = {"advanced": 0, "progress": 1, "single": 2}


@dataclass
class Decision:
    """The heading fields and body of the commendation decision, as the notice writers read them."""

    issuer: str
    doc_number: str
    title: str
    addressee: str
    issued_on: dt.date
    body: list[dict[str, str]]
    copy_to: str = ""
    printed_by: str = ""
    printed_on: dt.date | None = None


@dataclass
class Certificate:
    """One certificate (荣誉证书): who, which title, which year, issued by whom and when."""

    name: str
    title: str
    year_text: str
    issuer: str
    issued_on: dt.date
    lines: list[str] = field(default_factory=list)


def issuing_body(jurisdiction) -> tuple[str, str, str, str]:
    """Return a jurisdiction's issuer, document prefix, copy-to and printed-by lines."""
    found = NoticeSettings.objects.filter(jurisdiction_id=jurisdiction.pk).first()
    if found is None:
        return f"{jurisdiction.name}重点任务擂台比武活动办公室", "擂办", "", ""
    return found.issuer, found.doc_prefix, found.copy_to, found.printed_by


def _issuer(draft: HonoursDraft) -> tuple[str, str, str, str]:
    return issuing_body(draft.year.jurisdiction)


def award_lists(draft: HonoursDraft) -> list[tuple[str, list[str]]]:
    """Return [(award title, [unit names])] in the order advanced, progress, single."""
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for entry in draft.entries.order_by("position"):
        for award in entry.awards:
            found[(AWARD_ORDER.get(award["kind"], 9), award["title"])].append(entry.unit_name)
    return [(title, names) for (_, title), names in sorted(found.items())]


def grade_lists(draft: HonoursDraft) -> list[tuple[str, list[str]]]:
    """Return [(grade, [unit names])] in grade order."""
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for entry in draft.entries.order_by("grade_index", "position"):
        found[(entry.grade_index, entry.grade)].append(entry.unit_name)
    return [(grade, names) for (_, grade), names in sorted(found.items())]


CN = "一二三四五六七八九十"


def decision(draft: HonoursDraft, *, issued_on: dt.date | None = None) -> Decision:
    """Return the commendation decision of a draft: every grade and award, by name."""
    issuer, prefix, copy_to, printed_by = _issuer(draft)
    year = draft.year.year
    issued_on = issued_on or (draft.finalised_at or draft.created_at).date()
    body = [
        {
            "kind": "text",
            "text": (
                f"{year}年，全县各参赛单位围绕重点任务比学赶超、争先进位，涌现出一批成绩突出的先进典型。"
                f"根据{year}年度重点任务擂台比武活动实施方案和年度考核结果，经研究，决定对以下单位予以表彰，"
                "并确定各单位年度考核等次。"
            ),
        }
    ]
    for n, (title, names) in enumerate(award_lists(draft)):
        body.append({"kind": "heading", "text": f"{CN[n % 10]}、{title}（{len(names)}个）"})
        body.append({"kind": "text", "text": "、".join(names)})
    body.append({"kind": "heading", "text": f"{CN[len(award_lists(draft)) % 10]}、年度考核等次"})
    for grade, names in grade_lists(draft):
        body.append({"kind": "text", "text": f"{grade}（{len(names)}个）：{'、'.join(names)}"})
    body.append(
        {
            "kind": "text",
            "text": (
                "希望受表彰的单位珍惜荣誉、再接再厉，在新的一年再创佳绩。各单位要以先进为榜样，"
                "奋勇争先、真抓实干，推动重点任务落地见效。"
            ),
        }
    )
    return Decision(
        issuer=issuer,
        doc_number=f"{prefix}〔{issued_on.year}〕{draft.number}号",
        title=f"关于表彰{year}年度重点任务擂台比武先进单位的决定",
        addressee="各参赛单位：",
        issued_on=issued_on,
        body=body,
        copy_to=copy_to,
        printed_by=printed_by,
    )


def decision_docx(draft: HonoursDraft) -> bytes:
    return notice_docx(None, decision(draft))


def decision_pdf(draft: HonoursDraft) -> bytes:
    return notice_pdf(None, decision(draft))


def unit_certificates(draft: HonoursDraft) -> list[Certificate]:
    """Return one certificate per unit award of the draft."""
    issuer = _issuer(draft)[0]
    issued_on = (draft.finalised_at or draft.created_at).date()
    items = []
    for entry in draft.entries.order_by("position"):
        for award in sorted(entry.awards, key=lambda a: AWARD_ORDER.get(a["kind"], 9)):
            items.append(
                Certificate(
                    name=entry.unit_name,
                    title=award["title"],
                    year_text=f"{draft.year.year}年度",
                    issuer=issuer,
                    issued_on=issued_on,
                )
            )
    return items


def certificates_pdf(items: list[Certificate]) -> bytes:
    """Render certificates, one A4 landscape page each, with a place for the seal."""
    from weasyprint import HTML  # imported here: it loads Pango, which only documents need

    from leitai.rankings.notices.content import document_date

    pages = [{"item": item, "date": document_date(item.issued_on)} for item in items]
    html = render_to_string("honours/certificates_pdf.html", {"pages": pages})
    return HTML(string=html).write_pdf()


HEADERS = ["组别", "名次", "单位", "年度总分", "等次", "奖项", "评定理由", "干部职工优秀比例（%）"]


def grades_xlsx(draft: HonoursDraft) -> bytes:
    """Return the grades table: one row per unit with its grade, awards and reason."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "等次"
    ws.append(HEADERS)
    for width, letter in zip([10, 6, 28, 10, 8, 28, 80, 12], "ABCDEFGH", strict=True):
        ws.column_dimensions[letter].width = width
    for entry in draft.entries.select_related("group").order_by("position"):
        ws.append(
            [
                entry.group.name,
                entry.rank,
                entry.unit_name,
                None if entry.total is None else round(entry.total, 2),
                entry.grade,
                "、".join(a["title"] for a in entry.awards),
                entry.reason_zh,
                entry.staff_percent,
            ]
        )
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)
