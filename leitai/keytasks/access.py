"""Who may see and change key tasks: the one place these checks live.

- office: every task of its county; changes everything (tasks, milestones, reports, settings);
- county leader: reads every task of the county; answers the requests of tasks in his charge;
- reporter / unit leader of the lead unit: read; report weekly, mark milestones done (with
  evidence files), raise problems;
- a co-unit's people (and an assessor for its own unit's tasks): read only;
- supervisor: reads the tasks led or co-led by the units its supervision group covers;
- judge, other units, other counties: nothing (404).

Dispatch notices (周调度通报) are read by the office and the county leaders of their county.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.keytasks.models import CoordinationRequest, DispatchNotice, KeyTask, MilestoneEvidence
from leitai.org.access import get_or_404, is_office_of, scope_for
from leitai.org.models import AssessmentYear, Role, RoleGrant


def reporting_unit_ids(user) -> frozenset[int]:
    """Return the units `user` reports for (reporter or unit leader grants), cached per user."""
    cached = getattr(user, "_leitai_reporting_units", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            return frozenset()
        cached = frozenset(
            RoleGrant.objects.filter(
                user=user, role__in=[Role.REPORTER, Role.UNIT_LEADER]
            ).values_list("unit_id", flat=True)
        )
        user._leitai_reporting_units = cached
    return cached


def visible_tasks(user) -> QuerySet[KeyTask]:
    """Return the key tasks `user` may see."""
    scope = scope_for(user)
    units = scope.own_unit_ids | scope.supervised_unit_ids
    if not scope.people_jurisdiction_ids and not units:
        return KeyTask.objects.none()
    wide = Q(year__jurisdiction_id__in=scope.people_jurisdiction_ids)
    if not units:
        return KeyTask.objects.filter(wide)
    narrow = KeyTask.objects.filter(Q(lead_unit_id__in=units) | Q(co_units__in=units))
    return KeyTask.objects.filter(wide | Q(pk__in=narrow.values("pk")))


def task_for_user(user, task_id, *, for_change: bool = False) -> KeyTask:
    """Return the task if `user` may see it (or, with for_change, edit it as office), else 404."""
    tasks = visible_tasks(user).select_related("year", "category", "lead_unit", "leader")
    if for_change:
        tasks = tasks.filter(year__jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)
    return get_or_404(tasks, task_id)


def can_report(user, task: KeyTask) -> bool:
    """Return whether `user` may report on `task`: its lead unit's people, or the office."""
    office = is_office_of(user, task.year.jurisdiction_id)
    return office or task.lead_unit_id in reporting_unit_ids(user)


def can_answer(user, task: KeyTask) -> bool:
    """Return whether `user` may answer the task's coordination requests: its leader only."""
    return task.leader_id is not None and task.leader_id == getattr(user, "pk", None)


def require_report(user, task: KeyTask) -> None:
    if not can_report(user, task):
        raise PermissionDenied("only the lead unit or the office may report on this task")


def visible_requests(user) -> QuerySet[CoordinationRequest]:
    """Return the coordination requests of the tasks `user` may see."""
    return CoordinationRequest.objects.filter(task__in=visible_tasks(user).values("pk"))


def request_for_user(user, request_id) -> CoordinationRequest:
    """Return the coordination request if its task is visible to `user`, else raise Http404."""
    requests = visible_requests(user).select_related(
        "task", "task__year", "task__lead_unit", "task__leader"
    )
    return get_or_404(requests, request_id)


def visible_milestone_evidence(user) -> QuerySet[MilestoneEvidence]:
    """Return the milestone evidence files of the tasks `user` may see."""
    return MilestoneEvidence.objects.filter(milestone__task__in=visible_tasks(user).values("pk"))


def milestone_evidence_for_user(user, evidence_id) -> MilestoneEvidence:
    """Return a milestone's evidence file if `user` may see its task, else raise Http404."""
    files = visible_milestone_evidence(user).select_related("milestone")
    return get_or_404(files, evidence_id)


def office_year(user, year_id=None) -> AssessmentYear:
    """Return a year of the county whose office `user` is in, else raise Http404.

    The year `year_id` when given, else the current year (or the latest one).
    """
    scope = scope_for(user)
    if not scope.office_jurisdiction_ids:
        raise Http404("not found")
    years = AssessmentYear.objects.filter(jurisdiction_id=min(scope.office_jurisdiction_ids))
    if year_id:
        return get_or_404(years, year_id)
    year = years.filter(is_current=True).first() or years.order_by("-year").first()
    if year is None:
        raise Http404("not found")
    return year


def notice_years(user) -> QuerySet[AssessmentYear]:
    """Return the years whose dispatch notices `user` may read (office and county leaders).

    Raise Http404 for anyone else, so the notice pages do not exist for them.
    """
    scope = scope_for(user)
    if not scope.has(Role.OFFICE, Role.LEADER):
        raise Http404("not found")
    return AssessmentYear.objects.filter(jurisdiction_id__in=scope.people_jurisdiction_ids)


def notice_for_user(user, notice_id) -> DispatchNotice:
    """Return the dispatch notice if `user` may read its year's notices, else raise Http404."""
    notices = DispatchNotice.objects.select_related("year")
    return get_or_404(notices.filter(year__in=notice_years(user)), notice_id)
