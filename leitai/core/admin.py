"""Admin for housekeeping: the audit log is read-only; other models' admins log their changes."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from leitai.core.audit import record, state
from leitai.core.models import AuditEntry

admin.site.site_header = _("Leitai administration")
admin.site.site_title = _("Leitai")
admin.site.index_title = _("Housekeeping")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_name", "action", "object_type", "object_repr", "source")
    list_filter = ("source", "object_type", "action")
    search_fields = ("object_repr", "actor_name", "action", "request_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes write an audit row like any service would."""

    def _fields(self, obj):
        return [f.name for f in obj._meta.concrete_fields if f.name != "password"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if change:
                before = state(type(obj).objects.get(pk=obj.pk), self._fields(obj))
            super().save_model(request, obj, form, change)
            record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                before=before,
                after=state(obj, self._fields(obj)),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = state(obj, self._fields(obj))
            record(actor=request.user, action="admin.delete", obj=obj, before=before)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
