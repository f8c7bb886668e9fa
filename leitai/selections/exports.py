"""The tally as an Excel workbook: only once the vote closed (sealed before, like the pages)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.selections import selectors
from leitai.selections.models import Selection


def tally_xlsx(selection: Selection) -> bytes:
    """Return the tally workbook of a final selection; a selection still open is a 404."""
    rows = list(selectors.results(selection))
    if not rows:
        raise Http404("not found")
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Tally")[:31]
    sheet.append(
        [
            _("Honour title"),
            _("Rank"),
            _("Nominee's name"),
            _("Unit"),
            _("Committee score"),
            _("Votes"),
            _("Vote score"),
            _("Final score"),
            _("Status"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n in rows:
        sheet.append(
            [
                n.title.name,
                n.rank,
                n.name,
                n.unit.name,
                float(n.committee_score),
                n.votes,
                float(n.vote_score),
                float(n.final_score),
                n.get_status_display(),
            ]
        )
    return workbook_bytes(book)
