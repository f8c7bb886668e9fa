"""Who may see and act on supervision: the one place these checks live.

Office and county leaders see everything of their jurisdiction; a supervisor sees the rounds
of his jurisdiction and the visits and problems of the units his group covers in that year; a
unit's reporter and leader see their own unit's visits and problems. Assessors and judges see
nothing here. Everything else is a 404, the same as a missing object.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from leitai.org.access import get_or_404, is_office_of, scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant, SupervisionAssignment
from leitai.supervision.models import Evidence, InspectionRound, Problem, Visit

UNIT_PEOPLE = (Role.REPORTER, Role.UNIT_LEADER)


def unit_roles(user) -> dict[int, frozenset[str]]:
    """Return {unit id: reporter/unit-leader roles} of `user` (cached on the user object).

    Kept under its own attribute: collection.access caches a different shape on the user.
    """
    cached = getattr(user, "_leitai_problem_unit_roles", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    if getattr(user, "is_authenticated", False):
        grants = RoleGrant.objects.filter(user=user, role__in=UNIT_PEOPLE)
        for unit_id, role in grants.values_list("unit_id", "role"):
            roles.setdefault(unit_id, set()).add(role)
    user._leitai_problem_unit_roles = {k: frozenset(v) for k, v in roles.items()}
    return user._leitai_problem_unit_roles


def reading_jurisdictions(user) -> frozenset[int]:
    """Return the jurisdictions whose whole supervision `user` reads (office, county leader)."""
    return scope_for(user).people_jurisdiction_ids


def may_use_supervision(user) -> bool:
    """Return whether supervision pages exist for `user` at all."""
    scope = scope_for(user)
    return bool(scope.people_jurisdiction_ids or unit_roles(user) or scope.has(Role.SUPERVISOR))


def _supervises(user, year_ref: str, unit_ref: str) -> Exists:
    return Exists(
        SupervisionAssignment.objects.filter(
            year=OuterRef(year_ref),
            unit=OuterRef(unit_ref),
            supervision_group__members=user,
        )
    )


# --- rounds ------------------------------------------------------------------------------


def visible_rounds(user) -> QuerySet[InspectionRound]:
    """Return the rounds of the jurisdictions where `user` takes part in supervision."""
    scope = scope_for(user)
    jurisdictions = set(scope.people_jurisdiction_ids)
    if scope.has(Role.SUPERVISOR) or unit_roles(user):
        grants = RoleGrant.objects.filter(user=user, role__in=(Role.SUPERVISOR, *UNIT_PEOPLE))
        jurisdictions |= set(grants.values_list("jurisdiction_id", flat=True))
    return InspectionRound.objects.filter(year__jurisdiction_id__in=jurisdictions)


def round_for_user(user, round_id, *, for_change: bool = False) -> InspectionRound:
    """Return the round if `user` may see it (or change it: office), else raise Http404."""
    rounds = visible_rounds(user).select_related("year")
    if for_change:
        rounds = rounds.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(rounds, round_id)


# --- visits ------------------------------------------------------------------------------


def visible_visits(user) -> QuerySet[Visit]:
    """Return visits: all for office and leaders, the group's for members, the unit's own."""
    if not getattr(user, "is_authenticated", False):
        return Visit.objects.none()
    condition = Q(round__year__jurisdiction_id__in=reading_jurisdictions(user)) | Q(
        unit_id__in=list(unit_roles(user))
    )
    if scope_for(user).has(Role.SUPERVISOR):
        condition |= Q(supervision_group__members=user)
    return Visit.objects.filter(condition).distinct()


def visit_for_user(user, visit_id) -> Visit:
    """Return the visit if `user` may see it, else raise Http404."""
    visits = visible_visits(user).select_related("round__year", "unit", "supervision_group")
    return get_or_404(visits, visit_id)


# --- problems ----------------------------------------------------------------------------


def visible_problems(user) -> QuerySet[Problem]:
    """Return the problems `user` may see."""
    if not getattr(user, "is_authenticated", False):
        return Problem.objects.none()
    condition = Q(year__jurisdiction_id__in=reading_jurisdictions(user)) | Q(
        unit_id__in=list(unit_roles(user))
    )
    problems = Problem.objects.all()
    if scope_for(user).has(Role.SUPERVISOR):
        problems = problems.annotate(_supervised=_supervises(user, "year", "unit"))
        condition |= Q(_supervised=True)
    return problems.filter(condition)


def problem_for_user(user, problem_id) -> Problem:
    """Return the problem if `user` may see it, else raise Http404."""
    problems = visible_problems(user).select_related("year", "unit", "round", "category")
    return get_or_404(problems, problem_id)


def evidence_for_user(user, evidence_id) -> Evidence:
    """Return an evidence file if `user` may see its problem, else raise Http404."""
    visible = visible_problems(user).values("pk")
    return get_or_404(Evidence.objects.filter(problem__in=visible), evidence_id)


# --- what a person may do -----------------------------------------------------------------


def is_supervisor_for(user, *, year_id: int, unit_id: int) -> bool:
    """Return whether `user` is a member of the group that covers the unit in that year."""
    if not scope_for(user).has(Role.SUPERVISOR):
        return False
    return SupervisionAssignment.objects.filter(
        year_id=year_id, unit_id=unit_id, supervision_group__members=user
    ).exists()


def may_record(user, year: AssessmentYear, unit_id: int) -> bool:
    """Return whether `user` may record visits and problems of the unit that year.

    The office of the year's jurisdiction may, and so may the supervisors whose group covers
    the unit that year.
    """
    if is_office_of(user, year.jurisdiction_id):
        return True
    return is_supervisor_for(user, year_id=year.pk, unit_id=unit_id)


def may_record_at(user, visit: Visit) -> bool:
    """Return whether `user` may record problems found on the visit (and correct it)."""
    return may_record(user, visit.round.year, visit.unit_id)


# Who may take a problem's steps (leitai/supervision/transitions.py names them).


def is_unit_person(user, problem: Problem) -> bool:
    """Return whether `user` reports for or leads the problem's unit."""
    return bool(unit_roles(user).get(problem.unit_id))


def is_unit_leader(user, problem: Problem) -> bool:
    """Return whether `user` leads the problem's unit."""
    return Role.UNIT_LEADER in unit_roles(user).get(problem.unit_id, frozenset())


def is_verifier(user, problem: Problem) -> bool:
    """Return whether `user` is the unit's supervisor that year, or the office."""
    return may_record(user, problem.year, problem.unit_id)


def is_problem_office(user, problem: Problem) -> bool:
    """Return whether `user` is the office of the problem's jurisdiction."""
    return is_office_of(user, problem.year.jurisdiction_id)
