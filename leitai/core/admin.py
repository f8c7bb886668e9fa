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


def owner_of(obj, depth: int = 4):
    """Return (jurisdiction, unit) an object belongs to, following its foreign keys.

    An audit row written without its jurisdiction is invisible to the office, so the admin
    finds it the way the services know it: the object itself, its year, period, task, round…
    A person (a login) belongs to the jurisdiction of their first role.
    """
    from django.contrib.auth import get_user_model

    from leitai.org.models import Jurisdiction, Unit

    if isinstance(obj, get_user_model()):
        from leitai.org.services import person_jurisdiction

        return person_jurisdiction(obj), None
    unit = obj if isinstance(obj, Unit) else getattr(obj, "unit", None)
    unit = unit if isinstance(unit, Unit) else None
    return _jurisdiction(obj, depth, Jurisdiction), unit


def _jurisdiction(obj, depth, jurisdiction_model):
    if isinstance(obj, jurisdiction_model):
        return obj
    if depth == 0:
        return None
    for field in obj._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one):
            continue
        target = getattr(obj, field.name, None)
        if target is not None:
            found = _jurisdiction(target, depth - 1, jurisdiction_model)
            if found is not None:
                return found
    return None


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
            jurisdiction, unit = owner_of(obj)
            record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}",
                obj=obj,
                before=before,
                after=state(obj, self._fields(obj)),
                unit=unit,
                jurisdiction=jurisdiction,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = state(obj, self._fields(obj))
            jurisdiction, unit = owner_of(obj)
            record(
                actor=request.user,
                action="admin.delete",
                obj=obj,
                before=before,
                unit=unit,
                jurisdiction=jurisdiction,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Save the inline rows, one audit row for each one added, changed or deleted."""
        with transaction.atomic():
            formset.save(commit=False)
            for obj in formset.deleted_objects:
                self._record(request, "admin.delete", obj, before=state(obj, self._fields(obj)))
                obj.delete()
            for obj, _fields in formset.changed_objects:
                before = state(type(obj).objects.get(pk=obj.pk), self._fields(obj))
                obj.save()
                self._record(
                    request, "admin.change", obj, before=before, after=state(obj, self._fields(obj))
                )
            for obj in formset.new_objects:
                obj.save()
                self._record(request, "admin.add", obj, after=state(obj, self._fields(obj)))
            formset.save_m2m()

    def _record(self, request, action, obj, *, before=None, after=None):
        jurisdiction, unit = owner_of(obj)
        record(
            actor=request.user,
            action=action,
            obj=obj,
            before=before,
            after=after,
            unit=unit,
            jurisdiction=jurisdiction,
        )


# People: Django's own user admin, audited like the rest (is_superuser and is_staff included;
# the password hash is never written to the log). Django's permission groups are unused.
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.admin import UserAdmin  # noqa: E402
from django.contrib.auth.models import Group as PermissionGroup  # noqa: E402

admin.site.unregister(get_user_model())
admin.site.unregister(PermissionGroup)


@admin.register(get_user_model())
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Django's user admin whose every save and delete is audited."""

    def user_change_password(self, request, id, form_url=""):
        """Django's set-password page, audited and revoking the person's API tokens."""
        from django.contrib.admin.utils import unquote

        from leitai.core.tokens import revoke_all

        person = self.get_object(request, unquote(id))
        before = person.password if person is not None else None
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if person is not None:
                person.refresh_from_db(fields=["password"])
                if person.password != before:
                    record(
                        actor=request.user,
                        action="person.set_password",
                        obj=person,
                        after={"tokens_revoked": revoke_all(person), "via": "admin"},
                        jurisdiction=owner_of(person)[0],
                    )
        return response


# API tokens are issued to their holder and revoked by the holder or the office (audited);
# the admin's own token pages would bypass that.
from rest_framework.authtoken.models import TokenProxy  # noqa: E402

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
