"""Serializers of the project ledger's API: projects, stages, months, checks and figures."""

from __future__ import annotations

from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.projects.models import Project, ProjectMonth, ProjectStage


class StageSerializer(serializers.ModelSerializer):
    """A stage of a project: planned and actual date, status, the checker's comment."""

    class Meta:
        model = ProjectStage
        fields = ["id", "project", "stage", "order", "planned_on", "actual_on", "status", "comment"]
        read_only_fields = fields


class MonthSerializer(serializers.ModelSerializer):
    """A project's month: plan and the unit's update (amounts in 10k yuan)."""

    class Meta:
        model = ProjectMonth
        fields = ["id", "project", "month", "planned", "completed", "workers", "problems"]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    """A project's master data with its size band (derived from total investment)."""

    size_band = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "year",
            "code",
            "name",
            "unit",
            "co_units",
            "leader",
            "task_force",
            "level",
            "kind",
            "location",
            "total_investment",
            "size_band",
        ]
        read_only_fields = fields


class FiguresSerializer(serializers.Serializer):
    """A unit's ledger figures at a month's end (the values the feeds write)."""

    unit = serializers.IntegerField()
    month = serializers.IntegerField()
    planned_year = serializers.DecimalField(max_digits=16, decimal_places=2)
    completed = serializers.DecimalField(max_digits=16, decimal_places=2)
    investment_rate = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    planned_starts = serializers.IntegerField()
    started = serializers.IntegerField()
    start_rate = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    entries = serializers.IntegerField()
    signings = serializers.IntegerField()
    signed_amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class CheckSerializer(StrictSerializer):
    """A checker's decision on a stage."""

    action = serializers.ChoiceField(choices=["verify", "send_back", "reopen"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
