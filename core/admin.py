from django.contrib import admin

from .models import ImportFailure, ImportRecord, ImportStash, Job


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log or a history: to read, never to add, change or delete from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mixed into an inline of a log: shown, never added to, changed or deleted."""

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(ReadOnlyAdmin):
    """A model's change history (core.history): who changed which record when. Register with
    ``register_history(Model)``; the product's 变更记录 page shows the field-by-field changes."""

    list_display = ["history_date", "history_type", "history_user", "id", "__str__"]
    list_filter = ["history_type", "history_date"]
    search_fields = ["=id", "history_user__username"]
    list_select_related = ["history_user"]


def register_history(*models) -> None:
    for model in models:
        admin.site.register(model.history.model, HistoryAdmin)


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
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


@admin.register(ImportFailure)
class ImportFailureAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "kind", "title", "filename", "error_count", "uploaded_by"]
    list_filter = ["kind"]
    search_fields = ["filename", "title", "uploaded_by__username"]
    readonly_fields = [f.name for f in ImportFailure._meta.fields]


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
