"""Ledger events: the list, one event with its summary table, recording one (office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.evidence import download_view
from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of
from leitai.projects import services
from leitai.projects.access import (
    event_for_user,
    event_photo_for_user,
    office_year,
    visible_events,
)
from leitai.projects.forms import EventForm
from leitai.projects.selectors import event_tally
from leitai.projects.views.common import ledger_year

photo_download = download_view(event_photo_for_user, doc="Send an event's photo.")


@login_required
def event_list(request):
    """List the year's events (everyone who may open the ledger)."""
    year = ledger_year(request)
    events = visible_events(request.user).filter(year=year).prefetch_related("projects")
    context = {
        "year": year,
        "events": events,
        "is_office": is_office_of(request.user, year.jurisdiction_id),
    }
    return render(request, "projects/event_list.html", context)


@login_required
def event_detail(request, event_id):
    """Show an event, its projects, its photos and the summary by type, size band and unit."""
    event = event_for_user(request.user, event_id)
    tally = event_tally(event)
    labels = [
        ("total", _("In total")),
        ("kind", _("By type")),
        ("band", _("By size band")),
        ("unit", _("By responsible unit")),
    ]
    groups = [(key, label, tally[key]) for key, label in labels]
    context = {"event": event, "groups": groups, "photos": event.photos.all()}
    return render(request, "projects/event_detail.html", context)


@login_required
def event_create(request):
    """Record an event with its projects and photos (office)."""
    year = office_year(request.user, request.GET.get("year"))
    form = EventForm(request.POST or None, request.FILES or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("projects:event_detail", event.pk)
    return render(request, "projects/event_form.html", {"form": form, "year": year})
