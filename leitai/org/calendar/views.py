"""The working-day calendar page (office): the year's days, add or change one, import a table."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.forms import add_service_errors
from leitai.core.imports import XLSX
from leitai.org.calendar import imports, selectors, services
from leitai.org.calendar.access import calendar_day_for_user, calendar_jurisdiction
from leitai.org.calendar.forms import CalendarDayForm


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _page(request, jurisdiction, year, form=None, problems=(), status=200):
    days = selectors.year_days(jurisdiction, year)
    return render(
        request,
        "org/calendar.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "years": (year - 1, year + 1),
            "days": days,
            "form": form or CalendarDayForm(),
            "problems": problems,
        },
        status=status,
    )


@login_required
def calendar_page(request):
    """Show the year's holidays and make-up working days; add or change one (POST)."""
    jurisdiction = calendar_jurisdiction(request.user)
    year = _year(request)
    if request.method != "POST":
        return _page(request, jurisdiction, year)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_day_save(
                actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Calendar saved."))
            return _back(form.cleaned_data["day"].year)
    return _page(request, jurisdiction, year, form=form, status=400)


@require_POST
@login_required
def calendar_day_delete(request, day_id):
    """Delete one of the office's own days."""
    row = calendar_day_for_user(request.user, day_id, for_change=True)
    year = row.day.year
    services.calendar_day_delete(actor=request.user, row=row)
    messages.success(request, _("Day deleted."))
    return _back(year)


@require_POST
@login_required
def calendar_import(request):
    """Import a table of days (工作日历): all rows or none."""
    jurisdiction = calendar_jurisdiction(request.user)
    year = _year(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(
            request, jurisdiction, year, problems=[_("Choose a file to upload.")], status=400
        )
    limit = settings.LEITAI_MAX_IMPORT_BYTES
    days, problems = imports.read_calendar(upload.read(limit + 1), max_bytes=limit)
    if problems:
        return _page(request, jurisdiction, year, problems=problems, status=400)
    changed = services.calendar_import(actor=request.user, jurisdiction=jurisdiction, days=days)
    counts = {"created": len(changed["created"]), "updated": len(changed["updated"])}
    messages.success(
        request, _("Import applied: %(created)s created, %(updated)s changed.") % counts
    )
    return _back(days[0][0].year if days else year)


@login_required
def calendar_template(request):
    """Download the shown year's days as the import table."""
    jurisdiction = calendar_jurisdiction(request.user)
    year = _year(request)
    shown = [d.row for d in selectors.year_days(jurisdiction, year) if not d.replaced]
    data = imports.template([(r.day, r.kind, r.name) for r in shown])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="leitai-calendar-{year}.xlsx"'
    return response


def _back(year: int):
    return redirect(reverse("org:calendar") + f"?year={year}")
