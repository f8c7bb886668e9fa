"""Notices to GB/T 9704-2012: page numbers, dates, titles, the closing block (版记), numbers.

The DOCX and the PDF are read back and must carry the same structure: "— N —" page numbers at
the outer edge (odd right, even left), the 成文日期 in Arabic numerals, the title broken between
words, the 版记 on the last, even page, the document number with the office's prefix.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from leitai.assessment.models import IndicatorValue
from leitai.core.models import AuditEntry
from leitai.rankings import services
from leitai.rankings.models import Notice, NoticeSettings
from leitai.rankings.notices.services import (
    next_doc_number,
    notice_defaults,
    notice_request,
    notice_settings_save,
)
from leitai.rankings.notices.text import closing_block, title_lines, title_words
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING, QUICK

CLOSING = {
    "copy_to": "县委办公室、县政府办公室，县委督查室",
    "printed_by": "临朐县擂台比武活动办公室",
}
SETTINGS = {
    "doc_prefix": "临擂办",
    "issuer": "临朐县重点任务擂台比武活动办公室",
    "copy_to": "县委办公室、县政府办公室",
    "printed_by": "临朐县重点任务擂台比武活动办公室",
}


# --- titles --------------------------------------------------------------------------------


def test_title_breaks_between_words():
    assert title_lines("关于2022年2月份重点任务擂台比武活动排名情况的通报", 20) == [
        "关于2022年2月份重点任务",
        "擂台比武活动排名情况的通报",
    ]
    assert title_lines("关于2022年第一季度重点任务擂台比武活动排名情况的通报", 20) == [
        "关于2022年第一季度重点任务",
        "擂台比武活动排名情况的通报",
    ]


def test_title_that_fits_stays_one_line():
    assert title_lines("关于2022年度表彰的决定", 20) == ["关于2022年度表彰的决定"]


def test_title_words_keep_dates_brackets_and_particles():
    assert title_words("关于2022年度重点任务排名情况的通报（更正）") == [
        "关于2022年度", "重点任务", "排名", "情况", "的通报", "（更正）",
    ]  # fmt: skip


def test_a_word_wider_than_a_line_is_the_only_cut():
    assert title_lines("一二三四五六七八九十", 4) == ["一二三四", "五六七八", "九十"]


def test_three_lines_are_balanced():
    lines = title_lines("关于2022年2月份重点任务擂台比武活动排名情况的通报", 10)
    assert lines == ["关于2022年2月份", "重点任务擂台比武", "活动排名情况的通报"]


# --- the closing block and the document number -------------------------------------------


def test_closing_block_lines():
    notice = Notice(issuer="办公室", issued_on=dt.date(2022, 12, 3), **CLOSING)
    block = closing_block(notice)
    assert block.copy_to == "抄送：县委办公室，县政府办公室，县委督查室。"
    assert block.printed_by == "临朐县擂台比武活动办公室"
    assert block.printed_on == "2022年12月3日印发"
    bare = closing_block(Notice(issuer="办公室", issued_on=dt.date(2023, 1, 9)))
    assert (bare.copy_to, bare.printed_by, bare.printed_on) == ("", "办公室", "2023年1月9日印发")


def test_numbers_follow_the_prefix_per_year(notice, tiny):
    jurisdiction = notice.snapshot.jurisdiction
    assert next_doc_number(jurisdiction, "临擂办", 2022) == "临擂办〔2022〕11号"
    assert next_doc_number(jurisdiction, "临擂办", 2023) == "临擂办〔2023〕1号"
    assert next_doc_number(jurisdiction, "临擂字", 2022) == "临擂字〔2022〕1号"
    # Another county's numbers are its own.
    assert next_doc_number(tiny.other_year.jurisdiction, "临擂办", 2022) == "临擂办〔2022〕1号"


def test_defaults_come_from_the_settings(notice, tiny, months):
    before = notice_defaults(months[1])
    this_year = timezone.localdate().year
    assert before["doc_number"] == f"临擂办〔{this_year}〕1号"  # the last number, continued
    notice_settings_save(
        actor=tiny.office,
        jurisdiction=tiny.year.jurisdiction,
        **{**SETTINGS, "doc_prefix": "临擂字"},
    )
    defaults = notice_defaults(months[1])
    assert defaults["doc_number"] == f"临擂字〔{this_year}〕1号"
    assert defaults["copy_to"] == "县委办公室、县政府办公室"
    assert defaults["printed_by"] == SETTINGS["printed_by"]
    assert defaults["printed_on"] == defaults["issued_on"] == timezone.localdate()


def test_settings_saved_once_audited(tiny):
    saved = notice_settings_save(actor=tiny.office, jurisdiction=tiny.year.jurisdiction, **SETTINGS)
    assert (saved.doc_prefix, saved.copy_to) == ("临擂办", "县委办公室、县政府办公室")
    notice_settings_save(actor=tiny.office, jurisdiction=tiny.year.jurisdiction, **SETTINGS)
    assert AuditEntry.objects.filter(action="notice_settings.save").count() == 1


@pytest.mark.parametrize("persona", ["leader", "leader_a", "reporter_a", "other_office"])
def test_settings_refused_to_others(tiny, persona):
    with pytest.raises(PermissionDenied):
        notice_settings_save(
            actor=getattr(tiny, persona), jurisdiction=tiny.year.jurisdiction, **SETTINGS
        )
    assert not NoticeSettings.objects.exists()
    assert not AuditEntry.objects.filter(action="notice_settings.save").exists()


@pytest.mark.parametrize("prefix", ["临擂办〔2022〕", "擂办12", " "])
def test_prefix_alone(tiny, prefix):
    with pytest.raises(ValidationError) as info:
        notice_settings_save(
            actor=tiny.office,
            jurisdiction=tiny.year.jurisdiction,
            **{**SETTINGS, "doc_prefix": prefix},
        )
    assert set(info.value.message_dict) == {"doc_prefix"}
    assert not NoticeSettings.objects.exists()


def test_printed_before_the_date_refused(tiny, months, media):
    with pytest.raises(ValidationError) as info:
        notice_request(
            actor=tiny.office,
            snapshot=months[1],
            **{**HEADING, "printed_on": dt.date(2022, 3, 4)},
        )
    assert set(info.value.message_dict) == {"printed_on"}
    assert Notice.objects.count() == 0


def test_settings_page_office_only(tiny):
    url = reverse("rankings:notice_settings") + f"?year={tiny.year.pk}"
    for persona, status in [("office", 200), ("other_office", 404), ("leader", 404),
                            ("reporter_a", 404), ("assessor", 404)]:  # fmt: skip
        assert tiny.world.client_for(persona).get(url).status_code == status, persona
    response = tiny.world.client_for("office").post(url, SETTINGS)
    assert response.status_code == 302
    assert NoticeSettings.objects.get().doc_prefix == "临擂办"
    refused = tiny.world.client_for("other_office").post(url, {**SETTINGS, "doc_prefix": "x"})
    assert refused.status_code == 404
    assert NoticeSettings.objects.get().doc_prefix == "临擂办"


# --- the re-issue cites the number it replaces --------------------------------------------


def test_reissue_cites_the_replaced_number(notice, tiny, months):
    appeal = services.appeal_file(
        actor=tiny.leader_a, publication=months[1].publication, unit=tiny.unit_a, reason="少报"
    )
    services.appeal_decide(actor=tiny.office, appeal=appeal, accept=True, decision="P2 更正为 20")
    appeal.refresh_from_db()
    value = IndicatorValue.objects.get(
        unit=tiny.unit_a, indicator_code="P2", period=months[1].period
    )
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(20))
    reissue = services.snapshot_compute(
        actor=tiny.office, period=months[1].period, check=QUICK, appeal=appeal
    )
    services.snapshot_publish(actor=tiny.office, snapshot=reissue)
    again = notice_request(
        actor=tiny.office, snapshot=reissue, **{**HEADING, "doc_number": "临擂办〔2022〕11号"}
    )
    assert again.replaces_number == "临擂办〔2022〕10号"
    assert again.body[1]["text"] == (
        "本通报为更正后重新印发，原通报（临擂办〔2022〕10号）同时废止。更正原因：P2 更正为 20"
    )
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(again.docx.read())).paragraphs)
    assert "原通报（临擂办〔2022〕10号）同时废止" in docx_text
    assert "原通报（临擂办〔2022〕10号）同时废止" in re.sub(r"\s", "", pdf_text(again.pdf.path))


# --- the files ------------------------------------------------------------------------------


@pytest.fixture
def full(tiny, months, media):
    """A notice with a closing block (抄送, printer, printing date)."""
    return notice_request(
        actor=tiny.office,
        snapshot=months[1],
        **{**HEADING, **CLOSING, "printed_on": dt.date(2022, 3, 7)},
    )


def field_text(paragraph) -> str:
    """Return a footer paragraph's text with its PAGE field written as {PAGE}."""
    out = []
    for run in paragraph.runs:
        instr = run._r.find(qn("w:instrText"))
        out.append("{" + instr.text + "}" if instr is not None else run.text)
    return "".join(out)


