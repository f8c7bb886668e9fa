"""Viewsets of the collection side's API: submissions, values, evidence, scores, chasing.

Reads are the `collection.access` querysets (an object the caller may not see is a 404);
every write calls the same service as the pages.
"""

from __future__ import annotations

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from leitai.assessment.collection import access
from leitai.assessment.collection.api.serializers import (
    BulkSavedSerializer,
    BulkSaveSerializer,
    ChasingRowSerializer,
    CollectedEvidenceSerializer,
    PanelScoreSerializer,
    PanelScoresResultSerializer,
    PanelScoresWriteSerializer,
    ReturnSerializer,
    ReviewSerializer,
    SubmissionSerializer,
    SubmissionUpdateSerializer,
    ValueSerializer,
    ValueWriteSerializer,
)
from leitai.assessment.collection.selectors import chasing_board
from leitai.assessment.collection.services.collection import (
    Entry,
    submission_request_signoff,
    submission_save,
    submission_submit,
)
from leitai.assessment.collection.services.panel import panel_scores_save
from leitai.assessment.collection.services.review import value_return, value_verify
from leitai.assessment.models import Evidence, IndicatorValue, PanelScore, Submission
from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.org.models import Unit

TAG = "data collection"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
WRITE_ERRORS = {400: ErrorSerializer, **ERRORS}


# --- filters ------------------------------------------------------------------------------------


class PeriodUnitFilter(filters.FilterSet):
    period = IdFilter(field_name="period_id", help_text="Period id.")
    unit = IdFilter(field_name="unit_id", help_text="Unit id.")


class SubmissionFilter(PeriodUnitFilter):
    state = filters.ChoiceFilter(choices=Submission.State.choices)

    class Meta:
        model = Submission
        fields = ["period", "unit", "state"]


class ValueFilter(PeriodUnitFilter):
    indicator = filters.CharFilter(field_name="indicator_code", max_length=32)
    state = filters.ChoiceFilter(choices=IndicatorValue.State.choices)

    class Meta:
        model = IndicatorValue
        fields = ["period", "unit", "indicator", "state"]


class EvidenceFilter(PeriodUnitFilter):
    class Meta:
        model = Evidence
        fields = ["period", "unit"]


class PanelFilter(PeriodUnitFilter):
    indicator = filters.CharFilter(field_name="indicator_code", max_length=32)

    class Meta:
        model = PanelScore
        fields = ["period", "unit", "indicator"]


# --- viewsets -----------------------------------------------------------------------------------


