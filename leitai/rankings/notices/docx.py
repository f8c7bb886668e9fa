"""The notice as a Word document in the layout of an official document (GB/T 9704-2012).

A4; margins top (天头) 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm, so the type area is
156 × 225 mm; red masthead with the issuing office, the document number and a red rule; title in
方正小标宋简体 二号 (22 pt), broken between words (text.title_lines); body in 仿宋_GB2312 三号
(16 pt), 22 lines of 28 characters (a fixed 28.95 pt line pitch, characters set 0.25 pt closer)
with a two-character first-line indent; level-one headings in 黑体; the 成文日期 in Arabic
numerals; page numbers "— N —" in 四号 宋体, odd pages at the right and even pages at the left,
one character in from the edge; the attachment on a new page; the 版记 (抄送, 印发机关 and
印发日期 between rules) at the foot of the last, even page. The official fonts are named (an
office PC has them) with a fallback in the font table (altName) for machines that do not; theme
fonts are removed so Chinese never falls back to a Latin font.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from leitai.rankings.notices.content import NoticeContent, document_date, masthead_size
from leitai.rankings.notices.text import (
    attachment_title,
    closing_block,
    text_width,
    title_lines,
)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
# Word uses altName when the named font is missing; a GB2312 charset keeps it Chinese.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16
TITLE_PT = 22
PAGE_NUMBER_PT = 14  # 四号
CLOSING_PT = 14  # the 版记 in 四号 仿宋
LINE_PT = 28.95  # 22 lines in the 225 mm type area
CHAR_SPACING_TWIPS = -5  # -0.25 pt: 28 characters of 16 pt in the 156 mm line
TEXT_WIDTH_PT = 156 * 72 / 25.4
LINES_PER_PAGE = 22
TITLE_EM_PER_LINE = int(TEXT_WIDTH_PT // TITLE_PT)  # 20 characters of 22 pt
# Elements that follow w:pBdr in w:pPr, and w:spacing in w:rPr (the schema's order).
PPR_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
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
    # The dashes of the page number sit 7 mm below the type area (GB/T 9704 7.5).
    section.footer_distance = Mm(35 - 7) - Pt(PAGE_NUMBER_PT)


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
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    style.element.rPr.insert_element_before(spacing, *RPR_AFTER_SPACING)


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


def _border(paragraph, side: str, eighths: int, *, color="000000", space=1) -> None:
    """Give the paragraph a rule on one side (`eighths` of a point thick)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *PPR_AFTER_BORDERS)
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", str(space)),
                       ("w:color", color)):  # fmt: skip
        line.set(qn(key), value)
    borders.append(line)


def _red_rule(paragraph) -> None:
    """Draw the red separator line under the masthead as the paragraph's bottom border."""
    _border(paragraph, "bottom", 18, color="E60012", space=4)


