"""Serializers of the key-task API: what it shows of tasks, milestones, evidence files, weekly
reports and coordination requests, and what it accepts to change them.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from leitai.core.api.base import StrictSerializer
from leitai.core.evidence import MAX_FILES, content_type_of
from leitai.keytasks.models import (
    CoordinationRequest,
    KeyTask,
    Milestone,
    MilestoneEvidence,
    TaskCategory,
    WeeklyReport,
)
from leitai.keytasks.selectors import status_of
from leitai.org.models import Unit


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


class StatusSerializer(serializers.Serializer):
    colour = serializers.CharField(help_text="done, red, yellow, blue or green.")
    as_of = serializers.DateField()
    progress = serializers.IntegerField(help_text="Last reported progress (%).")
    expected = serializers.FloatField(help_text="Share of the task's time elapsed (%).")
    report_missing = serializers.BooleanField()
    overdue = serializers.IntegerField(help_text="Milestones overdue.")
    due_soon = serializers.IntegerField(help_text="Milestones due within N days.")


class TaskSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    co_units = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = KeyTask
        fields = [
            "id",
            "year",
            "code",
            "title",
            "category",
            "lead_unit",
            "co_units",
            "leader",
            "goal",
            "indicator_code",
            "start_date",
            "end_date",
            "status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_co_units(self, task) -> list[int]:
        return sorted(u.pk for u in task.co_units.all())

    @extend_schema_field(StatusSerializer)
    def get_status(self, task) -> dict:
        as_of, rules = self.context["as_of"], self.context["rules"]
        s = status_of(task, as_of, rules)
        return {
            "colour": s.colour,
            "as_of": as_of.isoformat(),
            "progress": s.progress,
            "expected": s.expected,
            "report_missing": s.report_missing,
            "overdue": s.overdue,
            "due_soon": s.due_soon,
        }


class TaskWriteSerializer(StrictSerializer):
    code = serializers.CharField(max_length=32, required=False)
    title = serializers.CharField(max_length=200, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=TaskCategory.objects.all(), required=False
    )
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    co_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, required=False
    )
    leader = serializers.IntegerField(required=False, allow_null=True, help_text="User id.")
    goal = serializers.CharField(required=False, allow_blank=True)
    indicator_code = serializers.CharField(max_length=32, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)


class TaskCreateSerializer(TaskWriteSerializer):
    year = serializers.IntegerField(help_text="Assessment year id.")
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=200)
    category = serializers.PrimaryKeyRelatedField(queryset=TaskCategory.objects.all())
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())


class MilestoneSerializer(serializers.ModelSerializer):
    files = EvidenceFileSerializer(source="evidence_files", many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "task",
            "order",
            "title",
            "due_date",
            "done_means",
            "done_on",
            "evidence",
            "files",
        ]
        read_only_fields = fields


class MilestoneCreateSerializer(StrictSerializer):
    task = serializers.IntegerField(help_text="Task id.")
    order = serializers.IntegerField(min_value=1, max_value=999, required=False)
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    done_means = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MilestoneUpdateSerializer(StrictSerializer):
    order = serializers.IntegerField(min_value=1, max_value=999, required=False)
    title = serializers.CharField(max_length=200, required=False)
    due_date = serializers.DateField(required=False)
    done_means = serializers.CharField(max_length=300, required=False, allow_blank=True)
    done_on = serializers.DateField(
        required=False, allow_null=True, help_text="Lead unit: the day it was done (null undoes)."
    )
    evidence = serializers.CharField(required=False, allow_blank=True)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklyReport
        fields = [
            "id",
            "task",
            "week_start",
            "progress",
            "done_this_week",
            "plan_next_week",
            "submitted_by",
            "submitted_at",
        ]
        read_only_fields = fields


class DoneSerializer(StrictSerializer):
    milestone = serializers.IntegerField()
    done_on = serializers.DateField()
    evidence = serializers.CharField()


class ReportCreateSerializer(StrictSerializer):
    task = serializers.IntegerField(help_text="Task id.")
    week = serializers.DateField(help_text="Any day of the week reported on.")
    progress = serializers.IntegerField(min_value=0, max_value=100)
    done_this_week = serializers.CharField()
    plan_next_week = serializers.CharField(required=False, allow_blank=True, default="")
    milestones_done = DoneSerializer(many=True, required=False, default=list)
    problem = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Raises a coordination request."
    )


class RequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoordinationRequest
        fields = [
            "id",
            "task",
            "report",
            "question",
            "raised_by",
            "raised_at",
            "status",
            "answer",
            "answered_by",
            "answered_at",
            "follow_up",
            "followed_up_at",
        ]
        read_only_fields = fields


class RequestCreateSerializer(StrictSerializer):
    task = serializers.IntegerField()
    question = serializers.CharField()


class AnswerSerializer(StrictSerializer):
    answer = serializers.CharField()


class FollowUpSerializer(StrictSerializer):
    follow_up = serializers.CharField()