def test_docx_page_numbers_odd_right_even_left(full):
    doc = Document(io.BytesIO(full.docx.read()))
    assert doc.settings.odd_and_even_pages_header_footer is True
    section = doc.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert field_text(odd) == field_text(even) == "— {PAGE} —"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14
    assert {run.font.size.pt for run in odd.runs} == {14}
    assert {run.font.name for run in odd.runs} == {"宋体"}
    # The later sections (attachment, 版记) use the same footers.
    assert all(s.footer.is_linked_to_previous for s in doc.sections[1:])


def test_docx_title_date_number_and_closing(full):
    doc = Document(io.BytesIO(full.docx.read()))
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "临擂办〔2022〕10号"
    title = doc.paragraphs[3]
    assert [r.text for r in title.runs] == ["关于2022年2月份重点任务", "擂台比武活动排名情况的通报"]
    assert len(title._p.findall(".//" + qn("w:br"))) == 1
    assert texts[texts.index("临朐县重点任务擂台比武活动办公室", 2) + 1] == "2022年3月5日"
    last = doc.sections[-1]
    assert last.start_type == WD_SECTION.EVEN_PAGE
    closing = doc.tables[-1]
    assert [row.cells[0].text for row in closing.rows] == [
        "抄送：县委办公室，县政府办公室，县委督查室。",
        "临朐县擂台比武活动办公室\t2022年3月7日印发",
    ]
    borders = closing._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {line.tag.split("}")[1]: line.get(qn("w:sz")) for line in borders}
    assert sizes == {"top": "8", "left": None, "bottom": "8", "right": None, "insideH": "6",
                     "insideV": None}  # fmt: skip
    copies = closing.rows[0].cells[0].paragraphs[0].paragraph_format
    assert (copies.left_indent.pt, copies.first_line_indent.pt, copies.right_indent.pt) == (
        56, -42, 14,
    )  # fmt: skip


