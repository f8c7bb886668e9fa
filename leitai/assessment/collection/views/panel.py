"""Judges' scores (评委打分) for `panel` indicators: the office types or pastes them per unit."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl.utils import get_column_letter

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import active_scheme, applicability, plain
from leitai.assessment.collection.services.panel import panel_scores_save
from leitai.assessment.collection.views.chasing import XLSX, office_period
from leitai.assessment.models import Indicator, PanelScore
from leitai.assessment.scheme.selectors import collected_in
from leitai.core.excel import cell_text, parse_decimal
from leitai.core.imports import ProblemList, add_issues, open_workbook, upload_limits
from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.org.models import Unit
from leitai.tabular import Problems, SheetSpec, Table, TabularError, read_table

DEFAULT_JUDGES = 7
# The grid's header: 单位代码, 单位名称, then one column per judge (any other header).
GRID = SheetSpec(
    "panel",
    {"unit": ("单位代码",), "name": ("单位名称",)},
    ("unit",),
    extra_ok=True,
    search=10,
    long_ok=True,
)


@login_required
def panel_home(request):
    """Open the judges' scores of the latest quarter (else the latest period, which says so)."""
    if not access.is_office(request.user):
        raise Http404("not found")
    periods = access.collection_periods(request.user).filter(
        year__jurisdiction_id__in=access.scope_for(request.user).office_jurisdiction_ids
    )
    period = (
        periods.filter(kind="quarter").order_by("-starts_on").first()
        or periods.order_by("-starts_on").first()
    )
    if period is None:
        return render(request, "assessment/panel.html", {"period": None})
    return redirect("assessment:panel", period_id=period.pk)


def _grid(period, indicator, judge_count):
    rules = applicability(period.year_id)
    units = [
        u
        for u in Unit.objects.filter(
            jurisdiction_id=period.year.jurisdiction_id, active=True
        ).order_by("code")
        if rules.applies(indicator, u.pk)
    ]
    scores = PanelScore.objects.filter(period=period, indicator_code=indicator.code)
    stored = {(s.unit_id, s.judge_label): s.score for s in scores}
    labels = sorted({label for _, label in stored}, key=_label_order)
    while len(labels) < judge_count:
        labels.append(_("Judge %(n)s") % {"n": len(labels) + 1})
    rows = []
    for unit in units:
        cells = [(label, plain(stored.get((unit.pk, label)))) for label in labels]
        given = [stored[(unit.pk, lb)] for lb in labels if (unit.pk, lb) in stored]
        rows.append({"unit": unit, "cells": cells, "mean": _trimmed(given)})
    return labels, rows


def _label_order(label: str):
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 10**6, label)


def _trimmed(scores: list[Decimal]) -> str:
    """Return the mean with the highest and lowest dropped (when 3 or more), as text."""
    if not scores:
        return "—"
    kept = sorted(scores)[1:-1] if len(scores) >= 3 else scores
    return f"{sum(kept) / len(kept):.2f}"


@login_required
def panel_scores(request, period_id):
    """Show (GET) or save (POST) the judges' scores of one panel indicator, units × judges."""
    period = office_period(request, period_id)
    scheme = active_scheme(period.year)
    collected = collected_in(Indicator.Rule.PANEL, period.kind)
    indicators = list(
        scheme.indicators.filter(rule=Indicator.Rule.PANEL).order_by("order")
        if scheme and collected
        else []
    )
    code = request.GET.get("indicator") or request.POST.get("indicator") or ""
    indicator = next(
        (i for i in indicators if i.code == code), indicators[0] if indicators else None
    )
    if request.method == "POST" and indicator is not None:
        return _save(request, period, indicator)
    judge_count = DEFAULT_JUDGES
    labels, rows = _grid(period, indicator, judge_count) if indicator else ([], [])
    return render(
        request,
        "assessment/panel.html",
        {
            "period": period,
            "collected": collected,
            "indicators": indicators,
            "indicator": indicator,
            "labels": labels,
            "rows": rows,
            "locked": access.period_is_locked(period),
        },
    )