def _masthead(doc, issuer: str, doc_number: str) -> None:
    size, center = masthead_size(issuer), WD_ALIGN_PARAGRAPH.CENTER
    head = _para(doc, issuer, font=TITLE_FONT, size=size, color=RED, align=center, indent=False)
    head.paragraph_format.line_spacing = Pt(44)
    head.paragraph_format.space_after = Pt(LINE_PT)
    number = _para(doc, doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _red_rule(number)
    _para(doc, indent=False)


def _page_number(paragraph, align, *, right: bool) -> None:
    """Write "— N —" with the PAGE field, one character in from the outer edge."""
    paragraph.alignment = align
    indent = Pt(PAGE_NUMBER_PT)
    if right:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = Pt(0)
    set_font(paragraph.add_run("— "), "宋体", PAGE_NUMBER_PT)
    run = paragraph.add_run()
    set_font(run, "宋体", PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_font(paragraph.add_run(" —"), "宋体", PAGE_NUMBER_PT)


def _page_number_footers(doc, section) -> None:
    """Odd pages carry the number at the right, even pages at the left (GB/T 9704 7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, right=True)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, right=False)


def _body(doc, blocks: Iterable[dict[str, str]]) -> None:
    for block in blocks:
        if block["kind"] == "heading":
            _para(doc, block["text"], font=HEADING_FONT)
        else:
            _para(doc, block["text"])


def _signature(doc, issuer: str, issued_on) -> None:
    """Sign and date; the last body line, the signature and the date stay on one page."""
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _para(doc, indent=False).paragraph_format.keep_with_next = True
    signed = _para(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=2)
    signed.paragraph_format.keep_with_next = True
    _para(doc, document_date(issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False,
          right_chars=4)  # fmt: skip


def _cell(cell, text: str, *, font=BODY_FONT, size=11, bold=False, center=True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size, bold=bold)


def column_widths(count: int) -> list:
    """Return the ranking table's column widths: rank 9%, unit 32%, the rest shared (156 mm)."""
    rest = (156 - 156 * 0.41) / (count - 2)
    return [Mm(156 * 0.09), Mm(156 * 0.32), *([Mm(rest)] * (count - 2))]


def _size_row(row, widths) -> None:
    """Give each cell its width and keep the row on one page."""
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width  # Word reads the cells' widths, LibreOffice the grid's
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def ranking_table(doc, content: NoticeContent, group) -> None:
    """Add one group's ranking table: rank, unit, total, each arena, change."""
    headers = ["名次", "单位", "总分", *(name for _, name in content.arenas), "名次变化"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(len(headers))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, font=HEADING_FONT)
    _size_row(table.rows[0], widths)
    for row in group.rows:
        unit = f"{row.unit}（一票否决）" if row.vetoed else row.unit
        values = [row.rank_text, unit, row.total, *row.arenas, row.change_text]
        added = table.add_row()
        for n, (cell, text) in enumerate(zip(added.cells, values, strict=True)):
            _cell(cell, text, center=n != 1)
        _size_row(added, widths)
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


def _title(doc, title: str) -> None:
    """Write the title centred, its lines broken between words (explicit line breaks)."""
    paragraph = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph.paragraph_format.line_spacing = Pt(36)
    for n, line in enumerate(title_lines(title, TITLE_EM_PER_LINE)):
        run = paragraph.add_run(line)
        set_font(run, TITLE_FONT, TITLE_PT)
        if n:
            run._r.addprevious(OxmlElement("w:br"))


def _table_borders(table, **sides: int) -> None:
    """Draw the table's rules (`side=eighths of a point`); sides not named are left blank."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        size = sides.get(side, 0)
        line.set(qn("w:val"), "single" if size else "nil")
        if size:
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _closing_lines(block) -> int:
    """Estimate the 版记's lines: 抄送 wraps 3 characters in, one character from each side."""
    per_line = TEXT_WIDTH_PT / CLOSING_PT - 2
    count, width = 1, 0.0
    for ch in block.copy_to:
        width += text_width(ch)
        if width > per_line - (3 if count > 1 else 0):
            count, width = count + 1, text_width(ch)
    return (count if block.copy_to else 0) + 1


def _spacer(doc, height: float) -> None:
    """Add an empty paragraph exactly `height` points tall."""
    paragraph = _para(doc, indent=False)
    paragraph.paragraph_format.line_spacing = Pt(height)


def _closing_line(cell, text: str, *, hanging: int = 0, tab: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    indent = Pt(CLOSING_PT)
    fmt.left_indent, fmt.right_indent = indent * (1 + hanging), indent
    fmt.first_line_indent = -indent * hanging
    if tab:
        fmt.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT) - indent, WD_TAB_ALIGNMENT.RIGHT)
    set_font(paragraph.add_run(text), BODY_FONT, CLOSING_PT)


def _closing(doc, notice) -> None:
    """Write the 版记 at the foot of a new even page: 抄送, then 印发机关 and 印发日期, ruled.

    A one-column table whose first and last rules are 0.35 mm (sz 8 = 1 pt), the one between
    0.25 mm (sz 6); wrapped 抄送 names align after "抄送：". An exact-height spacer pushes it to
    the last lines of the type area (a section's bottom alignment is not honoured everywhere).
    """
    section = doc.add_section(WD_SECTION.EVEN_PAGE)
    _page(section)
    block = closing_block(notice)
    lines = [(block.copy_to, 3, False)] if block.copy_to else []
    lines.append((f"{block.printed_by}\t{block.printed_on}", 0, True))
    # Less a few points for the rules, so the block never spills onto a page of its own.
    _spacer(doc, (LINES_PER_PAGE - _closing_lines(block)) * LINE_PT - 6)
    table = doc.add_table(rows=len(lines), cols=1)
    table.autofit = False
    for row, (text, hanging, tab) in zip(table.rows, lines, strict=True):
        row.cells[0].width = Mm(156)
        _closing_line(row.cells[0], text, hanging=hanging, tab=tab)
    _table_borders(table, top=8, bottom=8, insideH=6)
    _para(doc, indent=False).paragraph_format.line_spacing = Pt(1)  # a body ends with one


def notice_docx(content: NoticeContent | None, notice) -> bytes:
    """Render the notice (heading fields from `notice`, body from `notice.body`) as DOCX bytes.

    Without `content` there is no ranking attachment: other official documents (the honours'
    commendation decision) use the same layout with a `notice` of their own.
    """
    doc = Document()
    _strip_theme_fonts(doc)
    _font_table(doc)
    _normal_style(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_footers(doc, section)
    _masthead(doc, notice.issuer, notice.doc_number)
    _title(doc, notice.title)
    _para(doc, indent=False)
    if notice.addressee:
        _para(doc, notice.addressee, indent=False)
    _body(doc, notice.body)
    _signature(doc, notice.issuer, notice.issued_on)
    if content is not None:
        _attachment(doc, content)
    _closing(doc, notice)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
