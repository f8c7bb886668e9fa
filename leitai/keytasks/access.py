"""Who may see and change key tasks: the one place these checks live.

- office: every task of its county; changes everything (tasks, milestones, reports, settings);
- county leader: reads every task of the county; answers the requests of tasks in his charge;
- reporter / unit leader of the lead unit: read; report weekly, mark milestones done (with
  evidence files), raise problems;
- a co-unit's people (and an assessor for its own unit's tasks): read only;
- supervisor: reads the tasks led or co-led by the units its supervision group covers;
- judge, other units, other counties: nothing (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leitai.keytasks.models import CoordinationRequest, KeyTask, MilestoneEvidence
from leitai.org.access import scope_for
from leitai.org.models import Role, RoleGrant


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
    try:
        return tasks.get(pk=int(task_id))
    except (ValueError, TypeError, KeyTask.DoesNotExist) as exc:
        raise Http404("not found") from exc


def is_office_of(user, task: KeyTask) -> bool:
    return task.year.jurisdiction_id in scope_for(user).office_jurisdiction_ids


def can_report(user, task: KeyTask) -> bool:
    """Return whether `user` may report on `task`: its lead unit's people, or the office."""
    return task.lead_unit_id in reporting_unit_ids(user) or is_office_of(user, task)


def can_answer(user, task: KeyTask) -> bool:
    """Return whether `user` may answer the task's coordination requests: its leader only."""
    return task.leader_id is not None and task.leader_id == getattr(user, "pk", None)


def require_report(user, task: KeyTask) -> None:
    if not can_report(user, task):
        raise PermissionDenied("only the lead unit or the office may report on this task")


def require_answer(user, task: KeyTask) -> None:
    if not can_answer(user, task):
        raise PermissionDenied("only the leader in charge may answer")


def visible_requests(user) -> QuerySet[CoordinationRequest]:
    """Return the coordination requests of the tasks `user` may see."""
    return CoordinationRequest.objects.filter(task__in=visible_tasks(user).values("pk"))


def request_for_user(user, request_id) -> CoordinationRequest:
    """Return the coordination request if its task is visible to `user`, else raise Http404."""
    requests = visible_requests(user).select_related(
        "task", "task__year", "task__lead_unit", "task__leader"
    )
    try:
        return requests.get(pk=int(request_id))
    except (ValueError, TypeError, CoordinationRequest.DoesNotExist) as exc:
        raise Http404("not found") from exc


def visible_milestone_evidence(user) -> QuerySet[MilestoneEvidence]:
    """Return the milestone evidence files of the tasks `user` may see."""
    return MilestoneEvidence.objects.filter(milestone__task__in=visible_tasks(user).values("pk"))


def milestone_evidence_for_user(user, evidence_id) -> MilestoneEvidence:
    """Return a milestone's evidence file if `user` may see its task, else raise Http404."""
    files = visible_milestone_evidence(user).select_related("milestone")
    try:
        return files.get(pk=int(evidence_id))
    except (ValueError, TypeError, MilestoneEvidence.DoesNotExist) as exc:
        raise Http404("not found") from exc
