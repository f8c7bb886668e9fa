"""The notices API: list a snapshot's notices, read one, download its files.

Scoped like the pages (leitai/rankings/notices/access.py): whoever may see the ranking. The
state, progress and error are the pages' (leitai/rankings/notices/progress.py).
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter
from leitai.rankings.models import Notice
from leitai.rankings.notices.access import visible_notices
from leitai.rankings.notices.progress import notice_progress
from leitai.rankings.notices.views import file_response

ERRORS = dict.fromkeys((401, 403, 404), ErrorSerializer)
TAG = "notices"


class NoticeSerializer(serializers.ModelSerializer):
    period_code = serializers.CharField(source="snapshot.period.code", read_only=True)
    files = serializers.SerializerMethodField(help_text="Download paths by format, when ready.")
    state = serializers.SerializerMethodField(
        help_text="pending, ready or failed (failed: `error` says why; the office may retry)."
    )
    progress = serializers.SerializerMethodField(help_text="Percent done, 0-100.")
    error = serializers.SerializerMethodField(
        help_text="Why the files could not be generated, in the request's language; else empty."
    )

    class Meta:
        model = Notice
        fields = [
            "id",
            "snapshot",
            "period_code",
            "doc_number",
            "issuer",
            "title",
            "addressee",
            "issued_on",
            "public",
            "state",
            "progress",
            "error",
            "body",
            "files",
            "created_at",
            "generated_at",
        ]

    def to_representation(self, instance):
        self._progress = notice_progress(instance)
        return super().to_representation(instance)

    def get_files(self, obj) -> dict[str, str]:
        if not self._progress.ready:
            return {}
        return {kind: f"/api/notices/{obj.pk}/download/{kind}/" for kind in ("docx", "pdf", "xlsx")}

    @extend_schema_field(serializers.ChoiceField(choices=Notice.State.values))
    def get_state(self, obj) -> str:
        return self._progress.state

    def get_progress(self, obj) -> int:
        return self._progress.percent

    def get_error(self, obj) -> str:
        return self._progress.error


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
