"""The working-day calendar, read-only: what counts as a holiday or a make-up working day."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from leitai.core.api.base import ID_PATTERN, ErrorSerializer
from leitai.org.calendar.access import visible_calendar_days
from leitai.org.calendar.api.serializers import CalendarDaySerializer

ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Only the days of this year.")


@extend_schema_view(
    list=extend_schema(
        tags=["organisation"],
        summary="List the holidays and make-up working days (national and local)",
        parameters=[YEAR],
        responses={200: CalendarDaySerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        tags=["organisation"],
        summary="Get one calendar day",
        responses={200: CalendarDaySerializer, **ERRORS},
    ),
)
class CalendarDayViewSet(viewsets.ReadOnlyModelViewSet):
    """The calendar days the caller's jurisdictions count with; changed on the office's page."""

    serializer_class = CalendarDaySerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        days = visible_calendar_days(self.request.user).order_by("day", "pk")
        year = self.request.query_params.get("year", "")
        return days.filter(day__year=int(year)) if year.isdigit() and len(year) == 4 else days
