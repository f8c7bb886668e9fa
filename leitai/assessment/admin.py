"""Admin for housekeeping of the assessment app.

Scheme versions, arenas and indicators are read-only here: they change on the scheme pages,
where the scoring engine checks every save. Collected data are read-only too (their services
keep states and revisions); periods, targets, exemptions and adjustments can be corrected,
and every correction is audited.
"""

from django.contrib import admin

from leitai.assessment import models
from leitai.core.admin import AuditedAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0
    fields = ("arena", "code", "name", "rule", "max_points", "groups", "supplier", "measure")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "state", "year", "created_at")
    list_filter = ("state", "year")
    inlines = [IndicatorInline]


@admin.register(models.Arena)
class ArenaAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "weight", "bonus_cap", "deduction_cap", "scheme")
    list_filter = ("scheme",)


@admin.register(models.Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "rule", "max_points", "supplier", "scheme")
    list_filter = ("scheme", "rule", "supplier")
    search_fields = ("code", "name")


@admin.register(models.Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ("code", "kind", "state", "opens_at", "deadline", "locks_at", "year")
    list_filter = ("year", "kind", "state")


@admin.register(models.Target)
class TargetAdmin(AuditedAdmin):
    list_display = ("unit", "indicator_code", "period", "value", "year")
    list_filter = ("year", "indicator_code")
    search_fields = ("unit__name", "indicator_code")
    raw_id_fields = ("unit", "period")


@admin.register(models.Exemption)
class ExemptionAdmin(AuditedAdmin):
    list_display = ("unit", "indicator_code", "reason", "year")
    list_filter = ("year",)
    raw_id_fields = ("unit",)


@admin.register(models.Adjustment)
class AdjustmentAdmin(AuditedAdmin):
    list_display = ("unit", "period", "kind", "level", "points", "matter", "state")
    list_filter = ("kind", "state", "level")
    search_fields = ("unit__name", "matter")
    raw_id_fields = ("unit", "period", "proposed_by", "decided_by")


@admin.register(models.Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "period", "state", "submitted_at", "revision")
    list_filter = ("state",)


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ("unit", "period", "indicator_code", "value", "state", "source")
    list_filter = ("state", "source")


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "unit", "period", "indicator_code", "size", "uploaded_at")


@admin.register(models.PanelScore)
class PanelScoreAdmin(ReadOnlyAdmin):
    list_display = ("unit", "period", "indicator_code", "judge_label", "score")
