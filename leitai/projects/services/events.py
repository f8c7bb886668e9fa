"""Ledger events (签约, 集中开工, 观摩) with their projects and photos (office)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.core.audit import record
from leitai.core.evidence import check_files, removes_files_on_error, store
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear
from leitai.projects.models import Event, EventPhoto, Project


@removes_files_on_error
@service
def event_create(
    *,
    actor,
    year: AssessmentYear,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    projects: Iterable[Project] = (),
    photos: Iterable = (),
) -> Event:
    """Record an event of the year with its projects and photos."""
    require_office(actor, year.jurisdiction_id)
    projects = list(projects)
    errors = {}
    if kind not in Event.Kind.values:
        errors["kind"] = _("Choose the kind of event.")
    if not (title or "").strip():
        errors["title"] = _("Give the event a title.")
    if held_on is None or held_on.year != year.year:
        errors["held_on"] = _("The date must fall in the ledger's year.")
    if any(p.year_id != year.pk for p in projects):
        errors["projects"] = _("A project belongs to another year.")
    if errors:
        raise ValidationError(errors)
    checked = check_files(photos, field="photos", label=_("Photos"))
    event = Event.objects.create(
        year=year, kind=kind, title=title.strip(), held_on=held_on, place=place.strip()
    )
    event.projects.set(projects)
    for item in checked:
        photo = EventPhoto(event=event, original_name=item.name, size=item.size)
        photo.uploaded_by = actor
        store(photo.file, item)
        photo.save()
    after = {
        "kind": kind,
        "title": event.title,
        "held_on": held_on.isoformat(),
        "projects": sorted(p.code for p in projects),
        "photos": [item.name for item in checked],
    }
    record(
        actor=actor,
        action="project_event.create",
        obj=event,
        after=after,
        jurisdiction=year.jurisdiction,
    )
    return event
