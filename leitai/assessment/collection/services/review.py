"""Assessors (and the office) verify or return values; the office locks a period's data.

Locks follow the collection services' order (period → submission → value), so a review never
deadlocks with a unit saving the same value.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import active_scheme
from leitai.assessment.collection.services.collection import (
    Entry,
    check_not_locked,
    conflict_message,
    locked_submission,
    refresh_submission_state,
    save_entries,
)
from leitai.assessment.collection.transitions import SUBMISSION, VALUE
from leitai.assessment.models import Indicator, IndicatorValue, Period, Submission
from leitai.assessment.scheme.services.periods import lock_period
from leitai.assessment.scheme.transitions import take
from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import Unit


def _indicator(value: IndicatorValue) -> Indicator:
    scheme = active_scheme(value.period.year_id)
    indicator = scheme and scheme.indicators.filter(code=value.indicator_code).first()
    if indicator is None:
        raise ValidationError(_("The indicator is not in the scheme in force."))
    return indicator


def _fresh(value: IndicatorValue, revision: int | None) -> IndicatorValue:
    current = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if revision is not None and current.revision != revision:
        raise ValidationError({value.indicator_code: conflict_message(current)}, code="conflict")
    return current


def _check(actor, value: IndicatorValue) -> Submission:
    """Check the reviewer and the period; lock the period, then the unit's submission."""
    if not access.can_review(actor, _indicator(value), value.unit):
        raise PermissionDenied("may not review this value")
    period = check_not_locked(value.period)
    return locked_submission(period, value.unit)


@service
def value_verify(*, actor, value: IndicatorValue, revision: int | None = None) -> IndicatorValue:
    """Accept a signed-off value; the submission is verified when all its values are."""
    submission = _check(actor, value)
    value = _fresh(value, revision)
    refusal = _("Only a signed-off value can be verified; this one is %(state)s.") % {
        "state": value.get_state_display()
    }
    take(VALUE, actor, value, "verify", refusal)
    value.verified_by, value.verified_at = actor, timezone.now()
    value.return_comment = ""
    value.revision += 1
    value.save()
    before = submission.state
    refresh_submission_state(submission)
    after = {"state": value.state}
    if submission.state != before:
        after["submission"] = submission.state
    record(
        actor=actor,
        action="value.verify",
        obj=value,
        before={"state": IndicatorValue.State.SUBMITTED},
        after=after,
        unit=value.unit,
        jurisdiction=value.unit.jurisdiction,
    )
    return value


@service
def value_return(
    *, actor, value: IndicatorValue, comment: str, revision: int | None = None
) -> IndicatorValue:
    """Send a value back to the unit with a comment; the submission goes back to the unit."""
    submission = _check(actor, value)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what is wrong, so the unit can fix it.")})
    value = _fresh(value, revision)
    refusal = _("Only a value the unit signed off can be returned; this one is %(state)s.") % {
        "state": value.get_state_display()
    }
    if value.source != IndicatorValue.Source.UNIT:
        raise ValidationError(refusal)
    before = value.state
    take(VALUE, actor, value, "return", refusal)
    value.return_comment = comment
    value.verified_by, value.verified_at = None, None
    value.revision += 1
    value.save()
    submission_before = submission.state
    take(SUBMISSION, actor, submission, "return")
    submission.return_comment = comment
    submission.revision += 1
    submission.save()
    record(
        actor=actor,
        action="value.return",
        obj=value,
        before={"state": before, "submission": submission_before},
        after={"state": value.state, "submission": submission.state, "comment": comment},
        unit=value.unit,
        jurisdiction=value.unit.jurisdiction,
    )
    return value


@service
def submissions_lock(*, actor, period: Period) -> int:
    """Mark every submission of a locked period as locked (the office, after the lock time)."""
    require_office(actor, period.year.jurisdiction_id)
    period = lock_period(period)
    if not access.period_is_locked(period):
        raise ValidationError(_("The period is not locked yet."))
    step = SUBMISSION.step("lock")
    submissions = Submission.objects.filter(period=period, state__in=step.sources)
    count = submissions.update(state=step.target, updated_at=timezone.now())
    record(
        actor=actor,
        action="submission.lock_all",
        obj=period,
        after={"locked": count},
        jurisdiction=period.year.jurisdiction,
    )
    return count


