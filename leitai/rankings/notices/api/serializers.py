"""The serializer of the ranking notices API: heading, body, state, progress, error, files."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from leitai.rankings.notices.models import Notice
from leitai.rankings.notices.progress import notice_progress


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
            "copy_to",
            "printed_by",
            "printed_on",
            "replaces_number",
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
