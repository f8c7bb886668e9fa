"""The documents open and hold the Chinese names: decision (DOCX, PDF), certificates, grades."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from leitai.honours import documents, services
from tests.honours.conftest import publish_year


@pytest.fixture
def draft(graded):
    publish_year(graded)
    return services.honours_grade(actor=graded.office, year=graded.year)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def test_decision_lists_every_award_and_grade(draft):
    decision = documents.decision(draft)
    assert decision.title == "关于表彰2022年度重点任务擂台比武先进单位的决定"
    texts = [b["text"] for b in decision.body]
    assert texts[1:5] == [
        "一、先进单位（2个）",
        "县发展和改革局、县体育事业发展中心",
        "二、单项奖（改革创新）（1个）",
        "县发展和改革局",
    ]
    assert texts[6] == "优秀（2个）：县发展和改革局、县体育事业发展中心"
    assert texts[7] == "良好（2个）：县财政局、县教育局"
    assert texts[8] == "合格（3个）：县民政局、县司法局、县商务局"


def test_decision_docx_opens_with_the_names(draft):
    doc = Document(io.BytesIO(documents.decision_docx(draft)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于表彰2022年度重点任务擂台比武先进单位的决定" in text
    assert "县发展和改革局、县体育事业发展中心" in text
    assert "临朐县重点任务擂台比武活动办公室" in text
    assert abs(doc.sections[0].page_width.mm - 210) < 0.5


def test_decision_pdf_holds_the_names(draft, tmp_path):
    text = pdf_text(documents.decision_pdf(draft), tmp_path)
    assert "先进单位" in text and "县体育事业发展中心" in text and "县司法局" in text


def test_certificates_one_landscape_page_per_award(draft, tmp_path):
    items = documents.unit_certificates(draft)
    assert [(c.name, c.title) for c in items] == [
        ("县发展和改革局", "先进单位"),
        ("县发展和改革局", "单项奖（改革创新）"),
        ("县体育事业发展中心", "先进单位"),
    ]
    data = documents.certificates_pdf(items)
    assert pdf_pages(data, tmp_path) == 3
    text = pdf_text(data, tmp_path)
    assert "荣誉证书" in text and "县体育事业发展中心" in text and "2022年度" in text
    path = tmp_path / "size.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # A4 landscape in points


def test_grades_xlsx_rows(draft):
    wb = load_workbook(io.BytesIO(documents.grades_xlsx(draft)))
    rows = list(wb["等次"].iter_rows(values_only=True))
    assert rows[0][:5] == ("组别", "名次", "单位", "年度总分", "等次")
    assert rows[1][:6] == (
        "第一组",
        1,
        "县发展和改革局",
        90.0,
        "优秀",
        "先进单位、单项奖（改革创新）",
    )
    assert len(rows) == 8


def test_download_names_and_types(draft, graded):
    client = graded.client_for("office")
    response = client.get(reverse("honours:download", args=[draft.pk, "decision-docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''2022-1-" in response["Content-Disposition"]
    assert client.get(reverse("honours:download", args=[draft.pk, "nope"])).status_code == 404
