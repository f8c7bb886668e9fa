"""Bonuses (加分), deductions (扣分) and vetoes (一票否决): proposed, then decided by the office.

The same matter never counts twice in a year for a unit: a bonus for the same recognition at a
higher level replaces the lower one (approving the higher marks the lower 'superseded'); a lower
one is refused while a higher one is approved; a deduction or veto of the same matter is refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.models import Adjustment, Period, Scheme
from leitai.assessment.scheme.access import (
    may_propose_adjustment,
    require_unlocked_period,
)
from leitai.assessment.scheme.selectors import latest_scheme
from leitai.assessment.scheme.services.periods import lock_period
from leitai.assessment.scheme.transitions import ADJUSTMENT, take
from leitai.core.audit import record, state
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import Unit

AUDIT_FIELDS = ("arena_code", "kind", "level", "points", "matter", "state")
DEFAULT_LEVELS = {"national": 3.0, "provincial": 2.0, "municipal": 1.0, "county": 0.5}


def effective_points(adjustment: Adjustment, scheme: Scheme | None) -> Decimal:
    """Return the points a bonus or deduction counts: its own, or its level's in the scheme."""
    if adjustment.points is not None:
        return adjustment.points
    levels = (scheme.bonus_levels if scheme else None) or DEFAULT_LEVELS
    return Decimal(str(levels.get(adjustment.level, 0)))


def _check_fields(adjustment: Adjustment, scheme: Scheme | None) -> None:
    errors: dict[str, str] = {}
    if scheme is None:
        raise ValidationError(_("No scheme is in force for this year."))
    if not scheme.arenas.filter(code=adjustment.arena_code).exists():
        errors["arena_code"] = _("No such arena in this year's scheme.")
    if not adjustment.matter.strip():
        errors["matter"] = _("Name the recognition or fact.")
    kind = adjustment.kind
    if kind == Adjustment.Kind.BONUS:
        if adjustment.points is None and not adjustment.level:
            errors["level"] = _("Give the level or the points.")
        elif adjustment.level and adjustment.level not in (scheme.bonus_levels or DEFAULT_LEVELS):
            errors["level"] = _("The scheme has no points for this level.")
    elif kind == Adjustment.Kind.DEDUCTION and not adjustment.points:
        errors["points"] = _("Give the points to deduct.")
    if kind in (Adjustment.Kind.DEDUCTION, Adjustment.Kind.VETO) and not adjustment.reason.strip():
        errors["reason"] = _("Give the reason.")
    if kind != Adjustment.Kind.BONUS and adjustment.level:
        errors["level"] = _("Only a bonus has a level.")
    if errors:
        raise ValidationError(errors)


@service
def adjustment_propose(
    *,
    actor,
    period: Period,
    unit: Unit,
    arena_code: str,
    kind: str,
    matter: str,
    level: str = "",
    points: Decimal | None = None,
    document: str = "",
    reason: str = "",
    evidence=None,
) -> Adjustment:
    """Propose a bonus, deduction or veto for a unit, arena and period (office or assessor)."""
    jurisdiction = period.year.jurisdiction
    if not may_propose_adjustment(actor, jurisdiction.pk):
        raise PermissionDenied("office or assessor role required")
    if unit.jurisdiction_id != jurisdiction.pk:
        raise ValidationError({"unit": _("The unit is not of this jurisdiction.")})
    require_unlocked_period(lock_period(period))
    adjustment = Adjustment(
        period=period,
        unit=unit,
        arena_code=arena_code,
        kind=kind,
        matter=matter.strip(),
        level=level or "",
        points=points,
        document=document.strip(),
        reason=reason.strip(),
        proposed_by=actor,
    )
    if kind == Adjustment.Kind.VETO:
        adjustment.points = None
    if evidence is not None:
        adjustment.evidence = evidence
    adjustment.full_clean(exclude=["evidence"])
    _check_fields(adjustment, latest_scheme(period.year))
    adjustment.save()
    record(
        actor=actor,
        action="adjustment.propose",
        obj=adjustment,
        after=state(adjustment, AUDIT_FIELDS),
        unit=unit,
        jurisdiction=jurisdiction,
    )
    return adjustment


def _decidable(actor, adjustment: Adjustment, action: str) -> Adjustment:
    """Lock the period, then the row; take the step (the caller saves the row)."""
    require_office(actor, adjustment.period.year.jurisdiction_id)
    period = lock_period(adjustment.period)  # the period first: the lock order of collection
    row = (
        Adjustment.objects.select_for_update().select_related("period__year").get(pk=adjustment.pk)
    )
    require_unlocked_period(period)
    refusal = _("This adjustment is %(state)s already.") % {"state": row.get_state_display()}
    take(ADJUSTMENT, actor, row, action, refusal)
    return row


def _same_matter(row: Adjustment):
    return Adjustment.objects.filter(
        period__year_id=row.period.year_id,
        unit_id=row.unit_id,
        kind=row.kind,
        matter=row.matter,
        state=Adjustment.State.APPROVED,
    ).select_related("period")


def _supersede_lower(actor, row: Adjustment, scheme: Scheme | None) -> list[int]:
    """Refuse when the matter already counts as much; return the lower rows to supersede."""
    mine = effective_points(row, scheme)
    lower = []
    for other in _same_matter(row):
        if row.kind != Adjustment.Kind.BONUS or effective_points(other, scheme) >= mine:
            raise ValidationError(
                _(
                    "%(matter)s already counts for this unit (approved in %(period)s); "
                    "the same matter may not count twice."
                )
                % {"matter": row.matter, "period": other.period.code}
            )
        if other.period.state == Period.State.LOCKED:
            raise ValidationError(
                _("The lower bonus for %(matter)s is in locked period %(period)s.")
                % {"matter": row.matter, "period": other.period.code}
            )
        ADJUSTMENT.check(actor, other, "supersede")
        lower.append(other.pk)
    return lower


@service
def adjustment_approve(*, actor, adjustment: Adjustment, note: str = "") -> Adjustment:
    """Approve a proposed adjustment; a higher bonus for the same matter supersedes the lower."""
    before = {"state": Adjustment.State.PROPOSED}
    row = _decidable(actor, adjustment, "approve")
    scheme = latest_scheme(row.period.year)
    _check_fields(row, scheme)
    lower = _supersede_lower(actor, row, scheme)
    superseded = ADJUSTMENT.step("supersede").target
    Adjustment.objects.filter(pk__in=lower).update(state=superseded)
    row.decided_at, row.decided_by, row.decision_note = timezone.now(), actor, note.strip()[:255]
    row.save()
    after = {**state(row, ["state", "decision_note"]), "superseded": lower}
    record(
        actor=actor,
        action="adjustment.approve",
        obj=row,
        before=before,
        after=after,
        unit=row.unit,
        jurisdiction=row.period.year.jurisdiction,
    )
    return row


@service
def adjustment_reject(*, actor, adjustment: Adjustment, note: str = "") -> Adjustment:
    """Reject a proposed adjustment, with the reason."""
    before = {"state": Adjustment.State.PROPOSED}
    row = _decidable(actor, adjustment, "reject")
    if not note.strip():
        raise ValidationError({"decision_note": _("Give the reason for rejecting.")})
    row.decided_at, row.decided_by, row.decision_note = timezone.now(), actor, note.strip()[:255]
    row.save()
    record(
        actor=actor,
        action="adjustment.reject",
        obj=row,
        before=before,
        after=state(row, ["state", "decision_note"]),
        unit=row.unit,
        jurisdiction=row.period.year.jurisdiction,
    )
    return row
