"""The rectification ledger (整改台账): filters, colours, XLSX export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.org.access import is_office_of
from leitai.supervision import colours, selectors
from leitai.supervision.forms import LedgerFilter
from leitai.supervision.views.common import as_of, supervision_year

FILLS = {colours.RED: "F8D7DA", colours.YELLOW: "FFF3CD", colours.BLUE: "CFE2FF"}


def _rows(request):
    year = supervision_year(request)
    day = as_of(request, year)
    data = request.GET.copy()
    data["as_of"] = day.isoformat()
    form = LedgerFilter(data, **selectors.ledger_choices(request.user, year))
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.ledger(
        request.user,
        year=year,
        as_of=day,
        round_id=chosen.get("round"),
        group_id=chosen.get("group"),
        unit_id=chosen.get("unit"),
        colour=chosen.get("colour") or "",
        status=chosen.get("status") or "",
    )
    return year, form, day, rows


@login_required
def ledger(request):
    """Show the ledger: every visible problem of the year with its colour on the chosen day."""
    year, form, day, rows = _rows(request)
    counts = selectors.colour_counts(rows)
    chips = [(c, colours.LABELS[c], colours.BADGES[c], counts.get(c, 0)) for c in colours.COLOURS]
    return render(
        request,
        "supervision/ledger.html",
        {
            "year": year,
            "form": form,
            "as_of": day,
            "rows": rows,
            "chips": chips,
            "badges": colours.BADGES,
            "labels": colours.LABELS,
            "is_office": is_office_of(request.user, year.jurisdiction_id),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def ledger_xlsx(request):
    """Download the filtered ledger as an Excel workbook."""
    year, _form, day, rows = _rows(request)
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Rectification ledger")[:31]
    headers = [
        _("Unit"),
        _("Supervision group"),
        _("Round"),
        _("Category"),
        _("Severity"),
        _("Problem"),
        _("Found on"),
        _("Deadline"),
        _("Status"),
        _("Colour"),
        _("Days overdue"),
        _("Measures"),
        _("Responsible person"),
        _("Signed off on"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        p = row.problem
        sheet.append(
            [
                p.unit.name,
                row.group_name,
                p.round.name if p.round else p.get_source_display(),
                p.category.name,
                p.get_severity_display(),
                p.description,
                p.found_on,
                p.deadline,
                p.get_status_display(),
                str(colours.LABELS[row.colour]),
                row.days_overdue or None,
                p.measures,
                p.responsible,
                p.signed_off_on,
            ]
        )
        if row.colour in FILLS:
            sheet.cell(sheet.max_row, 10).fill = PatternFill("solid", fgColor=FILLS[row.colour])
    for column, width in zip(
        "ABCDEFGHIJKLMN", [22, 12, 18, 14, 8, 50, 12, 12, 12, 14, 8, 40, 10, 12], strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    response = HttpResponse(
        workbook_bytes(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"ledger-{year.year}-{day.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
