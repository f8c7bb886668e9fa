"""The ranking notices API: list a snapshot's notices, read one, download its files.

Scoped like the pages (leitai/rankings/notices/access.py): whoever may see the ranking. The
state, progress and error are the pages' (leitai/rankings/notices/progress.py).
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.rankings.notices.access import visible_notices
from leitai.rankings.notices.api.serializers import NoticeSerializer
from leitai.rankings.notices.models import Notice
from leitai.rankings.notices.views import file_response

ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
TAG = "notices"


class NoticeFilter(filters.FilterSet):
    snapshot = IdFilter(field_name="snapshot_id")

    class Meta:
        model = Notice
        fields = ["snapshot"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List ranking notices (filter by snapshot)",
        responses={200: NoticeSerializer(many=True), 400: ErrorSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        tags=[TAG], summary="Get one notice", responses={200: NoticeSerializer, **ERRORS}
    ),
    download=extend_schema(
        tags=[TAG],
        summary="Download a notice's file",
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["docx", "pdf", "xlsx"])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    ),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Ranking notices of the snapshots the caller may see."""

    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        notices = visible_notices(self.request.user).select_related(
            "snapshot__period", "snapshot__jurisdiction", "job"
        )
        return notices.order_by("-created_at", "-id")

    @action(
        detail=True,
        methods=["get"],
        url_path=r"download/(?P<kind>docx|pdf|xlsx)",
        filterset_class=None,
        pagination_class=None,
    )
    def download(self, request, pk=None, kind=None):
        return file_response(self.get_object(), kind)