def _save(request, period, indicator):
    labels = [request.POST.get(f"label_{i}", "").strip() for i in range(50)]
    scores, errors = {}, []
    units = {u.pk: u for u in Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id)}
    for key, text in request.POST.items():
        if not key.startswith("s_"):
            continue
        _prefix, unit_id, index = key.split("_")
        unit, label = units.get(int(unit_id)), labels[int(index)] if int(index) < 50 else ""
        if unit is None or not label:
            continue
        try:
            scores[(unit.pk, label)] = parse_decimal(text)
        except ValueError:
            errors.append(f"{unit.name} {label}: {text}")
    if errors:
        messages.error(request, _("Not numbers: %(cells)s") % {"cells": "; ".join(errors)})
    else:
        try:
            changed = panel_scores_save(
                actor=request.user, period=period, indicator_code=indicator.code, scores=scores
            )
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        except PermissionDenied as exc:
            raise Http404("not found") from exc
        else:
            messages.success(request, _("%(count)s scores changed.") % {"count": changed})
    return redirect(f"{request.path}?indicator={indicator.code}")


# --- Excel -------------------------------------------------------------------------------------

PANEL_SHEET = "评委打分"


@login_required
def panel_workbook(request, period_id):
    """Download the grid (units × judges) of one panel indicator, to fill in and upload."""
    from openpyxl.styles import Font

    period = office_period(request, period_id)
    indicator = _chosen(period, request.GET.get("indicator", ""))
    labels, rows = _grid(period, indicator, DEFAULT_JUDGES)
    book = new_workbook()
    sheet = book.active
    sheet.title = PANEL_SHEET
    sheet.append([f"{period.code} {indicator.code} {indicator.name}"])
    sheet.append(["单位代码", "单位名称", *labels])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = [float(text) if text else None for _label, text in row["cells"]]
        sheet.append([row["unit"].code, row["unit"].name, *cells])
    sheet.column_dimensions["B"].width = 26
    sheet.freeze_panes = "C3"
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    name = f"leitai-judges-{period.code}-{indicator.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def panel_upload(request, period_id):
    """Import a filled grid: every score of the file, or none if any cell is wrong."""
    period = office_period(request, period_id)
    indicator = _chosen(period, request.POST.get("indicator", ""))
    upload_file = request.FILES.get("file")
    target = f"{reverse('assessment:panel', args=[period.pk])}?indicator={indicator.code}"
    if upload_file is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect(target)
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id)}
    scores, problems = read_panel(upload_file.read(), units)
    if not problems:
        try:
            changed = panel_scores_save(
                actor=request.user, period=period, indicator_code=indicator.code, scores=scores
            )
        except ValidationError as exc:
            problems = [m for ms in exc.message_dict.values() for m in ms]
        else:
            messages.success(request, _("%(count)s scores changed.") % {"count": changed})
    if problems:
        messages.error(
            request,
            _("Nothing was imported: %(problems)s") % {"problems": "; ".join(problems[:20])},
        )
    return redirect(target)


def _chosen(period, code):
    if not collected_in(Indicator.Rule.PANEL, period.kind):
        raise Http404("not found")
    scheme = active_scheme(period.year)
    panel = scheme.indicators.filter(rule=Indicator.Rule.PANEL) if scheme else None
    indicator = panel and (panel.filter(code=code).first() or panel.order_by("order").first())
    if not indicator:
        raise Http404("not found")
    return indicator


def read_panel(data: bytes, units: dict) -> tuple[dict, list[str]]:
    """Read a units × judges sheet: (unit id, judge) → score; problems by row and column.

    The first sheet is read through `leitai.tabular`, at most `upload_limits(units)` rows.
    """
    workbook, problems = open_workbook(data, max_bytes=len(data))
    if not workbook:
        return {}, [str(p) for p in problems] or [_("The file is not an Excel workbook (.xlsx).")]
    title, rows = next(iter(workbook.items()))
    try:
        table = read_table(rows, GRID, title, Problems(), upload_limits(len(units)))
    except TabularError as exc:
        add_issues(problems, exc.issues)
        return {}, [str(p) for p in problems]
    if table is None:
        return {}, [_("No header row with 单位代码 in the first 10 rows.")]
    return _scores(table, units)


def _scores(table: Table, units: dict) -> tuple[dict, list[str]]:
    judges = [(i, cell_text(h)) for i, h in table.extra.items() if cell_text(h)]
    scores, problems = {}, ProblemList()
    for number, row in table.rows:
        code = cell_text(table.cell(row, "unit"))
        if not code:
            continue
        if code not in units:
            problems.append(
                _("Row %(row)s: unknown unit %(code)s.") % {"row": number, "code": code}
            )
            continue
        for position, label in judges:
            raw = row[position] if position < len(row) else None
            try:
                scores[(units[code].pk, label)] = parse_decimal(raw)
            except ValueError:
                problems.append(
                    _("Row %(row)s, column %(column)s: %(text)s is not a number.")
                    % {"row": number, "column": get_column_letter(position + 1), "text": raw}
                )
    return scores, problems
