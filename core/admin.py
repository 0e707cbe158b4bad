from django.contrib import admin

from .models import ImportFailure, ImportRecord, ImportStash


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


@admin.register(ImportFailure)
class ImportFailureAdmin(admin.ModelAdmin):
    list_display = ["uploaded_at", "kind", "title", "filename", "error_count", "uploaded_by"]
    list_filter = ["kind"]
    search_fields = ["filename", "title", "uploaded_by__username"]
    readonly_fields = [f.name for f in ImportFailure._meta.fields]
