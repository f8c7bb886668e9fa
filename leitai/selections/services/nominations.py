"""Nominations: the unit's 事迹 form, the leader's signature, clearance, the shortlist and 公示,
objections, and the revocation of an award that rested on false 事迹."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitai.core import evidence
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.calendar.selectors import calendar_for
from leitai.selections import access, selectors
from leitai.selections.models import (
    Clearance,
    ClearanceOffice,
    DeedsFile,
    Nomination,
    Objection,
    QuotaPenalty,
    Selection,
    Title,
)
from leitai.selections.services.setup import audit, lock
from leitai.selections.transitions import NOMINATION, OBJECTION, SELECTION

FIELDS = ["title", "person", "name", "position", "deeds"]
FILES_LABEL = gettext_lazy("Deeds files")


def _check_person(person, unit_id: int) -> None:
    if person is not None and not person.role_grants.filter(unit_id=unit_id).exists():
        raise ValidationError({"person": _("Choose a person of the nominating unit.")})


def _check_quota(selection: Selection, unit_id: int, title: Title) -> None:
    if title.selection_id != selection.pk:
        raise ValidationError({"title": _("Choose a title of this selection.")})
    quota = selectors.unit_quota(selection, unit_id, title)
    if selectors.used_quota(selection, unit_id, title) >= quota:
        raise ValidationError(
            {
                "title": _("Your unit's quota for “%(title)s” is used up (%(n)s places).")
                % {"title": title.name, "n": quota}
            }
        )


def _store_files(nomination: Nomination, files, actor) -> list[str]:
    checked = evidence.check_files(files or [], field="files", label=FILES_LABEL)
    names = []
    for item in checked:
        row = DeedsFile(
            nomination=nomination,
            original_name=item.name,
            size=item.size,
            uploaded_by=actor,
        )
        evidence.store(row.file, item)
        row.save()
        names.append(item.name)
    return names


@evidence.removes_files_on_error
@service
def nomination_save(
    *,
    actor,
    selection: Selection,
    unit_id: int | None = None,
    title: Title,
    name: str,
    deeds: str,
    person=None,
    position: str = "",
    files=(),
    nomination: Nomination | None = None,
) -> Nomination:
    """Create a nomination of the unit (or change its draft), with its 事迹 files."""
    selection = lock(selection)
    unit_id = nomination.unit_id if nomination is not None else unit_id
    _check_person(person, unit_id)
    name = (name or (person.get_full_name() if person else "")).strip()
    if not name:
        raise ValidationError({"name": _("Give the nominee's name.")})
    if not deeds.strip():
        raise ValidationError({"deeds": _("Describe the nominee's 事迹.")})
    values = {"title": title, "person": person, "name": name, "position": position, "deeds": deeds}
    if nomination is None:
        SELECTION.check(actor, selection, "nominate")
        if unit_id not in access.nominating_units(actor, selection):
            raise PermissionDenied("reporter or leader of the unit required")
        _check_quota(selection, unit_id, title)
        nomination = Nomination(selection=selection, unit_id=unit_id, created_by=actor)
        created = True
    else:
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        nomination.selection = selection
        NOMINATION.check(actor, nomination, "edit")
        if title.pk != nomination.title_id:
            _check_quota(selection, unit_id, title)
        created = False
    before, after = apply_changes(nomination, values, FIELDS)
    nomination.save()
    after["files"] = _store_files(nomination, files, actor)
    action = "selection.nominate" if created else "selection.nomination_edit"
    audit(actor, action, nomination, selection, None if created else before, after)
    return nomination


def _lock_nomination(nomination: Nomination) -> Nomination:
    selection = lock(nomination.selection)
    nomination = (
        Nomination.objects.select_for_update().select_related("title", "unit").get(pk=nomination.pk)
    )
    nomination.selection = selection
    return nomination


def _move(actor, nomination: Nomination, action: str, fields=(), after=None) -> Nomination:
    before = {"status": nomination.status}
    NOMINATION.move(actor, nomination, action)
    nomination.save(update_fields=["status", *fields])
    after = {"status": nomination.status, **(after or {})}
    audit(actor, f"selection.{action}", nomination, nomination.selection, before, after)
    return nomination


@service
def nomination_sign(*, actor, nomination: Nomination) -> Nomination:
    """The unit leader signs the nomination off: it goes to the clearance offices."""
    nomination = _lock_nomination(nomination)
    NOMINATION.check(actor, nomination, "sign")
    nomination.signed_by, nomination.signed_at = actor, timezone.now()
    return _move(actor, nomination, "sign", ["signed_by", "signed_at"])


@service
def nomination_clear(
    *, actor, nomination: Nomination, office: ClearanceOffice, veto: bool = False, reason: str = ""
) -> Clearance:
    """Record a clearance office's decision: cleared, or vetoed with a reason.

    A veto ends the nomination; the last office to clear makes it cleared.
    """
    nomination = _lock_nomination(nomination)
    action = "veto" if veto else "clear"
    NOMINATION.check(actor, nomination, action)
    if office.selection_id != nomination.selection_id or not office.members.filter(pk=actor.pk):
        raise PermissionDenied("member of the clearance office required")
    if nomination.clearances.filter(office=office).exists():
        raise ValidationError(
            _("%(office)s has already decided on this nomination.") % {"office": office.name}
        )
    reason = reason.strip()
    if veto and not reason:
        raise ValidationError({"reason": _("Give the reason for the veto.")})
    decision = Clearance.Decision.VETOED if veto else Clearance.Decision.CLEARED
    clearance = Clearance.objects.create(
        nomination=nomination, office=office, decision=decision, by=actor, reason=reason
    )
    pending = nomination.selection.clearance_offices.exclude(decisions__nomination=nomination)
    if not veto and pending.exists():
        after = {"office": office.name, "decision": decision}
        audit(actor, "selection.clear", nomination, nomination.selection, None, after)
        return clearance
    step = "veto" if veto else "complete_clearance"
    _move(actor, nomination, step, after={"office": office.name, "reason": reason})
    return clearance


def publicity_dates(selection: Selection, start: dt.date) -> tuple[dt.date, dt.date]:
    """Return the first and last working day of the public notice starting on `start`.

    A notice published on a day off starts on the next working day; it lasts
    `publicity_days` working days, the first one included.
    """
    calendar = calendar_for(selection.year.jurisdiction_id)
    first = start if calendar.is_working(start) else calendar.add(start, 1)
    return first, calendar.add(first, selection.publicity_days - 1)


@service
def selection_publish(
    *, actor, selection: Selection, shortlisted: list[int], start: dt.date | None = None
) -> Selection:
    """The committee's shortlist, put on public notice (公示) for the selection's working days.

    Every cleared nomination is shortlisted (its id is in `shortlisted`) or passed over.
    """
    selection = lock(selection)
    SELECTION.check(actor, selection, "publish")
    cleared = list(selection.nominations.filter(status=Nomination.Status.CLEARED))
    unknown = set(shortlisted) - {n.pk for n in cleared}
    if unknown or not shortlisted:
        raise ValidationError(
            {"shortlisted": _("Shortlist at least one cleared nomination of this selection.")}
        )
    for nomination in cleared:
        nomination.selection = selection
        step = "shortlist" if nomination.pk in shortlisted else "pass_over"
        NOMINATION.move(actor, nomination, step)
    Nomination.objects.bulk_update(cleared, ["status"])
    first, last = publicity_dates(selection, start or timezone.localdate())
    before = {"status": selection.status}
    SELECTION.move(actor, selection, "publish")
    selection.publicity_start, selection.publicity_end = first, last
    selection.save(update_fields=["status", "publicity_start", "publicity_end"])
    after = {
        "status": selection.status,
        "shortlisted": sorted(shortlisted),
        "publicity": [first.isoformat(), last.isoformat()],
    }
    audit(actor, "selection.publish", selection, selection, before, after)
    return selection


def check_notice_open(selection: Selection, today: dt.date) -> None:
    """Refuse an objection outside the days of the public notice."""
    if not selection.publicity_start <= today <= selection.publicity_end:
        raise ValidationError(_("The public notice is over; objections are no longer received."))


@service
def objection_submit(
    *, nomination: Nomination, reason: str, contact: str = "", on: dt.date | None = None
) -> Objection:
    """Receive an objection to a nominee on public notice (anyone, no log-in).

    `on` is the day it came in: today, except in the demo's history.
    """
    nomination = _lock_nomination(nomination)
    NOMINATION.check(None, nomination, "object")
    check_notice_open(nomination.selection, on or timezone.localdate())
    reason, contact = reason.strip(), contact.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the objection.")})
    objection = Objection(nomination=nomination, reason=reason, contact=contact)
    objection.full_clean()
    objection.save()
    # The row says an objection came in, against whom; not who sent it.
    audit(
        None,
        "selection.objection",
        objection,
        nomination.selection,
        after={"nomination": nomination.pk},
    )
    return objection


@service
def objection_handle(*, actor, objection: Objection, uphold: bool, handling: str) -> Objection:
    """Record how the office handled an objection; upholding it drops the nominee."""
    nomination = _lock_nomination(objection.nomination)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    objection.nomination = nomination
    action = "uphold" if uphold else "dismiss"
    OBJECTION.check(actor, objection, action)
    if not handling.strip():
        raise ValidationError({"handling": _("Say how the objection was handled.")})
    if uphold:
        NOMINATION.move(actor, nomination, "drop")
        nomination.save(update_fields=["status"])
    before = {"status": objection.status}
    OBJECTION.move(actor, objection, action)
    objection.handling, objection.handled_by = handling.strip(), actor
    objection.handled_at = timezone.now()
    objection.save(update_fields=["status", "handling", "handled_by", "handled_at"])
    after = {
        "status": objection.status,
        "handling": objection.handling,
        "nominee": nomination.status,
    }
    audit(actor, f"selection.objection_{action}", objection, nomination.selection, before, after)
    return objection


@service
def nomination_revoke(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Revoke an award found to rest on false 事迹: the unit loses one place next year."""
    nomination = _lock_nomination(nomination)
    NOMINATION.check(actor, nomination, "revoke")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    selection = nomination.selection
    penalty = QuotaPenalty.objects.create(
        jurisdiction_id=selection.year.jurisdiction_id,
        series=selection.series,
        title_name=nomination.title.name,
        unit_id=nomination.unit_id,
        year=selection.year.year + 1,
        nomination=nomination,
    )
    nomination.revoked_reason = reason.strip()
    after = {"reason": nomination.revoked_reason, "quota_lost_in": penalty.year}
    return _move(actor, nomination, "revoke", ["revoked_reason"], after)
