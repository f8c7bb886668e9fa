from django.contrib import admin

from leitai.core.admin import AuditedAdmin
from leitai.org import models


@admin.register(models.Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent")


@admin.register(models.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "short_name", "kind", "active", "jurisdiction")
    list_filter = ("jurisdiction", "kind", "active")
    search_fields = ("code", "name", "short_name")


@admin.register(models.AssessmentYear)
class AssessmentYearAdmin(AuditedAdmin):
    list_display = ("year", "name", "jurisdiction", "is_current")


class MembershipInline(admin.TabularInline):
    model = models.GroupMembership
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(models.Group)
class GroupAdmin(AuditedAdmin):
    list_display = ("code", "name", "year", "order")
    list_filter = ("year",)
    inlines = [MembershipInline]  # each membership added, changed or deleted is audited


@admin.register(models.SupervisionGroup)
class SupervisionGroupAdmin(AuditedAdmin):
    list_display = ("name", "year", "order")
    list_filter = ("year",)
    filter_horizontal = ("members",)


@admin.register(models.RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ("user", "role", "jurisdiction", "unit")
    list_filter = ("role", "jurisdiction")
    search_fields = ("user__username", "user__first_name", "unit__name")
    autocomplete_fields = ("unit",)
