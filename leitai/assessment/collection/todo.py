"""The collection's items of the home page's to-do list (declared as `todo` on the AppConfig).

- office: units late in an open period, values waiting for review;
- assessor: values of the indicators its unit assesses, waiting for review;
- reporter: the open period's form of each own unit with its deadline, returned values;
- unit leader: submissions waiting for its sign-off.

Each role counts only what it reaches: the office its jurisdiction, an assessor its
indicators, a reporter or leader the units it holds that role for. The number of queries
depends on the open periods, never on the number of units.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import (
    applicability,
    chasing_board,
    period_indicators,
)
from leitai.assessment.models import Indicator, IndicatorValue, Period, Submission
from leitai.core.areas import Todo
from leitai.org.access import scope_for
from leitai.org.models import AssessmentYear, Role, Unit

S = Submission.State
# A unit still has its form to fill in these states (ready waits for the leader).
TO_FILL = (S.DRAFT, S.RETURNED)


def todo(user, *, year: AssessmentYear) -> list[Todo]:
    """Return the collection's to-do items of every role the person holds."""
    items: list[Todo] = []
    if year.jurisdiction_id in scope_for(user).office_jurisdiction_ids:
        items += _office(year)
    roles = access.unit_roles(user)
    units = _units_of(year, roles.members)
    if roles.assessor & units.keys():
        items += _assessor(year, roles.assessor)
    if roles.reporter & units.keys():
        items += _reporter(year, [units[u] for u in sorted(roles.reporter & units.keys())])
    if roles.leader & units.keys():
        items += _leader(year, sorted(roles.leader & units.keys()))
    return items


def _units_of(year: AssessmentYear, unit_ids) -> dict[int, Unit]:
    if not unit_ids:
        return {}
    units = Unit.objects.filter(pk__in=unit_ids, jurisdiction_id=year.jurisdiction_id)
    return {unit.pk: unit for unit in units}


def _entry_periods(year: AssessmentYear) -> list[Period]:
    """The year's periods that take entries now (open and not past their lock time)."""
    periods = Period.objects.filter(year=year, state=Period.State.OPEN).order_by("starts_on")
    return [p for p in periods if access.period_takes_entries(p)]


def _deadline(period: Period) -> str:
    when = formats.date_format(timezone.localtime(period.deadline), "SHORT_DATETIME_FORMAT")
    return _("deadline %(when)s") % {"when": when}


# --- office ------------------------------------------------------------------------------------


def _office(year: AssessmentYear) -> list[Todo]:
    items = []
    now = timezone.now()
    for period in _entry_periods(year):
        if period.deadline >= now:
            continue
        late = sum(1 for row in chasing_board(period) if row.late and row.in_arena)
        if late:
            url = reverse("assessment:chasing", args=[period.pk]) + "?state=late"
            label = _("Units late with %(period)s data") % {"period": period.code}
            items.append(Todo(Role.OFFICE, label, late, url, _deadline(period), urgent=True))
    values = IndicatorValue.objects.filter(
        period__year=year, unit__jurisdiction_id=year.jurisdiction_id
    )
    return items + _waiting_review(Role.OFFICE, values)


def _waiting_review(role: str, values) -> list[Todo]:
    """One item per period with submitted values: how many wait for verification."""
    counts = (
        values.filter(state=IndicatorValue.State.SUBMITTED)
        .values("period_id", "period__code", "period__starts_on")
        .annotate(n=Count("pk"))
        .order_by("period__starts_on", "period__code")
    )
    return [
        Todo(
            role,
            _("%(period)s values waiting for review") % {"period": row["period__code"]},
            row["n"],
            reverse("assessment:review", args=[row["period_id"]]) + "?state=submitted",
        )
        for row in counts
    ]


# --- assessor ----------------------------------------------------------------------------------


def _assessor(year: AssessmentYear, assessed: frozenset[int]) -> list[Todo]:
    codes = Indicator.objects.filter(
        scheme__year=year, scheme__state="active", assessor_id__in=assessed
    ).values("code")
    values = IndicatorValue.objects.filter(
        period__year=year,
        unit__jurisdiction_id=year.jurisdiction_id,
        indicator_code__in=codes,
    )
    return _waiting_review(Role.ASSESSOR, values)


# --- reporter ----------------------------------------------------------------------------------


def _reporter(year: AssessmentYear, units: list[Unit]) -> list[Todo]:
    return _forms_to_fill(year, units) + _returned(year, units)


def _forms_to_fill(year: AssessmentYear, units: list[Unit]) -> list[Todo]:
    """The open periods' forms of the units, not yet signed off: how many values are empty.

    One named form each (no count): its note says how many values are empty and the deadline.
    """
    periods = _entry_periods(year)
    if not periods:
        return []
    submissions = Submission.objects.filter(period__in=periods, unit__in=units)
    states = {
        (period_id, unit_id): state
        for period_id, unit_id, state in submissions.values_list("period_id", "unit_id", "state")
    }
    rules = applicability(year.pk)
    items = []
    for period in periods:
        indicators = [i for i in period_indicators(period) if i.supplier == Indicator.Supplier.UNIT]
        filled = _filled(period, units)
        for unit in units:
            if states.get((period.pk, unit.pk), S.DRAFT) not in TO_FILL:
                continue
            codes = {i.code for i in indicators if rules.applies(i, unit.pk)}
            empty = len(codes - filled.get(unit.pk, set()))
            label = _("%(period)s data of %(unit)s to fill in and submit") % {
                "period": period.code,
                "unit": unit.name,
            }
            url = reverse("assessment:submission", args=[period.pk, unit.pk])
            late = period.deadline < timezone.now()
            note = ngettext(
                "%(empty)d value still empty, %(deadline)s",
                "%(empty)d values still empty, %(deadline)s",
                empty,
            ) % {"empty": empty, "deadline": _deadline(period)}
            items.append(Todo(Role.REPORTER, label, None, url, note, urgent=late))
    return items


def _filled(period: Period, units: list[Unit]) -> dict[int, set[str]]:
    filled: dict[int, set[str]] = {}
    values = IndicatorValue.objects.filter(period=period, unit__in=units, value__isnull=False)
    for unit_id, code in values.values_list("unit_id", "indicator_code"):
        filled.setdefault(unit_id, set()).add(code)
    return filled


def _returned(year: AssessmentYear, units: list[Unit]) -> list[Todo]:
    counts = (
        IndicatorValue.objects.filter(
            period__year=year, unit__in=units, state=IndicatorValue.State.RETURNED
        )
        .values("period_id", "period__code", "period__starts_on", "unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("period__starts_on", "period__code", "unit_id")
    )
    return [
        Todo(
            Role.REPORTER,
            _("%(period)s values of %(unit)s returned for correction")
            % {"period": row["period__code"], "unit": row["unit__name"]},
            row["n"],
            reverse("assessment:submission", args=[row["period_id"], row["unit_id"]]),
            urgent=True,
        )
        for row in counts
    ]


# --- unit leader -------------------------------------------------------------------------------


def _leader(year: AssessmentYear, unit_ids: list[int]) -> list[Todo]:
    waiting = (
        Submission.objects.filter(period__year=year, unit_id__in=unit_ids, state=S.READY)
        .select_related("period", "unit")
        .order_by("period__starts_on", "period__code", "unit_id")
    )
    return [
        Todo(
            Role.UNIT_LEADER,
            _("%(period)s data of %(unit)s waiting for your sign-off")
            % {"period": s.period.code, "unit": s.unit.name},
            1,
            reverse("assessment:submission", args=[s.period_id, s.unit_id]),
            _deadline(s.period),
        )
        for s in waiting
    ]
