"""The city API (read-only; changes go through the pages' services): the office's city
indicators with their carriers, and the city's results it confirmed. Anyone else sees none."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.viewsets import ReadOnlyModelViewSet

from leitai.city.access import office_years
from leitai.city.api.serializers import CityIndicatorSerializer, CityReleaseSerializer
from leitai.city.models import CityCarrier, CityIndicator, CityPosition, CityRelease
from leitai.core.api.base import ErrorSerializer

TAG = "city"
ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List city indicators",
                       responses={200: CityIndicatorSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(tags=[TAG], summary="Get one city indicator",
                           responses={200: CityIndicatorSerializer, **ERRORS}),
)  # fmt: skip
class CityIndicatorViewSet(ReadOnlyModelViewSet):
    """City indicators (市考指标) of the office's years, with the departments carrying them."""

    serializer_class = CityIndicatorSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        carriers = CityCarrier.objects.select_related("unit").order_by("unit__code")
        return (
            CityIndicator.objects.filter(year__in=office_years(self.request.user))
            .prefetch_related(Prefetch("carriers", carriers))
            .order_by("year_id", "code")
        )


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the city's results",
                       responses={200: CityReleaseSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(tags=[TAG], summary="Get one period's city results",
                           responses={200: CityReleaseSerializer, **ERRORS}),
)  # fmt: skip
class CityReleaseViewSet(ReadOnlyModelViewSet):
    """The city's results (市考结果) of each period, as the office confirmed them."""

    serializer_class = CityReleaseSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        rows = CityPosition.objects.select_related("city_indicator").order_by(
            "city_indicator__code", "position", "county"
        )
        return (
            CityRelease.objects.filter(year__in=office_years(self.request.user))
            .prefetch_related(Prefetch("rows", rows))
            .order_by("year_id", "period_code")
        )
