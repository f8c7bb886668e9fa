"""The API of milestone evidence files: read them, scoped like the task pages; upload is
`POST /api/milestones/{id}/evidence/` (leitai.keytasks.api.views), through the milestone service.
"""

from __future__ import annotations

from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers
from rest_framework.viewsets import GenericViewSet

from leitai.core.api.base import ID_PATTERN, ErrorSerializer, IdFilter, StrictSerializer
from leitai.core.evidence import MAX_FILES, content_type_of
from leitai.keytasks.access import visible_milestone_evidence
from leitai.keytasks.models import MilestoneEvidence

ERRORS = dict.fromkeys((400, 401, 403, 404), ErrorSerializer)


class EvidenceFileSerializer(serializers.ModelSerializer):
    """A milestone's evidence file; `download` is the access-checked page that sends it."""

    task = serializers.IntegerField(source="milestone.task_id", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = MilestoneEvidence
        fields = [
            "id",
            "milestone",
            "task",
            "name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_content_type(self, obj) -> str:
        return content_type_of(obj.file.name)

    def get_download(self, obj) -> str:
        return reverse("tasks:evidence_download", args=[obj.pk])


class EvidenceUploadSerializer(StrictSerializer):
    files = serializers.ListField(
        child=serializers.FileField(),
        allow_empty=False,
        max_length=MAX_FILES,
        help_text="Evidence files: PDF, images or Office files (see the configuration's limits).",
    )
    done_on = serializers.DateField(
        required=False, help_text="Mark the milestone done on this day (else it must be done)."
    )
    evidence = serializers.CharField(
        required=False, allow_blank=True, help_text="The evidence note (needed to mark it done)."
    )


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
