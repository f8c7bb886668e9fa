"""The notice as a Word document in the layout of an official document (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; red masthead with the issuing
office, the document number and a red rule; title in 方正小标宋简体 二号 (22 pt); body in
仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line pitch with a two-character first-line indent;
level-one headings in 黑体; the date in Chinese under the issuing office; page numbers "— N —".
The official fonts are named (an office PC has them) with a fallback in the font table (altName)
for machines that do not; theme fonts are removed so Chinese never falls back to a Latin font.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from leitai.rankings.notices.content import NoticeContent, cn_date, masthead_size
from leitai.rankings.notices.text import attachment_title

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
# Word uses altName when the named font is missing; a GB2312 charset keeps it Chinese.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16
LINE_PT = 28
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_font(run_or_style, name: str, size: float | None = None, *, bold=False, color=None):
    """Set the font of a run or style by name for Latin and East Asian text alike."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    rfonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _strip_theme_fonts(doc) -> None:
    """Remove theme-font attributes everywhere in the styles part, defaults included."""
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), BODY_FONT)


def _font_table(doc) -> None:
    """Declare the official fonts with their fallbacks in the font table."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = parse_xml(part.blob)
    for name, alt in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)


def _normal_style(doc) -> None:
    style = doc.styles["Normal"]
    set_font(style, BODY_FONT, BODY_PT)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.element.rPr.append(lang)


def _para(doc, text: str = "", *, font=BODY_FONT, size=BODY_PT, bold=False, align=None,
          indent=True, color=None, right_chars=0):  # fmt: skip
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * right_chars)
    if text:
        set_font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _red_rule(paragraph) -> None:
    """Draw the red separator line under the masthead as the paragraph's bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "4"),
        ("w:color", "E60012"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _masthead(doc, issuer: str, doc_number: str) -> None:
    size, center = masthead_size(issuer), WD_ALIGN_PARAGRAPH.CENTER
    head = _para(doc, issuer, font=TITLE_FONT, size=size, color=RED, align=center, indent=False)
    head.paragraph_format.line_spacing = Pt(44)
    head.paragraph_format.space_after = Pt(LINE_PT)
    number = _para(doc, doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _red_rule(number)
    _para(doc, indent=False)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    set_font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_font(paragraph.add_run(" —"), "宋体", 14)


def _body(doc, blocks: Iterable[dict[str, str]]) -> None:
    for block in blocks:
        if block["kind"] == "heading":
            _para(doc, block["text"], font=HEADING_FONT)
        else:
            _para(doc, block["text"])


def _signature(doc, issuer: str, issued_on) -> None:
    _para(doc, indent=False)
    _para(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=2)
    _para(doc, cn_date(issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=4)


def _cell(cell, text: str, *, font=BODY_FONT, size=12, bold=False, center=True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size, bold=bold)


def ranking_table(doc, content: NoticeContent, group) -> None:
    """Add one group's ranking table: rank, unit, total, each arena, change."""
    headers = ["名次", "单位", "总分", *(name for _, name in content.arenas), "名次变化"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, font=HEADING_FONT)
    for row in group.rows:
        unit = f"{row.unit}（一票否决）" if row.vetoed else row.unit
        values = [row.rank_text, unit, row.total, *row.arenas, row.change_text]
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, center=n != 1)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)


def _attachment(doc, content: NoticeContent) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    _para(doc, "附件", font=HEADING_FONT, indent=False)
    title = _para(doc, attachment_title(content), font=TITLE_FONT, size=18,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)  # fmt: skip
    title.paragraph_format.space_after = Pt(12)
    for group in content.groups:
        _para(doc, group.name, font=HEADING_FONT, indent=False)
        ranking_table(doc, content, group)
        _para(doc, indent=False)


def notice_docx(content: NoticeContent, notice) -> bytes:
    """Render the notice (heading fields from `notice`, body from `notice.body`) as DOCX bytes."""
    doc = Document()
    _strip_theme_fonts(doc)
    _font_table(doc)
    _normal_style(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_footer(section)
    _masthead(doc, notice.issuer, notice.doc_number)
    title = _para(doc, notice.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
                  indent=False)  # fmt: skip
    title.paragraph_format.line_spacing = Pt(36)
    _para(doc, indent=False)
    if notice.addressee:
        _para(doc, notice.addressee, indent=False)
    _body(doc, notice.body)
    _signature(doc, notice.issuer, notice.issued_on)
    _attachment(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
