"""The contest API's serializers: contests, the live state, results, judges' score sheets.

Nothing here reads a score except the results of revealed rounds (`selectors.contest_results`).
"""

from __future__ import annotations

from rest_framework import serializers

from leitai.contest.models import Contest
from leitai.core.api.base import StrictSerializer


class ContestSerializer(serializers.ModelSerializer):
    groups = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "year",
            "period",
            "name",
            "held_on",
            "groups",
            "method",
            "minutes",
            "indicator_code",
            "criteria",
            "state",
            "seed",
        ]
        read_only_fields = fields


class OrderItemSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="pk")
    position = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    state = serializers.CharField()


class VoteProgressSerializer(serializers.Serializer):
    """A rank vote's progress: whether judges may vote now, who has voted (names, no order)."""

    open = serializers.BooleanField()
    submitted = serializers.ListField(child=serializers.CharField())
    waiting = serializers.ListField(child=serializers.CharField())


class LiveSerializer(serializers.Serializer):
    """The live state: the order, the unit on stage, how many judges submitted (no scores);
    in a rank-vote contest `votes`, who has sent a rank ballot (null in a score contest)."""

    state = serializers.CharField()
    order = OrderItemSerializer(many=True)
    current = OrderItemSerializer(allow_null=True)
    timer_seconds = serializers.IntegerField(allow_null=True)
    timer_running = serializers.BooleanField()
    submitted = serializers.ListField(child=serializers.CharField())
    waiting = serializers.ListField(child=serializers.CharField())
    votes = VoteProgressSerializer(allow_null=True)


class SheetSerializer(serializers.Serializer):
    judge = serializers.CharField(source="judge.name")
    rater_class = serializers.CharField(source="judge.rater_class")
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    points = serializers.ListField(child=serializers.IntegerField())
    void_reason = serializers.CharField()


class ClassResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    weight = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    sheets = SheetSerializer(many=True)
    dropped = serializers.ListField(child=serializers.CharField())


class ResultSerializer(serializers.Serializer):
    """A revealed unit's result: every sheet, the dropped ones, class means, score, place."""

    unit = serializers.CharField()
    unit_name = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    place = serializers.IntegerField(allow_null=True)
    classes = ClassResultSerializer(many=True)
    voided = SheetSerializer(many=True)
    explain = serializers.CharField()


class JudgeStateSerializer(serializers.Serializer):
    """What a judge's phone shows: the unit being scored and whether this judge has submitted."""

    contest = serializers.CharField()
    judge = serializers.CharField()
    criteria = serializers.ListField(child=serializers.DictField())
    round = serializers.IntegerField(allow_null=True)
    unit_name = serializers.CharField(allow_null=True)
    state = serializers.CharField(allow_null=True)
    accepting = serializers.BooleanField()
    recused = serializers.BooleanField()
    submitted = serializers.BooleanField()
    points = serializers.ListField(child=serializers.IntegerField(), allow_null=True)


class SubmissionSerializer(StrictSerializer):
    round = serializers.IntegerField(min_value=1)
    key = serializers.CharField(min_length=8, max_length=64)
    points = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=100))


class SubmittedSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    key = serializers.CharField()
    stored = serializers.BooleanField()
    submitted = serializers.BooleanField()


class BallotUnitSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    unit_name = serializers.CharField()


class BallotStateSerializer(serializers.Serializer):
    """What a judge's phone shows in a rank vote: the units to order, and his vote if sent."""

    contest = serializers.CharField()
    judge = serializers.CharField()
    open = serializers.BooleanField()
    revealed = serializers.BooleanField()
    units = BallotUnitSerializer(many=True)
    voted = serializers.BooleanField()
    order = serializers.ListField(child=serializers.IntegerField(), allow_null=True)


class BallotSerializer(StrictSerializer):
    key = serializers.CharField(min_length=8, max_length=64)
    order = serializers.ListField(child=serializers.IntegerField(min_value=1))


class VotedSerializer(serializers.Serializer):
    key = serializers.CharField()
    stored = serializers.BooleanField()
    voted = serializers.BooleanField()
