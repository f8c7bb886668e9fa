"""Weekly dispatch notices: the list, generate one (office), a notice's page and its files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.keytasks import services
from leitai.keytasks.access import notice_for_user, notice_years
from leitai.keytasks.dispatch import (
    notice_docx,
    notice_title,
    notice_xlsx,
    summary_line,
)
from leitai.keytasks.models import DispatchNotice
from leitai.keytasks.selectors import default_as_of, settings_for
from leitai.keytasks.status import Colour
from leitai.keytasks.views.common import parse_day
from leitai.keytasks.views.exports import XLSX
from leitai.org.access import is_office_of
from leitai.org.views.common import chosen_year

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def notice_list(request):
    """List the stored notices of the year; the office generates the week's notice here."""
    notice_years(request.user)
    year = chosen_year(request)
    is_office = is_office_of(request.user, year.jurisdiction_id)
    notices = list(DispatchNotice.objects.filter(year=year).order_by("-week_start"))
    for notice in notices:  # the colour counts under the colours' names
        counts = notice.content.get("counts") or {}
        notice.count_labels = [(Colour(c).label, n) for c, n in counts.items() if c in Colour]
    week = default_as_of(year, settings_for(year))
    return render(
        request,
        "tasks/notice_list.html",
        {"year": year, "notices": notices, "is_office": is_office, "week": week},
    )


@login_required
@require_POST
def notice_create(request):
    """Generate (or regenerate) the notice of the week containing the given day (office)."""
    notice_years(request.user)
    year = chosen_year(request)
    if not is_office_of(request.user, year.jurisdiction_id):
        raise Http404("not found")
    day = parse_day(request.POST.get("week"))
    if day is None or day.year != year.year:
        messages.error(request, _("Choose a day of the year."))
        return redirect("tasks:notice_list")
    notice = services.notice_generate(actor=request.user, year=year, week=day)
    messages.success(request, _("Notice generated."))
    return redirect("tasks:notice_detail", notice.pk)


@login_required
def notice_detail(request, notice_id):
    """Show a stored notice."""
    notice = notice_for_user(request.user, notice_id)
    return render(
        request,
        "tasks/notice_detail.html",
        {
            "notice": notice,
            "c": notice.content,
            "title": notice_title(notice),
            "summary": summary_line(notice.content),
        },
    )


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def notice_docx_view(request, notice_id):
    notice = notice_for_user(request.user, notice_id)
    return _download(notice_docx(notice), DOCX, f"dispatch-{notice.week_start}.docx")


@login_required
def notice_xlsx_view(request, notice_id):
    notice = notice_for_user(request.user, notice_id)
    return _download(notice_xlsx(notice), XLSX, f"dispatch-{notice.week_start}.xlsx")
