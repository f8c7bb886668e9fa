"""The project ledger's API: projects (and their units' figures), stages, months.

Reads are scoped by leitai.projects.access (an invisible object is a 404); the one write here,
a stage's check, calls the service, which refuses a person who may not check with a 403.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.org.access import year_for_user
from leitai.projects import services
from leitai.projects.access import visible_projects
from leitai.projects.api.serializers import (
    CheckSerializer,
    FiguresSerializer,
    MonthSerializer,
    ProjectSerializer,
    StageSerializer,
)
from leitai.projects.models import Project, ProjectMonth, ProjectStage
from leitai.projects.schedule import month_end
from leitai.projects.selectors import figures_for

ERRORS = dict.fromkeys((400, 401, 403, 404), ErrorSerializer)
TWO = Decimal("0.01")


class ProjectFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    unit = IdFilter(field_name="unit_id", help_text="Responsible unit id.")
    leader = IdFilter(field_name="leader_id", help_text="Leader in charge (user id).")

    class Meta:
        model = Project
        fields = ["year", "unit", "leader"]


class ChildFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id", help_text="Project id.")


class StageFilter(ChildFilter):
    class Meta:
        model = ProjectStage
        fields = ["project"]


class MonthFilter(ChildFilter):
    class Meta:
        model = ProjectMonth
        fields = ["project"]


class Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = ID_PATTERN


def _schema(tag, noun, read):
    return extend_schema_view(
        list=extend_schema(
            tags=[tag], summary=f"List {noun}s", responses={200: read(many=True), **ERRORS}
        ),
        retrieve=extend_schema(
            tags=[tag], summary=f"Get one {noun}", responses={200: read, **ERRORS}
        ),
    )


@_schema("projects", "project", ProjectSerializer)
class ProjectViewSet(Base):
    """Projects of the ledger the caller may see."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        projects = visible_projects(self.request.user).prefetch_related("co_units")
        return projects.order_by("year_id", "code")

    @extend_schema(
        tags=["projects"],
        summary="The ledger's figures per unit at a month's end",
        parameters=[
            OpenApiParameter("year", int, required=True, description="Assessment year id."),
            OpenApiParameter("month", int, required=True, description="Month, 1 to 12."),
        ],
        responses={200: FiguresSerializer(many=True), **ERRORS},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def figures(self, request):
        """Return the figures of the visible projects' units (what the feeds write)."""
        year = year_for_user(request.user, request.query_params.get("year"))
        month = request.query_params.get("month", "")
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise ValidationError({"month": ["Give a month from 1 to 12."]})
        projects = visible_projects(request.user).filter(year=year)
        figures = figures_for(projects, month_end(year.year, int(month)))
        rows = [_figures(f) for _u, f in sorted(figures.items())]
        return Response(FiguresSerializer(rows, many=True).data)


def _round(value):
    return None if value is None else value.quantize(TWO, rounding=ROUND_HALF_UP)


def _figures(f) -> dict:
    return {
        "unit": f.unit_id,
        "month": f.month,
        "planned_year": f.planned_year,
        "completed": f.completed,
        "investment_rate": _round(f.investment_rate),
        "planned_starts": f.planned_starts,
        "started": f.started,
        "start_rate": _round(f.start_rate),
        "entries": f.entries,
        "signings": f.signings,
        "signed_amount": f.signed_amount,
    }


@_schema("projects", "project stage", StageSerializer)
class StageViewSet(Base):
    """Stages of the projects the caller may see; the office or assessor checks them."""

    serializer_class = StageSerializer
    filterset_class = StageFilter

    def get_queryset(self):
        stages = ProjectStage.objects.filter(project__in=visible_projects(self.request.user))
        return stages.select_related("project", "project__year").order_by("project_id", "order")

    @extend_schema(
        tags=["projects"],
        summary="Verify, send back or reopen a stage (office or statistics bureau)",
        request=CheckSerializer,
        responses={200: StageSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        stage = self.get_object()
        body = CheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = {
            "verify": services.stage_verify,
            "send_back": services.stage_send_back,
            "reopen": services.stage_reopen,
        }[body.validated_data["action"]]
        stage = run(actor=request.user, stage=stage, comment=body.validated_data["comment"])
        return Response(StageSerializer(stage).data)


@_schema("projects", "project month", MonthSerializer)
class MonthViewSet(Base):
    """Monthly plan and updates of the projects the caller may see."""

    serializer_class = MonthSerializer
    filterset_class = MonthFilter
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        months = ProjectMonth.objects.filter(project__in=visible_projects(self.request.user))
        return months.order_by("project_id", "month")