def test_docx_body_grid(full):
    doc = Document(io.BytesIO(full.docx.read()))
    normal = doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing.pt == 28.95
    assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert normal.font.size.pt == 16


def pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def page_number_side(path, page: int) -> str:
    """Return "right" or "left": where the page's "— N —" stands, under the type area."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    # The type area ends 35 mm above the foot of the page (842 - 99 = 743 pt).
    below = [(float(x0), float(x1), text) for x0, y0, x1, text in words if float(y0) > 743]
    assert re.sub(r"\s", "", "".join(t for _, _, t in below)) == f"—{page}—"
    middle = (min(x0 for x0, _, _ in below) + max(x1 for _, x1, _ in below)) / 2
    return "right" if middle > 595 / 2 else "left"


def test_pdf_page_numbers_date_title_and_closing(full):
    path = full.pdf.path
    pages = pdf_pages(path)
    assert pages % 2 == 0  # the 版记 closes an even page
    sides = [page_number_side(path, n) for n in range(1, pages + 1)]
    assert sides == ["right", "left"] * (pages // 2)
    first = pdf_text(path, 1).replace(" ", "")
    assert "临擂办〔2022〕10号" in first
    assert "关于2022年2月份重点任务\n" in first and "擂台比武活动排名情况的通报" in first
    everything = pdf_text(path).replace(" ", "")
    assert "2022年3月5日" in everything and "二〇二二" not in everything
    last = pdf_text(path, pages).replace(" ", "")
    assert "抄送：县委办公室，县政府办公室，县委督查室。" in last
    assert "临朐县擂台比武活动办公室2022年3月7日印发" in last


# LibreOffice's Writer reads .docx; a machine with only Calc (the scoring benchmark's) cannot.
WRITER = Path("/usr/lib/libreoffice/program/libswlo.so")


@pytest.mark.skipif(
    not (shutil.which("soffice") and WRITER.exists()), reason="LibreOffice Writer is not installed"
)
def test_docx_rendered_by_libreoffice(full, tmp_path):
    docx = tmp_path / "notice.docx"
    docx.write_bytes(full.docx.read())
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    rendered = Path(tmp_path / "notice.pdf")
    pages = pdf_pages(rendered)
    assert pages % 2 == 0
    sides = [page_number_side(rendered, n) for n in range(1, pages + 1)]
    assert sides == ["right", "left"] * (pages // 2)
    last = pdf_text(rendered, pages).replace(" ", "")
    assert "抄送：县委办公室，县政府办公室，县委督查室。" in last
