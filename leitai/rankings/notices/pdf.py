"""The notice as PDF: the same content as the DOCX, rendered by WeasyPrint with Noto CJK fonts.

The official fonts are not free, so the PDF uses Noto Serif CJK SC for the body and title and
Noto Sans CJK SC where a document would use 黑体; page numbers read "第 N 页 共 M 页".
"""

from __future__ import annotations

from django.template.loader import render_to_string

from leitai.rankings.notices.content import NoticeContent, cn_date, masthead_size
from leitai.rankings.notices.text import attachment_title

TEMPLATE = "rankings/notice_pdf.html"


def notice_html(content: NoticeContent, notice) -> str:
    """Return the notice as the HTML page WeasyPrint lays out."""
    headers = ["名次", "单位", "总分", *(name for _, name in content.arenas), "名次变化"]
    return render_to_string(
        TEMPLATE,
        {
            "notice": notice,
            "content": content,
            "headers": headers,
            "date_cn": cn_date(notice.issued_on),
            "masthead_pt": masthead_size(notice.issuer),
            "attachment_title": attachment_title(content),
        },
    )


def notice_pdf(content: NoticeContent, notice) -> bytes:
    """Render the notice as PDF bytes."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    return HTML(string=notice_html(content, notice)).write_pdf()
