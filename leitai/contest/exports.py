"""The contest's result sheet (评分结果表), as PDF (WeasyPrint, Noto CJK) and XLSX (the project's
formula-safe writer): every judge's score per unit, the dropped highest and lowest marked, the
class means, the contest score and place, notes for void and replaced scores, and signature
lines for the scorer (计分员) and the supervisor (监督员).

Sealed: only revealed units are on the sheet (their scores come from `contest_results`, which
reads revealed rounds only); the sheet says how many units are not yet revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from leitai.contest.models import Contest, ContestUnit, Judge, Submission
from leitai.contest.selectors import contest_results, rater_classes, rounded, trim_from
from leitai.core.spreadsheets import new_workbook, workbook_bytes

TEMPLATE = "contest/result_pdf.html"
DROPPED_NOTE = "删除线：去掉的最高分、最低分"


@dataclass
class Cell:
    """One judge's score of one unit on the sheet."""

    value: object  # Decimal, or None when the judge has no counted score
    dropped: bool = False
    voided: bool = False
    replaced: bool = False
    recused: bool = False


@dataclass
class Line:
    position: int | None
    unit: str
    cells: list[Cell]
    class_means: list[object]
    score: object
    place: int | None
    notes: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    contest: Contest
    judges: list[Judge]
    classes: list[str]
    lines: list[Line]
    sealed: int
    trim_from: int

    @property
    def title(self) -> str:
        return f"{self.contest.name}评分结果表"


def _note_void(sheet: Submission) -> str:
    return f"{sheet.judge.name}的评分 {sheet.total} 作废：{sheet.void_reason}"


def _note_replaced(sheet: Submission) -> str:
    return (
        f"{sheet.judge.name}的评分 {sheet.original_total} 替换为其他评委平均分 "
        f"{sheet.total}：{sheet.replace_reason}"
    )


def result_sheet(contest: Contest) -> Sheet:
    """Return the sheet's content: revealed units only, in running order."""
    results = contest_results(contest)
    judges = list(contest.judges.order_by("rater_class", "pk"))
    class_codes = list(rater_classes(contest))
    lines = []
    for result in results:
        by_judge: dict[int, Cell] = {}
        notes = []
        for part in result.classes:
            for s in part.sheets:
                by_judge[s.judge_id] = Cell(
                    s.total, dropped=s.pk in part.dropped, replaced=s.original_total is not None
                )
                if s.original_total is not None:
                    notes.append(_note_replaced(s))
        for s in result.voided:
            by_judge[s.judge_id] = Cell(s.total, voided=True)
            notes.append(_note_void(s))
        means = {part.code: rounded(part.mean) for part in result.classes}
        cells = [
            by_judge.get(j.pk, Cell(None, recused=j.unit_id == result.round.unit_id))
            for j in judges
        ]
        if result.explain and class_codes and len(result.classes) < len(class_codes):
            notes.append(result.explain)
        lines.append(
            Line(
                position=result.round.position,
                unit=result.round.unit.name,
                cells=cells,
                class_means=[means.get(code) for code in class_codes] if class_codes else [],
                score=rounded(result.score),
                place=result.place,
                notes=notes,
            )
        )
    # A judge with no score on any revealed unit (absent, or every unit sealed) is left out.
    keep = [i for i in range(len(judges)) if any(ln.cells[i].value is not None for ln in lines)]
    shown = [judges[i] for i in keep]
    for line in lines:
        line.cells = [line.cells[i] for i in keep]
    sealed = contest.rounds.exclude(state=ContestUnit.State.REVEALED).count()
    return Sheet(contest, shown, class_codes, lines, sealed, trim_from(contest))


def judge_header(judge: Judge) -> str:
    return f"{judge.name}（{judge.rater_class}）" if judge.rater_class else judge.name


def headers(sheet: Sheet) -> list[str]:
    return [
        "出场顺序",
        "单位",
        *(judge_header(j) for j in sheet.judges),
        *(f"{code}类平均" for code in sheet.classes),
        "得分",
        "名次",
        "说明",
    ]


def _number(value):
    return None if value is None else float(value)


def result_xlsx(contest: Contest) -> bytes:
    """Render the result sheet as an XLSX workbook; return its bytes."""
    sheet = result_sheet(contest)
    wb = new_workbook()
    ws = wb.active
    ws.title = "评分结果"
    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"{contest.held_on:%Y年%m月%d日} · {contest.period.code}"])
    top = headers(sheet)
    ws.append(top)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for line in sheet.lines:
        ws.append(
            [
                line.position,
                line.unit,
                *(_number(c.value) if not c.voided else "作废" for c in line.cells),
                *(_number(m) for m in line.class_means),
                _number(line.score),
                line.place,
                "；".join(line.notes),
            ]
        )
        row = ws.max_row
        for offset, c in enumerate(line.cells):
            if c.dropped:
                ws.cell(row=row, column=3 + offset).font = Font(strike=True)
    ws.append([])
    if sheet.sealed:
        ws.append([f"尚有 {sheet.sealed} 个单位未亮分，不在本表。"])
    ws.append([f"{DROPPED_NOTE}（每类评分达到 {sheet.trim_from} 个时）。"])
    ws.append([])
    ws.append(["计分员（签字）：", None, None, "监督员（签字）：", None, None, "日期："])
    widths = [9, 26, *([11] * len(sheet.judges)), *([10] * len(sheet.classes)), 9, 7, 40]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C4"
    return workbook_bytes(wb)


def result_html(contest: Contest) -> str:
    sheet = result_sheet(contest)
    return render_to_string(TEMPLATE, {"sheet": sheet, "headers": headers(sheet)})


def result_pdf(contest: Contest) -> bytes:
    """Render the result sheet as PDF bytes (A4 landscape)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    return HTML(string=result_html(contest)).write_pdf()
