"""The rankings API's viewsets: snapshots (compute, publish), their rows and scorecards, appeals.

Scoped like the pages (leitai/rankings/access.py): published snapshots for everyone of the
county, drafts for its office; appeals for the office and the unit's own people. Every write
is one service call, which owns its transaction.
"""

from __future__ import annotations

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.assessment.scheme.access import period_for_user
from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.org.access import get_or_404, unit_for_user
from leitai.rankings import services
from leitai.rankings.access import visible_appeals, visible_publications, visible_snapshots
from leitai.rankings.api.serializers import (
    AppealCreateSerializer,
    AppealSerializer,
    ComputeSerializer,
    DecideSerializer,
    PublishSerializer,
    RowSerializer,
    ScorecardSerializer,
    SnapshotSerializer,
)
from leitai.rankings.models import Appeal, RankingSnapshot

ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
TAG = "rankings"


# --- filters -------------------------------------------------------------------------------


class SnapshotFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    period = IdFilter(field_name="period_id", help_text="Period id.")
    published = filters.BooleanFilter(
        field_name="publication", lookup_expr="isnull", exclude=True, help_text="Published or not."
    )

    class Meta:
        model = RankingSnapshot
        fields = ["year", "period", "published"]


class AppealFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=Appeal.State.choices, help_text="State.")
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")

    class Meta:
        model = Appeal
        fields = ["state", "unit"]


# --- viewsets ------------------------------------------------------------------------------

GROUP_PARAM = OpenApiParameter("group", int, description="Only this group id.")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List ranking snapshots",
        responses={200: SnapshotSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one snapshot", responses={200: SnapshotSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Compute a new draft of a period (office)",
        request=ComputeSerializer,
        responses={201: SnapshotSerializer, 400: ErrorSerializer, **ERRORS},
    ),
    publish=extend_schema(
        tags=[TAG],
        summary="Publish a draft (office)",
        request=PublishSerializer,
        responses={201: SnapshotSerializer, 400: ErrorSerializer, **ERRORS},
    ),
    rows=extend_schema(
        tags=[TAG],
        summary="The ranking: one row per unit",
        parameters=[GROUP_PARAM],
        responses={200: RowSerializer(many=True), **ERRORS},
    ),
    scorecard=extend_schema(
        tags=[TAG],
        summary="One unit's scorecard: indicators, arenas, adjustments, explanations",
        responses={200: ScorecardSerializer, **ERRORS},
    ),
)
class SnapshotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Ranking snapshots; a snapshot never changes (no PATCH, no DELETE)."""

    serializer_class = SnapshotSerializer
    filterset_class = SnapshotFilter
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        rows = visible_snapshots(self.request.user).select_related("period", "publication")
        return rows.defer("inputs", "results", "scheme_dump").order_by("period_id", "-number")

    def get_serializer_class(self):
        if self.action == "create":
            return ComputeSerializer
        if self.action == "publish":
            return PublishSerializer
        return SnapshotSerializer

    def _output(self, snapshot, code=status.HTTP_201_CREATED) -> Response:
        fresh = self.get_queryset().get(pk=snapshot.pk)
        return Response(SnapshotSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        data = _valid(ComputeSerializer, request)
        period = period_for_user(request.user, data["period"])
        appeal = None
        if "appeal" in data:
            appeal = get_or_404(visible_appeals(request.user), data["appeal"])
        snapshot = services.snapshot_compute(
            actor=request.user, period=period, reason=data.get("reason", ""), appeal=appeal
        )
        return self._output(snapshot)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        snapshot = self.get_object()
        data = _valid(PublishSerializer, request)
        services.snapshot_publish(actor=request.user, snapshot=snapshot, **data)
        return self._output(snapshot)

    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def rows(self, request, pk=None):
        snapshot = self.get_object()
        rows = snapshot.rows.select_related("unit", "group").defer("detail")
        group = request.query_params.get("group")
        if group:
            if not group.isdigit():
                raise Http404("not found")
            rows = rows.filter(group_id=int(group))
        return Response(RowSerializer(rows.order_by("position"), many=True).data)

    @action(
        detail=True,
        methods=["get"],
        url_path=rf"units/(?P<unit_id>{ID_PATTERN})",
        pagination_class=None,
        filterset_class=None,
    )
    def scorecard(self, request, pk=None, unit_id=None):
        snapshot = self.get_object()
        row = snapshot.rows.select_related("unit", "group").filter(unit_id=int(unit_id)).first()
        if row is None:
            raise Http404("not found")
        return Response(ScorecardSerializer(row).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List appeals",
        responses={200: AppealSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one appeal", responses={200: AppealSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Appeal a unit's published result (the unit's leader)",
        request=AppealCreateSerializer,
        responses={201: AppealSerializer, 400: ErrorSerializer, **ERRORS},
    ),
    decide=extend_schema(
        tags=[TAG],
        summary="Accept or reject an appeal (office)",
        request=DecideSerializer,
        responses={200: AppealSerializer, 400: ErrorSerializer, **ERRORS},
    ),
)
class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Appeals (申诉) against published results."""

    serializer_class = AppealSerializer
    filterset_class = AppealFilter
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        appeals = visible_appeals(self.request.user).select_related("publication__snapshot")
        return appeals.order_by("-filed_at", "-id")

    def get_serializer_class(self):
        if self.action == "create":
            return AppealCreateSerializer
        if self.action == "decide":
            return DecideSerializer
        return AppealSerializer

    def create(self, request, *args, **kwargs):
        data = _valid(AppealCreateSerializer, request)
        publication = get_or_404(visible_publications(request.user), data["publication"])
        unit = unit_for_user(request.user, data["unit"])
        appeal = services.appeal_file(
            actor=request.user,
            publication=publication,
            unit=unit,
            reason=data["reason"],
            indicators=data.get("indicators", []),
        )
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appeal = self.get_object()
        data = _valid(DecideSerializer, request)
        appeal = services.appeal_decide(actor=request.user, appeal=appeal, **data)
        return Response(AppealSerializer(appeal).data)
