"""The supervision API's serializers: rounds, visits, problems and the bodies of their steps."""

from __future__ import annotations

from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.org.access import visible_units
from leitai.org.api.serializers import ScopedIdField, office_years
from leitai.org.models import AssessmentYear, Unit
from leitai.supervision import colours
from leitai.supervision.access import visible_rounds, visible_visits
from leitai.supervision.evidence import MAX_FILES
from leitai.supervision.models import (
    Evidence,
    InspectionRound,
    Problem,
    ProblemCategory,
    ProblemEvent,
    Severity,
    Visit,
)
from leitai.supervision.selectors import categories_for, default_as_of, rule_of


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionRound
        fields = ["id", "year", "name", "starts_on", "ends_on"]
        read_only_fields = fields


class RoundCreateSerializer(StrictSerializer):
    year = ScopedIdField(office_years, queryset=AssessmentYear.objects.all())
    name = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class RoundUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class FindingSerializer(serializers.Serializer):
    category = serializers.IntegerField(source="category_id")
    text = serializers.CharField()


class VisitSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "round", "supervision_group", "unit", "visited_on", "summary", "findings"]
        read_only_fields = fields


class VisitCreateSerializer(StrictSerializer):
    round = ScopedIdField(visible_rounds, queryset=InspectionRound.objects.all())
    unit = ScopedIdField(visible_units, queryset=Unit.objects.all())
    visited_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    findings = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        required=False,
        default=dict,
        help_text="Checklist category id → what the visit found.",
    )

    def validate_findings(self, value):
        try:
            return {int(k): v for k, v in value.items()}
        except ValueError as exc:
            raise serializers.ValidationError("Keys must be category ids.") from exc


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Evidence
        fields = ["id", "name", "size"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=", ".join(ProblemEvent.Kind.values))
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProblemEvent
        fields = ["kind", "on", "actor_name", "text", "evidence"]
        read_only_fields = fields


SOURCES = ", ".join(Problem.Source.values)


class ProblemSerializer(serializers.ModelSerializer):
    source = serializers.CharField(read_only=True, help_text=SOURCES)
    colour = serializers.SerializerMethodField(
        help_text="red, yellow, blue, none or done, as of `as_of` (default: today within the year)."
    )
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "year",
            "unit",
            "round",
            "visit",
            "source",
            "category",
            "severity",
            "description",
            "found_on",
            "deadline",
            "status",
            "measures",
            "responsible",
            "target_date",
            "plan_submitted_on",
            "signed_off_on",
            "reopen_count",
            "colour",
            "events",
        ]
        read_only_fields = fields

    def get_colour(self, obj) -> str:
        default = default_as_of(obj.year)
        as_of = self.context.get("as_of") or default
        rules = self.context.setdefault("_rules", {})
        if obj.year_id not in rules:
            rules[obj.year_id] = rule_of(obj.year)
        rule = rules[obj.year_id]
        return colours.colour_of(obj, as_of=as_of, rule=rule, present=as_of == default)


class ProblemCreateSerializer(StrictSerializer):
    year = ScopedIdField(office_years, queryset=AssessmentYear.objects.all(), required=False)
    visit = ScopedIdField(visible_visits, queryset=Visit.objects.all(), required=False)
    unit = ScopedIdField(visible_units, queryset=Unit.objects.all(), required=False)
    source = serializers.CharField(max_length=12, default=Problem.Source.VISIT, help_text=SOURCES)
    category = ScopedIdField(categories_for, queryset=ProblemCategory.objects.all())
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(max_length=5000)
    found_on = serializers.DateField()

    def validate_source(self, value):
        if value not in Problem.Source.values:
            raise serializers.ValidationError(f"Choose one of: {SOURCES}.")
        return value

    def validate(self, data):
        if data["source"] == Problem.Source.VISIT:
            if "visit" not in data:
                raise serializers.ValidationError(
                    {"visit": ["Required for a problem from a visit."]}
                )
            data["unit"], data["year"] = data["visit"].unit, data["visit"].round.year
        else:
            missing = [f for f in ("unit", "year") if f not in data]
            if missing:
                raise serializers.ValidationError({key: ["Required."] for key in missing})
            data.pop("visit", None)
        return data


STEP_DATE = (
    "The day the step happened (default today): not in the future, not before the problem's "
    "previous step."
)


def step_date():
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=STEP_DATE)


class PlanSerializer(StrictSerializer):
    measures = serializers.CharField(max_length=5000, allow_blank=True)
    responsible = serializers.CharField(max_length=100, allow_blank=True)
    target_date = serializers.DateField(allow_null=True)
    draft = serializers.BooleanField(
        default=False, help_text="Save a draft (reporter or leader) instead of submitting."
    )
    on = step_date()


class StepSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=MAX_FILES
    )
    on = step_date()


class SignOffSerializer(StrictSerializer):
    text = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    on = step_date()


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000)
    on = step_date()
