"""The supervision API's viewsets: rounds, visits, problems and their rectification steps.

Reads are the pages' querysets (leitai.supervision.access), so what a page hides is a 404
here too; every write calls the same service as the page.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import (
    ID_PATTERN,
    ErrorSerializer,
    IdFilter,
    ServiceViewSet,
)
from leitai.supervision import services
from leitai.supervision.access import visible_problems, visible_rounds, visible_visits
from leitai.supervision.api.serializers import (
    PlanSerializer,
    ProblemCreateSerializer,
    ProblemSerializer,
    ReasonSerializer,
    RoundCreateSerializer,
    RoundSerializer,
    RoundUpdateSerializer,
    SignOffSerializer,
    StepSerializer,
    VisitCreateSerializer,
    VisitSerializer,
)
from leitai.supervision.models import InspectionRound, Problem, ProblemEvent, Visit

TAG = "supervision"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)


# --- rounds ---------------------------------------------------------------------------------


class RoundFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")

    class Meta:
        model = InspectionRound
        fields = ["year"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List inspection rounds",
        responses={200: RoundSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one inspection round", responses={200: RoundSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Open an inspection round (office)",
        request=RoundCreateSerializer,
        responses={201: RoundSerializer, 400: ErrorSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary="Change an inspection round (office)",
        request=RoundUpdateSerializer,
        responses={200: RoundSerializer, 400: ErrorSerializer, **ERRORS},
    ),
)
class RoundViewSet(ServiceViewSet):
    """Inspection rounds (督导轮次) of the caller's jurisdictions."""

    serializer_class = RoundSerializer
    create_serializer_class = RoundCreateSerializer
    update_serializer_class = RoundUpdateSerializer
    filterset_class = RoundFilter

    def get_queryset(self):
        return (
            visible_rounds(self.request.user)
            .select_related("year")
            .order_by("year_id", "starts_on", "pk")
        )

    def jurisdiction_ids_of(self, obj):
        return [obj.year.jurisdiction_id]

    def perform_service_create(self, data):
        return services.round_create(actor=self.request.user, **data)

    def perform_service_update(self, obj, data):
        return services.round_update(actor=self.request.user, round=obj, **data)


# --- visits ---------------------------------------------------------------------------------


class VisitFilter(filters.FilterSet):
    round = IdFilter(field_name="round_id", help_text="Inspection round id.")
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")

    class Meta:
        model = Visit
        fields = ["round", "unit"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List visits",
        responses={200: VisitSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one visit", responses={200: VisitSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Record a visit (the unit's supervisors or the office)",
        request=VisitCreateSerializer,
        responses={201: VisitSerializer, 400: ErrorSerializer, **ERRORS},
    ),
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Visits of supervision groups to units, with findings by checklist category."""

    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return (
            visible_visits(self.request.user)
            .prefetch_related("findings")
            .order_by("round_id", "visited_on", "pk")
        )

    def create(self, request):
        data = _valid(VisitCreateSerializer, request, self)
        visit = services.visit_record(actor=request.user, **data)
        return self.output(visit, status.HTTP_201_CREATED)

    def output(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.serializer_class(fresh).data, status=code)


# --- problems -------------------------------------------------------------------------------


class ProblemFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")
    round = IdFilter(field_name="round_id", help_text="Inspection round id.")
    status = filters.ChoiceFilter(choices=Problem.Status.choices, help_text="Status.")

    class Meta:
        model = Problem
        fields = ["year", "unit", "round", "status"]


AS_OF = OpenApiParameter(
    "as_of", str, description="Day the colours are computed for (YYYY-MM-DD).", required=False
)


def _step_schema(summary, request):
    return extend_schema(
        tags=[TAG],
        summary=summary,
        request=request,
        responses={200: ProblemSerializer, 400: ErrorSerializer, **ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List problems (the ledger)",
        parameters=[AS_OF],
        responses={200: ProblemSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one problem and its story",
        parameters=[AS_OF],
        responses={200: ProblemSerializer, 400: ErrorSerializer, **ERRORS},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Raise a problem: from a visit, or (office) from elsewhere",
        request=ProblemCreateSerializer,
        responses={201: ProblemSerializer, 400: ErrorSerializer, **ERRORS},
    ),
)
class ProblemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Problems on the rectification list (问题清单) and their rectification steps."""

    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        events = ProblemEvent.objects.prefetch_related("evidence").order_by("at", "pk")
        return (
            visible_problems(self.request.user)
            .select_related("year")
            .prefetch_related(Prefetch("events", events))
            .order_by("year_id", "deadline", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        raw = self.request.query_params.get("as_of", "")
        try:
            context["as_of"] = serializers.DateField().to_internal_value(raw) if raw else None
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"as_of": exc.detail}) from exc
        return context

    def output(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request):
        data = _valid(ProblemCreateSerializer, request, self)
        problem = services.problem_raise(actor=request.user, **data)
        return self.output(problem, status.HTTP_201_CREATED)

    @_step_schema("Save or submit the rectification plan (unit)", PlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        problem = self.get_object()
        data = _valid(PlanSerializer, request, self)
        if data.pop("draft"):
            data.pop("on")  # a draft is not a dated step
            service = services.rectification_plan_draft
        else:
            service = services.rectification_plan_submit
        return self.output(service(actor=request.user, problem=problem, **data))

    @_step_schema("Report progress, optionally with evidence files (unit)", StepSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def progress(self, request, pk=None):
        problem = self.get_object()
        data = _valid(StepSerializer, request, self)
        return self.output(
            services.rectification_progress(actor=request.user, problem=problem, **data)
        )

    @_step_schema("Submit completion with evidence files (unit leader)", StepSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def complete(self, request, pk=None):
        problem = self.get_object()
        data = _valid(StepSerializer, request, self)
        return self.output(
            services.rectification_complete(actor=request.user, problem=problem, **data)
        )

    @_step_schema("Sign the rectification off (supervisor or office)", SignOffSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        problem = self.get_object()
        data = _valid(SignOffSerializer, request, self)
        return self.output(services.problem_sign_off(actor=request.user, problem=problem, **data))

    @_step_schema(
        "Send the rectification back with a reason (supervisor or office)", ReasonSerializer
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        problem = self.get_object()
        data = _valid(ReasonSerializer, request, self)
        return self.output(services.problem_send_back(actor=request.user, problem=problem, **data))

    @_step_schema("Withdraw a problem raised in error (office)", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        problem = self.get_object()
        data = _valid(ReasonSerializer, request, self)
        return self.output(services.problem_withdraw(actor=request.user, problem=problem, **data))


def _valid(serializer_class, request, view) -> dict:
    serializer = serializer_class(data=request.data, context=view.get_serializer_context())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
