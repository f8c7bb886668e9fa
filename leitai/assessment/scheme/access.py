"""Who may see and change the scheme, periods, targets, exemptions and adjustments.

Every `*_for_user` helper returns the object or raises Http404, the same for an object that
does not exist and one the person may not see. The collection side and the rankings read
periods and the scheme in force through `visible_periods`, `period_for_user` and
`active_scheme`. Whether a person is the office of a jurisdiction is `leitai.org.access`'s.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from leitai.assessment.models import (
    Adjustment,
    Arena,
    Exemption,
    Indicator,
    Period,
    Scheme,
    Target,
)
from leitai.org.access import get_or_404, scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant

# Roles that see every unit's targets, exemptions and adjustments of their jurisdiction.
READ_ALL_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ASSESSOR})


def _read_all_jurisdictions(user) -> frozenset[int]:
    """Return the jurisdictions where `user` holds a role that reads every unit's rows."""
    scope = scope_for(user)
    if not scope.has(*READ_ALL_ROLES):
        return frozenset()
    grants = RoleGrant.objects.filter(user_id=scope.user_id, role__in=READ_ALL_ROLES)
    return frozenset(grants.values_list("jurisdiction_id", flat=True))


def reads_every_unit(user, jurisdiction_id: int) -> bool:
    """Tell whether `user` reads every unit's targets and adjustments in the jurisdiction."""
    return jurisdiction_id in _read_all_jurisdictions(user)


# --- schemes -------------------------------------------------------------------------------


def active_scheme(year: AssessmentYear) -> Scheme | None:
    """Return the version of the year's scheme in force, or None."""
    return Scheme.objects.filter(year=year, state=Scheme.State.ACTIVE).first()


def visible_schemes(user) -> QuerySet[Scheme]:
    """Return scheme versions: every role of the jurisdiction reads them; drafts only the office."""
    scope = scope_for(user)
    return Scheme.objects.filter(
        Q(year__jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(year__jurisdiction_id__in=scope.jurisdiction_ids, state__in=["active", "retired"])
    )


def scheme_for_user(user, scheme_id, *, for_change: bool = False) -> Scheme:
    """Return the scheme version if `user` may see (or change) it, else raise Http404."""
    schemes = visible_schemes(user).select_related("year", "year__jurisdiction")
    if for_change:
        schemes = schemes.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(schemes, scheme_id)


def arena_for_user(user, arena_id, *, for_change: bool = False) -> Arena:
    """Return the arena if `user` may see (or change) its scheme version, else raise Http404."""
    schemes = visible_schemes(user)
    if for_change:
        schemes = schemes.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    arenas = Arena.objects.filter(scheme__in=schemes).select_related("scheme__year__jurisdiction")
    return get_or_404(arenas, arena_id)


def indicator_for_user(user, indicator_id, *, for_change: bool = False) -> Indicator:
    """Return the indicator if `user` may see (or change) its scheme version, else Http404."""
    schemes = visible_schemes(user)
    if for_change:
        schemes = schemes.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    rows = Indicator.objects.filter(scheme__in=schemes).select_related(
        "scheme__year__jurisdiction", "arena", "assessor"
    )
    return get_or_404(rows, indicator_id)


# --- periods -------------------------------------------------------------------------------


def visible_periods(user) -> QuerySet[Period]:
    """Return the periods of the years of every jurisdiction `user` holds a role in."""
    return Period.objects.filter(year__jurisdiction_id__in=scope_for(user).jurisdiction_ids)


def period_for_user(user, period_id, *, for_change: bool = False) -> Period:
    """Return the period if `user` may see it (or, as the office, change it), else Http404."""
    periods = visible_periods(user).select_related("year", "year__jurisdiction")
    if for_change:
        periods = periods.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(periods, period_id)


def require_open_period(period: Period) -> None:
    """Raise ValidationError unless values may be entered in the period (it is open)."""
    if period.state != Period.State.OPEN:
        raise ValidationError({"period": _("Period %(code)s is not open.") % {"code": period.code}})


def require_unlocked_period(period: Period | None) -> None:
    """Raise ValidationError when the period is locked: a locked period refuses every change."""
    if period is not None and period.state == Period.State.LOCKED:
        raise ValidationError({"period": _("Period %(code)s is locked.") % {"code": period.code}})


# --- targets and exemptions ----------------------------------------------------------------


def _unit_rows(user, model) -> QuerySet:
    scope = scope_for(user)
    return model.objects.filter(
        Q(year__jurisdiction_id__in=_read_all_jurisdictions(user))
        | Q(unit_id__in=scope.own_unit_ids)
        | Q(unit_id__in=scope.supervised_unit_ids)
    )


def visible_targets(user) -> QuerySet[Target]:
    """Return targets: every unit's for office, leaders and assessors; else one's own units'."""
    return _unit_rows(user, Target)


def target_for_user(user, target_id, *, for_change: bool = False) -> Target:
    """Return the target if `user` may see (or change) it, else raise Http404."""
    targets = visible_targets(user).select_related("year", "unit", "period")
    if for_change:
        targets = targets.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(targets, target_id)


def visible_exemptions(user) -> QuerySet[Exemption]:
    """Return exemptions: every unit's for office, leaders and assessors; else one's own units'."""
    return _unit_rows(user, Exemption)


def exemption_for_user(user, exemption_id, *, for_change: bool = False) -> Exemption:
    """Return the exemption if `user` may see (or change) it, else raise Http404."""
    rows = visible_exemptions(user).select_related("year", "unit")
    if for_change:
        rows = rows.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(rows, exemption_id)


# --- adjustments ---------------------------------------------------------------------------


def visible_adjustments(user) -> QuerySet[Adjustment]:
    """Return adjustments.

    Office, leaders and assessors see every row of their jurisdiction; a unit's people and its
    supervisors see the unit's approved rows; a proposer always sees their own proposals.
    """
    scope = scope_for(user)
    narrow_units = scope.own_unit_ids | scope.supervised_unit_ids
    return Adjustment.objects.filter(
        Q(period__year__jurisdiction_id__in=_read_all_jurisdictions(user))
        | Q(unit_id__in=narrow_units, state=Adjustment.State.APPROVED)
        | Q(proposed_by_id=scope.user_id)
    )


def adjustment_for_user(user, adjustment_id, *, for_change: bool = False) -> Adjustment:
    """Return the adjustment if `user` may see it (or decide on it, as the office), else 404."""
    rows = visible_adjustments(user).select_related("period", "period__year", "unit")
    if for_change:
        rows = rows.filter(
            period__year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids
        )
    return get_or_404(rows, adjustment_id)


def may_propose_adjustment(user, jurisdiction_id: int) -> bool:
    """Tell whether `user` may propose adjustments in the jurisdiction (office or assessor)."""
    return RoleGrant.objects.filter(
        user_id=scope_for(user).user_id,
        jurisdiction_id=jurisdiction_id,
        role__in=[Role.OFFICE, Role.ASSESSOR],
    ).exists()
