"""Who may see and change collected data: submissions, values, evidence, judges' scores.

The one place these checks live. Like `leitai.org.access`, every `*_for_user` helper returns
the object or raises Http404, the same for "missing" and "forbidden".

- office: every unit of its jurisdiction; enters, verifies and returns anything.
- reporter / unit leader: the own unit's submission; the leader signs off.
- assessor: reads its own unit's page, and across all units reviews the values of the
  indicators whose `assessor` is its unit (verify, return, and enter those it supplies);
  filling in its own unit's data is the job of that unit's reporter.
- everyone else (county leader, supervisor, judge, other units): nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.assessment.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    PanelScore,
    Period,
    Submission,
)
from leitai.assessment.scheme.access import visible_periods
from leitai.org.access import get_or_404, is_office_of, scope_for
from leitai.org.models import Role, RoleGrant, Unit


@dataclass(frozen=True)
class UnitRoles:
    """The units a person holds each unit role for (computed once per request)."""

    reporter: frozenset[int]
    leader: frozenset[int]
    assessor: frozenset[int]

    @property
    def members(self) -> frozenset[int]:
        return self.reporter | self.leader | self.assessor


def unit_roles(user) -> UnitRoles:
    """Return (and cache on the user) the units the person reports for, leads and assesses."""
    if not getattr(user, "is_authenticated", False):
        return UnitRoles(frozenset(), frozenset(), frozenset())
    cached = getattr(user, "_leitai_unit_roles", None)
    if cached is not None:
        return cached
    grants = list(
        RoleGrant.objects.filter(user=user, unit__isnull=False).values_list("role", "unit_id")
    )

    def of(role):
        return frozenset(u for r, u in grants if r == role)

    roles = UnitRoles(of(Role.REPORTER), of(Role.UNIT_LEADER), of(Role.ASSESSOR))
    user._leitai_unit_roles = roles
    return roles


# --- periods -------------------------------------------------------------------------------


def collection_periods(user) -> QuerySet[Period]:
    """Return the periods of the years of the person's jurisdictions that have opened."""
    scope = scope_for(user)
    if not (scope.office_jurisdiction_ids or unit_roles(user).members):
        return Period.objects.none()
    return visible_periods(user).exclude(state=Period.State.PENDING)


def period_for_collection(user, period_id) -> Period:
    """Return a period the person may collect data for, else raise Http404."""
    return get_or_404(collection_periods(user).select_related("year"), period_id)


def period_is_locked(period: Period) -> bool:
    """Return whether the period takes no more changes (locked, or its lock time has passed)."""
    return period.shown_state == Period.State.LOCKED


def period_takes_entries(period: Period) -> bool:
    """Return whether units may still enter data (open and not locked)."""
    return period.state == Period.State.OPEN and not period_is_locked(period)


# --- units of a submission ---------------------------------------------------------------


def submission_units(user) -> QuerySet[Unit]:
    """Return the units whose submission page the person may open."""
    scope = scope_for(user)
    return Unit.objects.filter(
        Q(jurisdiction_id__in=scope.office_jurisdiction_ids) | Q(pk__in=unit_roles(user).members)
    )


def submission_unit_for_user(user, period: Period, unit_id) -> Unit:
    """Return the unit if the person may open its submission for `period`, else Http404."""
    units = submission_units(user).filter(jurisdiction_id=period.year.jurisdiction_id)
    return get_or_404(units, unit_id)


def visible_submissions(user) -> QuerySet[Submission]:
    """Return the submissions the person may see."""
    return Submission.objects.filter(unit__in=submission_units(user))


def submission_for_user(user, submission_id, *, for_change: bool = False) -> Submission:
    """Return the submission if the person may see it, else raise Http404.

    `for_change` asks only for visibility here; what the person may do with it (fill in,
    sign off) is decided by the `can_*` helpers and re-checked by the services.
    """
    return get_or_404(visible_submissions(user).select_related("period", "unit"), submission_id)


def can_fill(user, unit: Unit) -> bool:
    """Return whether the person may fill in the unit's own values and highlight."""
    roles = unit_roles(user)
    return unit.pk in roles.reporter | roles.leader or is_office_of(user, unit.jurisdiction_id)


