"""Reads of supervision, scoped through leitai.supervision.access.

Checklist categories are read by the jurisdiction of an object the caller has already reached.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from leitai.org.access import visible_units
from leitai.org.models import AssessmentYear, SupervisionAssignment, SupervisionGroup, Unit
from leitai.supervision.access import visible_problems, visible_rounds, visible_visits
from leitai.supervision.colours import BADGES, LABELS, colour_of, days_overdue
from leitai.supervision.models import (
    DeductionRule,
    Evidence,
    InspectionRound,
    Problem,
    ProblemCategory,
    ProblemEvent,
    Visit,
)


def default_as_of(year: AssessmentYear) -> dt.date:
    """Return the day colours are computed for: today, kept within the year."""
    today = timezone.localdate()
    return min(max(today, dt.date(year.year, 1, 1)), dt.date(year.year, 12, 31))


def rule_of(year: AssessmentYear) -> DeductionRule:
    return DeductionRule.objects.filter(year=year).first() or DeductionRule(year=year)


def scheme_arenas(year: AssessmentYear) -> list[tuple[str, str]]:
    """(code, name) of the arenas of the year's scheme in force (else its newest version)."""
    from leitai.assessment.models import Arena, Scheme

    schemes = Scheme.objects.filter(year=year).order_by("-version")
    scheme = schemes.filter(state=Scheme.State.ACTIVE).first() or schemes.first()
    arenas = Arena.objects.filter(scheme=scheme).order_by("order", "pk")
    return list(arenas.values_list("code", "name"))


def _group_of(ref_year: str = "year", ref_unit: str = "unit"):
    assignments = SupervisionAssignment.objects.filter(
        year=OuterRef(ref_year), unit=OuterRef(ref_unit)
    )
    return Subquery(assignments.values("supervision_group__name")[:1])


# --- ledger ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    """One problem on the rectification ledger with its colour on the chosen day."""

    problem: Problem
    group_name: str
    colour: str
    days_overdue: int

    @property
    def badge(self) -> str:
        return BADGES[self.colour]

    @property
    def label(self) -> str:
        return str(LABELS[self.colour])


def ledger(
    user,
    *,
    year: AssessmentYear,
    as_of: dt.date,
    round_id: int | None = None,
    group_id: int | None = None,
    unit_id: int | None = None,
    colour: str = "",
    status: str = "",
) -> list[LedgerRow]:
    """Return the visible problems of the year, filtered, each with its colour on `as_of`."""
    problems = (
        visible_problems(user)
        .filter(year=year)
        .select_related("unit", "round", "category")
        .annotate(group_name=_group_of())
        .order_by("unit__code", "deadline", "pk")
    )
    if round_id:
        problems = problems.filter(round_id=round_id)
    if unit_id:
        problems = problems.filter(unit_id=unit_id)
    if status:
        problems = problems.filter(status=status)
    if group_id:
        in_group = SupervisionAssignment.objects.filter(
            year=OuterRef("year"), unit=OuterRef("unit"), supervision_group_id=group_id
        )
        problems = problems.filter(Exists(in_group))
    rule = rule_of(year)
    present = as_of == default_as_of(year)
    rows = [
        LedgerRow(
            p,
            p.group_name or "",
            colour_of(p, as_of=as_of, rule=rule, present=present),
            days_overdue(p, as_of=as_of, present=present),
        )
        for p in problems
    ]
    return [r for r in rows if r.colour == colour] if colour else rows


def colour_counts(rows: list[LedgerRow]) -> Counter:
    return Counter(r.colour for r in rows)


def ledger_choices(user, year: AssessmentYear) -> dict:
    """Return the rounds, supervision groups and units the ledger's filters offer."""
    problems = visible_problems(user).filter(year=year)
    return {
        "rounds": visible_rounds(user).filter(year=year).order_by("starts_on"),
        "groups": SupervisionGroup.objects.filter(
            year=year, assignments__unit__in=problems.values("unit")
        )
        .distinct()
        .order_by("order", "name"),
        "units": Unit.objects.filter(pk__in=problems.values("unit")).order_by("code"),
    }


# --- for the rankings app ------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueItem:
    """An overdue rectification for the monthly ranking notice."""

    unit_id: int
    unit_name: str
    problem_id: int
    summary: str
    deadline: dt.date
    days_overdue: int