# --- a whole month at once ------------------------------------------------------------------


@service
def values_verify_many(
    *, actor, period: Period, items: list[tuple[IndicatorValue, int | None]]
) -> int:
    """Verify many signed-off values of a period at once, all or nothing, with one audit row.

    `items` pairs each value with the revision the reviewer saw (None: not checked). A value
    someone changed meanwhile, or that is no longer signed off, refuses the whole batch and
    is named by unit and indicator. Locks: the period, the units' submissions in unit order,
    then the values in id order (the collection's lock order).
    """
    if not items:
        raise ValidationError(_("Tick the values to verify."))
    period = check_not_locked(period)
    indicators = _scheme_indicators(period)
    for value, _revision in items:
        indicator = indicators.get(value.indicator_code)
        if indicator is None or not access.can_review(actor, indicator, value.unit):
            raise PermissionDenied("may not review this value")
    units = {value.unit_id: value.unit for value, _revision in items}
    submissions = [locked_submission(period, units[pk]) for pk in sorted(units)]
    seen = {value.pk: revision for value, revision in items}
    fresh = list(
        IndicatorValue.objects.select_for_update()
        .filter(pk__in=seen, period=period)
        .select_related("unit")
        .order_by("pk")
    )
    _check_verifiable(fresh, seen)
    now = timezone.now()
    for value in fresh:
        value.state, value.return_comment = VALUE.step("verify").target, ""
        value.verified_by, value.verified_at = actor, now
        value.revision += 1
    IndicatorValue.objects.bulk_update(
        fresh, ["state", "return_comment", "verified_by", "verified_at", "revision"]
    )
    verified = []
    for submission in submissions:
        before = submission.state
        refresh_submission_state(submission)
        if submission.state != before:
            verified.append(units[submission.unit_id].code)
    record(
        actor=actor,
        action="value.verify_many",
        obj=period,
        before={"state": IndicatorValue.State.SUBMITTED},
        after={
            "state": IndicatorValue.State.VERIFIED,
            "count": len(fresh),
            "values": sorted(f"{v.unit.code}/{v.indicator_code}" for v in fresh),
            "submissions_verified": sorted(verified),
        },
        unit=units[next(iter(units))] if len(units) == 1 else None,
        jurisdiction=period.year.jurisdiction,
    )
    return len(fresh)


def _scheme_indicators(period: Period) -> dict[str, Indicator]:
    scheme = active_scheme(period.year_id)
    return {i.code: i for i in scheme.indicators.all()} if scheme else {}


def _check_verifiable(fresh: list[IndicatorValue], seen: dict[int, int | None]) -> None:
    if len(fresh) != len(seen):
        raise ValidationError(_("Some of the ticked values no longer exist; reload the page."))
    problems = []
    for value in fresh:
        label = f"{value.unit.code} {value.indicator_code}"
        if seen[value.pk] is not None and seen[value.pk] != value.revision:
            problems.append(_("%(value)s changed since you opened the page") % {"value": label})
        elif "verify" not in VALUE.possible(value):
            problems.append(
                _("%(value)s is %(state)s") % {"value": label, "state": value.get_state_display()}
            )
    if problems:
        raise ValidationError(
            _("Nothing was verified: %(problems)s. Reload the page and tick again.")
            % {"problems": "；".join(problems[:20]) + ("…" if len(problems) > 20 else "")},
            code="conflict",
        )


@service
def values_enter_many(*, actor, period: Period, entries: dict[Unit, list[Entry]]) -> int:
    """Save the values an assessor (or the office) typed for many units at once, all or
    nothing, with one audit row naming each unit's changes."""
    before, after = {}, {}
    for unit in sorted(entries, key=lambda u: u.pk):
        saved = save_entries(actor, period, unit, entries[unit])
        for code, text in saved.after.get("values", {}).items():
            label = f"{unit.code}/{code}"
            before[label], after[label] = saved.before["values"][code], text
    if after:
        record(
            actor=actor,
            action="value.enter_many",
            obj=period,
            before={"values": before},
            after={"values": after, "count": len(after)},
            jurisdiction=period.year.jurisdiction,
        )
    return len(after)
