"""The calendar day as the API shows it."""

from __future__ import annotations

from rest_framework import serializers

from leitai.org.models import CalendarDay


class CalendarDaySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="holiday or workday (调休上班)")
    national = serializers.SerializerMethodField(help_text="From the State Council's notice.")

    class Meta:
        model = CalendarDay
        fields = ["id", "day", "kind", "name", "jurisdiction", "national"]
        read_only_fields = fields

    def get_national(self, obj) -> bool:
        return obj.jurisdiction_id is None
