"""Serializers of the rankings API: snapshots, their publication, rows and scorecards, appeals."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.rankings import services
from leitai.rankings.models import Appeal, Publication, RankingRow, RankingSnapshot
from leitai.rankings.selectors import disputed_indicators
from leitai.rankings.transitions import snapshot_state


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = [
            "id",
            "published_at",
            "published_by",
            "appeal_until",
            "public",
            "public_shows",
            "list_size",
            "superseded_by",
            "superseded_at",
        ]


class SnapshotSerializer(serializers.ModelSerializer):
    period_code = serializers.CharField(source="period.code", read_only=True)
    state = serializers.SerializerMethodField(help_text="draft, published or superseded.")
    publication = serializers.SerializerMethodField()

    class Meta:
        model = RankingSnapshot
        fields = [
            "id",
            "year",
            "period",
            "period_code",
            "number",
            "state",
            "scheme",
            "basis",
            "fingerprint",
            "created_at",
            "created_by",
            "previous",
            "supersedes",
            "reason",
            "appeal",
            "sensitivity",
            "missing",
            "publication",
        ]

    def get_state(self, obj) -> str:
        return snapshot_state(obj)

    def get_publication(self, obj) -> PublicationSerializer(allow_null=True):  # type: ignore[valid-type]
        publication = _publication(obj)
        return PublicationSerializer(publication).data if publication else None


def _publication(snapshot) -> Publication | None:
    try:
        return snapshot.publication
    except Publication.DoesNotExist:
        return None


class RowSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)

    class Meta:
        model = RankingRow
        fields = [
            "unit",
            "unit_code",
            "unit_name",
            "group",
            "group_code",
            "rank",
            "total",
            "previous_rank",
            "rank_change",
            "vetoed",
            "arenas",
            "robust",
        ]


class ScorecardSerializer(RowSerializer):
    class Meta(RowSerializer.Meta):
        fields = [*RowSerializer.Meta.fields, "sensitivity", "detail"]


class ComputeSerializer(StrictSerializer):
    period = serializers.IntegerField(help_text="Period id.")
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Given for a corrected re-issue."
    )
    appeal = serializers.IntegerField(required=False, help_text="The accepted appeal, if any.")


class PublishSerializer(StrictSerializer):
    appeal_days = serializers.IntegerField(default=services.DEFAULT_APPEAL_DAYS, min_value=0)
    public = serializers.BooleanField(default=False)
    public_shows = serializers.ChoiceField(
        choices=Publication.PublicShows.choices, default=Publication.PublicShows.TOTALS
    )
    list_size = serializers.IntegerField(default=3)


class DisputedIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AppealSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField(
        help_text="The indicators the appeal disputes (the unit's own in that ranking)."
    )

    class Meta:
        model = Appeal
        fields = [
            "id",
            "publication",
            "unit",
            "indicators",
            "reason",
            "state",
            "filed_at",
            "filed_by",
            "decided_at",
            "decided_by",
            "decision",
        ]

    @extend_schema_field(DisputedIndicatorSerializer(many=True))
    def get_indicators(self, obj) -> list[dict[str, str]]:
        return disputed_indicators(obj)


class AppealCreateSerializer(StrictSerializer):
    publication = serializers.IntegerField()
    unit = serializers.IntegerField()
    reason = serializers.CharField()
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=200,
        help_text="Codes of the unit's indicators in that ranking that the appeal disputes.",
    )


class DecideSerializer(StrictSerializer):
    accept = serializers.BooleanField()
    decision = serializers.CharField()
