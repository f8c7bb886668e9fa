"""Admin: snapshots, publications and appeals are read-only here; services make every change."""

from __future__ import annotations

from django.contrib import admin

from leitai.rankings.models import Appeal, Publication, RankingRow, RankingSnapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    """Show rows without any way to add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("period", "number", "scheme", "basis", "fingerprint", "created_at")
    list_filter = ("basis",)
    exclude = ("inputs",)


@admin.register(RankingRow)
class RankingRowAdmin(ReadOnlyAdmin):
    list_display = ("snapshot", "unit_name", "group", "rank", "total", "vetoed")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("period", "snapshot", "published_at", "appeal_until", "public")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("unit", "publication", "state", "filed_at", "decided_at")
    list_filter = ("state",)
