"""Viewsets of the scheme side's API: schemes, indicators, periods, targets, adjustments.

Reads are the `scheme.access` querysets (an object the caller may not see is a 404);
every write calls the same service as the pages (a refused actor is a 403, bad input a 400).
"""

from __future__ import annotations

import yaml
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from leitai.assessment.models import (
    Adjustment,
    Exemption,
    Indicator,
    Period,
    Scheme,
    Target,
)
from leitai.assessment.scheme import access, selectors
from leitai.assessment.scheme.api.serializers import (
    AdjustmentSerializer,
    AdjustmentWriteSerializer,
    DecisionSerializer,
    ExemptionSerializer,
    ExemptionWriteSerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    PeriodSerializer,
    SchemeFilesSerializer,
    SchemeImportSerializer,
    SchemeSerializer,
    TargetSerializer,
    TargetWriteSerializer,
    YearSerializer,
)
from leitai.assessment.scheme.services import adjustments as adjustment_services
from leitai.assessment.scheme.services import periods as period_services
from leitai.assessment.scheme.services import scheme as scheme_services
from leitai.assessment.scheme.services import targets as target_services
from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.org.access import unit_for_user, year_for_user
from leitai.org.models import Unit

TAG = "scheme"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
WRITE_ERRORS = {400: ErrorSerializer, **ERRORS}

# --- helpers ---------------------------------------------------------------------------------


def access_year(user, year_id):
    """Return the year the caller may see, else raise Http404."""
    return year_for_user(user, year_id)


def _unit(user, unit_id) -> Unit:
    return unit_for_user(user, unit_id)


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Reads for every authenticated caller, scoped by the access querysets; JSON writes."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    lookup_value_regex = ID_PATTERN


# --- schemes -------------------------------------------------------------------------------


class SchemeFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id")
    state = filters.ChoiceFilter(choices=Scheme.State.choices)

    class Meta:
        model = Scheme
        fields = ["year", "state"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List scheme versions",
        responses={200: SchemeSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Get one scheme version with its arenas and indicators",
        responses={200: SchemeSerializer, **ERRORS},
    ),
    import_yaml=extend_schema(
        tags=[TAG],
        summary="Import a scheme from YAML as a new draft (office)",
        request=SchemeImportSerializer,
        responses={201: SchemeSerializer, **WRITE_ERRORS},
    ),
    activate=extend_schema(
        tags=[TAG],
        summary="Put a draft in force (office)",
        request=None,
        responses={200: SchemeSerializer, **WRITE_ERRORS},
    ),
    files=extend_schema(
        tags=[TAG],
        summary="The version as YAML for `leitai score`, and its metadata",
        responses={200: SchemeFilesSerializer, **ERRORS},
    ),
)
class SchemeViewSet(ReadViewSet):
    """Scheme versions of the caller's jurisdictions (drafts: the office only)."""

    serializer_class = SchemeSerializer
    filterset_class = SchemeFilter

    def get_queryset(self):
        return (
            access.visible_schemes(self.request.user)
            .prefetch_related("arenas", "indicators__arena", "indicators__assessor")
            .order_by("year_id", "-version")
        )

    def _output(self, scheme, code=status.HTTP_200_OK):
        return Response(self.serializer_class(self.get_queryset().get(pk=scheme.pk)).data, code)

    @action(
        detail=False, methods=["post"], url_path="import", filter_backends=[], pagination_class=None
    )
    def import_yaml(self, request):
        data = _valid(SchemeImportSerializer, request)
        year = access_year(request.user, data["year"])
        scheme = scheme_services.scheme_import(
            actor=request.user, year=year, text=data["yaml"], metadata=data["metadata"]
        )
        return self._output(scheme, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        scheme = scheme_services.scheme_activate(actor=request.user, scheme=self.get_object())
        return self._output(scheme)

    @action(detail=True, methods=["get"])
    def files(self, request, pk=None):
        scheme = selectors.scheme_with_rows(self.get_object().pk)
        metadata = yaml.safe_dump(
            selectors.scheme_metadata(scheme), allow_unicode=True, sort_keys=False
        )
        return Response({"yaml": selectors.scheme_yaml(scheme), "metadata": metadata})


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class IndicatorFilter(filters.FilterSet):
    scheme = IdFilter(field_name="scheme_id")
    rule = filters.ChoiceFilter(choices=Indicator.Rule.choices)

    class Meta:
        model = Indicator
        fields = ["scheme", "rule"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List indicators",
        responses={200: IndicatorSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one indicator", responses={200: IndicatorSerializer, **ERRORS}
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary="Change an indicator (office); a rule change once data exist makes a new version",
        request=IndicatorUpdateSerializer,
        responses={200: IndicatorSerializer, **WRITE_ERRORS},
    ),
)
class IndicatorViewSet(mixins.UpdateModelMixin, ReadViewSet):
    """Indicators of the scheme versions the caller may see."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        schemes = access.visible_schemes(self.request.user)
        return (
            Indicator.objects.filter(scheme__in=schemes)
            .select_related("arena", "assessor")
            .order_by("scheme_id", "arena__order", "order", "id")
        )

    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = _valid(IndicatorUpdateSerializer, request)
        result = scheme_services.indicator_update(actor=request.user, indicator=indicator, **data)
        return Response(self.serializer_class(self.get_queryset().get(pk=result.pk)).data)


# --- periods -------------------------------------------------------------------------------


class PeriodFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id")
    kind = filters.ChoiceFilter(choices=Period.Kind.choices)
    state = filters.ChoiceFilter(choices=Period.State.choices)

    class Meta:
        model = Period
        fields = ["year", "kind", "state"]


def _transition_schema(verb: str):
    return extend_schema(
        tags=[TAG],
        summary=f"{verb} a period (office)",
        request=None,
        responses={200: PeriodSerializer, **WRITE_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List periods",
        responses={200: PeriodSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one period", responses={200: PeriodSerializer, **ERRORS}
    ),
    generate=extend_schema(
        tags=[TAG],
        summary="Create the year's missing periods with default dates (office)",
        request=YearSerializer,
        responses={200: PeriodSerializer(many=True), **WRITE_ERRORS},
    ),
    open=_transition_schema("Open"),
    close=_transition_schema("Close"),
    lock=_transition_schema("Lock"),
    reopen=_transition_schema("Reopen"),
)
class PeriodViewSet(ReadViewSet):
    """Months, quarters and years of the caller's jurisdictions."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter

    def get_queryset(self):
        return access.visible_periods(self.request.user).order_by("year_id", "starts_on", "kind")

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def generate(self, request):
        year = access_year(request.user, _valid(YearSerializer, request)["year"])
        created = period_services.periods_generate(actor=request.user, year=year)
        return Response(self.serializer_class(created, many=True).data)

    def _transition(self, service):
        period = service(actor=self.request.user, period=self.get_object())
        return Response(self.serializer_class(period).data)

    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(period_services.period_open)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(period_services.period_close)

    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        return self._transition(period_services.period_lock)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(period_services.period_reopen)


# --- targets and exemptions ----------------------------------------------------------------


class TargetFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id")
    unit = IdFilter(field_name="unit_id")
    period = IdFilter(field_name="period_id")
    indicator_code = filters.CharFilter()

    class Meta:
        model = Target
        fields = ["year", "unit", "period", "indicator_code"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List targets (a unit sees its own)",
        responses={200: TargetSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one target", responses={200: TargetSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Set or clear (value null) one target (office)",
        request=TargetWriteSerializer,
        responses={200: TargetSerializer, **WRITE_ERRORS},
    ),
)
class TargetViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Targets of `completion` indicators."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self):
        return access.visible_targets(self.request.user).order_by("year_id", "unit_id", "id")

    def create(self, request, *args, **kwargs):
        data = _valid(TargetWriteSerializer, request)
        year = access_year(request.user, data["year"])
        unit = _unit(request.user, data["unit"])
        period = (
            access.period_for_user(request.user, data["period"]) if data.get("period") else None
        )
        target_services.targets_save(
            actor=request.user,
            year=year,
            period=period,
            values={(unit.pk, data["indicator_code"]): data["value"]},
        )
        row = (
            self.get_queryset()
            .filter(year=year, unit=unit, indicator_code=data["indicator_code"], period=period)
            .first()
        )
        return Response(self.serializer_class(row).data if row else {}, status=status.HTTP_200_OK)


class ExemptionFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id")
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = Exemption
        fields = ["year", "unit"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List exemptions (a unit sees its own)",
        responses={200: ExemptionSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one exemption", responses={200: ExemptionSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Exempt a unit from an indicator for the year (office)",
        request=ExemptionWriteSerializer,
        responses={201: ExemptionSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        tags=[TAG], summary="Withdraw an exemption (office)", responses={204: None, **ERRORS}
    ),
)
class ExemptionViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ReadViewSet):
    """Exemptions: a unit and an indicator that does not apply to it for the year."""

    serializer_class = ExemptionSerializer
    filterset_class = ExemptionFilter

    def get_queryset(self):
        return access.visible_exemptions(self.request.user).order_by("year_id", "unit_id", "id")

    def create(self, request, *args, **kwargs):
        data = _valid(ExemptionWriteSerializer, request)
        year = access_year(request.user, data["year"])
        unit = _unit(request.user, data["unit"])
        row = target_services.exemption_create(
            actor=request.user,
            year=year,
            unit=unit,
            indicator_code=data["indicator_code"],
            reason=data["reason"],
        )
        return Response(self.serializer_class(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        target_services.exemption_delete(actor=request.user, exemption=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- adjustments ---------------------------------------------------------------------------


class AdjustmentFilter(filters.FilterSet):
    year = IdFilter(field_name="period__year_id")
    period = IdFilter(field_name="period_id")
    unit = IdFilter(field_name="unit_id")
    kind = filters.ChoiceFilter(choices=Adjustment.Kind.choices)
    state = filters.ChoiceFilter(choices=Adjustment.State.choices)

    class Meta:
        model = Adjustment
        fields = ["year", "period", "unit", "kind", "state"]


def _decision_schema(verb: str):
    return extend_schema(
        tags=[TAG],
        summary=f"{verb} a proposed adjustment (office)",
        request=DecisionSerializer,
        responses={200: AdjustmentSerializer, **WRITE_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List adjustments (a unit sees its own approved ones)",
        responses={200: AdjustmentSerializer(many=True), **WRITE_ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one adjustment", responses={200: AdjustmentSerializer, **ERRORS}
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Propose a bonus, deduction or veto (office, assessor)",
        request=AdjustmentWriteSerializer,
        responses={201: AdjustmentSerializer, **WRITE_ERRORS},
    ),
    approve=_decision_schema("Approve"),
    reject=_decision_schema("Reject"),
)
class AdjustmentViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Bonuses, deductions and vetoes."""

    serializer_class = AdjustmentSerializer
    filterset_class = AdjustmentFilter

    def get_queryset(self):
        return access.visible_adjustments(self.request.user).order_by("period_id", "unit_id", "id")

    def create(self, request, *args, **kwargs):
        data = dict(_valid(AdjustmentWriteSerializer, request))
        period = access.period_for_user(request.user, data.pop("period"))
        unit = _unit(request.user, data.pop("unit"))
        row = adjustment_services.adjustment_propose(
            actor=request.user, period=period, unit=unit, **data
        )
        return Response(self.serializer_class(row).data, status=status.HTTP_201_CREATED)

    def _decide(self, service):
        note = _valid(DecisionSerializer, self.request)["note"]
        row = service(actor=self.request.user, adjustment=self.get_object(), note=note)
        return Response(self.serializer_class(row).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(adjustment_services.adjustment_approve)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(adjustment_services.adjustment_reject)
