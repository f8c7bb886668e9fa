"""Reads of collected data: which indicators a unit fills, the submission page, the review
table and the chasing board. Callers check access first (`collection.access`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from leitai.assessment.collection.transitions import VALUE
from leitai.assessment.models import (
    Evidence,
    Exemption,
    Indicator,
    IndicatorValue,
    PanelScore,
    Period,
    Scheme,
    Submission,
    Target,
)
from leitai.assessment.scheme import access
from leitai.assessment.scheme.selectors import collected_in
from leitai.core.models import AuditEntry
from leitai.org.models import AssessmentYear, GroupMembership, Unit

# --- the scheme in force -------------------------------------------------------------------


def active_scheme(year: AssessmentYear | int) -> Scheme | None:
    """Return the scheme version in force for the year, if any."""
    if isinstance(year, int):
        return Scheme.objects.filter(year_id=year, state=Scheme.State.ACTIVE).first()
    return access.active_scheme(year)


def scheme_indicators(scheme: Scheme | None) -> list[Indicator]:
    """Return the scheme's indicators in order, with their arena and assessor unit."""
    if scheme is None:
        return []
    return list(scheme.indicators.select_related("arena", "assessor").order_by(*ORDER))


ORDER = ("arena__order", "arena_id", "order", "id")


def period_indicators(period: Period) -> list[Indicator]:
    """Return the indicators of the scheme in force collected in the period's kind, in order.

    Judges' scores (`panel`) are collected in quarters only: a month neither asks for them
    nor counts them (see `leitai.assessment.scheme.selectors.collected_in`).
    """
    indicators = scheme_indicators(active_scheme(period.year_id))
    return [i for i in indicators if collected_in(i.rule, period.kind)]


# --- applicability -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicability:
    """Which units fill which indicators in one year: groups and exemptions, read once."""

    groups: dict[int, str]
    exempt: frozenset[tuple[int, str]]

    def applies(self, indicator: Indicator, unit_id: int) -> bool:
        """Return whether the indicator applies to the unit (its group, and not exempted)."""
        if (unit_id, indicator.code) in self.exempt:
            return False
        return not indicator.groups or self.groups.get(unit_id) in indicator.groups


def applicability(year_id: int) -> Applicability:
    """Read the year's group memberships and exemptions."""
    groups = dict(
        GroupMembership.objects.filter(year_id=year_id).values_list("unit_id", "group__code")
    )
    exempt = frozenset(
        Exemption.objects.filter(year_id=year_id).values_list("unit_id", "indicator_code")
    )
    return Applicability(groups, exempt)


def unit_indicators(period: Period, unit: Unit) -> list[Indicator]:
    """Return the indicators that apply to the unit in the period, in order."""
    rules = applicability(period.year_id)
    return [i for i in period_indicators(period) if rules.applies(i, unit.pk)]


# --- numbers ------------------------------------------------------------------------------------


def plain(number: Decimal | None) -> str:
    """Return a stored amount as the shortest plain text: 12.5000 → "12.5", None → ""."""
    if number is None:
        return ""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pretty(number: Decimal | None) -> str:
    """Return an amount for reading, with thousands separators: 12345.5 → "12,345.5"."""
    if number is None:
        return "—"
    text = plain(number)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return sign + whole + ("." + fraction if fraction else "")


# --- targets and the previous period -----------------------------------------------------


def targets_for(period: Period, unit_ids) -> dict[tuple[int, str], Decimal]:
    """Return (unit id, code) → the period's target, else the annual target."""
    rows = Target.objects.filter(year_id=period.year_id, unit_id__in=unit_ids).filter(
        Q(period__isnull=True) | Q(period=period)
    )
    result: dict[tuple[int, str], Decimal] = {}
    for unit_id, code, period_id, value in rows.values_list(
        "unit_id", "indicator_code", "period_id", "value"
    ):
        if period_id is not None or (unit_id, code) not in result:
            result[(unit_id, code)] = value
    return result


def previous_period(period: Period) -> Period | None:
    """Return the period of the same kind just before this one in the year."""
    return (
        Period.objects.filter(
            year_id=period.year_id, kind=period.kind, ends_on__lt=period.starts_on
        )
        .order_by("-ends_on")
        .first()
    )


def values_by_key(period: Period | None, unit_ids) -> dict[tuple[int, str], IndicatorValue]:
    """Return (unit id, code) → value of the period for the units."""
    if period is None:
        return {}
    rows = IndicatorValue.objects.filter(period=period, unit_id__in=unit_ids)
    return {(v.unit_id, v.indicator_code): v for v in rows}


# --- the submission page -----------------------------------------------------------------------


