from django.contrib import admin

from leitai.honours import models


@admin.register(models.HonoursDraft)
class HonoursDraftAdmin(admin.ModelAdmin):
    """Read-only: drafts change only through the services."""

    list_display = ("year", "number", "state", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