def can_sign_off(user, unit: Unit) -> bool:
    """Return whether the person may sign off (submit) the unit's data."""
    return unit.pk in unit_roles(user).leader or is_office_of(user, unit.jurisdiction_id)


def can_review(user, indicator: Indicator, unit: Unit) -> bool:
    """Return whether the person may verify or return this indicator's value of `unit`."""
    if is_office_of(user, unit.jurisdiction_id):
        return True
    return indicator.assessor_id is not None and indicator.assessor_id in unit_roles(user).assessor


def can_enter(user, indicator: Indicator, unit: Unit) -> bool:
    """Return whether the person may enter this indicator's value for `unit`."""
    supplier = indicator.supplier
    if supplier == Indicator.Supplier.UNIT:
        return can_fill(user, unit)
    if supplier == Indicator.Supplier.ASSESSOR:
        return can_review(user, indicator, unit)
    return False  # system values come from providers, judges' scores from the panel page


def is_reviewer(user) -> bool:
    """Return whether the person reviews values at all (office or an assessor)."""
    return bool(scope_for(user).office_jurisdiction_ids or unit_roles(user).assessor)


def is_office(user) -> bool:
    return bool(scope_for(user).office_jurisdiction_ids)


# --- values -----------------------------------------------------------------------------------


def reviewed_indicators(user, scheme_ids) -> QuerySet[Indicator]:
    """Return the indicators of the schemes whose values the person reviews."""
    scope = scope_for(user)
    indicators = Indicator.objects.filter(scheme_id__in=scheme_ids)
    return indicators.filter(
        Q(scheme__year__jurisdiction_id__in=scope.office_jurisdiction_ids)
        | Q(assessor_id__in=unit_roles(user).assessor)
    )


def visible_values(user) -> QuerySet[IndicatorValue]:
    """Return the values the person may see: own units', the reviewed indicators', office all."""
    scope = scope_for(user)
    condition = Q(unit__jurisdiction_id__in=scope.office_jurisdiction_ids) | Q(
        unit_id__in=unit_roles(user).members
    )
    assessed = unit_roles(user).assessor
    if assessed:
        codes = Indicator.objects.filter(
            assessor_id__in=assessed, scheme__state="active"
        ).values_list("scheme__year_id", "code")
        by_year: dict[int, set[str]] = {}
        for year_id, code in codes:
            by_year.setdefault(year_id, set()).add(code)
        for year_id, year_codes in by_year.items():
            condition |= Q(period__year_id=year_id, indicator_code__in=year_codes)
    return IndicatorValue.objects.filter(condition)


def value_for_user(user, value_id, *, for_change: bool = False) -> IndicatorValue:
    """Return the value if the person may see it, else raise Http404."""
    return get_or_404(visible_values(user).select_related("period__year", "unit"), value_id)


# --- evidence and judges' scores -------------------------------------------------------------


def visible_evidence(user) -> QuerySet[Evidence]:
    """Return the evidence files the person may see: those of visible submissions' units and,
    for an assessor, the files that support the values it reviews (files for its indicators,
    and files for a unit's whole submission) in its jurisdiction."""
    seen = Q(unit__in=submission_units(user))
    assessed = unit_roles(user).assessor
    if assessed:
        indicators = Indicator.objects.filter(assessor_id__in=assessed)
        codes = set(indicators.values_list("code", flat=True))
        jurisdictions = set(
            Unit.objects.filter(pk__in=assessed).values_list("jurisdiction_id", flat=True)
        )
        seen |= Q(period__year__jurisdiction_id__in=jurisdictions) & (
            Q(indicator_code__in=codes) | Q(indicator_code="")
        )
    return Evidence.objects.filter(seen)


def evidence_for_user(user, evidence_id, *, for_change: bool = False) -> Evidence:
    """Return the evidence file if the person may see it, else raise Http404."""
    return get_or_404(visible_evidence(user).select_related("period__year", "unit"), evidence_id)


def visible_panel_scores(user) -> QuerySet[PanelScore]:
    """Return judges' scores: the office's only (the contest reveals them later)."""
    return PanelScore.objects.filter(
        unit__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids
    )


def require_office_period(user, period: Period) -> None:
    """Raise Http404 unless the person is in the office of the period's jurisdiction."""
    if not is_office_of(user, period.year.jurisdiction_id):
        raise Http404("not found")
