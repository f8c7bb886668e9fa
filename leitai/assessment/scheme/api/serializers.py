"""Serializers of the scheme side's API: schemes, indicators, periods, targets, adjustments."""

from __future__ import annotations

from rest_framework import serializers

from leitai.assessment.models import (
    Adjustment,
    Arena,
    Exemption,
    Indicator,
    Period,
    Scheme,
    Target,
)
from leitai.core.api.base import StrictSerializer

AMOUNT = {"max_digits": 18, "decimal_places": 4, "coerce_to_string": True}


class IndicatorSerializer(serializers.ModelSerializer):
    arena = serializers.CharField(source="arena.code", read_only=True)
    assessor = serializers.CharField(source="assessor.code", read_only=True, allow_null=True)
    params = serializers.DictField(read_only=True)
    groups = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "scheme",
            "arena",
            "code",
            "name",
            "rule",
            "max_points",
            "direction",
            "params",
            "groups",
            "supplier",
            "assessor",
            "measure",
            "description",
            "order",
        ]
        read_only_fields = fields


class ArenaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Arena
        fields = ["id", "code", "name", "weight", "bonus_cap", "deduction_cap", "order"]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    arenas = ArenaSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    bonus_levels = serializers.DictField(child=serializers.FloatField(), read_only=True)
    quarter_weights = serializers.DictField(child=serializers.FloatField(), read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "year",
            "version",
            "name",
            "state",
            "bonus_levels",
            "quarter_weights",
            "based_on",
            "note",
            "created_at",
            "arenas",
            "indicators",
        ]
        read_only_fields = fields


class SchemeImportSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=2**62, help_text="Assessment year id.")
    yaml = serializers.CharField(help_text="The scheme as the YAML `leitai score` reads.")
    metadata = serializers.CharField(required=False, allow_blank=True, default="")


class SchemeFilesSerializer(serializers.Serializer):
    yaml = serializers.CharField()
    metadata = serializers.CharField()


class IndicatorUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    max_points = serializers.FloatField(required=False)
    direction = serializers.ChoiceField(Indicator.Direction.choices, required=False)
    params = serializers.DictField(required=False)
    groups = serializers.ListField(child=serializers.CharField(max_length=32), required=False)
    supplier = serializers.ChoiceField(Indicator.Supplier.choices, required=False)
    measure = serializers.CharField(max_length=20, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = [
            "id",
            "year",
            "kind",
            "code",
            "starts_on",
            "ends_on",
            "opens_at",
            "deadline",
            "locks_at",
            "state",
        ]
        read_only_fields = fields


class YearSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=2**62, help_text="Assessment year id.")


class TargetSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(**AMOUNT, read_only=True)

    class Meta:
        model = Target
        fields = ["id", "year", "unit", "indicator_code", "period", "value"]
        read_only_fields = fields


class TargetWriteSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=2**62)
    unit = serializers.IntegerField(min_value=1, max_value=2**62)
    indicator_code = serializers.CharField(max_length=32)
    period = serializers.IntegerField(min_value=1, max_value=2**62, required=False, allow_null=True)
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)


class ExemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exemption
        fields = ["id", "year", "unit", "indicator_code", "reason"]
        read_only_fields = fields


class ExemptionWriteSerializer(StrictSerializer):
    year = serializers.IntegerField(min_value=1, max_value=2**62)
    unit = serializers.IntegerField(min_value=1, max_value=2**62)
    indicator_code = serializers.CharField(max_length=32)
    reason = serializers.CharField(max_length=255)


class AdjustmentSerializer(serializers.ModelSerializer):
    points = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=True, read_only=True, allow_null=True
    )

    class Meta:
        model = Adjustment
        fields = [
            "id",
            "period",
            "unit",
            "arena_code",
            "kind",
            "level",
            "points",
            "matter",
            "document",
            "reason",
            "state",
            "proposed_at",
            "proposed_by",
            "decided_at",
            "decided_by",
            "decision_note",
        ]
        read_only_fields = fields


class AdjustmentWriteSerializer(StrictSerializer):
    period = serializers.IntegerField(min_value=1, max_value=2**62)
    unit = serializers.IntegerField(min_value=1, max_value=2**62)
    arena_code = serializers.CharField(max_length=32)
    kind = serializers.ChoiceField(Adjustment.Kind.choices)
    matter = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(Adjustment.Level.choices, required=False, allow_blank=True)
    points = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    document = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class DecisionSerializer(StrictSerializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
