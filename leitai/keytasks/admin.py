"""The key tasks in Django's admin: every change there is audited (leitai.core.admin)."""

from django.contrib import admin

from leitai.core.admin import AuditedAdmin
from leitai.keytasks import models


@admin.register(models.TaskCategory)
class TaskCategoryAdmin(AuditedAdmin):
    list_display = ("name", "order", "year")


@admin.register(models.KeyTask)
class KeyTaskAdmin(AuditedAdmin):
    list_display = ("code", "title", "category", "lead_unit", "leader", "year")
    list_filter = ("year", "category")
    search_fields = ("code", "title")
    autocomplete_fields = ("lead_unit", "co_units")


@admin.register(models.Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ("task", "order", "title", "due_date", "done_on")
    search_fields = ("title", "task__code")


@admin.register(models.DispatchSettings)
class DispatchSettingsAdmin(AuditedAdmin):
    list_display = ("year", "deadline_weekday", "deadline_time", "due_soon_days", "lag_margin")


@admin.register(models.MilestoneEvidence)
class MilestoneEvidenceAdmin(AuditedAdmin):
    list_display = ("original_name", "milestone", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "milestone__task__code")
    readonly_fields = ("milestone", "file", "original_name", "size", "uploaded_by")

    def has_add_permission(self, request):
        return False  # files come in through the lead unit's report, where they are checked
