"""The honours API's serializers: rules, drafts, grades (entries), awards, objections."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.honours.access import visible_drafts
from leitai.honours.models import HonoursDraft, HonoursEntry, Objection
from leitai.org.api.serializers import ScopedIdField, office_years
from leitai.org.models import AssessmentYear, Unit


class RulesSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="Scheme version id.")
    year = serializers.IntegerField(source="year_id")
    version = serializers.IntegerField()
    rules = serializers.SerializerMethodField(help_text="The rules (see docs/honours.md) or null.")

    def get_rules(self, obj) -> dict | None:
        grading = getattr(obj, "grading", None)
        return grading.rules if grading else None


class RulesSetSerializer(StrictSerializer):
    rules = serializers.JSONField(help_text="The grading rules object (docs/honours.md).")


class DraftSerializer(serializers.ModelSerializer):
    class Meta:
        model = HonoursDraft
        fields = [
            "id",
            "year",
            "number",
            "snapshot",
            "scheme",
            "state",
            "rules",
            "arena_names",
            "created_at",
            "published_at",
            "publicity_until",
            "finalised_at",
            "note",
        ]
        read_only_fields = fields


class GradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HonoursEntry
        fields = [
            "id",
            "draft",
            "unit",
            "unit_name",
            "group",
            "position",
            "total",
            "rank",
            "grade",
            "grade_index",
            "awards",
            "gates",
            "nearest",
            "reason_zh",
            "reason_en",
            "staff_percent",
        ]
        read_only_fields = fields


class AwardSerializer(serializers.Serializer):
    draft = serializers.IntegerField(source="draft_id")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField()
    awards = serializers.JSONField(help_text="[{kind, name, title, reason_zh, reason_en}]")


class GradeRequestSerializer(StrictSerializer):
    year = ScopedIdField(office_years, queryset=AssessmentYear.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DiscardSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


def office_drafts(user):
    return visible_drafts(user).filter(
        year__jurisdiction_id__in=office_years(user).values("jurisdiction_id")
    )


@extend_schema_serializer(component_name="HonoursObjection")
class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "draft",
            "unit",
            "text",
            "contact",
            "state",
            "received_at",
            "handling",
            "handled_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="HonoursObjectionCreate")
class ObjectionCreateSerializer(StrictSerializer):
    draft = ScopedIdField(office_drafts, queryset=HonoursDraft.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    text = serializers.CharField(max_length=4000)
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True)


@extend_schema_serializer(component_name="HonoursHandling")
class HandlingSerializer(StrictSerializer):
    handling = serializers.CharField(max_length=4000)
