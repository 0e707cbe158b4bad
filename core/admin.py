from django.contrib import admin

from .models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "kind", "target", "filename", "rows", "created_count", "imported_by"]
    list_filter = ["kind"]
    search_fields = ["filename", "target", "imported_by__username"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]
