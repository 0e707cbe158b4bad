from django.contrib import admin

from .models import ImportRecord, ImportStash, Job


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "kind", "target", "filename", "rows", "created_count", "imported_by"]
    list_filter = ["kind"]
    search_fields = ["filename", "target", "imported_by__username"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]


@admin.register(ImportStash)
class ImportStashAdmin(admin.ModelAdmin):
    """Uploads waiting for confirmation: to look at or delete, never to edit."""

    list_display = ["created_at", "kind", "target", "filename", "owner", "expires_at"]
    list_filter = ["kind"]
    search_fields = ["filename", "target", "owner__username"]
    exclude = ["data"]
    readonly_fields = [f.name for f in ImportStash._meta.fields if f.name != "data"]

    def has_add_permission(self, request):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs (core.jobs): to look at (progress, errors, who asked) or delete, never to edit."""

    list_display = ["created_at", "title", "kind", "status", "rows_done", "rows_total", "owner", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "owner__username", "message"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