def overdue_for_notice(*, year, as_of: dt.date) -> list[OverdueItem]:
    """Return the year's rectifications past their deadline and not signed off on `as_of`.

    `year` is an AssessmentYear or its id. Ordered by unit code, then the oldest deadline.
    """
    year_id = getattr(year, "pk", year)
    problems = (
        Problem.objects.filter(year_id=year_id, deadline__lt=as_of, found_on__lte=as_of)
        .exclude(status=Problem.Status.WITHDRAWN)
        .exclude(signed_off_on__lte=as_of)
        .select_related("unit")
        .order_by("unit__code", "deadline", "pk")
    )
    return [
        OverdueItem(
            unit_id=p.unit_id,
            unit_name=p.unit.name,
            problem_id=p.pk,
            summary=p.summary,
            deadline=p.deadline,
            days_overdue=(as_of - p.deadline).days,
        )
        for p in problems
    ]


# --- rounds, visits, problems ---------------------------------------------------------------


def round_list(user, *, year: AssessmentYear) -> QuerySet[InspectionRound]:
    visits = visible_visits(user).values("pk")
    problems = visible_problems(user).values("pk")
    return (
        visible_rounds(user)
        .filter(year=year)
        .annotate(
            visit_count=Count("visits", filter=_in("visits", visits), distinct=True),
            problem_count=Count("problems", filter=_in("problems", problems), distinct=True),
        )
        .order_by("starts_on", "name")
    )


def _in(relation: str, queryset):
    from django.db.models import Q

    return Q(**{f"{relation}__in": queryset})


def round_visits(user, rnd: InspectionRound) -> QuerySet[Visit]:
    return (
        visible_visits(user)
        .filter(round=rnd)
        .select_related("unit", "supervision_group")
        .annotate(problem_count=Count("problems", distinct=True))
        .order_by("supervision_group__order", "unit__code")
    )


def units_to_visit(user, rnd: InspectionRound, *, office: bool) -> QuerySet[Unit]:
    """Return the units the person may still record a visit to in the round."""
    assignments = SupervisionAssignment.objects.filter(year=rnd.year_id)
    if not office:
        assignments = assignments.filter(supervision_group__members=user)
    return (
        Unit.objects.filter(pk__in=assignments.values("unit"))
        .exclude(visits__round=rnd)
        .order_by("code")
    )


def visit_problems(user, visit: Visit) -> QuerySet[Problem]:
    return visible_problems(user).filter(visit=visit).select_related("category").order_by("pk")


def problem_story(problem: Problem) -> list[ProblemEvent]:
    """Return the problem's events with their evidence files, oldest first."""
    evidence = Evidence.objects.order_by("pk")
    return list(
        problem.events.prefetch_related(Prefetch("evidence", evidence)).order_by("at", "pk")
    )


def problem_group(problem: Problem) -> SupervisionGroup | None:
    assignment = (
        SupervisionAssignment.objects.filter(year=problem.year_id, unit=problem.unit_id)
        .select_related("supervision_group")
        .first()
    )
    return assignment.supervision_group if assignment else None


# --- checklist categories -----------------------------------------------------------------


def office_categories(jurisdiction) -> QuerySet[ProblemCategory]:
    """Return every checklist category of the jurisdiction, active or not (its settings page)."""
    return ProblemCategory.objects.filter(jurisdiction=jurisdiction)


def checklist_categories(jurisdiction_id: int) -> QuerySet[ProblemCategory]:
    """Return the jurisdiction's active checklist categories, in their order (for visits)."""
    categories = ProblemCategory.objects.filter(jurisdiction_id=jurisdiction_id, active=True)
    return categories.order_by("order", "code")


def problem_categories(jurisdiction_id: int) -> QuerySet[ProblemCategory]:
    """Return the active categories a problem may be raised under (not 工作亮点 and the like)."""
    return checklist_categories(jurisdiction_id).filter(for_problems=True)


def categories_for(user) -> QuerySet[ProblemCategory]:
    """Return the checklist categories of the jurisdictions whose units `user` sees."""
    return ProblemCategory.objects.filter(
        jurisdiction__in=visible_units(user).values("jurisdiction")
    )
