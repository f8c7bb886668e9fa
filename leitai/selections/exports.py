"""The tally as an Excel workbook: only once the vote closed (sealed before, like the pages)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.selections import selectors
from leitai.selections.models import Nomination, Selection


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


def certificates(selection: Selection) -> list:
    """Return one certificate per awarded nominee (revoked awards have none), title by title."""
    from leitai.honours.documents import Certificate, issuing_body

    year = selection.year
    issuer = issuing_body(year.jurisdiction)[0]
    awarded = selectors.final_list(selection).filter(status=Nomination.Status.AWARDED)
    return [
        Certificate(
            name=f"{n.unit.name} {n.name}同志",
            title=n.title.name,
            year_text=f"{year.year}年度",
            issuer=issuer,
            issued_on=timezone.localdate(),
        )
        for n in awarded
    ]


def certificates_pdf(selection: Selection) -> bytes:
    """Return the certificates of a final selection as one PDF; a selection with none is a 404."""
    from leitai.honours.documents import certificates_pdf as render

    items = certificates(selection)
    if not items:
        raise Http404("not found")
    return render(items)
