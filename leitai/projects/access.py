"""Who may see and change the project ledger: the one place these checks live.

- office: every project of its county; changes the master data, the feeds, and checks stages;
- assessor (the statistics bureau): reads every project of its county and checks stages;
- county leader (包联领导): reads the projects in his charge;
- reporter / unit leader: reads the projects its unit is responsible for or helps with, and
  updates (monthly figures, stage dates and evidence) those its unit is responsible for;
- supervisor: reads the projects of the units its supervision group covers;
- judge, other units, other counties: nothing (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.org.access import get_or_404, is_office_of, scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant
from leitai.projects.models import MonthPhoto, Project, ProjectStage, StageEvidence


def _grants(user, *roles) -> list[tuple[int, int | None]]:
    if not getattr(user, "is_authenticated", False):
        return []
    key = "_leitai_project_grants"
    cached = getattr(user, key, None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user=user).values_list("role", "jurisdiction_id", "unit_id")
        )
        setattr(user, key, cached)
    return [(j, u) for r, j, u in cached if r in roles]


def checker_jurisdiction_ids(user) -> frozenset[int]:
    """Return the counties where `user` checks stages: the office and the assessor."""
    return frozenset(j for j, _u in _grants(user, Role.OFFICE, Role.ASSESSOR))


def updating_unit_ids(user) -> frozenset[int]:
    """Return the units whose projects `user` updates (reporter or unit leader)."""
    return frozenset(u for _j, u in _grants(user, Role.REPORTER, Role.UNIT_LEADER) if u)


def visible_projects(user) -> QuerySet[Project]:
    """Return the projects `user` may see."""
    scope = scope_for(user)
    if not scope.user_id:
        return Project.objects.none()
    wide = checker_jurisdiction_ids(user)
    units = updating_unit_ids(user) | scope.supervised_unit_ids
    condition = Q(year__jurisdiction_id__in=wide)
    if Role.LEADER in scope.roles:
        condition |= Q(leader_id=user.pk)
    if units:
        helped = Project.objects.filter(co_units__in=units).values("pk")
        condition |= Q(unit_id__in=units) | Q(pk__in=helped)
    return Project.objects.filter(condition)


def project_for_user(user, project_id, *, for_change: bool = False) -> Project:
    """Return the project if `user` may see it (with for_change: edit as office), else 404."""
    projects = visible_projects(user).select_related("year", "unit", "leader")
    if for_change:
        projects = projects.filter(
            year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids
        )
    return get_or_404(projects, project_id)


def can_update(user, project: Project) -> bool:
    """Return whether `user` updates `project`: its responsible unit's people, or the office."""
    return project.unit_id in updating_unit_ids(user) or is_office_of(
        user, project.year.jurisdiction_id
    )


def can_check(user, project: Project) -> bool:
    """Return whether `user` checks the project's stages: its county's office or assessor."""
    return project.year.jurisdiction_id in checker_jurisdiction_ids(user)


def require_update(user, project: Project) -> None:
    if not can_update(user, project):
        raise PermissionDenied("only the responsible unit or the office may update this project")


def stage_for_user(user, project: Project, stage_id) -> ProjectStage:
    """Return a stage of a project already found for `user`, else 404."""
    return get_or_404(project.stages.select_related("project", "project__year"), stage_id)


def visible_stage_evidence(user) -> QuerySet[StageEvidence]:
    return StageEvidence.objects.filter(stage__project__in=visible_projects(user).values("pk"))


def stage_evidence_for_user(user, evidence_id) -> StageEvidence:
    """Return a stage's evidence file if `user` may see its project, else 404."""
    return get_or_404(visible_stage_evidence(user), evidence_id)


def visible_month_photos(user) -> QuerySet[MonthPhoto]:
    return MonthPhoto.objects.filter(month__project__in=visible_projects(user).values("pk"))


def month_photo_for_user(user, photo_id) -> MonthPhoto:
    """Return a monthly update's photo if `user` may see its project, else 404."""
    return get_or_404(visible_month_photos(user), photo_id)


def ledger_years(user) -> QuerySet[AssessmentYear]:
    """Return the years whose ledger pages `user` may open (any project visible, or office)."""
    scope = scope_for(user)
    if not scope.user_id or not (
        checker_jurisdiction_ids(user)
        or updating_unit_ids(user)
        or scope.supervised_unit_ids
        or Role.LEADER in scope.roles
    ):
        raise Http404("not found")
    return AssessmentYear.objects.filter(jurisdiction_id__in=scope.jurisdiction_ids)


def office_year(user, year_id=None) -> AssessmentYear:
    """Return a year of the county whose office `user` is in (the current one by default)."""
    scope = scope_for(user)
    if not scope.office_jurisdiction_ids:
        raise Http404("not found")
    years = AssessmentYear.objects.filter(jurisdiction_id__in=scope.office_jurisdiction_ids)
    if year_id:
        return get_or_404(years, year_id)
    year = years.filter(is_current=True).first() or years.order_by("-year").first()
    if year is None:
        raise Http404("not found")
    return year


def visible_events(user) -> QuerySet:
    """Return the events of the years whose ledger `user` may open (none for others)."""
    from leitai.projects.models import Event

    try:
        years = ledger_years(user)
    except Http404:
        return Event.objects.none()
    return Event.objects.filter(year__in=years)


def event_for_user(user, event_id):
    """Return the event if `user` may see it, else 404."""
    return get_or_404(visible_events(user).select_related("year"), event_id)


def visible_event_photos(user):
    from leitai.projects.models import EventPhoto

    return EventPhoto.objects.filter(event__in=visible_events(user).values("pk"))


def event_photo_for_user(user, photo_id):
    """Return an event's photo if `user` may see the event, else 404."""
    return get_or_404(visible_event_photos(user), photo_id)
