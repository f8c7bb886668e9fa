"""A unit's data for a period: save values and highlight, request sign-off, sign off, evidence.

`submission_save` is the one entry point for saving (the page, the API, the bulk API); with
`then` it also hands the data over, in the same transaction and with one audit row. The states
of a submission and its values and who may take each step are in `collection.transitions`.

Two people saving the same value: each entry carries the revision the person saw; if the
value changed since, the whole save is refused, naming the value, and nothing is written.

Lock order. Every service that writes into a period (values, highlight, sign-off, evidence,
review, Excel import, judges' scores, system values) takes its row locks in one order, so
two of them can never wait for each other:

    period (shared: `lock_period`) → submission(s) by (period, unit) → values by code

The period is re-read under its lock inside the service's transaction: a period being locked
(`periods.period_lock`, which takes the row exclusively) waits for the saves already in flight,
and every save after it sees the lock and is refused. On SQLite, whose transactions take the
database's write lock when they begin, the re-read alone does the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import plain, unit_indicators
from leitai.assessment.collection.transitions import SUBMISSION, VALUE, new_submission
from leitai.assessment.models import Evidence, Indicator, IndicatorValue, Period, Submission
from leitai.assessment.scheme.services.periods import lock_period
from leitai.assessment.scheme.transitions import refuse_early, take
from leitai.core.audit import record
from leitai.core.evidence import check_file, removes_files_on_error, store
from leitai.core.transactions import service
from leitai.org.models import Unit

# The states in which the unit changes its data (the values workbook reads it).
EDITABLE = SUBMISSION.step("edit").sources
MAX_DIGITS = 14  # AMOUNT keeps 18 digits, 4 after the point


@dataclass(frozen=True)
class Entry:
    """One value typed or uploaded: the indicator code, the number, the revision seen."""

    code: str
    value: Decimal | None
    revision: int | None = None
    note: str | None = None


# --- checks shared by the services ---------------------------------------------------------


def check_not_locked(period: Period) -> Period:
    """Refuse any change to a locked period; return the period as it is now, locked shared."""
    period = lock_period(period)
    if access.period_is_locked(period):
        raise ValidationError(_("Period %(period)s is locked; nothing can change.") % _p(period))
    return period


def check_takes_entries(period: Period) -> Period:
    """Refuse unit entries unless the period is open; return it as `check_not_locked` does."""
    period = check_not_locked(period)
    if not access.period_takes_entries(period):
        raise ValidationError(_("Period %(period)s is not open for entries.") % _p(period))
    return period


def _p(period: Period) -> dict:
    return {"period": period.code}


def locked_submission(period: Period, unit: Unit) -> Submission:
    """Return the unit's submission for the period, created if missing, locked for update."""
    submission, _created = Submission.objects.get_or_create(period=period, unit=unit)
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _check_amount(code: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite() or abs(value) >= Decimal(10) ** MAX_DIGITS:
        raise ValidationError({code: _("The number is too large.")})
    if value.as_tuple().exponent < -4:
        raise ValidationError({code: _("Use at most 4 decimal places.")})


# --- saving values and the highlight -------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """What a save left: the submission, per code sent the value as stored (or None), and
    what changed (the audit row's before and after)."""

    submission: Submission
    values: dict[str, IndicatorValue | None]
    before: dict
    after: dict


@service
def submission_save(
    *,
    actor,
    period: Period,
    unit: Unit,
    entries: Iterable[Entry] = (),
    highlight: str | None = None,
    highlight_revision: int | None = None,
    then: str | None = None,
) -> Saved:
    """Save changed values (and the highlight) of a unit for a period, all or nothing.

    `then` hands the data over in the same step: "ready" asks for sign-off, "submit" signs off.
    One audit row says what changed; a refused hand-over leaves the values unsaved too, as
    the page then shows them. A stale revision on any entry refuses the whole save, naming
    each such value by its code.
    """
    saved = save_entries(actor, period, unit, list(entries), highlight, highlight_revision)
    handover = HANDOVERS.get(then or "")
    if handover is None:
        _record(actor, unit, "submission.save", saved.submission, saved.before, saved.after)
        return saved
    changed = handover(actor, period, unit)
    before, after = changed.before, changed.after
    if saved.after:
        before, after = {**before, "saved": saved.before}, {**after, "saved": saved.after}
    _record(actor, unit, changed.action, changed.submission, before, after)
    return Saved(changed.submission, saved.values, before, after)


def _record(actor, unit: Unit, action: str, submission: Submission, before, after) -> None:
    """Write the one audit row of a save or a hand-over (none when nothing changed)."""
    if after:
        record(
            actor=actor,
            action=action,
            obj=submission,
            before=before,
            after=after,
            unit=unit,
            jurisdiction=unit.jurisdiction,
        )


def save_entries(actor, period, unit, entries, highlight=None, highlight_revision=None) -> Saved:
    """Check and write a unit's entries (no audit row: the calling service writes it)."""
    indicators = {i.code: i for i in unit_indicators(period, unit)}
    period = _check_save_allowed(actor, period, unit, entries, indicators, highlight is not None)
    submission = locked_submission(period, unit)
    unit_entries = [e for e in entries if indicators[e.code].supplier == Indicator.Supplier.UNIT]
    if unit_entries or highlight is not None:
        refusal = _(
            "The data were signed off (%(state)s); ask the assessor to return them to change."
        ) % {"state": submission.get_state_display()}
        take(SUBMISSION, actor, submission, "edit", refusal)
    stored = {
        v.indicator_code: v
        for v in IndicatorValue.objects.select_for_update().filter(
            period=period, unit=unit, indicator_code__in=[e.code for e in entries]
        )
    }
    _check_revisions(entries, stored, submission, highlight, highlight_revision)
    _check_plausible(period, unit, entries, stored)
    before, after, new, changed = {}, {}, [], []
    now = timezone.now()
    for entry in entries:
        applied = _apply_entry(actor, period, unit, indicators[entry.code], entry, stored, now)
        if applied:
            value, (before[entry.code], after[entry.code]) = applied
            (changed if value.pk else new).append(value)
    insert(IndicatorValue, new)
    update_values(changed)
    if new:  # read back the ids of the rows just inserted, inside the transaction
        stored.update(
            (v.indicator_code, v)
            for v in IndicatorValue.objects.filter(
                period=period, unit=unit, indicator_code__in=[v.indicator_code for v in new]
            )
        )
    audit_before, audit_after = {}, {}
    if before:
        audit_before["values"], audit_after["values"] = before, after
    if highlight is not None and highlight.strip() != submission.highlight:
        audit_before["highlight"], audit_after["highlight"] = (
            submission.highlight,
            highlight.strip(),
        )
        submission.highlight = highlight.strip()
        submission.revision += 1
        submission.save(update_fields=["highlight", "revision", "updated_at"])
    values = {e.code: stored.get(e.code) for e in entries}
    return Saved(submission, values, audit_before, audit_after)


def _check_save_allowed(actor, period, unit, entries, indicators, with_highlight) -> Period:
    if with_highlight and not access.can_fill(actor, unit):
        raise PermissionDenied("may not fill in this unit's data")
    for entry in entries:
        indicator = indicators.get(entry.code)
        if indicator is None:
            raise ValidationError({entry.code: _("This indicator does not apply to the unit.")})
        if not access.can_enter(actor, indicator, unit):
            raise PermissionDenied("may not enter this value")
        _check_amount(entry.code, entry.value)
    if any(indicators[e.code].supplier == Indicator.Supplier.UNIT for e in entries) or (
        with_highlight
    ):
        return check_takes_entries(period)
    return check_not_locked(period)


def _check_revisions(entries, stored, submission, highlight, highlight_revision) -> None:
    errors = {}
    for entry in entries:
        current = stored.get(entry.code)
        if entry.revision is not None and (current.revision if current else 0) != entry.revision:
            errors[entry.code] = conflict_message(current)
    if (
        highlight is not None
        and highlight_revision is not None
        and highlight_revision != submission.revision
        and highlight.strip() != submission.highlight
    ):
        errors["highlight"] = _(
            "Someone else changed the highlights since you opened the page; your text was "
            "not saved. Copy it, reload and save again."
        )
    if errors:
        raise ValidationError(errors, code="conflict")


def _check_plausible(period, unit, entries, stored) -> None:
    """Refuse a new value far from its reference unless its note says why (plausibility)."""
    from leitai.assessment.collection.plausibility import References

    changing = [
        e
        for e in entries
        if e.value is not None and (e.code not in stored or stored[e.code].value != e.value)
    ]
    if not changing:
        return
    references = References(period, {e.code for e in changing})
    errors = {}
    for entry in changing:
        kept = stored[entry.code].note if entry.code in stored else ""
        note = entry.note if entry.note is not None else kept
        flag = references.flag(unit.pk, entry.code, entry.value)
        if flag is not None and not note.strip():
            errors[entry.code] = flag.message()
    if errors:
        raise ValidationError(errors, code="implausible")


def conflict_message(current: IndicatorValue | None) -> str:
    """Say that someone else saved the value meanwhile, and what it is now."""
    now = plain(current.value) if current and current.value is not None else _("empty")
    return _(
        "Someone else saved this value (now %(value)s) since you opened the page; your "
        "entry was not saved. Check it and save again."
    ) % {"value": now}


def _apply_entry(actor, period, unit, indicator, entry, stored, now):
    """Apply one entry if it changes the value or note; return (value, (before, after)) or None.

    Before and after are the plain values, or {"value", "note"} when the note changed (a
    change of the note alone is on the record too).

    The caller writes the values, all new ones with one statement and all changed ones with
    another.
    """
    current = stored.get(entry.code)
    note = entry.note if entry.note is not None else (current.note if current else "")
    if current is not None and current.value == entry.value and current.note == note:
        return None
    if current is None and entry.value is None and not note:
        return None
    by_assessor = indicator.supplier == Indicator.Supplier.ASSESSOR
    value = current or IndicatorValue(period=period, unit=unit, indicator_code=entry.code)
    old = plain(value.value) if current else None
    old_note = current.note if current else ""
    value.value, value.note, value.entered_by, value.entered_at = entry.value, note, actor, now
    value.source = IndicatorValue.Source.ASSESSOR if by_assessor else IndicatorValue.Source.UNIT
    if by_assessor:
        value.state = IndicatorValue.State.VERIFIED
        value.verified_by, value.verified_at = actor, now
    else:
        value.state = IndicatorValue.State.DRAFT
    value.revision += 1
    if note != old_note:  # the audit row shows a changed note with the value
        return value, (
            {"value": old, "note": old_note},
            {"value": plain(value.value), "note": note},
        )
    return value, (old, plain(value.value))


# --- many rows at once ------------------------------------------------------------------------


def insert(model, objects: list) -> None:
    """Insert many new rows with one prepared statement (bulk_create compiles SQL per row)."""
    if not objects:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objects:
        for name in stamped:
            setattr(obj, name, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    # Only decimals and datetimes need the backend's conversion; the rest go as they are.
    slow = [isinstance(f, models.DecimalField | models.DateTimeField) for f in fields]
    rows = [
        [
            f.get_db_prep_save(getattr(obj, f.attname), connection)
            if convert
            else getattr(obj, f.attname)
            for f, convert in zip(fields, slow, strict=True)
        ]
        for obj in objects
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


UPDATED = (
    "value", "note", "source", "state", "entered_by", "entered_at", "verified_by", "verified_at",
    "revision",
)  # fmt: skip


def update_values(values: list[IndicatorValue]) -> None:
    """Update many values with one prepared statement (bulk_update's CASE is slow here)."""
    if not values:
        return
    fields = [IndicatorValue._meta.get_field(name) for name in UPDATED]
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    sql = f"UPDATE {table} SET {sets} WHERE id = %s"
    slow = [isinstance(f, models.DecimalField | models.DateTimeField) for f in fields]
    rows = [
        [
            f.get_db_prep_save(getattr(v, f.attname), connection)
            if convert
            else getattr(v, f.attname)
            for f, convert in zip(fields, slow, strict=True)
        ]
        + [v.pk]
        for v in values
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- sign-off ------------------------------------------------------------------------------------


def missing_values(period: Period, unit: Unit) -> list[Indicator]:
    """Return the unit-supplied indicators that still have no value."""
    filled = set(
        IndicatorValue.objects.filter(period=period, unit=unit, value__isnull=False).values_list(
            "indicator_code", flat=True
        )
    )
    return [
        i
        for i in unit_indicators(period, unit)
        if i.supplier == Indicator.Supplier.UNIT and i.code not in filled
    ]


def _check_complete(period: Period, unit: Unit) -> None:
    missing = missing_values(period, unit)
    if missing:
        names = "、".join(i.name for i in missing)
        raise ValidationError(
            _("Fill in every value before submitting: %(names)s") % {"names": names}
        )


@dataclass(frozen=True)
class Handover:
    """A submission handed on (no audit row yet): the audit action, before and after."""

    submission: Submission
    action: str
    before: dict
    after: dict


@service
def submission_request_signoff(*, actor, period: Period, unit: Unit) -> Submission:
    """The reporter hands the filled-in data to the unit leader for sign-off."""
    return _recorded(actor, unit, request_signoff(actor, period, unit))


@service
def submission_submit(*, actor, period: Period, unit: Unit) -> Submission:
    """The unit leader signs off: the submission and its values go to the assessors."""
    return _recorded(actor, unit, sign_off(actor, period, unit))


def _recorded(actor, unit: Unit, changed: Handover) -> Submission:
    _record(actor, unit, changed.action, changed.submission, changed.before, changed.after)
    return changed.submission


def request_signoff(actor, period: Period, unit: Unit) -> Handover:
    """Hand the filled-in data to the unit leader (no audit row: the calling service's)."""
    refuse_early(SUBMISSION, actor, new_submission(period, unit), "request_signoff")
    period = check_takes_entries(period)
    submission = locked_submission(period, unit)
    before = submission.state
    refusal = _("The data are %(state)s, not a draft.") % {"state": submission.get_state_display()}
    take(SUBMISSION, actor, submission, "request_signoff", refusal)
    _check_complete(period, unit)
    submission.revision += 1
    submission.save(update_fields=["state", "revision", "updated_at"])
    after = {"state": submission.state}
    return Handover(submission, "submission.request_signoff", {"state": before}, after)


def sign_off(actor, period: Period, unit: Unit) -> Handover:
    """Sign off the unit's data and values (no audit row: the calling service's)."""
    refuse_early(SUBMISSION, actor, new_submission(period, unit), "submit")
    period = check_takes_entries(period)
    submission = locked_submission(period, unit)
    before = submission.state
    refusal = _("The data are already %(state)s.") % {"state": submission.get_state_display()}
    take(SUBMISSION, actor, submission, "submit", refusal)
    _check_complete(period, unit)
    step = VALUE.step("submit")
    changed = IndicatorValue.objects.filter(
        period=period, unit=unit, source=IndicatorValue.Source.UNIT, state__in=step.sources
    )
    codes = list(
        changed.select_for_update()
        .order_by("indicator_code")
        .values_list("indicator_code", flat=True)
    )
    changed.update(state=step.target, revision=F("revision") + 1)
    submission.submitted_at, submission.submitted_by = timezone.now(), actor
    submission.return_comment = ""
    submission.revision += 1
    submission.save()
    refresh_submission_state(submission)
    after = {"state": submission.state, "values": codes}
    return Handover(submission, "submission.submit", {"state": before}, after)


def refresh_submission_state(submission: Submission) -> None:
    """Mark a signed-off submission verified once every unit value of it is verified."""
    if "verify" not in SUBMISSION.possible(submission):
        return
    codes = [
        i.code
        for i in unit_indicators(submission.period, submission.unit)
        if i.supplier == Indicator.Supplier.UNIT
    ]
    pending = (
        IndicatorValue.objects.filter(
            period_id=submission.period_id, unit_id=submission.unit_id, indicator_code__in=codes
        )
        .exclude(state=IndicatorValue.State.VERIFIED)
        .exists()
    )
    if not pending:
        take(SUBMISSION, None, submission, "verify")
        submission.save(update_fields=["state", "updated_at"])


# --- evidence ----------------------------------------------------------------------------------

EVIDENCE_LABEL = gettext_lazy("Evidence")


@removes_files_on_error
@service
def evidence_add(
    *, actor, period: Period, unit: Unit, upload, indicator_code: str = ""
) -> Evidence:
    """Store an evidence file for the unit's data of the period, under a random safe name."""
    refuse_early(SUBMISSION, actor, new_submission(period, unit), "edit")
    period = check_takes_entries(period)
    submission = locked_submission(period, unit)
    refusal = _("The data were signed off; no more evidence can be added.")
    take(SUBMISSION, actor, submission, "edit", refusal)
    if indicator_code and indicator_code not in {i.code for i in unit_indicators(period, unit)}:
        raise ValidationError({"indicator_code": _("This indicator does not apply to the unit.")})
    checked = check_file(upload, field="file", label=EVIDENCE_LABEL)
    evidence = Evidence(
        period=period,
        unit=unit,
        indicator_code=indicator_code,
        original_name=checked.name,
        size=checked.size,
        # Named by the checked extension, never by what the browser claimed.
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    store(evidence.file, checked)
    evidence.save()
    record(
        actor=actor,
        action="evidence.add",
        obj=evidence,
        after={"file": checked.name, "size": evidence.size, "indicator": indicator_code},
        unit=unit,
        jurisdiction=unit.jurisdiction,
    )
    return evidence


@service
def evidence_remove(*, actor, evidence: Evidence) -> None:
    """Delete an evidence file while the data are still editable."""
    period, unit = evidence.period, evidence.unit
    refuse_early(SUBMISSION, actor, new_submission(period, unit), "edit")
    period = check_takes_entries(period)
    submission = locked_submission(period, unit)
    refusal = _("The data were signed off; evidence can no longer be removed.")
    take(SUBMISSION, actor, submission, "edit", refusal)
    record(
        actor=actor,
        action="evidence.remove",
        obj=evidence,
        before={"file": evidence.original_name, "size": evidence.size},
        unit=unit,
        jurisdiction=unit.jurisdiction,
    )
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


# The hand-overs `submission_save(then=...)` may run after saving.
HANDOVERS = {"ready": request_signoff, "submit": sign_off}
