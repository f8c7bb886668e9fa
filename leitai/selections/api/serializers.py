"""The selections API's serializers.

A nomination's tally (votes, vote score, final score, rank) reads null until the vote closed:
the fields are empty in the database before, and the serializer shows them only when final.
"""

from __future__ import annotations

from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.selections.models import Nomination, Objection, Selection, Title

TALLY = ("committee_score", "votes", "vote_score", "final_score", "rank")


class TitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Title
        fields = ["id", "name", "order", "places", "unit_quota"]
        read_only_fields = fields


class SelectionSerializer(serializers.ModelSerializer):
    titles = TitleSerializer(many=True, read_only=True)

    class Meta:
        model = Selection
        fields = [
            "id",
            "year",
            "name",
            "series",
            "status",
            "publicity_days",
            "publicity_start",
            "publicity_end",
            "committee_weight",
            "vote_weight",
            "titles",
        ]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    title_name = serializers.CharField(source="title.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "selection",
            "title",
            "title_name",
            "unit",
            "unit_name",
            "person",
            "name",
            "position",
            "deeds",
            "status",
            *TALLY,
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.selection.status != Selection.Status.FINAL:
            data.update(dict.fromkeys(TALLY))
        return data


class NominationCreateSerializer(StrictSerializer):
    selection = serializers.IntegerField(min_value=1)
    unit = serializers.IntegerField(min_value=1)
    title = serializers.IntegerField(min_value=1)
    person = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    deeds = serializers.CharField(max_length=5000)


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "nomination",
            "reason",
            "contact",
            "created_at",
            "status",
            "handling",
            "handled_at",
        ]
        read_only_fields = fields


class ObjectionCreateSerializer(StrictSerializer):
    nomination = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=2000)
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ReceivedSerializer(serializers.Serializer):
    received = serializers.BooleanField()


class HandlingSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=["dismiss", "uphold"])
    handling = serializers.CharField(max_length=2000)


class SelectionBallotSerializer(StrictSerializer):
    choices = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=99),
        help_text="Title id → the ids of the chosen nominees (at most the title's places).",
    )


class SelectionVotedSerializer(serializers.Serializer):
    titles = serializers.IntegerField(help_text="How many titles were voted on.")


class ResultsSerializer(serializers.Serializer):
    sealed = serializers.BooleanField(help_text="True until the vote closed: no count is shown.")
    results = NominationSerializer(many=True)


class RevocationReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000)
