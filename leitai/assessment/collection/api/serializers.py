"""Serializers of the collection side's API: submissions, values, evidence, judges' scores."""

from __future__ import annotations

from rest_framework import serializers

from leitai.assessment.models import Evidence, IndicatorValue, PanelScore, Submission
from leitai.core.api.base import MAX_ID, StrictSerializer

AMOUNT = {"max_digits": 18, "decimal_places": 4, "coerce_to_string": True}


class SubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = [
            "id",
            "period",
            "unit",
            "state",
            "highlight",
            "return_comment",
            "submitted_at",
            "submitted_by",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields


class SubmissionUpdateSerializer(StrictSerializer):
    highlight = serializers.CharField(allow_blank=True, max_length=5000, trim_whitespace=False)
    revision = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="The revision you read; a stale one is refused."
    )


class ValueSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(allow_null=True, read_only=True, **AMOUNT)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "period",
            "unit",
            "indicator_code",
            "value",
            "source",
            "state",
            "note",
            "return_comment",
            "entered_at",
            "entered_by",
            "verified_at",
            "verified_by",
            "revision",
        ]
        read_only_fields = fields


class BulkValueSerializer(StrictSerializer):
    indicator_code = serializers.CharField(max_length=32)
    value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, coerce_to_string=True
    )
    revision = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="The revision you read (0 for a new value); a stale one is refused.",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ValueWriteSerializer(BulkValueSerializer):
    period = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class BulkSaveSerializer(StrictSerializer):
    period = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    values = BulkValueSerializer(many=True, max_length=1000)
    highlight = serializers.CharField(
        allow_blank=True, max_length=5000, trim_whitespace=False, required=False
    )
    highlight_revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)

    def validate_values(self, values):
        codes = [v["indicator_code"] for v in values]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise serializers.ValidationError(f"Each indicator once: {', '.join(twice)}.")
        return values

    def validate(self, data):
        if "highlight" in data and "highlight_revision" not in data:
            raise serializers.ValidationError(
                {"highlight_revision": "Give the submission's revision you read."}
            )
        return data


class BulkSavedSerializer(serializers.Serializer):
    submission = SubmissionSerializer()
    values = ValueSerializer(many=True)


class ReviewSerializer(StrictSerializer):
    revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)


class ReturnSerializer(ReviewSerializer):
    comment = serializers.CharField(max_length=1000)


class CollectedEvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "period",
            "unit",
            "indicator_code",
            "original_name",
            "size",
            "content_type",
            "uploaded_at",
            "uploaded_by",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj) -> str:
        return f"/assessment/evidence/{obj.pk}/"


class PanelScoreSerializer(serializers.ModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = PanelScore
        fields = ["id", "period", "unit", "indicator_code", "judge_label", "judge", "score"]
        read_only_fields = fields


class PanelScoreItemSerializer(StrictSerializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    judge_label = serializers.CharField(max_length=50)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="null deletes the score."
    )


class PanelScoresWriteSerializer(StrictSerializer):
    period = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    indicator_code = serializers.CharField(max_length=32)
    scores = PanelScoreItemSerializer(many=True, max_length=5000)


class PanelScoresResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class ChasingRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    group = serializers.CharField()
    state = serializers.CharField()
    expected = serializers.IntegerField()
    filled = serializers.IntegerField()
    submitted = serializers.IntegerField()
    verified = serializers.IntegerField()
    returned = serializers.IntegerField()
    late = serializers.BooleanField()