def _period_and_unit(user, period_id, unit_id):
    period = access.period_for_collection(user, period_id)
    return period, access.submission_unit_for_user(user, period, unit_id)


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List submissions",
        responses={200: SubmissionSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one submission", responses={200: SubmissionSerializer, **ERRORS}
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary="Change the highlight",
        request=SubmissionUpdateSerializer,
        responses={200: SubmissionSerializer, **WRITE_ERRORS},
    ),
    request_signoff=extend_schema(
        tags=[TAG],
        summary="Hand over for sign-off (reporter)",
        request=None,
        responses={200: SubmissionSerializer, **WRITE_ERRORS},
    ),
    submit=extend_schema(
        tags=[TAG],
        summary="Sign off and submit (unit leader)",
        request=None,
        responses={200: SubmissionSerializer, **WRITE_ERRORS},
    ),
)
class SubmissionViewSet(mixins.UpdateModelMixin, ReadViewSet):
    """A unit's data for a period: state, highlight, sign-off."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.visible_submissions(self.request.user).order_by("period_id", "unit_id")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return SubmissionUpdateSerializer
        return SubmissionSerializer

    # Answers are built from what the service returned, never read again: once the change is
    # committed, a failing read must not tell the person that it failed.
    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        body = SubmissionUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = submission_save(
            actor=request.user,
            period=submission.period,
            unit=submission.unit,
            highlight=body.validated_data["highlight"],
            highlight_revision=body.validated_data["revision"],
        )
        return Response(SubmissionSerializer(saved.submission).data)

    @action(detail=True, methods=["post"], url_path="request-signoff")
    def request_signoff(self, request, pk=None):
        submission = self.get_object()
        saved = submission_request_signoff(
            actor=request.user, period=submission.period, unit=submission.unit
        )
        return Response(SubmissionSerializer(saved).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        saved = submission_submit(
            actor=request.user, period=submission.period, unit=submission.unit
        )
        return Response(SubmissionSerializer(saved).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List values",
        responses={200: ValueSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one value", responses={200: ValueSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Enter or change a value",
        request=ValueWriteSerializer,
        responses={200: ValueSerializer, **WRITE_ERRORS},
    ),
    verify=extend_schema(
        tags=[TAG],
        summary="Verify a value (assessor, office)",
        request=ReviewSerializer,
        responses={200: ValueSerializer, **WRITE_ERRORS},
    ),
    bulk=extend_schema(
        tags=[TAG],
        summary="Save many values of a unit at once (and the highlight)",
        description=(
            "All or nothing, one audit row. Each value carries the revision you read (0 for "
            "a new one); if any changed since, nothing is saved and `fields` names each such "
            "value by its indicator code."
        ),
        request=BulkSaveSerializer,
        responses={200: BulkSavedSerializer, **WRITE_ERRORS},
    ),
    return_value=extend_schema(
        tags=[TAG],
        summary="Return a value with a reason (assessor, office)",
        request=ReturnSerializer,
        responses={200: ValueSerializer, **WRITE_ERRORS},
    ),
)
class ValueViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Indicator values: the own unit's, the indicators one reviews, or all for the office."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def get_queryset(self):
        return access.visible_values(self.request.user).order_by(
            "period_id", "unit_id", "indicator_code"
        )

    def get_serializer_class(self):
        return {
            "create": ValueWriteSerializer,
            "bulk": BulkSaveSerializer,
            "verify": ReviewSerializer,
            "return_value": ReturnSerializer,
        }.get(self.action, ValueSerializer)

    def create(self, request, *args, **kwargs):
        body = ValueWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        period, unit = _period_and_unit(request.user, data["period"], data["unit"])
        entry = Entry(data["indicator_code"], data["value"], data["revision"], data.get("note"))
        saved = submission_save(actor=request.user, period=period, unit=unit, entries=[entry])
        value = saved.values[entry.code]
        if value is None:
            return Response(
                {"error": {"code": "invalid", "message": "Nothing was saved.", "fields": {}}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ValueSerializer(value).data)

    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Save many values of one unit and period at once, all or nothing."""
        body = BulkSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        period, unit = _period_and_unit(request.user, data["period"], data["unit"])
        entries = [
            Entry(v["indicator_code"], v["value"], v["revision"], v.get("note"))
            for v in data["values"]
        ]
        saved = submission_save(
            actor=request.user,
            period=period,
            unit=unit,
            entries=entries,
            highlight=data.get("highlight"),
            highlight_revision=data.get("highlight_revision"),
        )
        values = [v for v in saved.values.values() if v is not None]
        return Response(
            BulkSavedSerializer({"submission": saved.submission, "values": values}).data
        )

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        value = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = value_verify(
            actor=request.user, value=value, revision=body.validated_data.get("revision")
        )
        return Response(ValueSerializer(saved).data)

    @action(detail=True, methods=["post"], url_path="return")
    def return_value(self, request, pk=None):
        value = self.get_object()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = value_return(
            actor=request.user,
            value=value,
            comment=body.validated_data["comment"],
            revision=body.validated_data.get("revision"),
        )
        return Response(ValueSerializer(saved).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List evidence files",
        responses={200: CollectedEvidenceSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one evidence file's details",
        responses={200: CollectedEvidenceSerializer, **ERRORS},
    ),
)
class EvidenceViewSet(ReadViewSet):
    """Evidence files of the submissions the caller may see (download with `download`)."""

    serializer_class = CollectedEvidenceSerializer
    filterset_class = EvidenceFilter

    def get_queryset(self):
        return access.visible_evidence(self.request.user).order_by("id")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List judges' scores (office)",
        responses={200: PanelScoreSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one judge's score (office)",
        responses={200: PanelScoreSerializer, **ERRORS},
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Set judges' scores of a panel indicator (office)",
        request=PanelScoresWriteSerializer,
        responses={200: PanelScoresResultSerializer, **WRITE_ERRORS},
    ),
)
class PanelScoreViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Judges' scores of `panel` indicators; the office sees and sets them."""

    serializer_class = PanelScoreSerializer
    filterset_class = PanelFilter

    def get_queryset(self):
        return access.visible_panel_scores(self.request.user).order_by(
            "period_id", "unit_id", "indicator_code", "judge_label"
        )

    def get_serializer_class(self):
        return PanelScoresWriteSerializer if self.action == "create" else PanelScoreSerializer

    def create(self, request, *args, **kwargs):
        body = PanelScoresWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        period = access.period_for_collection(request.user, data["period"])
        access.require_office_period(request.user, period)
        units = set(
            Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id).values_list(
                "pk", flat=True
            )
        )
        scores = {}
        for item in data["scores"]:
            if item["unit"] not in units:
                raise serializers.ValidationError({"scores": ["Unknown unit."]})
            scores[(item["unit"], item["judge_label"].strip())] = item["score"]
        changed = panel_scores_save(
            actor=request.user, period=period, indicator_code=data["indicator_code"], scores=scores
        )
        return Response({"changed": changed})


class ChasingView(APIView):
    """The office's chasing board of a period: per unit, filled, submitted, verified, late."""

    @extend_schema(
        tags=[TAG],
        summary="Chasing board of a period (office)",
        responses={200: ChasingRowSerializer(many=True), **ERRORS},
    )
    def get(self, request, period_id):
        if not access.is_office(request.user):
            raise Http404("not found")
        period = access.period_for_collection(request.user, period_id)
        access.require_office_period(request.user, period)
        rows = [
            {
                "unit": r.unit.pk,
                "unit_code": r.unit.code,
                "unit_name": r.unit.name,
                "group": r.group,
                "state": r.state,
                "expected": r.expected,
                "filled": r.filled,
                "submitted": r.submitted,
                "verified": r.verified,
                "returned": r.returned,
                "late": r.late,
            }
            for r in chasing_board(period)
        ]
        return Response(ChasingRowSerializer(rows, many=True).data)
