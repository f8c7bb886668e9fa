"""The key-task API's viewsets: tasks, milestones, evidence files, weekly reports, requests.

Reads are scoped by leitai.keytasks.access (an invisible object is a 404); writes call the
services, which refuse a visible object the caller may not change with a 403. Evidence files
are read here; they are uploaded with `POST /api/milestones/{id}/evidence/`, through the
milestone service.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.keytasks import services
from leitai.keytasks.access import (
    task_for_user,
    visible_milestone_evidence,
    visible_requests,
    visible_tasks,
)
from leitai.keytasks.api.serializers import (
    AnswerSerializer,
    EvidenceFileSerializer,
    EvidenceUploadSerializer,
    FollowUpSerializer,
    MilestoneCreateSerializer,
    MilestoneSerializer,
    MilestoneUpdateSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    RequestCreateSerializer,
    RequestSerializer,
    TaskCreateSerializer,
    TaskSerializer,
    TaskWriteSerializer,
)
from leitai.keytasks.models import (
    CoordinationRequest,
    DispatchSettings,
    KeyTask,
    Milestone,
    MilestoneEvidence,
    WeeklyReport,
)
from leitai.keytasks.selectors import default_as_of, rules_for, settings_for, with_latest_report
from leitai.keytasks.views.common import parse_day
from leitai.org.access import current_year_for, year_for_user

ERRORS = dict.fromkeys((400, 401, 403, 404), ErrorSerializer)


# --- filters -----------------------------------------------------------------------------------


class TaskFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    lead_unit = IdFilter(field_name="lead_unit_id", help_text="Lead unit id.")
    leader = IdFilter(field_name="leader_id", help_text="Leader in charge (user id).")
    code = filters.CharFilter(lookup_expr="iexact", help_text="Task code.")

    class Meta:
        model = KeyTask
        fields = ["year", "lead_unit", "leader", "code"]


class TaskChildFilter(filters.FilterSet):
    task = IdFilter(field_name="task_id", help_text="Task id.")


class MilestoneFilter(TaskChildFilter):
    class Meta:
        model = Milestone
        fields = ["task"]


class ReportFilter(TaskChildFilter):
    class Meta:
        model = WeeklyReport
        fields = ["task"]


class RequestFilter(TaskChildFilter):
    status = filters.ChoiceFilter(choices=CoordinationRequest.Status.choices)

    class Meta:
        model = CoordinationRequest
        fields = ["task", "status"]


# --- viewsets ----------------------------------------------------------------------------------


class Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID_PATTERN
    write_serializers: dict = {}

    def get_serializer_class(self):
        return self.write_serializers.get(self.action, self.serializer_class)

    def validated(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def out(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(
            self.serializer_class(fresh, context=self.get_serializer_context()).data, code
        )


def _task(request, task_id) -> KeyTask:
    try:
        return task_for_user(request.user, task_id)
    except Http404 as exc:
        raise ValidationError({"task": ["No such task."]}) from exc


def _schema(tag, noun, read, **writes):
    actions = {
        "list": extend_schema(
            tags=[tag], summary=f"List {noun}s", responses={200: read(many=True), **ERRORS}
        ),
        "retrieve": extend_schema(
            tags=[tag], summary=f"Get one {noun}", responses={200: read, **ERRORS}
        ),
    }
    for name, (summary, body, code) in writes.items():
        actions[name] = extend_schema(
            tags=[tag], summary=summary, request=body, responses={code: read, **ERRORS}
        )
    return extend_schema_view(**actions)


@_schema(
    "tasks",
    "key task",
    TaskSerializer,
    create=("Create a key task (office)", TaskCreateSerializer, 201),
    partial_update=("Change a key task (office)", TaskWriteSerializer, 200),
)
class TaskViewSet(Base):
    """Key tasks the caller may see, with their colour as of `?as_of=` (default: dispatch date)."""

    serializer_class = TaskSerializer
    write_serializers = {"create": TaskCreateSerializer, "partial_update": TaskWriteSerializer}
    filterset_class = TaskFilter

    def _as_of(self):
        year = current_year_for(self.request.user)
        settings = settings_for(year) if year else None
        rules = rules_for(settings) if settings else rules_for(DispatchSettings())
        day = parse_day(self.request.query_params.get("as_of"))
        if day is None and year is not None:
            day = default_as_of(year, settings)
        return day or timezone.localdate(), rules

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["as_of"], context["rules"] = self._as_of()
        return context

    def get_queryset(self):
        as_of, rules = self._as_of()
        tasks = visible_tasks(self.request.user).select_related("category")
        tasks = with_latest_report(tasks, as_of, rules).prefetch_related("milestones", "co_units")
        return tasks.order_by("year_id", "code")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(request))
        year = year_for_user(request.user, data.pop("year"))
        co_units = data.pop("co_units", [])
        data["leader_id"] = data.pop("leader", None)
        task = services.task_create(
            actor=request.user, year=year, co_units=co_units, **_leader(data)
        )
        return self.out(task, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        data = dict(self.validated(request))
        co_units = data.pop("co_units", None)
        if "leader" in data:
            data["leader_id"] = data.pop("leader")
        task = services.task_update(
            actor=request.user, task=task, co_units=co_units, **_leader(data)
        )
        return self.out(task)


def _leader(data: dict) -> dict:
    """Turn a leader id into a user (a missing or unknown id is no leader / a field error)."""
    if "leader_id" not in data:
        return data
    leader_id = data.pop("leader_id")
    if leader_id is None:
        data["leader"] = None
        return data
    leader = get_user_model().objects.filter(pk=leader_id).first()
    if leader is None:
        raise ValidationError({"leader": ["No such person."]})
    data["leader"] = leader
    return data


@_schema(
    "tasks",
    "milestone",
    MilestoneSerializer,
    create=("Add a milestone (office)", MilestoneCreateSerializer, 201),
    partial_update=(
        "Change a milestone: definition (office) or done date and evidence (lead unit)",
        MilestoneUpdateSerializer,
        200,
    ),
    evidence=(
        "Attach evidence files, marking the milestone done if `done_on` is given (lead unit)",
        EvidenceUploadSerializer,
        200,
    ),
)
class MilestoneViewSet(Base):
    """Milestones of the tasks the caller may see, with their evidence files."""

    serializer_class = MilestoneSerializer
    write_serializers = {
        "create": MilestoneCreateSerializer,
        "partial_update": MilestoneUpdateSerializer,
        "evidence": EvidenceUploadSerializer,
    }
    filterset_class = MilestoneFilter

    def get_queryset(self):
        tasks = visible_tasks(self.request.user).values("pk")
        milestones = Milestone.objects.filter(task__in=tasks).prefetch_related("evidence_files")
        return milestones.order_by("task_id", "due_date", "order")

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        milestone = self.get_object()
        data = self.validated(request)
        milestone = services.milestone_complete(
            actor=request.user,
            milestone=milestone,
            done_on=data.get("done_on", milestone.done_on),
            evidence=data.get("evidence", milestone.evidence),
            files=data["files"],
        )
        return self.out(milestone)

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(request))
        task = _task(request, data.pop("task"))
        milestone = services.milestone_create(actor=request.user, task=task, **data)
        return self.out(milestone, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        milestone = self.get_object()
        data = dict(self.validated(request))
        done = {k: data.pop(k) for k in ("done_on", "evidence") if k in data}
        milestone = services.milestone_change(
            actor=request.user, milestone=milestone, done=done, **data
        )
        return self.out(milestone)


@_schema(
    "tasks",
    "weekly report",
    ReportSerializer,
    create=("File the week's report (lead unit or office)", ReportCreateSerializer, 201),
)
class ReportViewSet(Base):
    """Weekly reports of the tasks the caller may see; filing one again corrects it."""

    serializer_class = ReportSerializer
    write_serializers = {"create": ReportCreateSerializer}
    filterset_class = ReportFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        tasks = visible_tasks(self.request.user).values("pk")
        return WeeklyReport.objects.filter(task__in=tasks).order_by("task_id", "-week_start")

    def create(self, request, *args, **kwargs):
        data = dict(self.validated(request))
        task = _task(request, data.pop("task"))
        milestones = {m.pk: m for m in task.milestones.all()}
        done = []
        for item in data.pop("milestones_done"):
            if item["milestone"] not in milestones:
                raise ValidationError({"milestones_done": ["A milestone is not of this task."]})
            done.append((milestones[item["milestone"]], item["done_on"], item["evidence"]))
        report = services.report_submit(actor=request.user, task=task, milestones_done=done, **data)
        return self.out(report, status.HTTP_201_CREATED)


@_schema(
    "tasks",
    "coordination request",
    RequestSerializer,
    create=("Raise a problem needing coordination (lead unit)", RequestCreateSerializer, 201),
    answer=("Answer a request (the task's leader in charge)", AnswerSerializer, 200),
    follow_up=("Record the follow-up and close (lead unit)", FollowUpSerializer, 200),
)
class RequestViewSet(Base):
    """Coordination requests (需协调解决的问题) of the tasks the caller may see."""

    serializer_class = RequestSerializer
    write_serializers = {
        "create": RequestCreateSerializer,
        "answer": AnswerSerializer,
        "follow_up": FollowUpSerializer,
    }
    filterset_class = RequestFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return visible_requests(self.request.user).select_related("task", "task__year")

    def create(self, request, *args, **kwargs):
        data = self.validated(request)
        task = _task(request, data["task"])
        obj = services.request_raise(actor=request.user, task=task, question=data["question"])
        return self.out(obj, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        obj = self.get_object()
        data = self.validated(request)
        obj = services.request_answer(actor=request.user, request=obj, answer=data["answer"])
        return self.out(obj)

    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        obj = self.get_object()
        data = self.validated(request)
        obj = services.request_follow_up(
            actor=request.user, request=obj, follow_up=data["follow_up"]
        )
        return self.out(obj)


class EvidenceFileFilter(filters.FilterSet):
    task = IdFilter(field_name="milestone__task_id", help_text="Task id.")
    milestone = IdFilter(field_name="milestone_id", help_text="Milestone id.")

    class Meta:
        model = MilestoneEvidence
        fields = ["task", "milestone"]


@extend_schema_view(
    list=extend_schema(
        tags=["tasks"],
        summary="List milestone evidence files",
        responses={200: EvidenceFileSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        tags=["tasks"],
        summary="Get one milestone evidence file",
        responses={200: EvidenceFileSerializer, **ERRORS},
    ),
)
class EvidenceFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Evidence files of the milestones of the tasks the caller may see (download: `download`)."""

    serializer_class = EvidenceFileSerializer
    filterset_class = EvidenceFileFilter
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        files = visible_milestone_evidence(self.request.user).select_related("milestone")
        return files.order_by("id")
