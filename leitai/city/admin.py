"""Housekeeping admin of the city area: read-only (changes go through the pages' services)."""

from django.contrib import admin

from leitai.city.models import CityIndicator, CityRelease


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CityIndicator)
class CityIndicatorAdmin(ReadOnly):
    list_display = ("year", "code", "name", "peers", "period_kind", "indicator_code")


@admin.register(CityRelease)
class CityReleaseAdmin(ReadOnly):
    list_display = ("year", "period_code", "county", "file_name", "confirmed_at")