@dataclass
class Row:
    """One indicator on a unit's page: value, target, last period's value, what may be done."""

    indicator: Indicator
    value: IndicatorValue | None
    target: Decimal | None
    previous: Decimal | None
    editable: bool = False
    judges: int = 0

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def input_text(self) -> str:
        return plain(self.value.value) if self.value else ""

    @property
    def revision(self) -> int:
        return self.value.revision if self.value else 0

    @property
    def state(self) -> str:
        return self.value.state if self.value else ""

    @property
    def shown(self) -> str:
        return pretty(self.value.value if self.value else None)

    @property
    def target_text(self) -> str:
        return pretty(self.target) if self.target is not None else ""

    @property
    def previous_text(self) -> str:
        return pretty(self.previous) if self.previous is not None else ""

    @property
    def supplier(self) -> str:
        return self.indicator.supplier


@dataclass
class SubmissionPage:
    """Everything the submission page shows for one unit and period."""

    period: Period
    unit: Unit
    submission: Submission | None
    rows: list[Row]
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else Submission.State.DRAFT

    @property
    def filled(self) -> int:
        return sum(1 for r in self.unit_rows if r.value and r.value.value is not None)

    @property
    def unit_rows(self) -> list[Row]:
        return [r for r in self.rows if r.supplier == Indicator.Supplier.UNIT]

    @property
    def returned_rows(self) -> list[Row]:
        return [r for r in self.rows if r.state == IndicatorValue.State.RETURNED]


def submission_page(period: Period, unit: Unit, *, can_enter) -> SubmissionPage:
    """Build the unit's page for the period; `can_enter(indicator)` says what may be typed."""
    indicators = unit_indicators(period, unit)
    values = values_by_key(period, [unit.pk])
    previous = values_by_key(previous_period(period), [unit.pk])
    targets = targets_for(period, [unit.pk])
    judges = Counter(
        PanelScore.objects.filter(period=period, unit=unit).values_list("indicator_code", flat=True)
    )
    rows = []
    for indicator in indicators:
        key = (unit.pk, indicator.code)
        last = previous.get(key)
        rows.append(
            Row(
                indicator=indicator,
                value=values.get(key),
                target=targets.get(key),
                previous=last.value if last else None,
                editable=can_enter(indicator),
                judges=judges.get(indicator.code, 0),
            )
        )
    submission = Submission.objects.filter(period=period, unit=unit).first()
    evidence = list(Evidence.objects.filter(period=period, unit=unit).select_related("uploaded_by"))
    return SubmissionPage(period, unit, submission, rows, evidence)


def submission_history(period: Period, unit: Unit, limit: int = 50) -> list[AuditEntry]:
    """Return the audit rows of the unit's submission, values and evidence for the period."""
    submission_ids = Submission.objects.filter(period=period, unit=unit).values_list(
        "pk", flat=True
    )
    value_ids = IndicatorValue.objects.filter(period=period, unit=unit).values_list("pk", flat=True)
    evidence_ids = Evidence.objects.filter(period=period, unit=unit).values_list("pk", flat=True)
    condition = (
        Q(object_type="assessment.submission", object_id__in=[str(i) for i in submission_ids])
        | Q(object_type="assessment.indicatorvalue", object_id__in=[str(i) for i in value_ids])
        | Q(object_type="assessment.evidence", object_id__in=[str(i) for i in evidence_ids])
        | Q(object_type="assessment.evidence", unit=unit, action="evidence.remove")
    )
    return list(AuditEntry.objects.filter(condition).order_by("-created_at", "-id")[:limit])


# --- the review table -------------------------------------------------------------------------


@dataclass
class ReviewRow:
    """One unit's value of one indicator, as an assessor reviews it."""

    unit: Unit
    indicator: Indicator
    value: IndicatorValue | None
    target: Decimal | None
    previous: Decimal | None

    @property
    def shown(self) -> str:
        return pretty(self.value.value if self.value else None)

    @property
    def target_text(self) -> str:
        return pretty(self.target) if self.target is not None else ""

    @property
    def previous_text(self) -> str:
        return pretty(self.previous) if self.previous is not None else ""

    @property
    def state(self) -> str:
        return self.value.state if self.value else ""

    @property
    def actionable(self) -> bool:
        """Whether the value may be returned to the unit (the table's `return` step)."""
        return "return" in VALUE.possible(self)


