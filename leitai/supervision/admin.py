from django.contrib import admin

from leitai.core.admin import AuditedAdmin
from leitai.supervision import models


@admin.register(models.ProblemCategory)
class ProblemCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "order", "active", "jurisdiction")
    list_filter = ("jurisdiction", "active")


@admin.register(models.DeductionRule)
class DeductionRuleAdmin(AuditedAdmin):
    list_display = ("year", "arena_code", "general_points", "serious_points", "overdue_points")


@admin.register(models.InspectionRound)
class InspectionRoundAdmin(AuditedAdmin):
    list_display = ("name", "year", "starts_on", "ends_on")


@admin.register(models.Problem)
class ProblemAdmin(AuditedAdmin):
    list_display = ("pk", "unit", "severity", "status", "found_on", "deadline")
    list_filter = ("status", "severity", "year")
    search_fields = ("description", "unit__name")
    raw_id_fields = ("unit", "visit", "round", "found_by")
