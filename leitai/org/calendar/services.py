"""Every change to a jurisdiction's working-day calendar: one transaction, one audit row.

A day is one row per date: saving a date that has a row changes that row. An import is one
batch (all rows or none) with one audit row listing the dates it added or changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.core.audit import record
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import CalendarDay, Jurisdiction

DAY_FIELDS = ("kind", "name")


@service
def calendar_day_save(
    *, actor, jurisdiction: Jurisdiction, day: dt.date, kind: str, name: str = ""
) -> CalendarDay:
    """Add the jurisdiction's holiday or make-up working day, or change the one of that date."""
    require_office(actor, jurisdiction)
    row = CalendarDay.objects.filter(jurisdiction=jurisdiction, day=day).first()
    created = row is None
    row = row or CalendarDay(jurisdiction=jurisdiction, day=day)
    if kind not in CalendarDay.Kind.values:
        raise ValidationError({"kind": _("Choose a holiday or a make-up working day.")})
    before, after = apply_changes(row, {"kind": kind, "name": name.strip()}, DAY_FIELDS)
    if not after:
        return row
    row.save()
    after["day"] = day.isoformat()
    record(
        actor=actor,
        action="calendar_day.create" if created else "calendar_day.update",
        obj=row,
        before=None if created else before,
        after=after,
        jurisdiction=jurisdiction,
    )
    return row


@service
def calendar_day_delete(*, actor, row: CalendarDay) -> None:
    """Delete a local calendar day: the date counts as national (or Monday–Friday) again."""
    if row.jurisdiction_id is None:
        raise ValidationError(_("A national day cannot be deleted."))
    require_office(actor, row.jurisdiction_id)
    before = {"day": row.day.isoformat(), "kind": row.kind, "name": row.name}
    record(
        actor=actor,
        action="calendar_day.delete",
        obj=row,
        before=before,
        jurisdiction=row.jurisdiction,
    )
    row.delete()


@service
def calendar_import(
    *, actor, jurisdiction: Jurisdiction, days: Iterable[tuple[dt.date, str, str]]
) -> dict[str, list[str]]:
    """Add or change the jurisdiction's days (date, kind, name) at once; return what changed."""
    require_office(actor, jurisdiction)
    rows = {r.day: r for r in CalendarDay.objects.filter(jurisdiction=jurisdiction)}
    changed: dict[str, list[str]] = {"created": [], "updated": []}
    for day, kind, name in days:
        row = rows.get(day) or CalendarDay(jurisdiction=jurisdiction, day=day)
        _, after = apply_changes(row, {"kind": kind, "name": name}, DAY_FIELDS)
        if after:
            changed["updated" if row.pk else "created"].append(day.isoformat())
            row.save()
            rows[day] = row
    if changed["created"] or changed["updated"]:
        record(
            actor=actor,
            action="calendar.import",
            obj=jurisdiction,
            after=changed,
            jurisdiction=jurisdiction,
        )
    return changed