def review_rows(period: Period, indicators: list[Indicator], *, state: str = "") -> list[ReviewRow]:
    """Return every applicable (unit, indicator) of the period for the given indicators."""
    rules = applicability(period.year_id)
    units = list(
        Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id, active=True).order_by(
            "code"
        )
    )
    unit_ids = [u.pk for u in units]
    values = values_by_key(period, unit_ids)
    previous = values_by_key(previous_period(period), unit_ids)
    targets = targets_for(period, unit_ids)
    rows = []
    for indicator in indicators:
        if not collected_in(indicator.rule, period.kind):
            continue
        for unit in units:
            if not rules.applies(indicator, unit.pk):
                continue
            key = (unit.pk, indicator.code)
            last = previous.get(key)
            row = ReviewRow(unit, indicator, values.get(key), targets.get(key), last and last.value)
            if not state or row.state == state:
                rows.append(row)
    return rows


# --- the chasing board -----------------------------------------------------------------------


@dataclass
class BoardRow:
    """One unit's progress in a period, for the office's chasing board (催报)."""

    unit: Unit
    group: str
    expected: int
    state: str
    counts: Counter
    submitted_at: object = None
    late: bool = False
    group_code: str = ""
    contacts: list = field(default_factory=list)
    reminded_at: object = None

    @property
    def in_arena(self) -> bool:
        return bool(self.group_code)

    @property
    def filled(self) -> int:
        return self.counts["filled"]

    @property
    def submitted(self) -> int:
        return self.counts["submitted"] + self.counts["verified"]

    @property
    def verified(self) -> int:
        return self.counts["verified"]

    @property
    def returned(self) -> int:
        return self.counts["returned"]


SIGNED_OFF = {Submission.State.SUBMITTED, Submission.State.VERIFIED, Submission.State.LOCKED}


def chasing_board(period: Period) -> list[BoardRow]:
    """Return every active unit's progress in the period, late units first."""
    rules = applicability(period.year_id)
    indicators = [i for i in period_indicators(period) if i.supplier == Indicator.Supplier.UNIT]
    unit_codes = [i.code for i in indicators]
    units = Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id, active=True)
    submissions = {s.unit_id: s for s in Submission.objects.filter(period=period)}
    counts: dict[int, Counter] = defaultdict(Counter)
    rows_of_values = IndicatorValue.objects.filter(
        period=period, indicator_code__in=unit_codes
    ).values_list("unit_id", "state", "value")
    for unit_id, state, value in rows_of_values:
        counts[unit_id][state] += 1
        if value is not None:
            counts[unit_id]["filled"] += 1
    groups = {
        unit_id: (code, name)
        for unit_id, code, name in GroupMembership.objects.filter(
            year_id=period.year_id
        ).values_list("unit_id", "group__code", "group__name")
    }
    past_deadline = timezone.now() > period.deadline
    board = []
    for unit in units.order_by("code"):
        submission = submissions.get(unit.pk)
        state = submission.state if submission else Submission.State.DRAFT
        expected = sum(1 for i in indicators if rules.applies(i, unit.pk))
        board.append(
            BoardRow(
                unit=unit,
                group=groups.get(unit.pk, ("", ""))[1],
                group_code=groups.get(unit.pk, ("", ""))[0],
                expected=expected,
                state=state,
                counts=counts[unit.pk],
                submitted_at=submission.submitted_at if submission else None,
                late=past_deadline and state not in SIGNED_OFF and expected > 0,
            )
        )
    board.sort(key=lambda r: (not r.late, r.unit.code))
    return board


def board_contacts(rows: list[BoardRow]) -> None:
    """Fill each row's contact people: the unit's reporters, then its leaders (active ones)."""
    from leitai.org.models import Role, RoleGrant

    by_unit: dict[int, list] = defaultdict(list)
    grants = (
        RoleGrant.objects.filter(
            unit_id__in=[r.unit.pk for r in rows],
            role__in=[Role.REPORTER, Role.UNIT_LEADER],
            user__is_active=True,
        )
        .select_related("user__profile")
        .order_by("role", "user__username")  # "reporter" before "unit_leader"
    )
    for grant in grants:
        by_unit[grant.unit_id].append(grant.user)
    for row in rows:
        row.contacts = by_unit[row.unit.pk]


def board_reminders(period: Period, rows: list[BoardRow]) -> None:
    """Fill each row's last reminder of this period (from the audit log: reminders by e-mail)."""
    from leitai.core.models import AuditEntry

    last: dict[str, object] = {}
    entries = AuditEntry.objects.filter(
        action="reminder.send", object_type=Period._meta.label_lower, object_id=str(period.pk)
    ).order_by("created_at")
    for created_at, after in entries.values_list("created_at", "after"):
        for code in (after or {}).get("units", []):
            last[code] = created_at
    for row in rows:
        row.reminded_at = last.get(row.unit.code)
