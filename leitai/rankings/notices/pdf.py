"""The notice as PDF: the same layout as the DOCX (GB/T 9704-2012), rendered by WeasyPrint.

The official fonts are not free, so the PDF substitutes Noto CJK for them (docs/notices.md):
Noto Serif CJK SC bold for 方正小标宋 (masthead, title), Noto Serif CJK SC for 仿宋_GB2312 (body)
and 宋体 (page numbers), Noto Sans CJK SC for 黑体 (headings). Page numbers read "— N —", at the
right of odd pages and the left of even ones; the 版记 closes the last, even page.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from leitai.rankings.notices.content import NoticeContent, document_date, masthead_size
from leitai.rankings.notices.docx import LINE_PT, TITLE_EM_PER_LINE
from leitai.rankings.notices.text import attachment_title, closing_block, title_lines

TEMPLATE = "rankings/notice_pdf.html"


def notice_html(content: NoticeContent | None, notice) -> str:
    """Return the notice as the HTML page WeasyPrint lays out (no attachment without content).

    Other official documents (the honours' commendation decision) pass `content=None` and a
    `notice` of their own with the same heading fields and body blocks.
    """
    arenas = content.arenas if content else []
    headers = ["名次", "单位", "总分", *(name for _, name in arenas), "名次变化"]
    return render_to_string(
        TEMPLATE,
        {
            "notice": notice,
            "content": content,
            "headers": headers,
            "date_text": document_date(notice.issued_on),
            "title_lines": title_lines(notice.title, TITLE_EM_PER_LINE),
            "closing": closing_block(notice),
            "line_pt": LINE_PT,
            "masthead_pt": masthead_size(notice.issuer),
            "attachment_title": attachment_title(content) if content else "",
        },
    )


def notice_pdf(content: NoticeContent | None, notice) -> bytes:
    """Render the notice as PDF bytes."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    return HTML(string=notice_html(content, notice)).write_pdf()
